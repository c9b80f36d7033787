package net_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/wasmrun/wasmrun/kernel"
	knet "github.com/wasmrun/wasmrun/kernel/net"
	"github.com/wasmrun/wasmrun/kernel/vfs"
	"github.com/wasmrun/wasmrun/kernel/vfs/memfs"
)

// fakeTransport records the dials it is asked for.
type fakeTransport struct {
	mu    sync.Mutex
	dials []knet.Dial
}

func (f *fakeTransport) Dial(d knet.Dial) {
	f.mu.Lock()
	f.dials = append(f.dials, d)
	f.mu.Unlock()
}

func (f *fakeTransport) last(t *testing.T) knet.Dial {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.dials) == 0 {
		t.Fatal("no dial reached the transport")
	}
	return f.dials[len(f.dials)-1]
}

// fakeResolver answers from a table.
type fakeResolver resolves

func (r fakeResolver) LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error) {
	a := resolves(r).addrs(host)
	if len(a) == 0 {
		return nil, errors.New("no such host")
	}
	return a, nil
}

// env is a kernel with a network and one process.
type env struct {
	k *kernel.Kernel
	n *knet.Network
	p *kernel.Process
	t *fakeTransport

	mu  sync.Mutex
	log []kernel.Entry
}

func newEnv(t *testing.T, cfg knet.Config) *env {
	t.Helper()
	k := kernel.New(kernel.Config{VFS: vfs.New(memfs.New(memfs.Options{}), vfs.MountOptions{}), Log: kernel.NewLogBus(256, kernel.LevelDebug)})
	pol, err := knet.NewPolicy(cfg)
	if err != nil {
		t.Fatal(err)
	}
	e := &env{k: k, t: &fakeTransport{}}
	e.n = knet.New(k, pol, e.t)
	k.Net = e.n
	k.Log.Subscribe(func(en kernel.Entry) {
		if en.Source == kernel.SourceNet {
			e.mu.Lock()
			e.log = append(e.log, en)
			e.mu.Unlock()
		}
	})
	e.p = k.Spawn(kernel.Spec{Argv: []string{"server"}})
	return e
}

// lastLog is the last decision logged.
func (e *env) lastLog(t *testing.T) kernel.Entry {
	t.Helper()
	e.mu.Lock()
	defer e.mu.Unlock()
	if len(e.log) == 0 {
		t.Fatal("no decision was logged")
	}
	return e.log[len(e.log)-1]
}

func TestListenFollowsBindPorts(t *testing.T) {
	e := newEnv(t, knet.Config{BindPorts: "8080,9000-9100"})
	if _, err := e.n.Listen(e.p, 3000); !errors.Is(err, syscall.EACCES) {
		t.Fatalf("listen on 3000 (not in bind_ports): %v, want EACCES", err)
	}
	en := e.lastLog(t)
	if en.Level != kernel.LevelWarn || en.PID != e.p.PID || en.Fields["decision"] != "denied" || en.Fields["op"] != "listen" ||
		en.Fields["target"] != ":3000" || en.Fields["by"] != "pid 1 (server)" || !strings.Contains(en.Fields["rule"], "bind_ports") {
		t.Errorf("log entry %+v", en)
	}
	l, err := e.n.Listen(e.p, 9000)
	if err != nil {
		t.Fatal(err)
	}
	if en := e.lastLog(t); en.Fields["decision"] != "allowed" || en.Level != kernel.LevelInfo {
		t.Errorf("log entry %+v", en)
	}
	if _, err := e.n.Listen(e.p, 9000); !errors.Is(err, syscall.EADDRINUSE) {
		t.Errorf("second listen on 9000: %v, want EADDRINUSE", err)
	}
	l.Close()
	l2, err := e.n.Listen(e.p, 9000)
	if err != nil {
		t.Fatalf("listen after close: %v", err)
	}
	l2.Close()
}

