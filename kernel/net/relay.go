package net

import (
	"context"
	"errors"
	"net/netip"
	"sort"
	"strconv"
	"syscall"
	"time"

	"github.com/wasmrun/wasmrun/kernel"
)

// RelayWindow is how many bytes of a stream each side may send before the
// other acknowledges them: the flow control of a relayed connection.
const RelayWindow = 64 << 10

// relayChunk is the most bytes one Data message carries.
const relayChunk = 32 << 10

// Outside is where a Relay sends what its connections do: the page, and
// through it the host's WebSocket. Every call is one message; none blocks.
type Outside interface {
	// Data carries bytes a guest sent on stream id.
	Data(id string, b []byte)
	// End says the guest stopped writing on stream id (a half-close).
	End(id string)
	// Close ends stream id: err nil when both directions ended, or why
	// the connection ended or could not be made (an errno).
	Close(id string, err error)
	// Ack says n bytes the outside sent on stream id reached the guest's
	// socket: the outside may send n more.
	Ack(id string, n int)
	// Resolve asks the host for the addresses of host (an outbound
	// connection's name, to port); the answer comes back through
	// Relay.Resolved.
	Resolve(id, host string, port int)
	// Dial asks the host to connect to one of addrs, in order, on port
	// (host names the destination again, for the host's own check of the
	// policy); the answer comes back through Relay.Dialed.
	// tls asks the host to speak TLS to the server (Dial.TLS).
	Dial(id, host string, port int, addrs []netip.Addr, timeout time.Duration, tls bool)
}

// Relay is the kernel's end of connections whose outside is carried by
// messages instead of a host socket: in a browser, each connection from
// the Preview panel or from `wasmrun os --forward` (Open), and each
// outbound connection, which the host makes (Relay is the Network's
// Transport). Pump moves the bytes, both ways, under a window of
// RelayWindow bytes each way, half-closes included.
//
// A Relay is not safe for concurrent use: the browser kernel calls it from
// its one thread (requests, then Pump, at every wake-up).
type Relay struct {
	n       *Network
	out     Outside
	streams map[string]*relayed
	lookups map[string]func([]netip.Addr, error) // name lookups the host answers (ResolveAsync)
	ids     int
	buf     []byte
}

// relayed is one connection of a Relay, by the outside end of its Conn.
type relayed struct {
	c       *Conn
	pending []byte // arrived from outside, not yet in the connection
	endIn   bool   // the outside stopped writing (after pending)
	shutIn  bool   // and the guest was told (CloseWrite)
	credit  int    // bytes the outside still accepts before an Ack
	endOut  bool   // End was sent: the guest stopped writing

	dial     *Dial // while the host makes an outbound connection
	deadline int64 // of that connection (monotonic ns)
}

// NewRelay returns kernel k's network under policy p, whose outbound
// connections and relayed streams go through out. The caller sets the
// Network as k.Net and calls the Relay's Pump whenever the kernel wakes.
func NewRelay(k *kernel.Kernel, p *Policy, out Outside) (*Network, *Relay) {
	r := &Relay{out: out, streams: map[string]*relayed{}, lookups: map[string]func([]netip.Addr, error){}, buf: make([]byte, relayChunk)}
	r.n = New(k, p, r)
	return r.n, r
}

// Open hands a connection arriving from outside (from: the client, for the
// log) to the guest listening on port, as stream id. ECONNREFUSED when
// nothing listens there, ENFILE at max_connections (Network.Inbound).
func (r *Relay) Open(id string, port int, from string) error {
	if _, ok := r.streams[id]; ok {
		return syscall.EEXIST
	}
	c, err := r.n.Inbound(port, from)
	if err != nil {
		return err
	}
	r.streams[id] = &relayed{c: c, credit: RelayWindow}
	return nil
}

// Send delivers bytes the outside sent on stream id. More than the window
// allows is a broken promise of the outside: the stream is reset.
func (r *Relay) Send(id string, b []byte) error {
	s := r.streams[id]
	if s == nil || s.endIn {
		return syscall.EBADF
	}
	if len(s.pending)+len(b) > RelayWindow {
		r.reset(id, s, syscall.ECONNRESET)
		return syscall.ENOBUFS
	}
	s.pending = append(s.pending, b...)
	return nil
}

