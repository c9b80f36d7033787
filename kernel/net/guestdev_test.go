package net_test

import (
	"errors"
	"io/fs"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/wasmrun/wasmrun/kernel"
	knet "github.com/wasmrun/wasmrun/kernel/net"
)

// The names in /dev that give guests without socket functions (QuickJS, the
// Node layer) what sock_accept, sock_shutdown, getaddrinfo and epoll give
// others, opened as path_open opens them: DevFS.OpenFile, then
// SocketRequest.OpenFor with the calling process. docs/network.md, "The
// guest interface". wasi/sock_dev_test.go opens them through path_open.

// openDev opens /dev/NAME for p as path_open does.
func openDev(t *testing.T, k *kernel.Kernel, p *kernel.Process, name string, nonblock bool) (kernel.File, error) {
	t.Helper()
	f, err := kernel.NewDevFS(k).OpenFile(name, 0, 0)
	if err != nil {
		return nil, err
	}
	r, ok := f.(*kernel.SocketRequest)
	if !ok {
		t.Fatalf("/dev/%s opened as %T, not a socket request", name, f)
	}
	return r.OpenFor(p, nonblock)
}

func TestAcceptDeviceTakesFromTheCallersListener(t *testing.T) {
	e := newEnv(t, knet.Config{BindPorts: "3000"})
	if _, err := openDev(t, e.k, e.p, "tcp-accept/3000", true); !errors.Is(err, syscall.EINVAL) {
		t.Fatalf("accept with no listener: %v, want EINVAL", err)
	}
	l, err := openDev(t, e.k, e.p, "tcp-listen/3000", true)
	if err != nil {
		t.Fatal(err)
	}
	e.p.FDs.Insert(&kernel.FD{File: l})
	if _, err := openDev(t, e.k, e.p, "tcp-accept/3000", true); !errors.Is(err, syscall.EAGAIN) {
		t.Fatalf("accept, nothing pending, NONBLOCK: %v, want EAGAIN", err)
	}
	other := e.k.Spawn(kernel.Spec{Argv: []string{"other"}})
	out, err := e.n.Inbound(3000, "127.0.0.1:5000")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := openDev(t, e.k, other, "tcp-accept/3000", true); !errors.Is(err, syscall.EINVAL) {
		t.Errorf("accept by a process without the listener: %v, want EINVAL", err)
	}
	c, err := openDev(t, e.k, e.p, "tcp-accept/3000", true)
	if err != nil {
		t.Fatal(err)
	}
	s, ok := c.(kernel.Socket)
	if !ok {
		t.Fatalf("accepted %T, not a socket", c)
	}
	out.Write([]byte("ping"))
	buf := make([]byte, 8)
	if n, err := s.TryRead(buf); err != nil || string(buf[:n]) != "ping" {
		t.Errorf("read %q, %v", buf[:n], err)
	}
	// Blocking: waits for the next connection.
	go e.n.Inbound(3000, "127.0.0.1:5001")
	if c, err := openDev(t, e.k, e.p, "tcp-accept/3000", false); err != nil || c == nil {
		t.Errorf("blocking accept: %v", err)
	}
}

func TestShutdownDeviceEndsWriting(t *testing.T) {
	e := newEnv(t, knet.Config{BindPorts: "3000"})
	l, err := e.n.Listen(e.p, 3000)
	if err != nil {
		t.Fatal(err)
	}
	client, err := e.n.Connect(e.p, "localhost", 3000)
	if err != nil {
		t.Fatal(err)
	}
	server, err := l.TryAccept()
	if err != nil {
		t.Fatal(err)
	}
	fd, _ := e.p.FDs.Insert(&kernel.FD{File: client})
	client.TryWrite([]byte("last words"))
	f, err := openDev(t, e.k, e.p, "sock/"+itoa(fd)+"/shutdown", false)
	if err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	f.Close()
	buf := make([]byte, 32)
	n, _ := server.TryRead(buf)
	if string(buf[:n]) != "last words" {
		t.Errorf("the peer read %q", buf[:n])
	}
	if n, err := server.TryRead(buf); n != 0 || err != nil {
		t.Errorf("after the shutdown the peer reads %d, %v; want the end of the stream", n, err)
	}
	if _, err := client.TryWrite([]byte("x")); !errors.Is(err, syscall.EPIPE) {
		t.Errorf("write after shutdown: %v, want EPIPE", err)
	}
	if _, err := server.TryWrite([]byte("reply")); err != nil {
		t.Errorf("the other direction is still open: %v", err)
	}
	stdin, _ := e.p.FDs.Insert(&kernel.FD{File: kernel.NewInput("stdin", false, e.k.Events)})
	for name, want := range map[string]error{"sock/" + itoa(stdin) + "/shutdown": syscall.ENOTSOCK, "sock/99/shutdown": syscall.EBADF} {
		if _, err := openDev(t, e.k, e.p, name, false); !errors.Is(err, want) {
			t.Errorf("/dev/%s: %v, want %v", name, err, want)
		}
	}
	if _, err := kernel.NewDevFS(e.k).OpenFile("sock/3/close", 0, 0); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("sock/3/close: %v, want ENOENT", err)
	}
}

