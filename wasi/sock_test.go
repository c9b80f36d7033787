package wasi_test

import (
	"encoding/binary"
	"io"
	"syscall"
	"testing"
	"time"

	"github.com/wasmrun/wasmrun/kernel"
	knet "github.com/wasmrun/wasmrun/kernel/net"
	"github.com/wasmrun/wasmrun/kernel/vfs"
	"github.com/wasmrun/wasmrun/kernel/vfs/memfs"
	"github.com/wasmrun/wasmrun/wasi"
	"github.com/wasmrun/wasmrun/wasi/abi"
)

// The socket functions called as a guest calls them, through wasi.Invoke,
// on a byte-slice memory: the exact errnos and layouts, natively and under
// GOOS=js. Real guests (Go and Python serving HTTP) are in host/cli.

// mem is a guest memory of 64 KiB.
type mem []byte

func (m mem) Read(off, n uint32) ([]byte, bool) {
	if uint64(off)+uint64(n) > uint64(len(m)) {
		return nil, false
	}
	return m[off : off+n], true
}

func (m mem) Write(off uint32, b []byte) bool {
	if uint64(off)+uint64(len(b)) > uint64(len(m)) {
		return false
	}
	copy(m[off:], b)
	return true
}

func (m mem) Size() uint32 { return uint32(len(m)) }

func (m mem) u32(off uint32) uint32 { return binary.LittleEndian.Uint32(m[off:]) }
func (m mem) u16(off uint32) uint16 { return binary.LittleEndian.Uint16(m[off:]) }

// iovecs lays out iovecs at 0 for buffers of the given sizes from 1024 on.
func (m mem) iovecs(sizes ...uint32) (ptr, n uint64) {
	buf := uint32(1024)
	for i, s := range sizes {
		binary.LittleEndian.PutUint32(m[i*8:], buf)
		binary.LittleEndian.PutUint32(m[i*8+4:], s)
		buf += s
	}
	return 0, uint64(len(sizes))
}

// Addresses of results.
const (
	outFD  = 512
	outN   = 516
	outFlg = 520
	outBuf = 600
)

func call(p *kernel.Process, m mem, name string, args ...uint64) abi.Errno {
	for i, f := range wasi.Functions {
		if f.Name == name {
			return wasi.Invoke(i, p, m, args)
		}
	}
	panic("no function " + name)
}

// devGuest is a guest ("qjs") of a kernel with /dev mounted and "/"
// preopened, as a guest without link or socket calls reaches the kernel's
// devices: it returns the process, the preopen's fd and a memory. setup, if
// not nil, prepares the kernel before the spawn.
func devGuest(t *testing.T, setup func(*kernel.Kernel)) (*kernel.Process, uint32, mem) {
	t.Helper()
	v := vfs.New(memfs.New(memfs.Options{}), vfs.MountOptions{})
	k := kernel.New(kernel.Config{VFS: v, SyscallNames: wasi.Names()})
	if err := v.Mount("/dev", kernel.NewDevFS(k), vfs.MountOptions{Source: "devices"}); err != nil {
		t.Fatal(err)
	}
	if setup != nil {
		setup(k)
	}
	p := k.Spawn(kernel.Spec{Argv: []string{"qjs"}})
	root, err := p.Preopen("/", "/")
	if err != nil {
		t.Fatal(err)
	}
	return p, root, make(mem, 64<<10)
}

// sockEnv is a process with a listening socket on port 80 at fd 3
// (NONBLOCK unless blocking), and the socket block after it.
type sockEnv struct {
	k  *kernel.Kernel
	n  *knet.Network
	p  *kernel.Process
	l  kernel.Listener
	fd uint32
	m  mem
}

