//go:build wasip1

package main

import "strconv"

// Scenarios without a directory: arguments, environment, clocks, random,
// process control, sockets and stdio.

func init() {
	register("args", false, scenarioArgs)
	register("environ", false, scenarioEnviron)
	register("clock", false, scenarioClock)
	register("random", false, scenarioRandom)
	register("proc_exit", false, scenarioProcExit)
	register("proc_raise", false, scenarioProcRaise)
	register("sched_yield", false, func(c *ctx) { ok("sched_yield", errno(sched_yield())) })
	register("sock_not_socket", false, scenarioSockNotSocket)
	register("sock_invalid_fd", false, scenarioSockInvalidFD)
	register("no_preopens", false, scenarioNoPreopens)
	register("fd_write_stdout", false, scenarioFdWriteStdout)
	register("stdin_read", false, scenarioStdinRead)
	register("stdio_fdstat", false, scenarioStdioFdstat)
}

// args prints argc and every argument quoted; the host compares it with
// what it passed. args_sizes_get must count argv[0] and every NUL.
func scenarioArgs(c *ctx) {
	var argc, size uint32
	ok("args_sizes_get", errno(args_sizes_get(ptr(&argc), ptr(&size))))
	args := getStrings(argc, size, false)
	want := uint32(0)
	for _, a := range args {
		want += uint32(len(a)) + 1
	}
	eq("argv_buf_size matches", size, want)
	say("argc = %d", argc)
	for i, a := range args[1:] {
		say("argv[%d] = %q", i+1, a)
	}
}

// environ prints the environment, which must be exactly what the host gave.
func scenarioEnviron(c *ctx) {
	var count, size uint32
	ok("environ_sizes_get", errno(environ_sizes_get(ptr(&count), ptr(&size))))
	env := getStrings(count, size, true)
	want := uint32(0)
	for _, v := range env {
		want += uint32(len(v)) + 1
	}
	eq("environ_buf_size matches", size, want)
	say("environc = %d", count)
	for _, v := range env {
		say("env %q", v)
	}
}

func scenarioClock(c *ctx) {
	for _, id := range []struct {
		name string
		id   uint32
	}{{"REALTIME", CLOCK_REALTIME}, {"MONOTONIC", CLOCK_MONOTONIC}, {"PROCESS_CPUTIME", CLOCK_PROCESS}, {"THREAD_CPUTIME", CLOCK_THREAD}} {
		res, e := clockRes(id.id)
		ok("clock_res_get("+id.name+")", e)
		must(res > 0 && res <= 1e9, "resolution of %s = %d ns", id.name, res)
		_, e = clockTime(id.id, 1)
		ok("clock_time_get("+id.name+", precision 1)", e)
	}
	_, e := clockRes(99)
	expect("clock_res_get(99)", e, EINVAL)
	_, e = clockTime(99, 0)
	expect("clock_time_get(99)", e, EINVAL)

	first, e := clockTime(CLOCK_MONOTONIC, 0)
	ok("clock_time_get(MONOTONIC, 0)", e)
	prev := first
	for i := 0; i < 1000; i++ {
		t, _ := clockTime(CLOCK_MONOTONIC, 0)
		must(t >= prev, "monotonic clock went back: %d then %d", prev, t)
		prev = t
	}
	say("monotonic never goes back")
	rt, _ := clockTime(CLOCK_REALTIME, 0)
	must(rt > 1_600_000_000_000_000_000, "realtime %d is before 2020", rt)
	say("realtime is after 2020")
}

func scenarioRandom(c *ctx) {
	ok("random_get(len 0)", randomGet(nil))
	b := make([]byte, 32)
	ok("random_get(len 32)", randomGet(b))
	big := make([]byte, 1024)
	ok("random_get(len 1024)", randomGet(big))
	nonzero := false
	for _, x := range big {
		nonzero = nonzero || x != 0
	}
	must(nonzero, "1024 random bytes are all zero")
	b2 := make([]byte, 32)
	randomGet(b2)
	must(string(b) != string(b2), "two random_get calls returned the same 32 bytes")
	say("random bytes differ")
}

// proc_exit CODE exits with CODE, which must become the exit status.
func scenarioProcExit(c *ctx) {
	code := uint64(0)
	if len(c.args) > 0 {
		code, _ = strconv.ParseUint(c.args[0], 10, 32)
	}
	say("exiting with %d", code)
	proc_exit(uint32(code))
	fail("proc_exit returned")
}

// proc_raise [SIG]: harmless signals succeed; with SIG, raises it last,
// which must end the process.
func scenarioProcRaise(c *ctx) {
	ok("proc_raise(0)", errno(proc_raise(0)))
	ok("proc_raise(SIGCHLD)", errno(proc_raise(16)))
	ok("proc_raise(SIGWINCH)", errno(proc_raise(27)))
	expect("proc_raise(99)", errno(proc_raise(99)), EINVAL)
	if len(c.args) > 0 {
		sig, _ := strconv.ParseUint(c.args[0], 10, 32)
		say("raising %d", sig)
		proc_raise(uint32(sig))
		fail("proc_raise(%d) returned", sig)
	}
}

