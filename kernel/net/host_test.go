//go:build !js

package net_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	gonet "net"
	"net/netip"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/wasmrun/wasmrun/kernel"
	knet "github.com/wasmrun/wasmrun/kernel/net"
	"github.com/wasmrun/wasmrun/kernel/net/nettest"
)

// waitFor polls cond for up to 5 seconds: the guest side of these tests is
// the test itself, which has no process to block.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// readAll reads the guest end of a connection to its end.
func readAll(t *testing.T, s kernel.Socket) string {
	t.Helper()
	var out []byte
	buf := make([]byte, 32<<10)
	waitFor(t, "the end of the stream", func() bool {
		n, err := s.TryRead(buf)
		out = append(out, buf[:n]...)
		return n == 0 && err == nil
	})
	return string(out)
}

// writeAll writes to the guest end of a connection, waiting for room.
func writeAll(t *testing.T, s kernel.Socket, p []byte) {
	t.Helper()
	waitFor(t, "room to write", func() bool {
		n, err := s.TryWrite(p)
		if err != nil && err != kernel.ErrWouldBlock {
			t.Fatalf("write: %v", err)
		}
		p = p[n:]
		return len(p) == 0
	})
}

func newHostEnv(t *testing.T, cfg knet.Config, tr *knet.HostTransport) (*env, *knet.Network) {
	t.Helper()
	e := newEnv(t, cfg)
	n := knet.New(e.k, e.n.Policy(), tr)
	e.k.Net = n
	return e, n
}

func TestForwardBridgesHostConnections(t *testing.T) {
	e, n := newHostEnv(t, knet.Config{}, &knet.HostTransport{})
	n.Policy().AllowBind(3000, "--listen 3000")
	l, err := n.ListenHost(3000)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := gonet.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go knet.Forward(n, ln, 3000)
	_ = e

	c, err := gonet.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	var s kernel.Socket
	waitFor(t, "the connection", func() bool {
		var err error
		s, err = l.TryAccept()
		return err == nil
	})
	// Client -> guest, with the client's half-close as the guest's EOF.
	c.Write([]byte("request"))
	c.(*gonet.TCPConn).CloseWrite()
	if got := readAll(t, s); got != "request" {
		t.Errorf("guest read %q", got)
	}
	// Guest -> client, larger than the buffers, then the guest closes.
	big := bytes.Repeat([]byte("0123456789"), 50_000)
	go func() {
		writeAll(t, s, big)
		s.Close()
	}()
	got, err := io.ReadAll(c)
	if err != nil || !bytes.Equal(got, big) {
		t.Errorf("client read %d bytes, %v; want %d", len(got), err, len(big))
	}
	c.Close()
	waitFor(t, "the connection to be released", func() bool { return n.Open() == 0 })
}

func TestForwardRefusesWhatTheKernelDoesNotTake(t *testing.T) {
	_, n := newHostEnv(t, knet.Config{}, &knet.HostTransport{})
	ln, err := gonet.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go knet.Forward(n, ln, 3000) // nothing listens on the guest's 3000
	c, err := gonet.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := c.Read(make([]byte, 1)); err == nil {
		t.Error("the connection was not closed")
	}
}

// connect opens an outbound connection and waits until it is made or failed.
func connect(t *testing.T, e *env, n *knet.Network, host string, port int) (kernel.Socket, error) {
	t.Helper()
	s, err := n.Connect(e.p, host, port)
	if err != nil {
		return nil, err
	}
	var cerr error
	waitFor(t, "the connection", func() bool {
		pending, err := s.ConnectState()
		cerr = err
		return !pending
	})
	return s, cerr
}

// hostResolver answers every name with fixed addresses.
type hostResolver map[string]string

func (r hostResolver) LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error) {
	if host == "slow.test" {
		<-ctx.Done()
		return nil, ctx.Err()
	}
	a, ok := r[host]
	if !ok {
		return nil, errors.New("no such host")
	}
	return []netip.Addr{netip.MustParseAddr(a)}, nil
}