func newSockEnv(t *testing.T, blocking bool) *sockEnv {
	t.Helper()
	k := kernel.New(kernel.Config{VFS: vfs.New(memfs.New(memfs.Options{}), vfs.MountOptions{}), SyscallNames: wasi.Names()})
	pol, err := knet.NewPolicy(knet.Config{BindPorts: "80"})
	if err != nil {
		t.Fatal(err)
	}
	n := knet.New(k, pol, nil)
	k.Net = n
	p := k.Spawn(kernel.Spec{Argv: []string{"guest"}})
	stdin := kernel.NewInput("stdin", false, k.Events)
	p.SetStdio(stdin, kernel.NewOutput("stdout", false, func([]byte) error { return nil }), kernel.NewOutput("stderr", false, func([]byte) error { return nil }))
	l, err := n.Listen(p, 80)
	if err != nil {
		t.Fatal(err)
	}
	var flags abi.Fdflags
	if !blocking {
		flags = abi.FdflagNonblock
	}
	fd, _ := p.FDs.Insert(&kernel.FD{File: l, Rights: abi.RightsSocket, Flags: flags})
	p.FDs.ReserveSockets(4)
	return &sockEnv{k: k, n: n, p: p, l: l, fd: fd, m: make(mem, 64<<10)}
}

// conn makes an inbound connection, accepts it with flags and returns its
// fd and the outside end.
func (e *sockEnv) conn(t *testing.T, flags abi.Fdflags) (uint32, *knet.Conn) {
	t.Helper()
	out, err := e.n.Inbound(80, "127.0.0.1:5000")
	if err != nil {
		t.Fatal(err)
	}
	if errno := call(e.p, e.m, "sock_accept", uint64(e.fd), uint64(flags), outFD); errno != 0 {
		t.Fatalf("sock_accept: %v", errno)
	}
	return e.m.u32(outFD), out
}

func TestSockAccept(t *testing.T) {
	e := newSockEnv(t, false)
	if errno := call(e.p, e.m, "sock_accept", uint64(e.fd), 0, outFD); errno != abi.ErrnoAgain {
		t.Errorf("NONBLOCK listener, nothing pending: %v, want EAGAIN", errno)
	}
	if errno := call(e.p, e.m, "sock_accept", uint64(e.fd), uint64(abi.FdflagAppend), outFD); errno != abi.ErrnoInval {
		t.Errorf("flags other than NONBLOCK: %v, want EINVAL", errno)
	}
	if errno := call(e.p, e.m, "sock_accept", 0, 0, outFD); errno != abi.ErrnoNotsock {
		t.Errorf("on stdin: %v, want ENOTSOCK", errno)
	}
	if errno := call(e.p, e.m, "sock_accept", 99, 0, outFD); errno != abi.ErrnoBadf {
		t.Errorf("on a closed fd: %v, want EBADF", errno)
	}
	fd, _ := e.conn(t, abi.FdflagNonblock)
	if fd != 4 {
		t.Errorf("the connection is fd %d, want 4 (the first of the socket block)", fd)
	}
	if errno := call(e.p, e.m, "fd_fdstat_get", uint64(fd), outBuf); errno != 0 {
		t.Fatal(errno)
	}
	if ft := abi.Filetype(e.m[outBuf]); ft != abi.FiletypeSocketStream {
		t.Errorf("filetype %v, want SOCKET_STREAM", ft)
	}
	if fl := abi.Fdflags(e.m.u16(outBuf + 2)); fl != abi.FdflagNonblock {
		t.Errorf("fdflags %v, want NONBLOCK as asked", fl)
	}
	if r := abi.Rights(binary.LittleEndian.Uint64(e.m[outBuf+8:])); r != abi.RightsSocket {
		t.Errorf("rights %x, want RightsSocket", r)
	}
	if errno := call(e.p, e.m, "sock_accept", uint64(fd), 0, outFD); errno != abi.ErrnoInval {
		t.Errorf("accept on a connected socket: %v, want EINVAL", errno)
	}
	call(e.p, e.m, "fd_fdstat_set_rights", uint64(e.fd), uint64(abi.RightsSocket&^abi.RightSockAccept), 0)
	if errno := call(e.p, e.m, "sock_accept", uint64(e.fd), 0, outFD); errno != abi.ErrnoNotcapable {
		t.Errorf("without SOCK_ACCEPT: %v, want ENOTCAPABLE", errno)
	}
}

