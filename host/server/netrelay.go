package server

import (
	"bufio"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	knet "github.com/wasmrun/wasmrun/kernel/net"
	"github.com/wasmrun/wasmrun/kernel/protocol"
)

// Forward is a host port of `wasmrun os --listen` or `--forward`: each
// connection to it is relayed over the WebSocket to the kernel in the page
// connected last, as a connection to the guest's port Guest.
type Forward struct {
	Listener net.Listener
	Guest    int
	Flag     string // as given, for messages
}

// netRelay is the host's end of the kernel's relayed connections
// (knet.Relay in the page's kernel): connections to forwarded host ports,
// in; the kernel's outbound connections, which the host resolves, checks
// against the same policy again and dials, out. Each is a stream of the
// WebSocket (protocol.NetOpenArgs and the rest), with a window of
// knet.RelayWindow bytes each way and half-closes.
type netRelay struct {
	h        *hub
	policy   *knet.Policy
	resolver knet.Resolver
	dialer   *net.Dialer
	tls      *tls.Config // nil: the host's roots
	in, out  *knet.Bucket
	ids      atomic.Int64
	url      string // the UI's address, for the 503 message
}

func newNetRelay(h *hub, p *knet.Policy, url string) *netRelay {
	return &netRelay{h: h, policy: p, resolver: net.DefaultResolver, dialer: &net.Dialer{}, in: knet.NewBucket(p.Bandwidth), out: knet.NewBucket(p.Bandwidth), url: url}
}

// write is what the kernel sent on a stream, in order: bytes, the end of
// its writing, or the end of the stream (after what came before it).
type write struct {
	data  []byte
	end   bool
	close bool
}

// stream is one relayed connection: a host TCP connection and a stream id
// of one page.
type stream struct {
	c    *client
	id   string
	conn net.Conn
	r    *netRelay

	mu     sync.Mutex
	cond   *sync.Cond
	credit int // bytes the kernel still takes before it acknowledges

	writes   chan write  // from the kernel, in order
	accepted chan string // the page's answer to net.accept: "" or an errno name
	done     chan struct{}
	once     sync.Once
}

func (r *netRelay) newStream(c *client, id string, conn net.Conn) *stream {
	s := &stream{c: c, id: id, conn: conn, r: r, credit: knet.RelayWindow,
		writes: make(chan write, 16), accepted: make(chan string, 1), done: make(chan struct{})}
	s.cond = sync.NewCond(&s.mu)
	c.mu.Lock()
	c.streams[id] = s
	c.mu.Unlock()
	return s
}

// finish ends the stream on the host's side: the TCP connection is closed
// and the pumps stop.
func (s *stream) finish() {
	s.once.Do(func() {
		close(s.done)
		s.conn.Close()
		s.mu.Lock()
		s.cond.Broadcast()
		s.mu.Unlock()
		s.c.mu.Lock()
		if s.c.streams[s.id] == s {
			delete(s.c.streams, s.id)
		}
		s.c.mu.Unlock()
	})
}

func (c *client) stream(id string) *stream {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.streams[id]
}

// closeStreams ends every stream of a page that went away.
func (c *client) closeStreams() {
	c.mu.Lock()
	all := make([]*stream, 0, len(c.streams))
	for _, s := range c.streams {
		all = append(all, s)
	}
	c.mu.Unlock()
	for _, s := range all {
		s.finish()
	}
}

// event sends the page one event, waiting for room in its queue (the
// windows bound what can wait); false when the page is gone.
func (c *client) event(name string, body any) bool {
	msg, err := json.Marshal(protocol.Event{Event: name, Body: body})
	if err != nil {
		return false
	}
	select {
	case c.send <- msg:
		return true
	case <-c.done:
		return false
	case <-c.drop:
		return false
	}
}

// receive handles a net.* event from page c.
func (r *netRelay) receive(c *client, event string, body json.RawMessage) {
	switch event {
	case "net.accepted":
		var a protocol.NetCloseArgs
		if json.Unmarshal(body, &a) == nil {
			if s := c.stream(a.ID); s != nil {
				select {
				case s.accepted <- a.Error:
				default:
				}
			}
		}
	case "net.data":
		var a protocol.NetDataArgs
		if json.Unmarshal(body, &a) != nil {
			return
		}
		if s := c.stream(a.ID); s != nil && len(a.Data) > 0 {
			select {
			case s.writes <- write{data: a.Data}:
			case <-s.done:
			default:
				// More than the window: the page broke the protocol.
				c.event("net.close", protocol.NetCloseArgs{ID: a.ID, Error: "ECONNRESET", Message: "the page sent more than the window"})
				s.finish()
			}
		}
	case "net.end":
		var a protocol.NetStreamArgs
		if json.Unmarshal(body, &a) == nil {
			if s := c.stream(a.ID); s != nil {
				select {
				case s.writes <- write{end: true}:
				case <-s.done:
				}
			}
		}
	case "net.ack":
		var a protocol.NetAckArgs
		if json.Unmarshal(body, &a) == nil && a.N > 0 {
			if s := c.stream(a.ID); s != nil {
				s.mu.Lock()
				s.credit = min(s.credit+a.N, knet.RelayWindow)
				s.cond.Broadcast()
				s.mu.Unlock()
			}
		}
	case "net.close":
		var a protocol.NetCloseArgs
		if json.Unmarshal(body, &a) == nil {
			if s := c.stream(a.ID); s != nil {
				if a.Error != "" {
					s.finish()
					return
				}
				// A close after the bytes before it are written.
				select {
				case s.writes <- write{close: true}:
				case <-s.done:
				}
			}
		}
	case "net.resolve":
		var a protocol.NetResolveArgs
		if json.Unmarshal(body, &a) == nil {
			go r.resolve(c, a)
		}
	case "net.dial":
		var a protocol.NetDialArgs
		if json.Unmarshal(body, &a) == nil {
			go r.dial(c, a)
		}
	}
}