func TestHostTransport(t *testing.T) {
	port := nettest.EchoServer(t)
	dns := hostResolver{"svc.test": "127.0.0.1", "rebind.test": "127.0.0.1"}
	e, n := newHostEnv(t, knet.Config{Allow: []string{"127.0.0.1/32", "svc.test", "*"}, ConnectionTimeoutSecs: 1}, &knet.HostTransport{Resolver: dns})

	t.Run("an allowed address, echoed", func(t *testing.T) {
		s, err := connect(t, e, n, "127.0.0.1", port)
		if err != nil {
			t.Fatal(err)
		}
		writeAll(t, s, []byte("ping"))
		s.Shutdown(false, true)
		if got := readAll(t, s); got != "ping" {
			t.Errorf("echo %q", got)
		}
		s.Close()
	})
	t.Run("a name, resolved by the host and checked again", func(t *testing.T) {
		s, err := connect(t, e, n, "svc.test", port)
		if err != nil {
			t.Fatal(err)
		}
		s.Close()
	})
	t.Run("a name allowed only by * that resolves to loopback", func(t *testing.T) {
		// "*" allows the name, but 127.0.0.1 is reached only through a rule
		// that names it, and "127.0.0.1/32" does: allowed. A policy without
		// that rule is the next case.
		s, err := connect(t, e, n, "rebind.test", port)
		if err != nil {
			t.Fatal(err)
		}
		s.Close()
	})
	t.Run("nothing listens", func(t *testing.T) {
		ln, _ := gonet.Listen("tcp", "127.0.0.1:0")
		closed := ln.Addr().(*gonet.TCPAddr).Port
		ln.Close()
		s, err := connect(t, e, n, "127.0.0.1", closed)
		if !errors.Is(err, syscall.ECONNREFUSED) {
			t.Errorf("%v, want ECONNREFUSED", err)
		}
		s.Close()
	})
	t.Run("connection_timeout_secs bounds the lookup and the connect", func(t *testing.T) {
		start := time.Now()
		s, err := connect(t, e, n, "slow.test", 80)
		if !errors.Is(err, syscall.ETIMEDOUT) {
			t.Errorf("%v, want ETIMEDOUT", err)
		}
		s.Close()
		if el := time.Since(start); el < 900*time.Millisecond || el > 4*time.Second {
			t.Errorf("the timeout took %v, want about 1s", el)
		}
	})

	e2, n2 := newHostEnv(t, knet.Config{Allow: []string{"*"}}, &knet.HostTransport{Resolver: dns})
	t.Run("rebinding into loopback is denied", func(t *testing.T) {
		s, err := connect(t, e2, n2, "rebind.test", port)
		if !errors.Is(err, syscall.EACCES) {
			t.Errorf("%v, want EACCES", err)
		}
		s.Close()
	})
	waitFor(t, "the connections to be released", func() bool { return n.Open() == 0 && n2.Open() == 0 })
}

func TestBandwidthLimit(t *testing.T) {
	// 0.8 Mbit/s is 100 kB/s each way.
	_, n := newHostEnv(t, knet.Config{BindPorts: "80", MaxBandwidthMbps: 0.8}, &knet.HostTransport{})
	l, _ := n.ListenHost(80)
	ln, _ := gonet.Listen("tcp", "127.0.0.1:0")
	defer ln.Close()
	go knet.Forward(n, ln, 80)
	c, err := gonet.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var s kernel.Socket
	waitFor(t, "the connection", func() bool { s, err = l.TryAccept(); return err == nil })
	payload := bytes.Repeat([]byte("x"), 60_000)
	start := time.Now()
	go func() {
		c.Write(payload)
		c.(*gonet.TCPConn).CloseWrite()
	}()
	if got := readAll(t, s); len(got) != len(payload) {
		t.Fatalf("read %d bytes", len(got))
	}
	// The first 16 KiB are the burst; the rest take at least 0.4 s.
	if el := time.Since(start); el < 350*time.Millisecond {
		t.Errorf("60 kB at 100 kB/s took %v", el)
	}
}

func TestForwardAddr(t *testing.T) {
	ln, _ := gonet.Listen("tcp", "127.0.0.1:0")
	defer ln.Close()
	want := "127.0.0.1:" + strconv.Itoa(ln.Addr().(*gonet.TCPAddr).Port) + " -> guest port 3000"
	if got := knet.ForwardAddr(ln, 3000); got != want {
		t.Errorf("%q, want %q", got, want)
	}
}
