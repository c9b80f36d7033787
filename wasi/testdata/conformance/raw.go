//go:build wasip1

package main

import (
	"encoding/binary"
	"unsafe"
)

// Raw imports of wasi_snapshot_preview1, so that scenarios see exact errnos,
// rights, flags and byte layouts. Pointers are addresses in linear memory;
// every structure is built and decoded by hand, little-endian, with the
// layouts of the specification.

//go:wasmimport wasi_snapshot_preview1 args_get
func args_get(argv, buf unsafe.Pointer) uint32

//go:wasmimport wasi_snapshot_preview1 args_sizes_get
func args_sizes_get(argc, size unsafe.Pointer) uint32

//go:wasmimport wasi_snapshot_preview1 environ_get
func environ_get(env, buf unsafe.Pointer) uint32

//go:wasmimport wasi_snapshot_preview1 environ_sizes_get
func environ_sizes_get(count, size unsafe.Pointer) uint32

//go:wasmimport wasi_snapshot_preview1 clock_res_get
func clock_res_get(id uint32, res unsafe.Pointer) uint32

//go:wasmimport wasi_snapshot_preview1 clock_time_get
func clock_time_get(id uint32, precision uint64, t unsafe.Pointer) uint32

//go:wasmimport wasi_snapshot_preview1 fd_advise
func fd_advise(fd uint32, off, n uint64, advice uint32) uint32

//go:wasmimport wasi_snapshot_preview1 fd_allocate
func fd_allocate(fd uint32, off, n uint64) uint32

//go:wasmimport wasi_snapshot_preview1 fd_close
func fd_close(fd uint32) uint32

//go:wasmimport wasi_snapshot_preview1 fd_datasync
func fd_datasync(fd uint32) uint32

//go:wasmimport wasi_snapshot_preview1 fd_sync
func fd_sync(fd uint32) uint32

//go:wasmimport wasi_snapshot_preview1 fd_fdstat_get
func fd_fdstat_get(fd uint32, buf unsafe.Pointer) uint32

//go:wasmimport wasi_snapshot_preview1 fd_fdstat_set_flags
func fd_fdstat_set_flags(fd uint32, flags uint32) uint32

//go:wasmimport wasi_snapshot_preview1 fd_fdstat_set_rights
func fd_fdstat_set_rights(fd uint32, base, inh uint64) uint32

//go:wasmimport wasi_snapshot_preview1 fd_filestat_get
func fd_filestat_get(fd uint32, buf unsafe.Pointer) uint32

//go:wasmimport wasi_snapshot_preview1 fd_filestat_set_size
func fd_filestat_set_size(fd uint32, size uint64) uint32

//go:wasmimport wasi_snapshot_preview1 fd_filestat_set_times
func fd_filestat_set_times(fd uint32, atim, mtim uint64, fst uint32) uint32

//go:wasmimport wasi_snapshot_preview1 fd_pread
func fd_pread(fd uint32, iovs unsafe.Pointer, n uint32, off uint64, nread unsafe.Pointer) uint32

//go:wasmimport wasi_snapshot_preview1 fd_prestat_get
func fd_prestat_get(fd uint32, buf unsafe.Pointer) uint32

//go:wasmimport wasi_snapshot_preview1 fd_prestat_dir_name
func fd_prestat_dir_name(fd uint32, buf unsafe.Pointer, n uint32) uint32

//go:wasmimport wasi_snapshot_preview1 fd_pwrite
func fd_pwrite(fd uint32, iovs unsafe.Pointer, n uint32, off uint64, nwritten unsafe.Pointer) uint32

//go:wasmimport wasi_snapshot_preview1 fd_read
func fd_read(fd uint32, iovs unsafe.Pointer, n uint32, nread unsafe.Pointer) uint32

//go:wasmimport wasi_snapshot_preview1 fd_readdir
func fd_readdir(fd uint32, buf unsafe.Pointer, n uint32, cookie uint64, used unsafe.Pointer) uint32

//go:wasmimport wasi_snapshot_preview1 fd_renumber
func fd_renumber(fd, to uint32) uint32

//go:wasmimport wasi_snapshot_preview1 fd_seek
func fd_seek(fd uint32, off int64, whence uint32, newoff unsafe.Pointer) uint32

//go:wasmimport wasi_snapshot_preview1 fd_tell
func fd_tell(fd uint32, off unsafe.Pointer) uint32

//go:wasmimport wasi_snapshot_preview1 fd_write
func fd_write(fd uint32, iovs unsafe.Pointer, n uint32, nwritten unsafe.Pointer) uint32

//go:wasmimport wasi_snapshot_preview1 path_create_directory
func path_create_directory(fd uint32, path unsafe.Pointer, n uint32) uint32