// serveForward accepts connections on a forwarded host port until the
// listener is closed, and relays each to the page's kernel. With no page
// connected, an HTTP client gets a 503 that says to open the UI.
func (r *netRelay) serveForward(f Forward) {
	for {
		conn, err := f.Listener.Accept()
		if err != nil {
			return
		}
		go r.forward(f, conn)
	}
}

// acceptTimeout bounds how long a forwarded connection waits for the page's
// kernel to take it (a guest computing without a system call holds it up).
const acceptTimeout = 30 * time.Second

func (r *netRelay) forward(f Forward, conn net.Conn) {
	c := r.h.latest()
	if c == nil {
		msg := fmt.Sprintf("wasmrun: no browser tab is running this project's kernel, which serves guest port %d: open %s and try again\n", f.Guest, r.url)
		// Answer once the request has arrived, as a server does: an answer
		// that comes before the request confuses clients (Go's reports an
		// unsolicited response). A client that sends nothing gets it anyway.
		conn.SetReadDeadline(time.Now().Add(2 * time.Second))
		http.ReadRequest(bufio.NewReader(conn))
		conn.SetReadDeadline(time.Time{})
		fmt.Fprintf(conn, "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: %d\r\nConnection: close\r\nCache-Control: no-store\r\n\r\n%s", len(msg), msg)
		if tc, ok := conn.(*net.TCPConn); ok {
			tc.CloseWrite()
			// Let the client read the answer before the close.
			conn.SetReadDeadline(time.Now().Add(time.Second))
			io.Copy(io.Discard, conn)
		}
		conn.Close()
		return
	}
	id := "h" + strconv.FormatInt(r.ids.Add(1), 10)
	s := r.newStream(c, id, conn)
	if !c.event("net.accept", protocol.NetOpenArgs{ID: id, Port: f.Guest, From: conn.RemoteAddr().String()}) {
		s.finish()
		return
	}
	select {
	case errno := <-s.accepted:
		if errno != "" {
			// Nothing listens there, or the kernel is full: refused, as
			// wasmrun run refuses it.
			s.finish()
			return
		}
	case <-s.done:
		return
	case <-time.After(acceptTimeout):
		c.event("net.close", protocol.NetCloseArgs{ID: id, Error: "ETIMEDOUT", Message: "the kernel did not take the connection"})
		s.finish()
		return
	}
	s.pump()
}

// pump moves bytes both ways until the stream ends.
func (s *stream) pump() {
	go s.fromKernel()
	s.toKernel()
}

// toKernel reads the host connection and sends what it reads to the
// kernel, within the window; at the end of the stream it sends net.end.
func (s *stream) toKernel() {
	buf := make([]byte, 32<<10)
	for {
		s.mu.Lock()
		for s.credit == 0 && !s.isDone() {
			s.cond.Wait()
		}
		n := min(s.credit, len(buf))
		s.mu.Unlock()
		if s.isDone() {
			return
		}
		n, err := s.conn.Read(buf[:s.r.in.Wait(n)])
		if n > 0 {
			s.mu.Lock()
			s.credit -= n
			s.mu.Unlock()
			if !s.c.event("net.data", protocol.NetDataArgs{ID: s.id, Data: buf[:n]}) {
				s.finish()
				return
			}
		}
		if err == io.EOF {
			s.c.event("net.end", protocol.NetStreamArgs{ID: s.id})
			return
		}
		if err != nil {
			if !s.isDone() {
				s.c.event("net.close", protocol.NetCloseArgs{ID: s.id, Error: "ECONNRESET", Message: err.Error()})
				s.finish()
			}
			return
		}
	}
}