func TestListenOnPortZeroTakesTheLowestFreeBindPort(t *testing.T) {
	e := newEnv(t, knet.Config{BindPorts: "9001-9002,8080"})
	var got []int
	for range 3 {
		l, err := e.n.Listen(e.p, 0)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, l.(*knet.Listener).Port())
		if a := l.(*knet.Listener).Addrs(); a.Local != "0.0.0.0:"+strconv.Itoa(got[len(got)-1]) || a.Remote != "" {
			t.Errorf("addrs %+v", a)
		}
	}
	if !slices.Equal(got, []int{8080, 9001, 9002}) {
		t.Errorf("ports %v, want 8080, 9001, 9002", got)
	}
	if _, err := e.n.Listen(e.p, 0); !errors.Is(err, syscall.EADDRINUSE) {
		t.Errorf("listen on 0 with every bind port taken: %v, want EADDRINUSE", err)
	}
	if en := e.lastLog(t); en.Fields["decision"] != "denied" || en.Fields["target"] != ":0" {
		t.Errorf("log entry %+v", en)
	}

	none := newEnv(t, knet.Config{})
	if _, err := none.n.Listen(none.p, 0); !errors.Is(err, syscall.EACCES) {
		t.Errorf("listen on 0 without bind_ports: %v, want EACCES", err)
	}
}

func TestHostListenerIsShared(t *testing.T) {
	e := newEnv(t, knet.Config{})
	e.n.Policy().AllowBind(3000, "--listen 3000")
	hl, err := e.n.ListenHost(3000)
	if err != nil {
		t.Fatal(err)
	}
	gl, err := e.n.Listen(e.p, 3000)
	if err != nil {
		t.Fatalf("a guest listening on the forwarded port: %v", err)
	}
	if gl != kernel.Listener(hl) {
		t.Error("the guest got another listener than the host's")
	}
	gl.Close() // the guest lets go; the host still holds it
	if _, err := e.n.Inbound(3000, "127.0.0.1:5555"); err != nil {
		t.Errorf("inbound after the guest closed its hold: %v", err)
	}
	hl.Close()
	if _, err := e.n.Inbound(3000, "127.0.0.1:5555"); !errors.Is(err, syscall.ECONNREFUSED) {
		t.Errorf("inbound with no listener: %v, want ECONNREFUSED", err)
	}
}

// accept takes a connection from l, failing the test when there is none.
func accept(t *testing.T, l kernel.Listener) kernel.Socket {
	t.Helper()
	s, err := l.TryAccept()
	if err != nil {
		t.Fatalf("accept: %v", err)
	}
	return s
}