//go:wasmimport wasi_snapshot_preview1 path_filestat_get
func path_filestat_get(fd uint32, flags uint32, path unsafe.Pointer, n uint32, buf unsafe.Pointer) uint32

//go:wasmimport wasi_snapshot_preview1 path_filestat_set_times
func path_filestat_set_times(fd uint32, flags uint32, path unsafe.Pointer, n uint32, atim, mtim uint64, fst uint32) uint32

//go:wasmimport wasi_snapshot_preview1 path_link
func path_link(oldfd uint32, oldflags uint32, old unsafe.Pointer, oldn uint32, newfd uint32, new unsafe.Pointer, newn uint32) uint32

//go:wasmimport wasi_snapshot_preview1 path_open
func path_open(fd uint32, dirflags uint32, path unsafe.Pointer, n uint32, oflags uint32, base, inh uint64, fdflags uint32, out unsafe.Pointer) uint32

//go:wasmimport wasi_snapshot_preview1 path_readlink
func path_readlink(fd uint32, path unsafe.Pointer, n uint32, buf unsafe.Pointer, bufn uint32, used unsafe.Pointer) uint32

//go:wasmimport wasi_snapshot_preview1 path_remove_directory
func path_remove_directory(fd uint32, path unsafe.Pointer, n uint32) uint32

//go:wasmimport wasi_snapshot_preview1 path_rename
func path_rename(fd uint32, old unsafe.Pointer, oldn uint32, newfd uint32, new unsafe.Pointer, newn uint32) uint32

//go:wasmimport wasi_snapshot_preview1 path_symlink
func path_symlink(old unsafe.Pointer, oldn uint32, fd uint32, new unsafe.Pointer, newn uint32) uint32

//go:wasmimport wasi_snapshot_preview1 path_unlink_file
func path_unlink_file(fd uint32, path unsafe.Pointer, n uint32) uint32

//go:wasmimport wasi_snapshot_preview1 poll_oneoff
func poll_oneoff(in, out unsafe.Pointer, nsubs uint32, nevents unsafe.Pointer) uint32

//go:wasmimport wasi_snapshot_preview1 proc_exit
func proc_exit(code uint32)

//go:wasmimport wasi_snapshot_preview1 proc_raise
func proc_raise(sig uint32) uint32

//go:wasmimport wasi_snapshot_preview1 sched_yield
func sched_yield() uint32

//go:wasmimport wasi_snapshot_preview1 random_get
func random_get(buf unsafe.Pointer, n uint32) uint32

//go:wasmimport wasi_snapshot_preview1 sock_accept
func sock_accept(fd uint32, flags uint32, out unsafe.Pointer) uint32

//go:wasmimport wasi_snapshot_preview1 sock_recv
func sock_recv(fd uint32, iovs unsafe.Pointer, n uint32, flags uint32, datalen, oflags unsafe.Pointer) uint32

//go:wasmimport wasi_snapshot_preview1 sock_send
func sock_send(fd uint32, iovs unsafe.Pointer, n uint32, flags uint32, datalen unsafe.Pointer) uint32

//go:wasmimport wasi_snapshot_preview1 sock_shutdown
func sock_shutdown(fd uint32, how uint32) uint32

// --- helpers that marshal Go values to and from guest memory ---

var empty [1]byte

// strp is a pointer to s's bytes (a valid pointer even when s is empty).
func strp(s string) (unsafe.Pointer, uint32) {
	if len(s) == 0 {
		return unsafe.Pointer(&empty[0]), 0
	}
	return unsafe.Pointer(unsafe.StringData(s)), uint32(len(s))
}

func bufp(b []byte) unsafe.Pointer {
	if len(b) == 0 {
		return unsafe.Pointer(&empty[0])
	}
	return unsafe.Pointer(&b[0])
}

// sink makes the buffers handed to iovecs escape to the heap: their
// addresses travel as integers, which escape analysis cannot see, and a
// stack buffer could move when the stack grows.
var sink [][]byte

// iovecs lays out (c)iovecs for the buffers: buf u32, len u32 each.
func iovecs(bufs ...[]byte) []byte {
	sink = bufs
	out := make([]byte, 8*len(bufs)+1)
	for i, b := range bufs {
		binary.LittleEndian.PutUint32(out[i*8:], uint32(uintptr(bufp(b))))
		binary.LittleEndian.PutUint32(out[i*8+4:], uint32(len(b)))
	}
	return out
}

func u32(b []byte, off int) uint32 { return binary.LittleEndian.Uint32(b[off:]) }
func u64(b []byte, off int) uint64 { return binary.LittleEndian.Uint64(b[off:]) }
func u16(b []byte, off int) uint16 { return binary.LittleEndian.Uint16(b[off:]) }

