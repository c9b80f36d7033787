package wasi_test

import (
	"strconv"
	"syscall"
	"testing"

	"github.com/wasmrun/wasmrun/kernel"
	knet "github.com/wasmrun/wasmrun/kernel/net"
	"github.com/wasmrun/wasmrun/wasi"
	"github.com/wasmrun/wasmrun/wasi/abi"
)

// A guest with no socket functions (QuickJS: open, read, write, close and
// poll only) serving and calling itself over the VM's loopback through the
// names in /dev, opened with path_open as wasi-libc's open() opens them:
// listen, connect, accept, half-close, look a name up, and wait on many
// descriptors through one poll set. docs/network.md, "The guest interface".
func TestDevNamesGiveAGuestWithoutSocketFunctionsSockets(t *testing.T) {
	pol, err := knet.NewPolicy(knet.Config{BindPorts: "80"})
	if err != nil {
		t.Fatal(err)
	}
	p, root, m := devGuest(t, func(k *kernel.Kernel) { k.Net = knet.New(k, pol, nil) })
	open := func(path string, fdflags abi.Fdflags) (uint32, abi.Errno) {
		copy(m[2048:], path)
		errno := call(p, m, "path_open", uint64(root), 0, 2048, uint64(len(path)), 0,
			uint64(abi.RightFdRead|abi.RightFdWrite|abi.RightPollFdReadwrite), 0, uint64(fdflags), outFD)
		return m.u32(outFD), errno
	}
	write := func(fd uint32, s string) abi.Errno {
		copy(m[1024:], s)
		ptr, n := m.iovecs(uint32(len(s)))
		return call(p, m, "fd_write", uint64(fd), ptr, n, outN)
	}
	read := func(fd uint32) (string, abi.Errno) {
		ptr, n := m.iovecs(256)
		errno := call(p, m, "fd_read", uint64(fd), ptr, n, outN)
		return string(m[1024 : 1024+m.u32(outN)]), errno
	}
	nb := abi.FdflagNonblock

	lfd, errno := open("dev/tcp-listen/80", nb)
	if errno != 0 {
		t.Fatalf("listen: %v", errno)
	}
	if _, errno := open("dev/tcp-accept/80", nb); errno != abi.ErrnoAgain {
		t.Errorf("accept with nothing pending: %v, want EAGAIN", errno)
	}
	if _, errno := open("dev/tcp-accept/81", nb); errno != abi.ErrnoInval {
		t.Errorf("accept on a port the process does not listen on: %v, want EINVAL", errno)
	}
	cfd, errno := open("dev/tcp/localhost/80", nb)
	if errno != 0 {
		t.Fatalf("connect: %v", errno)
	}
	// One poll set for the listener and the client: the listener is ready
	// (a connection waits), the client is writable.
	pfd, errno := open("dev/poll", 0)
	if errno != 0 {
		t.Fatalf("open /dev/poll: %v", errno)
	}
	if errno := write(pfd, "+"+strconv.Itoa(int(lfd))+" r\n+"+strconv.Itoa(int(cfd))+" w\n"); errno != 0 {
		t.Fatalf("poll set write: %v", errno)
	}
	if got, errno := read(pfd); errno != 0 || got != strconv.Itoa(int(lfd))+" r\n"+strconv.Itoa(int(cfd))+" w\n" {
		t.Errorf("poll set lists %q, %v", got, errno)
	}
	afd, errno := open("dev/tcp-accept/80", nb)
	if errno != 0 {
		t.Fatalf("accept: %v", errno)
	}
	if errno := call(p, m, "fd_fdstat_get", uint64(afd), outBuf); errno != 0 || abi.Filetype(m[outBuf]) != abi.FiletypeSocketStream {
		t.Errorf("accepted: fd_fdstat_get %v, filetype %v; want a socket", errno, abi.Filetype(m[outBuf]))
	}
	if errno := write(cfd, "GET / HTTP/1.0\r\n\r\n"); errno != 0 {
		t.Fatal(errno)
	}
	// Half-close: the server reads the request, then the end of the stream,
	// and can still answer.
	sfd, errno := open("dev/sock/"+strconv.Itoa(int(cfd))+"/shutdown", 0)
	if errno != 0 {
		t.Fatalf("shutdown: %v", errno)
	}
	call(p, m, "fd_close", uint64(sfd))
	if got, errno := read(afd); errno != 0 || got != "GET / HTTP/1.0\r\n\r\n" {
		t.Errorf("server read %q, %v", got, errno)
	}
	if got, errno := read(afd); errno != 0 || got != "" {
		t.Errorf("server read %q, %v after the client's shutdown; want the end", got, errno)
	}
	if errno := write(afd, "HTTP/1.0 200 OK\r\n\r\n"); errno != 0 {
		t.Errorf("server answer: %v", errno)
	}
	if got, errno := read(cfd); errno != 0 || got != "HTTP/1.0 200 OK\r\n\r\n" {
		t.Errorf("client read %q, %v", got, errno)
	}
	// Names: localhost is the VM; nothing else resolves without a resolver.
	dfd, errno := open("dev/dns/localhost", 0)
	if errno != 0 {
		t.Fatalf("lookup localhost: %v", errno)
	}
	if got, _ := read(dfd); got != "127.0.0.1\n::1\n" {
		t.Errorf("lookup localhost read %q", got)
	}
	if _, errno := open("dev/dns/example.com", 0); errno != abi.ErrnoAcces {
		t.Errorf("lookup example.com without an allow rule: %v, want EACCES", errno)
	}
	// TLS to the VM's own port: its guests speak no TLS the kernel could
	// talk to, and the host's loopback is not allowed.
	if _, errno := open("dev/tls/localhost/80", nb); errno != abi.ErrnoConnrefused {
		t.Errorf("TLS to the VM's listener: %v, want ECONNREFUSED", errno)
	}
}

// The network's errors reach the guest as themselves: a TLS failure is
// EPROTO, a transport without TLS or lookups EPROTONOSUPPORT (not EIO).
func TestNetworkErrnos(t *testing.T) {
	for err, want := range map[error]abi.Errno{
		syscall.EPROTO:          abi.ErrnoProto,
		syscall.EPROTONOSUPPORT: abi.ErrnoProtonosupport,
		syscall.ECONNREFUSED:    abi.ErrnoConnrefused,
		syscall.EHOSTUNREACH:    abi.ErrnoHostunreach,
	} {
		if got := wasi.ErrnoOf(err); got != want {
			t.Errorf("ErrnoOf(%v) = %v, want %v", err, got, want)
		}
	}
}