// End says the outside stopped writing on stream id: once the guest has
// read what came before, it reads the end of the stream.
func (r *Relay) End(id string) {
	if s := r.streams[id]; s != nil {
		s.endIn = true
	}
}

// Ack gives stream id n more bytes of window towards the outside.
func (r *Relay) Ack(id string, n int) {
	if s := r.streams[id]; s != nil && n > 0 {
		s.credit = min(s.credit+n, RelayWindow)
	}
}

// Close ends stream id from outside: err nil is a close after both
// directions ended (the guest reads what was sent, then the end of the
// stream); otherwise the guest's reads and writes fail with err.
func (r *Relay) Close(id string, err error) {
	s := r.streams[id]
	if s == nil {
		return
	}
	delete(r.streams, id)
	if err != nil || s.dial != nil {
		if err == nil {
			err = syscall.ECONNRESET
		}
		s.c.Fail(err)
	}
	s.c.Close()
}

// Dial implements Transport: it asks the outside to resolve the name
// (Resolve), then to connect to the addresses the policy allows (Dial).
func (r *Relay) Dial(d Dial) {
	r.ids++
	id := "k" + strconv.Itoa(r.ids)
	s := &relayed{c: d.Conn, credit: RelayWindow, dial: &d, deadline: r.n.k.Clock.Monotonic() + int64(d.Timeout)}
	r.streams[id] = s
	if _, err := netip.ParseAddr(d.Host); err == nil {
		r.Resolved(id, nil, nil)
		return
	}
	r.out.Resolve(id, d.Host, d.Port)
}

// ResolveAsync implements AsyncResolver for dns.lookup and /dev/dns: the
// host resolves the name (after its own check of the policy) and its
// answer comes back through Resolved.
func (r *Relay) ResolveAsync(host string, done func([]netip.Addr, error)) {
	r.ids++
	id := "k" + strconv.Itoa(r.ids)
	r.lookups[id] = done
	r.out.Resolve(id, host, AnyPort)
}

// Resolved takes the host's answer to Resolve: the addresses the name has,
// or why it has none. For a connection, each address is decided by the
// policy (and logged) and the outside is asked to dial those allowed; a
// lookup (ResolveAsync) gets the answer.
func (r *Relay) Resolved(id string, addrs []netip.Addr, lookupErr error) {
	if done := r.lookups[id]; done != nil {
		delete(r.lookups, id)
		done(addrs, lookupErr)
		return
	}
	s := r.streams[id]
	if s == nil || s.dial == nil {
		return
	}
	d := s.dial
	ok, err := d.Addresses(context.Background(), answered{addrs, lookupErr})
	if err != nil {
		r.reset(id, s, err)
		return
	}
	r.out.Dial(id, d.Host, d.Port, ok, time.Duration(max(s.deadline-r.n.k.Clock.Monotonic(), 1)), d.TLS)
}

// Dialed takes the host's answer to Dial: connected (err nil), or why not
// (reason: what the host said, logged for a TLS failure).
func (r *Relay) Dialed(id string, err error, reason string) {
	s := r.streams[id]
	if s == nil || s.dial == nil {
		return
	}
	if err != nil {
		if errors.Is(err, syscall.EPROTO) && s.dial.Failed != nil && reason != "" {
			s.dial.Failed(reason)
		}
		delete(r.streams, id)
		s.c.Fail(err)
		s.c.Close()
		return
	}
	s.dial = nil
	if s.c.Established() != nil {
		// The guest gave up meanwhile.
		delete(r.streams, id)
		s.c.Close()
		r.out.Close(id, nil)
	}
}

// reset fails stream id with err on both sides.
func (r *Relay) reset(id string, s *relayed, err error) {
	delete(r.streams, id)
	s.c.Fail(err)
	s.c.Close()
	r.out.Close(id, err)
}

// Streams is the number of streams open.
func (r *Relay) Streams() int { return len(r.streams) }

