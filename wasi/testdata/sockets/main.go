//go:build wasip1

// Command sockets uses the kernel's network the way a runtime without
// socket functions does (the Node layer on QuickJS will): by opening
// /dev/tcp/HOST/PORT and /dev/tcp-listen/PORT with a raw path_open under
// the "/" preopen (fd 3), then sock_* calls on the descriptor.
//
//	sockets connect HOST PORT [nonblock]  send "hello\n", shut down writing,
//	                                      print what comes back
//	sockets listen PORT                   accept one connection, answer
//	                                      "echo: " and the line it sent
//	sockets loopback PORT                 listen, connect to 127.0.0.1:PORT
//	                                      (inside the VM), talk both ways
//
// Every call's errno is printed, so the test reads a transcript.
package main

import (
	"fmt"
	"os"
	"unsafe"
)

//go:wasmimport wasi_snapshot_preview1 path_open
func path_open(fd uint32, dirflags uint32, path unsafe.Pointer, n uint32, oflags uint32, base, inh uint64, fdflags uint32, out unsafe.Pointer) uint32

//go:wasmimport wasi_snapshot_preview1 fd_fdstat_get
func fd_fdstat_get(fd uint32, buf unsafe.Pointer) uint32

//go:wasmimport wasi_snapshot_preview1 fd_fdstat_set_flags
func fd_fdstat_set_flags(fd uint32, flags uint32) uint32

//go:wasmimport wasi_snapshot_preview1 fd_close
func fd_close(fd uint32) uint32

//go:wasmimport wasi_snapshot_preview1 poll_oneoff
func poll_oneoff(in, out unsafe.Pointer, nsubs uint32, nevents unsafe.Pointer) uint32

//go:wasmimport wasi_snapshot_preview1 sock_accept
func sock_accept(fd uint32, flags uint32, out unsafe.Pointer) uint32

//go:wasmimport wasi_snapshot_preview1 sock_recv
func sock_recv(fd uint32, iovs unsafe.Pointer, n uint32, flags uint32, datalen, oflags unsafe.Pointer) uint32

//go:wasmimport wasi_snapshot_preview1 sock_send
func sock_send(fd uint32, iovs unsafe.Pointer, n uint32, flags uint32, datalen unsafe.Pointer) uint32

//go:wasmimport wasi_snapshot_preview1 sock_shutdown
func sock_shutdown(fd uint32, how uint32) uint32

var errnoNames = map[uint32]string{0: "ESUCCESS", 2: "EACCES", 3: "EADDRINUSE", 6: "EAGAIN", 8: "EBADF", 14: "ECONNREFUSED", 15: "ECONNRESET", 23: "EHOSTUNREACH", 28: "EINVAL", 41: "ENFILE", 44: "ENOENT", 53: "ENOTCONN", 54: "ENOTDIR", 64: "EPIPE", 73: "ETIMEDOUT"}

func name(e uint32) string {
	if n, ok := errnoNames[e]; ok {
		return n
	}
	return fmt.Sprintf("errno %d", e)
}

const (
	fdflagNonblock = 4
	sdflagWr       = 2
	preopen        = 3
)

// bufs keeps the buffers whose addresses travel as integers alive and on
// the heap.
var bufs [][]byte

func open(path string, fdflags uint32) (uint32, uint32) {
	p := []byte(path)
	bufs = append(bufs, p)
	var fd uint32
	e := path_open(preopen, 0, unsafe.Pointer(&p[0]), uint32(len(p)), 0, ^uint64(0), ^uint64(0), fdflags, unsafe.Pointer(&fd))
	return fd, e
}

// iovec is the specification's layout: two 32-bit words (Go's pointers
// are 64-bit, so a Go pointer field would not do).
type iovec struct {
	buf uint32
	n   uint32
}

func addr(b []byte) uint32 { return uint32(uintptr(unsafe.Pointer(&b[0]))) }

func send(fd uint32, s string) uint32 {
	b := []byte(s)
	bufs = append(bufs, b)
	iov := []iovec{{addr(b), uint32(len(b))}}
	var n uint32
	return sock_send(fd, unsafe.Pointer(&iov[0]), 1, 0, unsafe.Pointer(&n))
}