func TestInboundConnection(t *testing.T) {
	e := newEnv(t, knet.Config{BindPorts: "80"})
	l, _ := e.n.Listen(e.p, 80)
	if _, err := l.TryAccept(); err != kernel.ErrWouldBlock {
		t.Fatalf("accept on an empty listener: %v", err)
	}
	if n, canRead, _, _ := l.Readiness(); n != 0 || canRead {
		t.Errorf("empty listener readiness %d %v", n, canRead)
	}
	out, err := e.n.Inbound(80, "127.0.0.1:4000")
	if err != nil {
		t.Fatal(err)
	}
	if n, canRead, _, _ := l.Readiness(); n != 1 || !canRead {
		t.Errorf("listener with a pending connection: %d %v", n, canRead)
	}
	s := accept(t, l)
	if got := s.Name(); got != "tcp :80 <- 127.0.0.1:4000" {
		t.Errorf("name %q", got)
	}

	// outside -> guest
	if _, err := out.Write([]byte("GET / HTTP/1.1\r\n\r\n")); err != nil {
		t.Fatal(err)
	}
	readable, canRead, canWrite, hangup := s.Readiness()
	if readable != 18 || !canRead || !canWrite || hangup {
		t.Errorf("readiness %d %v %v %v", readable, canRead, canWrite, hangup)
	}
	buf := make([]byte, 4)
	if n, _ := s.TryPeek(buf); string(buf[:n]) != "GET " {
		t.Errorf("peek %q", buf[:n])
	}
	all := make([]byte, 64)
	n, err := s.TryRead(all)
	if err != nil || string(all[:n]) != "GET / HTTP/1.1\r\n\r\n" {
		t.Errorf("read %q, %v", all[:n], err)
	}
	if _, err := s.TryRead(all); err != kernel.ErrWouldBlock {
		t.Errorf("read with nothing there: %v", err)
	}

	// guest -> outside, then the guest shuts down writing: EOF outside.
	if _, err := s.TryWrite([]byte("HTTP/1.1 200 OK\r\n\r\n")); err != nil {
		t.Fatal(err)
	}
	if err := s.Shutdown(false, true); err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(out)
	if err != nil || string(got) != "HTTP/1.1 200 OK\r\n\r\n" {
		t.Errorf("outside read %q, %v", got, err)
	}
	if _, err := s.TryWrite([]byte("x")); !errors.Is(err, syscall.EPIPE) {
		t.Errorf("write after shutdown: %v, want EPIPE", err)
	}

	// The outside closes: the guest reads EOF, with hangup.
	out.Close()
	if n, err := s.TryRead(all); n != 0 || err != nil {
		t.Errorf("read after the peer closed: %d, %v (want 0, nil)", n, err)
	}
	if _, canRead, _, hangup := s.Readiness(); !canRead || !hangup {
		t.Errorf("readiness after the peer closed: canRead %v hangup %v", canRead, hangup)
	}
	s.Close()
	if got := e.n.Open(); got != 0 {
		t.Errorf("%d sockets open after both ends closed", got)
	}
}

func TestShutdownRead(t *testing.T) {
	e := newEnv(t, knet.Config{BindPorts: "80"})
	l, _ := e.n.Listen(e.p, 80)
	out, _ := e.n.Inbound(80, "c")
	s := accept(t, l)
	out.Write([]byte("dropped"))
	if err := s.Shutdown(true, false); err != nil {
		t.Fatal(err)
	}
	if n, err := s.TryRead(make([]byte, 8)); n != 0 || err != nil {
		t.Errorf("read after SHUT_RD: %d, %v; want end of stream", n, err)
	}
	if n, err := out.Write([]byte("more")); n != 4 || err != nil {
		t.Errorf("the peer's write after SHUT_RD: %d, %v; want it accepted and dropped", n, err)
	}
	// Writing still works.
	if _, err := s.TryWrite([]byte("reply")); err != nil {
		t.Errorf("write after SHUT_RD: %v", err)
	}
}

func TestGuestCloseIsSeenOutside(t *testing.T) {
	e := newEnv(t, knet.Config{BindPorts: "80"})
	l, _ := e.n.Listen(e.p, 80)
	out, _ := e.n.Inbound(80, "c")
	s := accept(t, l)
	s.TryWrite([]byte("last words"))
	s.Close()
	select {
	case <-out.PeerDone():
	default:
		t.Error("PeerDone is not closed after the guest closed")
	}
	got, err := io.ReadAll(out)
	if err != nil || string(got) != "last words" {
		t.Errorf("outside read %q, %v", got, err)
	}
	if _, err := out.Write([]byte("x")); !errors.Is(err, syscall.EPIPE) {
		t.Errorf("outside write after the guest closed: %v, want EPIPE", err)
	}
}