// --- typed wrappers ---

type fdstat struct {
	filetype uint8
	flags    uint16
	base     uint64
	inh      uint64
}

func fdstatGet(fd uint32) (fdstat, errno) {
	var b [24]byte
	e := errno(fd_fdstat_get(fd, unsafe.Pointer(&b[0])))
	return fdstat{b[0], u16(b[:], 2), u64(b[:], 8), u64(b[:], 16)}, e
}

type filestat struct {
	dev, ino uint64
	filetype uint8
	nlink    uint64
	size     uint64
	atim     uint64
	mtim     uint64
	ctim     uint64
}

func decodeFilestat(b []byte) filestat {
	return filestat{u64(b, 0), u64(b, 8), b[16], u64(b, 24), u64(b, 32), u64(b, 40), u64(b, 48), u64(b, 56)}
}

func filestatGet(fd uint32) (filestat, errno) {
	var b [64]byte
	e := errno(fd_filestat_get(fd, unsafe.Pointer(&b[0])))
	return decodeFilestat(b[:]), e
}

func pathFilestatGet(fd uint32, flags uint32, path string) (filestat, errno) {
	var b [64]byte
	p, n := strp(path)
	e := errno(path_filestat_get(fd, flags, p, n, unsafe.Pointer(&b[0])))
	return decodeFilestat(b[:]), e
}

func pathFilestatSetTimes(fd uint32, flags uint32, path string, atim, mtim uint64, fst uint32) errno {
	p, n := strp(path)
	return errno(path_filestat_set_times(fd, flags, p, n, atim, mtim, fst))
}

func pathOpen(dir uint32, lookup uint32, path string, oflags uint32, base, inh uint64, fdflags uint32) (uint32, errno) {
	var fd uint32 = 0xdeadbeef
	p, n := strp(path)
	e := errno(path_open(dir, lookup, p, n, oflags, base, inh, fdflags, unsafe.Pointer(&fd)))
	return fd, e
}

func fdRead(fd uint32, bufs ...[]byte) (int, errno) {
	iov := iovecs(bufs...)
	var n uint32
	e := errno(fd_read(fd, bufp(iov), uint32(len(bufs)), unsafe.Pointer(&n)))
	return int(n), e
}

func fdWrite(fd uint32, bufs ...[]byte) (int, errno) {
	iov := iovecs(bufs...)
	var n uint32
	e := errno(fd_write(fd, bufp(iov), uint32(len(bufs)), unsafe.Pointer(&n)))
	return int(n), e
}

func fdPread(fd uint32, off uint64, bufs ...[]byte) (int, errno) {
	iov := iovecs(bufs...)
	var n uint32
	e := errno(fd_pread(fd, bufp(iov), uint32(len(bufs)), off, unsafe.Pointer(&n)))
	return int(n), e
}

func fdPwrite(fd uint32, off uint64, bufs ...[]byte) (int, errno) {
	iov := iovecs(bufs...)
	var n uint32
	e := errno(fd_pwrite(fd, bufp(iov), uint32(len(bufs)), off, unsafe.Pointer(&n)))
	return int(n), e
}

func fdSeek(fd uint32, off int64, whence uint32) (uint64, errno) {
	var pos uint64 = 0xdeadbeef
	e := errno(fd_seek(fd, off, whence, unsafe.Pointer(&pos)))
	return pos, e
}

func fdTell(fd uint32) (uint64, errno) {
	var pos uint64 = 0xdeadbeef
	e := errno(fd_tell(fd, unsafe.Pointer(&pos)))
	return pos, e
}

func fdReaddir(fd uint32, buf []byte, cookie uint64) (int, errno) {
	var used uint32
	e := errno(fd_readdir(fd, bufp(buf), uint32(len(buf)), cookie, unsafe.Pointer(&used)))
	return int(used), e
}

func prestatGet(fd uint32) (tag uint8, nameLen uint32, e errno) {
	var b [8]byte
	e = errno(fd_prestat_get(fd, unsafe.Pointer(&b[0])))
	return b[0], u32(b[:], 4), e
}

func prestatDirName(fd uint32, n uint32) (string, errno) {
	b := make([]byte, n+1)
	e := errno(fd_prestat_dir_name(fd, bufp(b), n))
	for n > 0 && b[n-1] == 0 {
		n-- // a buffer larger than the name
	}
	return string(b[:n]), e
}

func createDirectory(fd uint32, path string) errno {
	p, n := strp(path)
	return errno(path_create_directory(fd, p, n))
}

