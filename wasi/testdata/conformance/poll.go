//go:build wasip1

package main

// Scenarios about poll_oneoff.

func init() {
	register("poll_clock", false, scenarioPollClock)
	register("poll_fd", true, scenarioPollFD)
	register("poll_stdio", false, scenarioPollStdio)
	register("poll_stdin_data", false, scenarioPollStdinData)
	register("poll_stdin_open", false, scenarioPollStdinOpen)
}

const ms = uint64(1_000_000)

func mono() uint64 {
	t, e := clockTime(CLOCK_MONOTONIC, 0)
	if e != 0 {
		fail("clock_time_get(MONOTONIC) = %s", e)
	}
	return t
}

// pollTimed polls and returns the events and how long it took.
func pollTimed(what string, subs ...sub) ([]event, uint64) {
	t0 := mono()
	evs, e := poll(subs...)
	ok(what, e)
	return evs, mono() - t0
}

func oneEvent(evs []event, ud uint64, kind uint8, err errno) event {
	must(len(evs) == 1, "%d events, want 1: %+v", len(evs), evs)
	ev := evs[0]
	must(ev.userdata == ud, "userdata %#x, want %#x", ev.userdata, ud)
	must(ev.kind == kind, "type %d, want %d", ev.kind, kind)
	must(ev.err == err, "error %s, want %s", ev.err, err)
	return ev
}

func scenarioPollClock(c *ctx) {
	_, e := poll()
	expect("poll_oneoff(nsubscriptions 0)", e, EINVAL)

	evs, took := pollTimed("relative 20 ms", clockSub(0x1234, CLOCK_MONOTONIC, 20*ms, 0))
	oneEvent(evs, 0x1234, evClock, 0)
	must(took >= 20*ms, "returned after %d ns, before the 20 ms timeout", took)
	must(took < 2000*ms, "returned after %d ns", took)
	say("relative clock fired after its timeout")

	evs, took = pollTimed("relative 0", clockSub(7, CLOCK_MONOTONIC, 0, 0))
	oneEvent(evs, 7, evClock, 0)
	must(took < 1000*ms, "a 0 timeout took %d ns", took)

	deadline := mono() + 20*ms
	evs, _ = pollTimed("absolute monotonic", clockSub(8, CLOCK_MONOTONIC, deadline, ABSTIME))
	oneEvent(evs, 8, evClock, 0)
	must(mono() >= deadline, "absolute monotonic clock fired before its deadline")
	say("absolute monotonic clock fired at its deadline")

	evs, took = pollTimed("absolute in the past", clockSub(9, CLOCK_MONOTONIC, 1, ABSTIME))
	oneEvent(evs, 9, evClock, 0)
	must(took < 1000*ms, "a past deadline took %d ns", took)

	rt, _ := clockTime(CLOCK_REALTIME, 0)
	evs, _ = pollTimed("absolute realtime", clockSub(10, CLOCK_REALTIME, rt+20*ms, ABSTIME))
	oneEvent(evs, 10, evClock, 0)
	rt2, _ := clockTime(CLOCK_REALTIME, 0)
	must(rt2 >= rt+20*ms, "absolute realtime clock fired early")
	say("absolute realtime clock fired at its deadline")

	evs, took = pollTimed("relative realtime 10 ms", clockSub(11, CLOCK_REALTIME, 10*ms, 0))
	oneEvent(evs, 11, evClock, 0)
	must(took >= 10*ms, "realtime relative clock fired early")

	// Several clocks at once: only the earliest fires.
	evs, took = pollTimed("three clocks", clockSub(1, CLOCK_MONOTONIC, 5000*ms, 0),
		clockSub(2, CLOCK_MONOTONIC, 30*ms, 0), clockSub(3, CLOCK_MONOTONIC, 10000*ms, 0))
	oneEvent(evs, 2, evClock, 0)
	must(took >= 30*ms && took < 2000*ms, "the earliest of three clocks fired after %d ns", took)
	say("only the earliest of three clocks fired")

	evs, e = poll(clockSub(12, 99, 0, 0))
	if e == 0 {
		oneEvent(evs, 12, evClock, EINVAL)
		say("unknown clock: event error EINVAL")
	} else {
		expect("unknown clock", e, EINVAL)
	}
}