// recvAll receives until the end of the stream.
func recvAll(fd uint32) (string, uint32) {
	var out []byte
	b := make([]byte, 256)
	bufs = append(bufs, b)
	for {
		iov := []iovec{{addr(b), uint32(len(b))}}
		var n uint32
		var fl uint16
		if e := sock_recv(fd, unsafe.Pointer(&iov[0]), 1, 0, unsafe.Pointer(&n), unsafe.Pointer(&fl)); e != 0 {
			return string(out), e
		}
		if n == 0 {
			return string(out), 0
		}
		out = append(out, b[:n]...)
	}
}

// recvLine receives until a newline.
func recvLine(fd uint32) (string, uint32) {
	var out []byte
	b := make([]byte, 1)
	bufs = append(bufs, b)
	for {
		iov := []iovec{{addr(b), 1}}
		var n uint32
		var fl uint16
		if e := sock_recv(fd, unsafe.Pointer(&iov[0]), 1, 0, unsafe.Pointer(&n), unsafe.Pointer(&fl)); e != 0 || n == 0 {
			return string(out), e
		}
		if b[0] == '\n' {
			return string(out), 0
		}
		out = append(out, b[0])
	}
}

// waitWritable polls fd for writing.
func waitWritable(fd uint32) uint32 {
	sub := make([]byte, 48)
	bufs = append(bufs, sub)
	sub[8] = 2 // FD_WRITE
	*(*uint32)(unsafe.Pointer(&sub[16])) = fd
	ev := make([]byte, 32)
	bufs = append(bufs, ev)
	var n uint32
	if e := poll_oneoff(unsafe.Pointer(&sub[0]), unsafe.Pointer(&ev[0]), 1, unsafe.Pointer(&n)); e != 0 {
		return e
	}
	return uint32(*(*uint16)(unsafe.Pointer(&ev[8])))
}

func filetype(fd uint32) string {
	st := make([]byte, 24)
	bufs = append(bufs, st)
	if e := fd_fdstat_get(fd, unsafe.Pointer(&st[0])); e != 0 {
		return name(e)
	}
	if st[0] == 6 {
		return "socket_stream"
	}
	return fmt.Sprint(st[0])
}

func main() {
	switch os.Args[1] {
	case "connect":
		var flags uint32
		if len(os.Args) > 4 {
			flags = fdflagNonblock
		}
		fd, e := open("dev/tcp/"+os.Args[2]+"/"+os.Args[3], flags)
		fmt.Println("open:", name(e))
		if e != 0 {
			return
		}
		fmt.Println("filetype:", filetype(fd))
		if flags != 0 {
			fmt.Println("poll writable:", name(waitWritable(fd)))
			fd_fdstat_set_flags(fd, 0)
		}
		fmt.Println("send:", name(send(fd, "hello\n")))
		fmt.Println("shutdown:", name(sock_shutdown(fd, sdflagWr)))
		got, e := recvAll(fd)
		fmt.Printf("received: %q %s\n", got, name(e))
		fmt.Println("close:", name(fd_close(fd)))
	case "listen":
		l, e := open("dev/tcp-listen/"+os.Args[2], 0)
		fmt.Println("listen:", name(e))
		if e != 0 {
			return
		}
		var c uint32
		fmt.Println("accept:", name(sock_accept(l, 0, unsafe.Pointer(&c))))
		line, e := recvLine(c)
		fmt.Printf("line: %q %s\n", line, name(e))
		fmt.Println("send:", name(send(c, "echo: "+line+"\n")))
		fmt.Println("close:", name(fd_close(c)), name(fd_close(l)))
	case "loopback":
		l, e := open("dev/tcp-listen/"+os.Args[2], 0)
		fmt.Println("listen:", name(e))
		c, e := open("dev/tcp/127.0.0.1/"+os.Args[2], 0)
		fmt.Println("connect:", name(e))
		var s uint32
		fmt.Println("accept:", name(sock_accept(l, 0, unsafe.Pointer(&s))))
		send(c, "ping\n")
		line, _ := recvLine(s)
		fmt.Printf("server got %q\n", line)
		send(s, "pong\n")
		sock_shutdown(s, sdflagWr)
		got, _ := recvAll(c)
		fmt.Printf("client got %q\n", got)
		fmt.Println("close:", name(fd_close(c)), name(fd_close(s)), name(fd_close(l)))
	}
}