func TestSockAcceptBlocksUntilAConnection(t *testing.T) {
	e := newSockEnv(t, true)
	go func() {
		time.Sleep(50 * time.Millisecond)
		e.n.Inbound(80, "c")
	}()
	start := time.Now()
	if errno := call(e.p, e.m, "sock_accept", uint64(e.fd), 0, outFD); errno != 0 {
		t.Fatalf("sock_accept: %v", errno)
	}
	if el := time.Since(start); el < 40*time.Millisecond {
		t.Errorf("returned after %v, before the connection came", el)
	}
	go func() {
		time.Sleep(50 * time.Millisecond)
		e.p.Kill("test")
	}()
	if errno := call(e.p, e.m, "sock_accept", uint64(e.fd), 0, outFD); errno != wasi.Terminate {
		t.Errorf("killed while blocked: %v, want Terminate", errno)
	}
}

// recv calls sock_recv into buffers of sizes and returns what was received,
// its length and ro_flags.
func (e *sockEnv) recv(fd uint32, flags uint16, sizes ...uint32) (string, abi.Errno, uint16) {
	e.m[outFlg], e.m[outFlg+1] = 0xff, 0xff
	ptr, n := e.m.iovecs(sizes...)
	errno := call(e.p, e.m, "sock_recv", uint64(fd), ptr, n, uint64(flags), outN, outFlg)
	got := e.m.u32(outN)
	if errno != 0 {
		return "", errno, 0
	}
	return string(e.m[1024 : 1024+got]), errno, e.m.u16(outFlg)
}

func TestSockRecv(t *testing.T) {
	e := newSockEnv(t, false)
	fd, out := e.conn(t, abi.FdflagNonblock)
	if _, errno, _ := e.recv(fd, 0, 16); errno != abi.ErrnoAgain {
		t.Errorf("NONBLOCK, nothing to read: %v, want EAGAIN", errno)
	}
	out.Write([]byte("hello world"))
	if got, errno, fl := e.recv(fd, abi.RiflagRecvPeek, 5); got != "hello" || errno != 0 || fl != 0 {
		t.Errorf("PEEK: %q %v ro_flags %d", got, errno, fl)
	}
	if got, errno, fl := e.recv(fd, 0, 3, 20); got != "hello world" || errno != 0 || fl != 0 {
		t.Errorf("two iovecs: %q %v ro_flags %d", got, errno, fl)
	}
	if _, errno, _ := e.recv(fd, 4, 16); errno != abi.ErrnoInval {
		t.Errorf("unknown ri_flags: %v, want EINVAL", errno)
	}
	if _, errno, _ := e.recv(e.fd, 0, 16); errno != abi.ErrnoNotconn {
		t.Errorf("on the listener: %v, want ENOTCONN", errno)
	}
	if _, errno, _ := e.recv(0, 0, 16); errno != abi.ErrnoNotsock {
		t.Errorf("on stdin: %v, want ENOTSOCK", errno)
	}

	// Blocking, with WAITALL: the call waits until the buffers are full.
	call(e.p, e.m, "fd_fdstat_set_flags", uint64(fd), 0)
	go func() {
		out.Write([]byte("abc"))
		time.Sleep(30 * time.Millisecond)
		out.Write([]byte("defgh"))
	}()
	if got, errno, _ := e.recv(fd, abi.RiflagRecvWaitall, 4, 4); got != "abcdefgh" || errno != 0 {
		t.Errorf("WAITALL: %q %v", got, errno)
	}
	// Blocking, without WAITALL: what arrived first.
	go func() {
		time.Sleep(20 * time.Millisecond)
		out.Write([]byte("xy"))
	}()
	if got, errno, _ := e.recv(fd, 0, 8); got != "xy" || errno != 0 {
		t.Errorf("blocking recv: %q %v", got, errno)
	}
	// WAITALL stops at the end of the stream.
	out.Write([]byte("tail"))
	out.CloseWrite()
	if got, errno, _ := e.recv(fd, abi.RiflagRecvWaitall, 100); got != "tail" || errno != 0 {
		t.Errorf("WAITALL at the end: %q %v", got, errno)
	}
	if got, errno, _ := e.recv(fd, 0, 100); got != "" || errno != 0 {
		t.Errorf("at the end of the stream: %q %v, want 0 bytes", got, errno)
	}
	// Without FD_READ.
	call(e.p, e.m, "fd_fdstat_set_rights", uint64(fd), uint64(abi.RightsSocket&^abi.RightFdRead), 0)
	if _, errno, _ := e.recv(fd, 0, 1); errno != abi.ErrnoNotcapable {
		t.Errorf("without FD_READ: %v, want ENOTCAPABLE", errno)
	}
}

