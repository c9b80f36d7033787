package net_test

import (
	"errors"
	"fmt"
	"net/netip"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/wasmrun/wasmrun/kernel"
	knet "github.com/wasmrun/wasmrun/kernel/net"
	"github.com/wasmrun/wasmrun/kernel/vfs"
	"github.com/wasmrun/wasmrun/kernel/vfs/memfs"
)

// outside records what a Relay sends, one line per message.
type outside struct{ msgs []string }

func (o *outside) add(f string, a ...any)         { o.msgs = append(o.msgs, fmt.Sprintf(f, a...)) }
func (o *outside) Data(id string, b []byte)       { o.add("data %s %q", id, b) }
func (o *outside) End(id string)                  { o.add("end %s", id) }
func (o *outside) Close(id string, err error)     { o.add("close %s %s", id, knet.ErrnoName(err)) }
func (o *outside) Ack(id string, n int)           { o.add("ack %s %d", id, n) }
func (o *outside) Resolve(id, host string, p int) { o.add("resolve %s %s:%d", id, host, p) }
func (o *outside) Dial(id, host string, port int, addrs []netip.Addr, _ time.Duration, tls bool) {
	o.add("dial %s %s:%d %v tls=%v", id, host, port, addrs, tls)
}

// take returns the messages so far and forgets them.
func (o *outside) take() string {
	s := strings.Join(o.msgs, "; ")
	o.msgs = nil
	return s
}

func newRelay(t *testing.T, cfg knet.Config) (*kernel.Kernel, *knet.Network, *knet.Relay, *outside, *kernel.Process) {
	t.Helper()
	k := kernel.New(kernel.Config{VFS: vfs.New(memfs.New(memfs.Options{}), vfs.MountOptions{}), Log: kernel.NewLogBus(256, kernel.LevelDebug)})
	pol, err := knet.NewPolicy(cfg)
	if err != nil {
		t.Fatal(err)
	}
	o := &outside{}
	n, r := knet.NewRelay(k, pol, o)
	k.Net = n
	return k, n, r, o, k.Spawn(kernel.Spec{Argv: []string{"guest"}})
}

func TestRelayCarriesAnInboundConnectionBothWaysWithHalfCloses(t *testing.T) {
	_, n, r, o, p := newRelay(t, knet.Config{BindPorts: "3000"})
	l, err := n.Listen(p, 3000)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Open("p1", 3000, "preview #1"); err != nil {
		t.Fatal(err)
	}
	s, err := l.TryAccept()
	if err != nil {
		t.Fatal(err)
	}
	// The outside's bytes reach the guest, acknowledged; then its end.
	r.Send("p1", []byte("GET / HTTP/1.1\r\n\r\n"))
	r.End("p1")
	r.Pump()
	if got := o.take(); got != "ack p1 18" {
		t.Errorf("after the request: %s", got)
	}
	buf := make([]byte, 100)
	if k, err := s.TryRead(buf); err != nil || string(buf[:k]) != "GET / HTTP/1.1\r\n\r\n" {
		t.Errorf("the guest read %q, %v", buf[:k], err)
	}
	if k, err := s.TryRead(buf); k != 0 || err != nil {
		t.Errorf("the guest read %d, %v after the outside's end; want the end of the stream", k, err)
	}
	// The guest answers and closes: data, end, close.
	s.TryWrite([]byte("HTTP/1.1 200 OK\r\n\r\nhi"))
	s.Close()
	r.Pump()
	if got := o.take(); got != `data p1 "HTTP/1.1 200 OK\r\n\r\nhi"; end p1; close p1 ` {
		t.Errorf("after the answer: %s", got)
	}
	if r.Streams() != 0 {
		t.Errorf("%d streams left", r.Streams())
	}
}

func TestRelaySendsNoMoreThanTheWindowUntilAcknowledged(t *testing.T) {
	_, n, r, o, p := newRelay(t, knet.Config{BindPorts: "3000"})
	l, _ := n.Listen(p, 3000)
	r.Open("h1", 3000, "127.0.0.1:5000")
	s, _ := l.TryAccept()
	big := make([]byte, knet.SocketBuffer)
	s.TryWrite(big)
	r.Pump()
	s.TryWrite(big) // more than the window
	sent := 0
	for _, m := range o.msgs {
		var id string
		var b []byte
		if _, err := fmt.Sscanf(m, "data %s %q", &id, &b); err == nil {
			sent += len(b)
		}
	}
	o.take()
	if sent != knet.RelayWindow {
		t.Fatalf("sent %d bytes before an ack, want the window, %d", sent, knet.RelayWindow)
	}
	r.Pump()
	if got := o.take(); got != "" {
		t.Errorf("without an ack: %s", got)
	}
	r.Ack("h1", 1000)
	r.Pump()
	if got := o.take(); !strings.HasPrefix(got, "data h1") {
		t.Errorf("after an ack: %.40s", got)
	}
}

func TestRelayRefusesAPortNothingListensOn(t *testing.T) {
	_, _, r, _, _ := newRelay(t, knet.Config{})
	if err := r.Open("p1", 4000, "preview #1"); !errors.Is(err, syscall.ECONNREFUSED) {
		t.Errorf("open: %v, want ECONNREFUSED", err)
	}
}