// poll_fd: regular files are always ready; a bad descriptor is reported
// in its event, not as the call's error.
func scenarioPollFD(c *ctx) {
	// Opened from the scratch directory, which passes POLL_FD_READWRITE on
	// (the suite's tmp directory does not).
	fd := openFile(c.dir, 0, "poll_fd.cleanup", O_CREAT, FD_READ|FD_WRITE|FD_SEEK|POLL_FD_READWRITE, 0, 0)
	fdWrite(fd, []byte("hello"))
	fdSeek(fd, 0, WHENCE_SET)
	evs, took := pollTimed("FD_READ on a file", fdSub(1, evFdRead, fd))
	ev := oneEvent(evs, 1, evFdRead, 0)
	eq("nbytes", ev.nbytes, 5)
	must(took < 1000*ms, "took %d ns", took)
	fdRead(fd, make([]byte, 2))
	evs, _ = pollTimed("FD_READ after reading 2", fdSub(1, evFdRead, fd))
	ev = oneEvent(evs, 1, evFdRead, 0)
	eq("nbytes", ev.nbytes, 3)
	evs, _ = pollTimed("FD_WRITE on a file", fdSub(2, evFdWrite, fd))
	oneEvent(evs, 2, evFdWrite, 0)
	evs, took = pollTimed("FD_READ on a file and a 5 s clock", clockSub(3, CLOCK_MONOTONIC, 5000*ms, 0), fdSub(4, evFdRead, fd))
	oneEvent(evs, 4, evFdRead, 0)
	must(took < 1000*ms, "took %d ns", took)
	evs, _ = pollTimed("FD_READ on a closed fd", fdSub(5, evFdRead, 0xFFFF), clockSub(6, CLOCK_MONOTONIC, 5000*ms, 0))
	oneEvent(evs, 5, evFdRead, EBADF)
	evs, _ = pollTimed("FD_WRITE on a closed fd", fdSub(7, evFdWrite, 0xFFFF))
	oneEvent(evs, 7, evFdWrite, EBADF)
	evs, _ = pollTimed("a file and a closed fd", fdSub(8, evFdRead, fd), fdSub(9, evFdWrite, 0xFFFF))
	eq("events", len(evs), 2)
	for _, ev := range evs {
		switch ev.userdata {
		case 8:
			must(ev.err == 0 && ev.kind == evFdRead, "file event %+v", ev)
		case 9:
			must(ev.err == EBADF && ev.kind == evFdWrite, "closed fd event %+v", ev)
		default:
			fail("unexpected userdata %d", ev.userdata)
		}
	}
	say("each event carries its own error")
	closeFD(fd)
	fd = openFile(c.dir, 0, "poll_fd.cleanup", 0, FD_READ, 0, 0)
	evs, _ = pollTimed("FD_READ without POLL_FD_READWRITE", fdSub(10, evFdRead, fd))
	oneEvent(evs, 10, evFdRead, ENOTCAPABLE)
	closeFD(fd)
	ok("unlink", unlinkFile(c.dir, "poll_fd.cleanup"))
}