func TestSockSend(t *testing.T) {
	e := newSockEnv(t, false)
	fd, out := e.conn(t, 0)
	copy(e.m[1024:], "GET / HTTP/1.1\r\n")
	ptr, n := e.m.iovecs(4, 12)
	if errno := call(e.p, e.m, "sock_send", uint64(fd), ptr, n, 0, outN); errno != 0 || e.m.u32(outN) != 16 {
		t.Fatalf("sock_send: %v, %d bytes", errno, e.m.u32(outN))
	}
	buf := make([]byte, 16)
	if _, err := io.ReadFull(out, buf); err != nil || string(buf) != "GET / HTTP/1.1\r\n" {
		t.Errorf("outside read %q %v", buf, err)
	}
	if errno := call(e.p, e.m, "sock_send", uint64(e.fd), ptr, n, 0, outN); errno != abi.ErrnoNotconn {
		t.Errorf("on the listener: %v, want ENOTCONN", errno)
	}
	call(e.p, e.m, "sock_shutdown", uint64(fd), uint64(abi.SdflagWr))
	if errno := call(e.p, e.m, "sock_send", uint64(fd), ptr, n, 0, outN); errno != abi.ErrnoPipe {
		t.Errorf("after SHUT_WR: %v, want EPIPE", errno)
	}
	if _, err := out.Read(buf); err != io.EOF {
		t.Errorf("outside read after SHUT_WR: %v, want EOF", err)
	}
}

func TestSockShutdown(t *testing.T) {
	e := newSockEnv(t, false)
	fd, out := e.conn(t, abi.FdflagNonblock)
	for _, how := range []uint64{0, 4, 7} {
		if errno := call(e.p, e.m, "sock_shutdown", uint64(fd), how); errno != abi.ErrnoInval {
			t.Errorf("how=%d: %v, want EINVAL", how, errno)
		}
	}
	if errno := call(e.p, e.m, "sock_shutdown", 1, 3); errno != abi.ErrnoNotsock {
		t.Errorf("on stdout: %v, want ENOTSOCK", errno)
	}
	out.Write([]byte("unread"))
	if errno := call(e.p, e.m, "sock_shutdown", uint64(fd), uint64(abi.SdflagRd|abi.SdflagWr)); errno != 0 {
		t.Fatal(errno)
	}
	if got, errno, _ := e.recv(fd, 0, 16); got != "" || errno != 0 {
		t.Errorf("recv after SHUT_RD: %q %v, want the end of the stream", got, errno)
	}
	if _, err := out.Read(make([]byte, 1)); err != io.EOF {
		t.Errorf("outside read after SHUT_WR: %v", err)
	}
	// On the listener, as Linux: RD stops listening, WR does nothing.
	if errno := call(e.p, e.m, "sock_shutdown", uint64(e.fd), uint64(abi.SdflagWr)); errno != 0 {
		t.Errorf("SHUT_WR on the listener: %v", errno)
	}
	if errno := call(e.p, e.m, "sock_shutdown", uint64(e.fd), uint64(abi.SdflagRd)); errno != 0 {
		t.Errorf("SHUT_RD on the listener: %v", errno)
	}
	if _, err := e.n.Inbound(80, "c"); err != syscall.ECONNREFUSED {
		t.Errorf("a connection after the listener shut down: %v, want ECONNREFUSED", err)
	}
	if errno := call(e.p, e.m, "sock_accept", uint64(e.fd), 0, outFD); errno != abi.ErrnoInval {
		t.Errorf("accept after SHUT_RD: %v, want EINVAL", errno)
	}
	call(e.p, e.m, "fd_fdstat_set_rights", uint64(fd), uint64(abi.RightsSocket&^abi.RightSockShutdown), 0)
	if errno := call(e.p, e.m, "sock_shutdown", uint64(fd), 1); errno != abi.ErrnoNotcapable {
		t.Errorf("without SOCK_SHUTDOWN: %v, want ENOTCAPABLE", errno)
	}
}