func TestRelayDialsOutThroughTheHostAfterThePolicyDecidesEveryAddress(t *testing.T) {
	_, n, r, o, p := newRelay(t, knet.Config{Allow: []string{"api.example.com:443", "10.1.0.0/16:443"}})
	s, err := n.Connect(p, "api.example.com", 443)
	if err != nil {
		t.Fatal(err)
	}
	if got := o.take(); got != "resolve k1 api.example.com:443" {
		t.Fatalf("connect: %s", got)
	}
	// The host answers with a public, an allowed private and a denied private address.
	r.Resolved("k1", []netip.Addr{netip.MustParseAddr("93.184.216.34"), netip.MustParseAddr("10.1.2.3"), netip.MustParseAddr("10.2.0.1")}, nil)
	if got := o.take(); got != "dial k1 api.example.com:443 [93.184.216.34 10.1.2.3] tls=false" {
		t.Fatalf("resolved: %s", got)
	}
	if pending, _ := s.ConnectState(); !pending {
		t.Fatal("the socket is connected before the host said so")
	}
	r.Dialed("k1", nil, "")
	if pending, err := s.ConnectState(); pending || err != nil {
		t.Fatalf("after net.dialed: pending %v, %v", pending, err)
	}
	s.TryWrite([]byte("x"))
	r.Pump()
	if got := o.take(); got != `data k1 "x"` {
		t.Errorf("the guest's bytes: %s", got)
	}
}

func TestRelayFailsADialEveryAddressOfWhichIsDenied(t *testing.T) {
	_, n, r, o, p := newRelay(t, knet.Config{Allow: []string{"*.example.com"}})
	s, _ := n.Connect(p, "db.example.com", 5432)
	o.take()
	r.Resolved("k1", []netip.Addr{netip.MustParseAddr("192.168.1.10")}, nil)
	if got := o.take(); got != "close k1 EACCES" {
		t.Errorf("resolved to a private address: %s", got)
	}
	if _, err := s.ConnectState(); !errors.Is(err, syscall.EACCES) {
		t.Errorf("the guest's socket: %v, want EACCES", err)
	}
}

func TestRelayTimesOutADialTheHostDoesNotAnswer(t *testing.T) {
	k, n, r, o, p := newRelay(t, knet.Config{Allow: []string{"93.184.216.34/32"}, ConnectionTimeoutSecs: 1})
	s, _ := n.Connect(p, "93.184.216.34", 80)
	if got := o.take(); !strings.HasPrefix(got, "dial k1 93.184.216.34:80") {
		t.Fatalf("an address needs no lookup: %s", got)
	}
	deadline := k.Clock.Monotonic() + int64(2*time.Second)
	for k.Clock.Monotonic() < deadline && r.Streams() > 0 {
		time.Sleep(50 * time.Millisecond)
		r.Pump()
	}
	if got := o.take(); got != "close k1 ETIMEDOUT" {
		t.Errorf("past the timeout: %s", got)
	}
	if _, err := s.ConnectState(); !errors.Is(err, syscall.ETIMEDOUT) {
		t.Errorf("the guest's socket: %v, want ETIMEDOUT", err)
	}
}

func TestRelayLooksNamesUpThroughTheHostAndDecidesEveryAddress(t *testing.T) {
	_, n, r, o, p := newRelay(t, knet.Config{Allow: []string{"*.example.com", "10.1.0.0/16"}})
	l, err := n.Lookup(p, "api.example.com")
	if err != nil {
		t.Fatal(err)
	}
	if got := o.take(); got != "resolve k1 api.example.com:-1" {
		t.Fatalf("lookup: %s", got)
	}
	if done, _ := l.Result(); done {
		t.Fatal("the lookup is done before the host answered")
	}
	r.Resolved("k1", []netip.Addr{netip.MustParseAddr("93.184.216.34"), netip.MustParseAddr("10.1.2.3"), netip.MustParseAddr("192.168.0.1")}, nil)
	done, err := l.Result()
	if !done || err != nil {
		t.Fatalf("after the answer: done %v, %v", done, err)
	}
	buf := make([]byte, 256)
	k, _ := l.TryRead(buf)
	if got := string(buf[:k]); got != "93.184.216.34\n10.1.2.3\n" {
		t.Errorf("addresses %q, want the public one and the allowed private one", got)
	}

	denied, _ := n.Lookup(p, "db.example.com")
	o.take()
	r.Resolved("k2", []netip.Addr{netip.MustParseAddr("192.168.0.1")}, nil)
	if _, err := denied.Result(); !errors.Is(err, syscall.EACCES) {
		t.Errorf("a name with only a denied address: %v, want EACCES", err)
	}
	// With no CIDR rule a name could resolve into, the name alone decides.
	_, n2, _, o2, p2 := newRelay(t, knet.Config{Allow: []string{"*.example.com"}})
	if _, err := n2.Lookup(p2, "other.org"); !errors.Is(err, syscall.EACCES) {
		t.Errorf("a name no rule allows: %v, want EACCES", err)
	}
	if got := o2.take(); got != "" {
		t.Errorf("a denied name reached the host: %s", got)
	}
}