// sock_* on descriptors that are not sockets: ENOTSOCK when open, EBADF
// when not.
func scenarioSockNotSocket(c *ctx) {
	var out, n uint32
	var flags uint16
	iov := iovecs(make([]byte, 4))
	for _, fd := range []uint32{0, 1, 2} {
		s := strconv.Itoa(int(fd))
		expect("sock_shutdown("+s+", RD)", errno(sock_shutdown(fd, 1)), ENOTSOCK)
		expect("sock_shutdown("+s+", RD|WR)", errno(sock_shutdown(fd, 3)), ENOTSOCK)
		expect("sock_accept("+s+")", errno(sock_accept(fd, 0, ptr(&out))), ENOTSOCK)
		expect("sock_recv("+s+")", errno(sock_recv(fd, bufp(iov), 1, 0, ptr(&n), ptr(&flags))), ENOTSOCK)
		expect("sock_send("+s+")", errno(sock_send(fd, bufp(iov), 1, 0, ptr(&n))), ENOTSOCK)
	}
	const closed = 0xFFFF85A7
	expect("sock_shutdown(closed)", errno(sock_shutdown(closed, 1)), EBADF)
	expect("sock_accept(closed)", errno(sock_accept(closed, 0, ptr(&out))), EBADF)
	expect("sock_recv(closed)", errno(sock_recv(closed, bufp(iov), 1, 0, ptr(&n), ptr(&flags))), EBADF)
	expect("sock_send(closed)", errno(sock_send(closed, bufp(iov), 1, 0, ptr(&n))), EBADF)
}

// With no preopens, fd 3 does not exist (sock_shutdown-invalid_fd).
func scenarioSockInvalidFD(c *ctx) {
	expect("sock_shutdown(3, RD)", errno(sock_shutdown(3, 1)), EBADF)
}

// Without --dir there is no preopen at all (fopen-with-no-access relies on
// it) and nothing beyond stdio is open.
func scenarioNoPreopens(c *ctx) {
	_, _, e := prestatGet(3)
	expect("fd_prestat_get(3)", e, EBADF)
	_, e = fdstatGet(3)
	expect("fd_fdstat_get(3)", e, EBADF)
	for _, fd := range []uint32{0, 1, 2} {
		_, _, e := prestatGet(fd)
		expect("fd_prestat_get("+strconv.Itoa(int(fd))+")", e, EBADF)
	}
}

func scenarioFdWriteStdout(c *ctx) {
	n, e := fdWrite(1, []byte("hello"))
	ok("fd_write(1, hello)", e)
	eq("nwritten", n, 5)
	n, e = fdWrite(1, []byte(", "), []byte("two "), []byte{}, []byte("iovecs\n"))
	ok("fd_write(1, 4 iovecs)", e)
	eq("nwritten", n, 13)
	n, e = fdWrite(2, []byte("to stderr\n"))
	ok("fd_write(2)", e)
	eq("nwritten", n, 10)
	_, e = fdWrite(0xFFFF85A7)
	expect("fd_write(-31337, no iovecs)", e, EBADF)
	_, e = fdWrite(0xFFFF85A7, []byte("x"))
	expect("fd_write(-31337)", e, EBADF)
	_, e = fdWrite(0, []byte("x"))
	expect("fd_write(stdin)", e, EBADF, ENOTCAPABLE)
}

// stdin_read: reads stdin to its end and prints it. Stdin is a stream:
// seeking it fails with ESPIPE.
func scenarioStdinRead(c *ctx) {
	// The Go runtime made stdio non-blocking; read blocking here.
	ok("fd_fdstat_set_flags(0, 0)", errno(fd_fdstat_set_flags(0, 0)))
	st, _ := fdstatGet(0)
	eq("stdin flags", st.flags, 0)
	_, e := fdSeek(0, 0, WHENCE_CUR)
	expect("fd_seek(stdin)", e, ESPIPE, ENOTCAPABLE)
	_, e = fdTell(0)
	expect("fd_tell(stdin)", e, ESPIPE, ENOTCAPABLE)
	var data []byte
	for {
		a, b := make([]byte, 3), make([]byte, 5)
		n, e := fdRead(0, a, b)
		ok2(e, "fd_read(stdin)")
		if n == 0 {
			break
		}
		data = append(data, append(a, b...)[:n]...)
	}
	say("stdin = %q", data)
	n, e := fdRead(0, make([]byte, 4))
	ok("fd_read(stdin) at end", e)
	eq("nread at end", n, 0)
}

// ok2 fails on an error without adding a transcript line.
func ok2(e errno, what string) {
	if e != 0 {
		fail("%s = %s", what, e)
	}
}

// stdio_fdstat: stdio descriptors are streams that can be read or
// written; with a pipe behind them they are not character devices.
func scenarioStdioFdstat(c *ctx) {
	tty := len(c.args) > 0 && c.args[0] == "tty"
	for _, fd := range []uint32{0, 1, 2} {
		st, e := fdstatGet(fd)
		ok("fd_fdstat_get("+strconv.Itoa(int(fd))+")", e)
		if tty {
			eq("filetype", ftName(st.filetype), ftName(FILETYPE_CHARACTER_DEVICE))
		} else {
			must(st.filetype != FILETYPE_CHARACTER_DEVICE, "fd %d is a character device", fd)
		}
		must(st.base&POLL_FD_READWRITE != 0, "fd %d lacks POLL_FD_READWRITE", fd)
		// isatty in wasi-libc: a character device without SEEK and TELL.
		must(st.base&(FD_SEEK|FD_TELL) == 0, "fd %d has FD_SEEK or FD_TELL", fd)
		fs, e := filestatGet(fd)
		ok("fd_filestat_get("+strconv.Itoa(int(fd))+")", e)
		eq("filestat type", ftName(fs.filetype), ftName(st.filetype))
	}
	st, _ := fdstatGet(0)
	must(st.base&FD_READ != 0, "stdin lacks FD_READ")
	st, _ = fdstatGet(1)
	must(st.base&FD_WRITE != 0, "stdout lacks FD_WRITE")
}