// resolvingTransport is a transport that resolves names from a table.
type resolvingTransport struct {
	fakeTransport
	fakeResolver
}

func TestLookupDeviceResolvesUnderThePolicy(t *testing.T) {
	e := newEnv(t, knet.Config{Allow: []string{"*.example.com", "api.example.org:443"}})
	tr := &resolvingTransport{fakeResolver: fakeResolver{
		"www.example.com":     {"93.184.216.34", "2606:2800:220:1::1"},
		"api.example.org":     {"93.184.216.35"},
		"inside.example.com":  {"10.0.0.7"},
		"partly.example.com":  {"10.0.0.8", "93.184.216.36"},
		"nowhere.example.com": {},
	}}
	n := knet.New(e.k, e.n.Policy(), tr)
	e.k.Net = n
	for _, tt := range []struct {
		name string
		want string
		err  error
	}{
		{"localhost", "127.0.0.1\n::1\n", nil},
		{"93.184.216.99", "93.184.216.99\n", nil},
		{"www.example.com", "93.184.216.34\n2606:2800:220:1::1\n", nil},
		{"api.example.org", "93.184.216.35\n", nil}, // allowed on one port: may be looked up
		{"partly.example.com", "93.184.216.36\n", nil},
		{"inside.example.com", "", syscall.EACCES},        // resolves only to a private address
		{"nowhere.example.com", "", syscall.EHOSTUNREACH}, // does not resolve
		{"evil.example.net", "", syscall.EACCES},          // no rule names it
	} {
		f, err := openDev(t, e.k, e.p, "dns/"+tt.name, false)
		if tt.err != nil {
			if !errors.Is(err, tt.err) {
				t.Errorf("lookup %s: %v, want %v", tt.name, err, tt.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("lookup %s: %v", tt.name, err)
			continue
		}
		buf := make([]byte, 256)
		n, err := f.(kernel.Stream).TryRead(buf)
		if err != nil || string(buf[:n]) != tt.want {
			t.Errorf("lookup %s read %q, %v; want %q", tt.name, buf[:n], err, tt.want)
		}
	}
	// NONBLOCK: the open returns at once, and the lookup polls readable
	// once answered.
	f, err := openDev(t, e.k, e.p, "dns/www.example.com", true)
	if err != nil {
		t.Fatal(err)
	}
	s := f.(kernel.Stream)
	deadline := time.Now().Add(5 * time.Second)
	for _, canRead, _, _ := s.Readiness(); !canRead; _, canRead, _, _ = s.Readiness() {
		if time.Now().After(deadline) {
			t.Fatal("the lookup was not answered")
		}
		time.Sleep(time.Millisecond)
	}
	buf := make([]byte, 256)
	if n, _ := s.TryRead(buf); !strings.HasPrefix(string(buf[:n]), "93.184.216.34\n") {
		t.Errorf("non-blocking lookup read %q", buf[:n])
	}
	if n, err := s.TryRead(buf); n != 0 || err != nil {
		t.Errorf("after the answer: %d, %v; want the end", n, err)
	}
	// A transport that cannot resolve cannot answer lookups.
	e.k.Net = knet.New(e.k, e.n.Policy(), &fakeTransport{})
	if _, err := openDev(t, e.k, e.p, "dns/www.example.com", false); !errors.Is(err, syscall.EPROTONOSUPPORT) {
		t.Errorf("lookup without a resolver: %v, want EPROTONOSUPPORT", err)
	}
}

func TestTLSDeviceAsksTheTransportForTLS(t *testing.T) {
	e := newEnv(t, knet.Config{Allow: []string{"api.example.com:443"}, BindPorts: "443"})
	if _, err := e.n.Listen(e.p, 443); err != nil {
		t.Fatal(err)
	}
	if _, err := openDev(t, e.k, e.p, "tls/api.example.com/443", true); err != nil {
		t.Fatal(err)
	}
	if d := e.t.last(t); !d.TLS || d.Host != "api.example.com" || d.Port != 443 {
		t.Errorf("dial %+v, want TLS to api.example.com:443", d)
	}
	if _, err := openDev(t, e.k, e.p, "tcp/api.example.com/443", true); err != nil {
		t.Fatal(err)
	}
	if d := e.t.last(t); d.TLS {
		t.Error("/dev/tcp dialled with TLS")
	}
	// The VM's own listener speaks no TLS: localhost goes through the
	// policy, which leaves the host's loopback closed.
	if _, err := openDev(t, e.k, e.p, "tls/localhost/443", true); !errors.Is(err, syscall.ECONNREFUSED) {
		t.Errorf("TLS to the VM's own listener: %v, want ECONNREFUSED", err)
	}
	if _, err := openDev(t, e.k, e.p, "tls/evil.example.net/443", true); !errors.Is(err, syscall.EACCES) {
		t.Errorf("TLS to a host no rule names: %v, want EACCES", err)
	}
}

func itoa(fd uint32) string { return strconv.FormatUint(uint64(fd), 10) }