func TestSocketAsAStream(t *testing.T) {
	e := newSockEnv(t, false)
	fd, out := e.conn(t, 0)
	out.Write([]byte("ping"))
	ptr, n := e.m.iovecs(16)
	if errno := call(e.p, e.m, "fd_read", uint64(fd), ptr, n, outN); errno != 0 || string(e.m[1024:1024+e.m.u32(outN)]) != "ping" {
		t.Errorf("fd_read: %v %q", errno, e.m[1024:1024+e.m.u32(outN)])
	}
	copy(e.m[1024:], "pong")
	ptr, n = e.m.iovecs(4)
	if errno := call(e.p, e.m, "fd_write", uint64(fd), ptr, n, outN); errno != 0 || e.m.u32(outN) != 4 {
		t.Errorf("fd_write: %v %d", errno, e.m.u32(outN))
	}
	buf := make([]byte, 4)
	if _, err := io.ReadFull(out, buf); string(buf) != "pong" || err != nil {
		t.Errorf("outside read %q %v", buf, err)
	}
	// fd_close closes the connection: the outside reads the end.
	if errno := call(e.p, e.m, "fd_close", uint64(fd)); errno != 0 {
		t.Fatal(errno)
	}
	if _, err := out.Read(buf); err != io.EOF {
		t.Errorf("outside read after fd_close: %v, want EOF", err)
	}
	if got := e.n.Open(); got != 0 {
		t.Errorf("%d sockets open after fd_close", got)
	}
	// The number goes back to the socket block: the next connection gets it.
	if fd2, _ := e.conn(t, 0); fd2 != fd {
		t.Errorf("the next connection is fd %d, want %d again", fd2, fd)
	}
}

// poll runs poll_oneoff on one fd subscription (kind: FdRead or FdWrite)
// and a relative clock of timeout, and returns the fd's event: its errno,
// nbytes and flags, and whether it was there.
func (e *sockEnv) poll(t *testing.T, fd uint32, kind abi.Eventtype, timeout time.Duration) (ready bool, nbytes uint64, flags uint16) {
	t.Helper()
	in := uint32(2048)
	sub := e.m[in : in+2*abi.SubscriptionSize]
	clear(sub)
	binary.LittleEndian.PutUint64(sub[0:], 1)
	sub[8] = byte(kind)
	binary.LittleEndian.PutUint32(sub[16:], fd)
	binary.LittleEndian.PutUint64(sub[48:], 2)
	sub[56] = byte(abi.EventtypeClock)
	binary.LittleEndian.PutUint32(sub[64:], uint32(abi.ClockMonotonic))
	binary.LittleEndian.PutUint64(sub[72:], uint64(timeout))
	out := uint32(4096)
	if errno := call(e.p, e.m, "poll_oneoff", uint64(in), uint64(out), 2, outN); errno != 0 {
		t.Fatalf("poll_oneoff: %v", errno)
	}
	for i := uint32(0); i < e.m.u32(outN); i++ {
		ev := e.m[out+i*abi.EventSize:]
		if binary.LittleEndian.Uint64(ev) == 1 {
			if errno := binary.LittleEndian.Uint16(ev[8:]); errno != 0 {
				t.Fatalf("event error %v", abi.Errno(errno))
			}
			return true, binary.LittleEndian.Uint64(ev[16:]), binary.LittleEndian.Uint16(ev[24:])
		}
	}
	return false, 0, 0
}