// poll_stdio, as the suite's poll_oneoff_stdio: stdin is an open, empty
// pipe; stdout and stderr are writable at once, without the clock.
func scenarioPollStdio(c *ctx) {
	const clockUD, stdinUD = 0x1111, 0x2222
	evs, took := pollTimed("clock 200 ms + FD_READ stdin", clockSub(clockUD, CLOCK_MONOTONIC, 200*ms, 0), fdSub(stdinUD, evFdRead, 0))
	must(len(evs) >= 1, "no events")
	for _, ev := range evs {
		switch ev.userdata {
		case clockUD:
			must(ev.kind == evClock && ev.err == 0, "clock event %+v", ev)
			must(took >= 200*ms, "clock fired after %d ns", took)
			say("clock event")
		case stdinUD:
			must(ev.kind == evFdRead && ev.err == 0, "stdin event %+v", ev)
			say("stdin event")
		default:
			fail("unexpected userdata %#x", ev.userdata)
		}
	}
	seen := map[uint32]bool{}
	for i := 0; i < 10 && !(seen[1] && seen[2]); i++ {
		evs, _ := pollTimed("FD_WRITE stdout + stderr + clock", fdSub(1, evFdWrite, 1), fdSub(2, evFdWrite, 2), clockSub(clockUD, CLOCK_MONOTONIC, 200*ms, 0))
		for _, ev := range evs {
			must(ev.userdata != clockUD, "the clock fired with stdout and stderr writable")
			must(ev.kind == evFdWrite && ev.err == 0, "event %+v", ev)
			seen[uint32(ev.userdata)] = true
		}
	}
	must(seen[1] && seen[2], "stdout and stderr were not both reported writable")
	say("stdout and stderr are writable")
}

// poll_stdin_data: stdin holds "hello" and has ended.
func scenarioPollStdinData(c *ctx) {
	evs, took := pollTimed("FD_READ stdin + clock 5 s", fdSub(1, evFdRead, 0), clockSub(2, CLOCK_MONOTONIC, 5000*ms, 0))
	ev := oneEvent(evs, 1, evFdRead, 0)
	eq("nbytes", ev.nbytes, 5)
	must(took < 1000*ms, "took %d ns", took)
	buf := make([]byte, 16)
	n, e := fdRead(0, buf)
	ok("fd_read(stdin)", e)
	eq("read", string(buf[:n]), "hello")
	evs, _ = pollTimed("FD_READ stdin at its end", fdSub(1, evFdRead, 0))
	ev = oneEvent(evs, 1, evFdRead, 0)
	eq("nbytes at the end", ev.nbytes, 0)
	eq("hangup flag", ev.flags&HANGUP, HANGUP)
	n, e = fdRead(0, buf)
	ok("fd_read(stdin) at the end", e)
	eq("nread", n, 0)
}

// poll_stdin_open: stdin holds "ab" and stays open.
func scenarioPollStdinOpen(c *ctx) {
	evs, _ := pollTimed("FD_READ stdin", fdSub(1, evFdRead, 0))
	ev := oneEvent(evs, 1, evFdRead, 0)
	eq("nbytes", ev.nbytes, 2)
	eq("hangup flag", ev.flags&HANGUP, 0)
	buf := make([]byte, 16)
	n, e := fdRead(0, buf)
	ok("fd_read(stdin)", e)
	eq("read", string(buf[:n]), "ab")
	// Go's runtime made stdin non-blocking: nothing to read is EAGAIN.
	_, e = fdRead(0, buf)
	expect("fd_read(stdin) with nothing buffered (NONBLOCK)", e, EAGAIN)
	evs, took := pollTimed("FD_READ stdin + clock 50 ms", fdSub(1, evFdRead, 0), clockSub(2, CLOCK_MONOTONIC, 50*ms, 0))
	oneEvent(evs, 2, evClock, 0)
	must(took >= 50*ms, "the clock fired after %d ns", took)
	say("empty open stdin is not ready; the clock fired")
}

func init() {
	register("poll_stdin_wakes", false, scenarioPollStdinWakes)
	register("go_stdin_lines", false, scenarioGoStdinLines)
}

// poll_stdin_wakes: input arriving while the guest waits in poll_oneoff
// wakes it (the host feeds stdin after a delay).
func scenarioPollStdinWakes(c *ctx) {
	evs, took := pollTimed("FD_READ stdin + clock 10 s", fdSub(1, evFdRead, 0), clockSub(2, CLOCK_MONOTONIC, 10000*ms, 0))
	ev := oneEvent(evs, 1, evFdRead, 0)
	must(ev.nbytes > 0, "nbytes %d", ev.nbytes)
	must(took < 5000*ms, "woke after %d ns", took)
	say("woken by input")
}