func removeDirectory(fd uint32, path string) errno {
	p, n := strp(path)
	return errno(path_remove_directory(fd, p, n))
}

func unlinkFile(fd uint32, path string) errno {
	p, n := strp(path)
	return errno(path_unlink_file(fd, p, n))
}

func symlink(target string, fd uint32, path string) errno {
	tp, tn := strp(target)
	p, n := strp(path)
	return errno(path_symlink(tp, tn, fd, p, n))
}

func link(oldfd uint32, flags uint32, old string, newfd uint32, new string) errno {
	op, on := strp(old)
	np, nn := strp(new)
	return errno(path_link(oldfd, flags, op, on, newfd, np, nn))
}

func rename(fd uint32, old string, newfd uint32, new string) errno {
	op, on := strp(old)
	np, nn := strp(new)
	return errno(path_rename(fd, op, on, newfd, np, nn))
}

func readlink(fd uint32, path string, buf []byte) (int, errno) {
	p, n := strp(path)
	var used uint32
	e := errno(path_readlink(fd, p, n, bufp(buf), uint32(len(buf)), unsafe.Pointer(&used)))
	return int(used), e
}

func clockTime(id uint32, precision uint64) (uint64, errno) {
	var t uint64
	e := errno(clock_time_get(id, precision, unsafe.Pointer(&t)))
	return t, e
}

func clockRes(id uint32) (uint64, errno) {
	var t uint64
	e := errno(clock_res_get(id, unsafe.Pointer(&t)))
	return t, e
}

func randomGet(b []byte) errno { return errno(random_get(bufp(b), uint32(len(b)))) }

// --- poll_oneoff ---

type sub struct {
	userdata uint64
	kind     uint8 // 0 clock, 1 fd_read, 2 fd_write
	clock    uint32
	timeout  uint64
	prec     uint64
	flags    uint16
	fd       uint32
}

type event struct {
	userdata uint64
	err      errno
	kind     uint8
	nbytes   uint64
	flags    uint16
}

func clockSub(ud uint64, clock uint32, timeout uint64, flags uint16) sub {
	return sub{userdata: ud, kind: evClock, clock: clock, timeout: timeout, flags: flags}
}

func fdSub(ud uint64, kind uint8, fd uint32) sub { return sub{userdata: ud, kind: kind, fd: fd} }

func poll(subs ...sub) ([]event, errno) {
	in := make([]byte, 48*len(subs)+1)
	for i, s := range subs {
		b := in[i*48:]
		binary.LittleEndian.PutUint64(b[0:], s.userdata)
		b[8] = s.kind
		if s.kind == evClock {
			binary.LittleEndian.PutUint32(b[16:], s.clock)
			binary.LittleEndian.PutUint64(b[24:], s.timeout)
			binary.LittleEndian.PutUint64(b[32:], s.prec)
			binary.LittleEndian.PutUint16(b[40:], s.flags)
		} else {
			binary.LittleEndian.PutUint32(b[16:], s.fd)
		}
	}
	out := make([]byte, 32*len(subs)+1)
	var n uint32
	e := errno(poll_oneoff(bufp(in), bufp(out), uint32(len(subs)), unsafe.Pointer(&n)))
	if e != 0 {
		return nil, e
	}
	evs := make([]event, n)
	for i := range evs {
		b := out[i*32:]
		evs[i] = event{u64(b, 0), errno(u16(b, 8)), b[10], u64(b, 16), u16(b, 24)}
	}
	return evs, 0
}

func ptr[T any](p *T) unsafe.Pointer { return unsafe.Pointer(p) }

// getStrings reads argv (env false) or the environment (env true): count
// pointers into a packed buffer of NUL-terminated strings.
func getStrings(count, size uint32, env bool) []string {
	ptrs := make([]uint32, count+1)
	buf := make([]byte, size+1)
	var e errno
	if env {
		e = errno(environ_get(ptr(&ptrs[0]), bufp(buf)))
	} else {
		e = errno(args_get(ptr(&ptrs[0]), bufp(buf)))
	}
	if e != 0 {
		fail("args_get/environ_get = %s", e)
	}
	base := uint32(uintptr(bufp(buf)))
	out := make([]string, count)
	for i := range out {
		off := ptrs[i] - base
		must(off < size, "string %d points outside the buffer (%#x, buffer at %#x size %d)", i, ptrs[i], base, size)
		end := off
		for end < size && buf[end] != 0 {
			end++
		}
		must(end < size, "string %d is not NUL-terminated inside the buffer", i)
		out[i] = string(buf[off:end])
	}
	must(size == 0 || buf[size-1] == 0, "buffer does not end with NUL")
	return out
}