func TestPollOnSockets(t *testing.T) {
	e := newSockEnv(t, false)
	if ready, _, _ := e.poll(t, e.fd, abi.EventtypeFdRead, time.Millisecond); ready {
		t.Error("a listener with nothing pending polls readable")
	}
	outc := make(chan *knet.Conn, 1)
	go func() {
		time.Sleep(30 * time.Millisecond)
		out, _ := e.n.Inbound(80, "c")
		outc <- out
	}()
	if ready, nbytes, _ := e.poll(t, e.fd, abi.EventtypeFdRead, 5*time.Second); !ready || nbytes != 1 {
		t.Errorf("a listener with a connection pending: ready %v, %d pending", ready, nbytes)
	}
	call(e.p, e.m, "sock_accept", uint64(e.fd), 0, outFD)
	fd := e.m.u32(outFD)
	out := <-outc
	if ready, _, _ := e.poll(t, fd, abi.EventtypeFdRead, time.Millisecond); ready {
		t.Error("a socket with nothing to read polls readable")
	}
	if ready, _, flags := e.poll(t, fd, abi.EventtypeFdWrite, time.Millisecond); !ready || flags != 0 {
		t.Errorf("a socket with room: writable %v, flags %d", ready, flags)
	}
	go func() {
		time.Sleep(30 * time.Millisecond)
		out.Write([]byte("12345"))
	}()
	if ready, nbytes, flags := e.poll(t, fd, abi.EventtypeFdRead, 5*time.Second); !ready || nbytes != 5 || flags != 0 {
		t.Errorf("data arrived: ready %v, nbytes %d, flags %d", ready, nbytes, flags)
	}
	out.Close()
	if ready, _, flags := e.poll(t, fd, abi.EventtypeFdRead, time.Millisecond); !ready || flags != abi.EventFdReadwriteHangup {
		t.Errorf("the peer closed: ready %v, flags %d (want HANGUP)", ready, flags)
	}
}

func TestPrestatOfSockets(t *testing.T) {
	e := newSockEnv(t, false)
	for fd, want := range map[uint32]abi.Errno{e.fd: 0, 4: 0, 7: 0, 8: abi.ErrnoBadf, 0: abi.ErrnoBadf} {
		errno := call(e.p, e.m, "fd_prestat_get", uint64(fd), outBuf)
		if errno != want {
			t.Errorf("fd_prestat_get(%d): %v, want %v", fd, errno, want)
			continue
		}
		if errno == 0 && e.m[outBuf] != 1 {
			t.Errorf("fd_prestat_get(%d): type %d, want 1 (not a directory)", fd, e.m[outBuf])
		}
	}
	// The block's numbers look closed to everything else.
	if errno := call(e.p, e.m, "fd_fdstat_get", 5, outBuf); errno != abi.ErrnoBadf {
		t.Errorf("fd_fdstat_get on a free number of the block: %v, want EBADF", errno)
	}
	if errno := call(e.p, e.m, "fd_close", 5); errno != abi.ErrnoBadf {
		t.Errorf("fd_close on a free number of the block: %v, want EBADF", errno)
	}
}