func TestBackpressure(t *testing.T) {
	e := newEnv(t, knet.Config{BindPorts: "80"})
	l, _ := e.n.Listen(e.p, 80)
	out, _ := e.n.Inbound(80, "c")
	s := accept(t, l)
	chunk := bytes.Repeat([]byte("x"), 1000)
	total := 0
	for {
		n, err := s.TryWrite(chunk)
		total += n
		if err == kernel.ErrWouldBlock {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if total != knet.SocketBuffer {
		t.Errorf("wrote %d bytes before EAGAIN, want %d", total, knet.SocketBuffer)
	}
	if _, _, canWrite, _ := s.Readiness(); canWrite {
		t.Error("writable with a full buffer")
	}
	// A blocked host-side writer is woken by the guest reading.
	done := make(chan error)
	go func() {
		_, err := out.Write(bytes.Repeat([]byte("y"), 2*knet.SocketBuffer))
		done <- err
	}()
	got := 0
	buf := make([]byte, 4096)
	deadline := time.Now().Add(5 * time.Second)
	for got < 2*knet.SocketBuffer && time.Now().Before(deadline) {
		n, err := s.TryRead(buf)
		if err == kernel.ErrWouldBlock {
			time.Sleep(time.Millisecond)
			continue
		}
		got += n
	}
	if err := <-done; err != nil || got != 2*knet.SocketBuffer {
		t.Errorf("read %d of %d, writer %v", got, 2*knet.SocketBuffer, err)
	}
}

func TestBacklogIsBounded(t *testing.T) {
	e := newEnv(t, knet.Config{BindPorts: "80", MaxConnections: 1000})
	l, _ := e.n.Listen(e.p, 80)
	for i := 0; i < knet.Backlog; i++ {
		if _, err := e.n.Inbound(80, "c"); err != nil {
			t.Fatalf("connection %d: %v", i, err)
		}
	}
	if _, err := e.n.Inbound(80, "c"); !errors.Is(err, syscall.ECONNREFUSED) {
		t.Errorf("past the backlog: %v, want ECONNREFUSED", err)
	}
	// Shutting the listener down refuses what waits and frees the port.
	if err := l.Shutdown(true, false); err != nil {
		t.Fatal(err)
	}
	if _, err := l.TryAccept(); !errors.Is(err, syscall.EINVAL) {
		t.Errorf("accept after shutdown: %v, want EINVAL", err)
	}
	if got := e.n.Open(); got != 0 {
		t.Errorf("%d sockets still counted after the queue was refused", got)
	}
}

func TestMaxConnections(t *testing.T) {
	e := newEnv(t, knet.Config{BindPorts: "80", MaxConnections: 2, Allow: []string{"*"}})
	l, _ := e.n.Listen(e.p, 80)
	a, _ := e.n.Inbound(80, "a")
	if _, err := e.n.Inbound(80, "b"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.n.Inbound(80, "c"); !errors.Is(err, syscall.ENFILE) {
		t.Errorf("a third inbound connection: %v, want ENFILE", err)
	}
	if en := e.lastLog(t); en.Fields["decision"] != "denied" || !strings.Contains(en.Fields["rule"], "max_connections 2") {
		t.Errorf("log entry %+v", en)
	}
	if _, err := e.n.Connect(e.p, "93.184.216.34", 443); !errors.Is(err, syscall.ENFILE) {
		t.Errorf("an outbound connection at the limit: %v, want ENFILE", err)
	}
	// Closing one (the guest end) makes room.
	s := accept(t, l)
	s.Close()
	a.Close()
	if _, err := e.n.Inbound(80, "d"); err != nil {
		t.Errorf("after one closed: %v", err)
	}
}

func TestConnectDenied(t *testing.T) {
	e := newEnv(t, knet.Config{Allow: []string{"api.example.com:443"}})
	for _, tt := range []struct {
		host string
		port int
		err  error
		rule string
	}{
		{"evil.example.com", 443, syscall.EACCES, "default: isolation"},
		{"api.example.com", 80, syscall.EACCES, "default: isolation"},
		{"10.0.0.1", 80, syscall.EACCES, "default: private addresses"},
		{"127.0.0.1", 8080, syscall.ECONNREFUSED, "default: loopback addresses"}, // nothing listens in the VM
		{"localhost", 8080, syscall.ECONNREFUSED, "default: loopback addresses"},
	} {
		_, err := e.n.Connect(e.p, tt.host, tt.port)
		if !errors.Is(err, tt.err) {
			t.Errorf("connect %s:%d: %v, want %v", tt.host, tt.port, err, tt.err)
			continue
		}
		en := e.lastLog(t)
		if en.Fields["decision"] != "denied" || en.Fields["op"] != "connect" || en.Fields["rule"] != tt.rule || en.Fields["by"] != "pid 1 (server)" {
			t.Errorf("connect %s:%d logged %+v", tt.host, tt.port, en.Fields)
		}
	}
	if len(e.t.dials) != 0 {
		t.Errorf("denied connections reached the transport: %v", e.t.dials)
	}
}

func TestConnectChecksResolvedAddresses(t *testing.T) {
	e := newEnv(t, knet.Config{Allow: []string{"*"}})
	dns := fakeResolver{"example.com": {"93.184.216.34"}, "rebind.attacker.net": {"10.0.0.7", "169.254.169.254"}, "both.attacker.net": {"127.0.0.1", "93.184.216.36"}}
	for _, tt := range []struct {
		host  string
		addrs string // what Addresses keeps
		err   error
	}{
		{"example.com", "[93.184.216.34]", nil},
		{"rebind.attacker.net", "", syscall.EACCES},
		{"both.attacker.net", "[93.184.216.36]", nil},
		{"unknown.example", "", syscall.EHOSTUNREACH},
		{"93.184.216.99", "[93.184.216.99]", nil},
	} {
		s, err := e.n.Connect(e.p, tt.host, 443)
		if err != nil {
			t.Fatalf("connect %s: %v", tt.host, err)
		}
		if pending, _ := s.ConnectState(); !pending {
			t.Errorf("%s: not connecting before the transport answered", tt.host)
		}
		d := e.t.last(t)
		if d.Host != tt.host || d.Port != 443 || d.Timeout != knet.DefaultConnectTimeout {
			t.Errorf("dial %+v", d)
		}
		addrs, err := d.Addresses(context.Background(), dns)
		if tt.err != nil {
			if !errors.Is(err, tt.err) {
				t.Errorf("%s: %v, %v; want %v", tt.host, addrs, err, tt.err)
			}
			s.Close()
			continue
		}
		var ss []string
		for _, a := range addrs {
			ss = append(ss, a.String())
		}
		if got := "[" + strings.Join(ss, " ") + "]"; err != nil || got != tt.addrs {
			t.Errorf("%s: addresses %s, %v; want %s", tt.host, got, err, tt.addrs)
		}
		s.Close()
	}
	// Each address was a logged decision.
	var resolved []string
	for _, en := range e.log {
		if en.Fields["op"] == "resolve" {
			resolved = append(resolved, en.Fields["decision"]+" "+en.Fields["target"]+" "+en.Fields["rule"])
		}
	}
	want := []string{
		`allowed example.com:443 = 93.184.216.34 "*" (wasmrun.toml)`,
		"denied rebind.attacker.net:443 = 10.0.0.7 default: private addresses",
		"denied rebind.attacker.net:443 = 169.254.169.254 default: metadata addresses",
		"denied both.attacker.net:443 = 127.0.0.1 default: loopback addresses",
		`allowed both.attacker.net:443 = 93.184.216.36 "*" (wasmrun.toml)`,
		"denied unknown.example:443 lookup",
	}
	if strings.Join(resolved, "\n") != strings.Join(want, "\n") {
		t.Errorf("resolve decisions:\n%s\nwant:\n%s", strings.Join(resolved, "\n"), strings.Join(want, "\n"))
	}
}

func TestConnectThroughTheTransport(t *testing.T) {
	e := newEnv(t, knet.Config{Allow: []string{"93.184.0.0/16"}})
	s, err := e.n.Connect(e.p, "93.184.216.34", 80)
	if err != nil {
		t.Fatal(err)
	}
	if _, canRead, canWrite, _ := s.Readiness(); canRead || canWrite {
		t.Error("ready while connecting")
	}
	if _, err := s.TryWrite([]byte("x")); err != kernel.ErrWouldBlock {
		t.Errorf("write while connecting: %v", err)
	}
	out := e.t.last(t).Conn
	if err := out.Established(); err != nil {
		t.Fatal(err)
	}
	if pending, err := s.ConnectState(); pending || err != nil {
		t.Errorf("after Established: %v %v", pending, err)
	}
	s.TryWrite([]byte("ping"))
	buf := make([]byte, 4)
	if _, err := io.ReadFull(out, buf); err != nil || string(buf) != "ping" {
		t.Errorf("outside read %q %v", buf, err)
	}

	// A connection that fails reports why.
	s2, _ := e.n.Connect(e.p, "93.184.216.35", 80)
	e.t.last(t).Conn.Fail(syscall.ECONNREFUSED)
	if pending, err := s2.ConnectState(); pending || !errors.Is(err, syscall.ECONNREFUSED) {
		t.Errorf("after Fail: %v %v", pending, err)
	}
	if _, err := s2.TryRead(buf); !errors.Is(err, syscall.ECONNREFUSED) {
		t.Errorf("read after Fail: %v", err)
	}
	if _, canRead, canWrite, hangup := s2.Readiness(); !canRead || !canWrite || !hangup {
		t.Error("a failed connection is not ready with hangup")
	}
}

func TestConnectToTheVMsOwnListener(t *testing.T) {
	e := newEnv(t, knet.Config{BindPorts: "3000"})
	l, _ := e.n.Listen(e.p, 3000)
	client := e.k.Spawn(kernel.Spec{Argv: []string{"client"}})
	for _, host := range []string{"localhost", "127.0.0.1", "::1", "[::1]"} {
		c, err := e.n.Connect(client, strings.Trim(host, "[]"), 3000)
		if err != nil {
			t.Fatalf("connect %s: %v", host, err)
		}
		if en := e.lastLog(t); en.Fields["rule"] != "loopback" || en.PID != client.PID {
			t.Errorf("logged %+v", en)
		}
		srv := accept(t, l)
		c.TryWrite([]byte("hi"))
		buf := make([]byte, 2)
		if n, _ := srv.TryRead(buf); string(buf[:n]) != "hi" {
			t.Errorf("%s: server read %q", host, buf[:n])
		}
		srv.TryWrite([]byte("yo"))
		if n, _ := c.TryRead(buf); string(buf[:n]) != "yo" {
			t.Errorf("%s: client read %q", host, buf[:n])
		}
		c.Close()
		if n, err := srv.TryRead(buf); n != 0 || err != nil {
			t.Errorf("server read after the client closed: %d %v", n, err)
		}
		srv.Close()
	}
	if got := e.n.Open(); got != 0 {
		t.Errorf("%d sockets counted after all closed", got)
	}
	if len(e.t.dials) != 0 {
		t.Error("a connection inside the VM went to the transport")
	}
}

func TestBucket(t *testing.T) {
	if got, wait := (*knet.Bucket)(nil).Take(1 << 20); got != 1<<20 || wait != 0 {
		t.Errorf("a nil bucket limits: %d %v", got, wait)
	}
	b := knet.NewBucket(1 << 20) // 1 MiB/s: a burst of 100 KiB
	got, _ := b.Take(1 << 20)
	if got < 100<<10 || got > 110<<10 {
		t.Errorf("first take %d, want the burst of about 100 KiB", got)
	}
	if got, wait := b.Take(1000); got > 100 || got == 0 && wait <= 0 {
		t.Errorf("take from an empty bucket: %d, wait %v", got, wait)
	}
	start := time.Now()
	total := 0
	for total < 200<<10 {
		total += b.Wait(64 << 10)
	}
	if el := time.Since(start); el < 150*time.Millisecond {
		t.Errorf("200 KiB at 1 MiB/s took %v", el)
	}
}