// fromKernel writes what the kernel sends to the host connection and
// acknowledges it; its end half-closes the connection.
func (s *stream) fromKernel() {
	for {
		select {
		case <-s.done:
			return
		case w := <-s.writes:
			if w.close {
				s.finish()
				return
			}
			if w.end {
				if cw, ok := s.conn.(interface{ CloseWrite() error }); ok {
					cw.CloseWrite()
				}
				continue
			}
			b := w.data
			for off := 0; off < len(b); {
				n := s.r.out.Wait(len(b) - off)
				if _, err := s.conn.Write(b[off : off+n]); err != nil {
					if !s.isDone() {
						s.c.event("net.close", protocol.NetCloseArgs{ID: s.id, Error: "ECONNRESET", Message: err.Error()})
						s.finish()
					}
					return
				}
				off += n
			}
			s.c.event("net.ack", protocol.NetAckArgs{ID: s.id, N: len(b)})
		}
	}
}

func (s *stream) isDone() bool {
	select {
	case <-s.done:
		return true
	default:
		return false
	}
}

// resolve answers the kernel's net.resolve: the host's policy decides the
// name first, as the kernel's did; then the host's resolver looks it up.
// The kernel decides every address (and logs each decision).
func (r *netRelay) resolve(c *client, a protocol.NetResolveArgs) {
	res := protocol.NetResolvedArgs{ID: a.ID, Addrs: []string{}}
	if d := r.policy.CheckHost(a.Host, a.Port); !d.Allowed {
		res.Error, res.Message = "EACCES", r.denied("resolve", a.Host, d)
		c.event("net.resolved", res)
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), r.policy.ConnectTimeout)
	defer cancel()
	addrs, err := r.resolver.LookupNetIP(ctx, "ip", a.Host)
	if err != nil {
		res.Error, res.Message = "EHOSTUNREACH", err.Error()
	}
	for _, ad := range addrs {
		res.Addrs = append(res.Addrs, ad.String())
	}
	c.event("net.resolved", res)
}

// dial answers the kernel's net.dial: it checks the name and every address
// against the policy again (the page is not trusted to have), dials the
// first allowed address that answers, by address, and relays the stream.
func (r *netRelay) dial(c *client, a protocol.NetDialArgs) {
	answer := func(err error, msg string) {
		c.event("net.dialed", protocol.NetDialedArgs{ID: a.ID, Error: knet.ErrnoName(err), Message: msg})
	}
	target := net.JoinHostPort(a.Host, strconv.Itoa(a.Port))
	d := r.policy.CheckHost(a.Host, a.Port)
	if !d.Allowed {
		answer(syscall.EACCES, r.denied("connect", target, d))
		return
	}
	timeout := time.Duration(a.TimeoutMs) * time.Millisecond
	if timeout <= 0 || timeout > r.policy.ConnectTimeout {
		timeout = r.policy.ConnectTimeout
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	hostIP, hostErr := netip.ParseAddr(a.Host)
	var conn net.Conn
	var err error = syscall.EACCES
	msg := "no address of " + a.Host + " is allowed"
	for _, s := range a.Addrs {
		ad, perr := netip.ParseAddr(s)
		if perr != nil {
			continue
		}
		if hostErr == nil && ad.Unmap() != hostIP.Unmap() {
			continue // an address asks for itself only
		}
		if hostErr != nil {
			if dd := r.policy.CheckResolved(d, ad, a.Port); !dd.Allowed {
				msg = r.denied("connect", net.JoinHostPort(ad.String(), strconv.Itoa(a.Port)), dd)
				continue
			}
		}
		conn, err = r.dialer.DialContext(ctx, "tcp", netip.AddrPortFrom(ad, uint16(a.Port)).String())
		if err == nil {
			break
		}
		msg = err.Error()
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			err = syscall.ETIMEDOUT
			break
		}
		var errno syscall.Errno
		if !errors.As(err, &errno) {
			err = syscall.ECONNREFUSED
		}
	}
	if conn == nil {
		answer(err, msg)
		return
	}
	if a.TLS {
		cfg := &tls.Config{}
		if r.tls != nil {
			cfg = r.tls.Clone()
		}
		cfg.ServerName = a.Host
		tc := tls.Client(conn, cfg)
		if herr := tc.HandshakeContext(ctx); herr != nil {
			conn.Close()
			errno := error(syscall.EPROTO)
			if ctx.Err() != nil {
				errno = syscall.ETIMEDOUT
			}
			answer(errno, "TLS handshake with "+a.Host+" failed: "+herr.Error())
			return
		}
		conn = tc
	}
	s := r.newStream(c, a.ID, conn)
	if !c.event("net.dialed", protocol.NetDialedArgs{ID: a.ID}) {
		s.finish()
		return
	}
	s.pump()
}

// denied says, and with -v prints, why the host's policy refused something.
func (r *netRelay) denied(op, target string, d knet.Decision) string {
	msg := fmt.Sprintf("the host's policy denies %s %s: %s [%s]", op, target, d.Reason, d.Rule)
	if r.h.cfg.Verbose {
		r.h.printf("wasmrun [net] host: %s\n", msg)
	}
	return msg
}