// Pump moves what can move on every stream: what the outside sent into the
// guest's socket (acknowledged as it goes in), what the guest sent out
// (within the window), half-closes, the end of streams, and the deadline
// of outbound connections still being made.
func (r *Relay) Pump() {
	ids := make([]string, 0, len(r.streams))
	for id := range r.streams {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	now := r.n.k.Clock.Monotonic()
	for _, id := range ids {
		s := r.streams[id]
		if s.dial != nil {
			select {
			case <-s.c.PeerDone():
				// The guest closed its socket while it connected.
				delete(r.streams, id)
				s.c.Close()
				r.out.Close(id, nil)
				continue
			default:
			}
			if now >= s.deadline {
				r.reset(id, s, syscall.ETIMEDOUT)
			}
			continue
		}
		r.pump(id, s)
	}
}

func (r *Relay) pump(id string, s *relayed) {
	// Into the guest.
	if len(s.pending) > 0 {
		n, err := s.c.TryWrite(s.pending)
		if n > 0 {
			s.pending = s.pending[n:]
			r.out.Ack(id, n)
		}
		if err != nil && err != kernel.ErrWouldBlock {
			// The guest is gone or stopped reading: what is left is
			// dropped, as a socket would.
			s.pending = nil
		}
	}
	if s.endIn && !s.shutIn && len(s.pending) == 0 {
		s.shutIn = true
		s.c.CloseWrite()
	}
	// Out of the guest.
	for !s.endOut && s.credit > 0 {
		n, err := s.c.TryRead(r.buf[:min(s.credit, len(r.buf))])
		if n > 0 {
			s.credit -= n
			r.out.Data(id, append([]byte(nil), r.buf[:n]...))
			continue
		}
		switch {
		case err == nil:
			s.endOut = true
			r.out.End(id)
		case err == kernel.ErrWouldBlock:
		default:
			// Failed (reset) or closed under us.
			delete(r.streams, id)
			s.c.Close()
			r.out.Close(id, err)
			return
		}
		break
	}
	// Both directions over, or the guest closed its socket after sending
	// everything: the stream ends.
	guestGone := false
	select {
	case <-s.c.PeerDone():
		guestGone = true
	default:
	}
	if s.endOut && (s.shutIn || guestGone) {
		delete(r.streams, id)
		s.c.Close()
		r.out.Close(id, nil)
	}
}

// answered is a Resolver that gives the host's answer.
type answered struct {
	addrs []netip.Addr
	err   error
}

func (a answered) LookupNetIP(context.Context, string, string) ([]netip.Addr, error) {
	if a.err != nil {
		return nil, a.err
	}
	return a.addrs, nil
}

// Errnos the relay's messages name, by name: what a connection can fail
// with.
var relayErrnos = map[string]syscall.Errno{
	"EACCES": syscall.EACCES, "ECONNREFUSED": syscall.ECONNREFUSED, "ECONNRESET": syscall.ECONNRESET,
	"ETIMEDOUT": syscall.ETIMEDOUT, "EHOSTUNREACH": syscall.EHOSTUNREACH, "ENETUNREACH": syscall.ENETUNREACH,
	"ENFILE": syscall.ENFILE, "EPIPE": syscall.EPIPE, "ENOBUFS": syscall.ENOBUFS, "EADDRNOTAVAIL": syscall.EADDRNOTAVAIL,
	"EPROTO": syscall.EPROTO, "EPROTONOSUPPORT": syscall.EPROTONOSUPPORT,
}

// ErrnoName names err for a relay message ("ECONNREFUSED"); "" for nil.
func ErrnoName(err error) string {
	if err == nil {
		return ""
	}
	var e syscall.Errno
	if errors.As(err, &e) {
		for name, v := range relayErrnos {
			if v == e {
				return name
			}
		}
	}
	return "ECONNRESET"
}

// ErrnoFromName is the errno a relay message names; ECONNRESET for a name
// it does not know, nil for "".
func ErrnoFromName(name string) error {
	if name == "" {
		return nil
	}
	if e, ok := relayErrnos[name]; ok {
		return e
	}
	return syscall.ECONNRESET
}
