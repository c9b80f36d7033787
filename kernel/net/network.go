package net

import (
	"context"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/wasmrun/wasmrun/kernel"
)

// Network is a kernel's network: its policy, the guest ports listened on,
// the open connections, and the transport that reaches the outside. It is
// the kernel.Network guests' /dev/tcp opens go through, and what bridges
// hand connections arriving from outside to (Inbound).
type Network struct {
	k         *kernel.Kernel
	policy    *Policy
	transport Transport
	in, out   *Bucket
	ephemeral atomic.Uint32 // numbers the client ends inside the VM (addr.go)

	mu        sync.Mutex
	listeners map[int]*Listener
	conns     map[uint64]*conn
	open      int // connected sockets held by guests, against max_connections
	ids       uint64
	forwards  []PortForward
	allowed   int64 // decisions logged, for the snapshot
	denied    int64
}

var _ kernel.Network = (*Network)(nil)

// Transport carries connections between the kernel and the outside.
// Natively it is the host's TCP stack (HostTransport); in a browser, the
// page and the WebSocket to the host.
type Transport interface {
	// Dial makes the outbound connection d describes, without blocking:
	// it starts the work and returns. Once connected it calls
	// d.Conn.Established and moves bytes between the outside connection
	// and d.Conn until either side ends; if it cannot connect, it calls
	// d.Conn.Fail with the reason (ECONNREFUSED, ETIMEDOUT, EACCES...).
	Dial(d Dial)
}

// Dial is an outbound connection for a Transport to make.
type Dial struct {
	Conn    *Conn // the outside end of the guest's new connection
	Host    string
	Port    int
	Timeout time.Duration // for the whole connect, name lookup included
	// Addresses resolves Host with r (an IP address needs no lookup)
	// and returns the addresses the policy allows, each decision logged:
	// the transport connects to these and nothing else. EACCES when the
	// policy allows none of them.
	Addresses func(ctx context.Context, r Resolver) ([]netip.Addr, error)
	// In and Out bound the bandwidth towards the guest and from it
	// (nil: no limit).
	In, Out *Bucket
	// TLS asks the transport to speak TLS to the server, with Host as the
	// server name, verifying its certificate, and to carry plaintext to and
	// from Conn. A handshake or verification failure is Fail(EPROTO), after
	// Failed(reason) for the log. A transport that cannot do TLS fails
	// with EPROTONOSUPPORT.
	TLS    bool
	Failed func(reason string)
}

// AsyncResolver is a Transport that looks names up by asking someone else
// and hearing back later (the browser's Relay asks the host): done is
// called once, with the addresses or why there are none. Lookup prefers it
// to a Resolver, which would need a goroutine to wait in.
type AsyncResolver interface {
	ResolveAsync(host string, done func([]netip.Addr, error))
}

// Resolver looks up the addresses of a host name; the standard library's
// *net.Resolver is one.
type Resolver interface {
	LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error)
}

// New returns kernel k's network under policy p, reaching the outside
// through t (nil: nothing outside the kernel is reachable). The caller sets
// it as k.Net.
func New(k *kernel.Kernel, p *Policy, t Transport) *Network {
	n := &Network{k: k, policy: p, transport: t, listeners: map[int]*Listener{}, conns: map[uint64]*conn{}}
	n.in, n.out = NewBucket(p.Bandwidth), NewBucket(p.Bandwidth)
	return n
}

// Policy is the network's policy.
func (n *Network) Policy() *Policy { return n.policy }

func (n *Network) nextID() uint64 {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.ids++
	return n.ids
}

// Listen binds a listening socket on the guest's port for p, or for the
// host when p is nil. A listener the host binds (for --listen, --forward)
// is shared: a guest that then listens on that port itself gets it, with
// the connections the host hands it, instead of EADDRINUSE.
func (n *Network) Listen(p *kernel.Process, port int) (kernel.Listener, error) {
	l, err := n.listen(p, port)
	if err != nil {
		return nil, err
	}
	return l, nil
}

// ListenHost binds the listener the host hands a guest (--listen,
// --forward); see Listen.
func (n *Network) ListenHost(port int) (*Listener, error) { return n.listen(nil, port) }

func (n *Network) listen(p *kernel.Process, port int) (*Listener, error) {
	if port == 0 && p != nil {
		return n.listenAny(p)
	}
	target := ":" + strconv.Itoa(port)
	if port < 1 || port > 65535 {
		return nil, syscall.EINVAL
	}
	d := n.policy.CheckBind(port)
	if !d.Allowed {
		n.decide(p, "listen", target, d)
		return nil, syscall.EACCES
	}
	n.mu.Lock()
	if l := n.listeners[port]; l != nil {
		n.mu.Unlock()
		if l.shared && p != nil {
			l.hold(p.PID)
			n.decide(p, "listen", target, Decision{Allowed: true, Rule: d.Rule, Reason: "the listener the host made for port " + strconv.Itoa(port)})
			return l, nil
		}
		n.decide(p, "listen", target, Decision{Rule: "in use", Reason: "port " + strconv.Itoa(port) + " is already listened on"})
		return nil, syscall.EADDRINUSE
	}
	l := &Listener{n: n, port: port, shared: p == nil, refs: 1, pid: pidOf(p)}
	n.listeners[port] = l
	n.mu.Unlock()
	n.decide(p, "listen", target, d)
	return l, nil
}

// listenAny binds a listener on the lowest free port of bind_ports, as
// listening on port 0 asks for any free port: the kernel has no ephemeral
// range a guest may listen on, only the ports the policy opens.
func (n *Network) listenAny(p *kernel.Process) (*Listener, error) {
	ports := n.policy.BindPorts()
	n.mu.Lock()
	free := 0
	for _, port := range ports {
		if n.listeners[port] == nil {
			free = port
			break
		}
	}
	n.mu.Unlock()
	if free == 0 {
		d := n.policy.CheckBind(0)
		if len(ports) > 0 {
			d = Decision{Rule: d.Rule, Reason: "every port of bind_ports is taken"}
		}
		n.decide(p, "listen", ":0", d)
		if len(ports) > 0 {
			return nil, syscall.EADDRINUSE
		}
		return nil, syscall.EACCES
	}
	return n.listen(p, free)
}

func (n *Network) listener(port int) *Listener {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.listeners[port]
}

func (n *Network) unbind(l *Listener) {
	n.mu.Lock()
	if n.listeners[l.port] == l {
		delete(n.listeners, l.port)
	}
	n.mu.Unlock()
}

// reserve counts k more connected sockets, if max_connections allows.
func (n *Network) reserve(k int) bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.open+k > n.policy.MaxConnections {
		return false
	}
	n.open += k
	return true
}

func (n *Network) register(c *conn, counted ...int) {
	c.mu.Lock()
	for _, i := range counted {
		c.counted[i] = true
	}
	c.mu.Unlock()
	n.mu.Lock()
	n.conns[c.id] = c
	n.mu.Unlock()
}

// closed is told when an end of c closes.
func (n *Network) closed(c *conn, counted, both bool) {
	n.mu.Lock()
	if counted {
		n.open--
	}
	if both {
		delete(n.conns, c.id)
	}
	n.mu.Unlock()
}

// Open is the number of connected sockets guests hold.
func (n *Network) Open() int {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.open
}

func (n *Network) limitDecision() Decision {
	return Decision{Rule: "max_connections " + strconv.Itoa(n.policy.MaxConnections) + " (" + n.policy.file + ")", Reason: "the kernel has " + strconv.Itoa(n.policy.MaxConnections) + " connections open"}
}

// Inbound hands a connection arriving from outside (from, for the log: the
// client's address) to the guest listening on port, and returns the
// connection's outside end for the bridge. ECONNREFUSED when nothing
// listens there or its backlog is full; ENFILE at max_connections.
func (n *Network) Inbound(port int, from string) (*Conn, error) {
	target := from + " -> :" + strconv.Itoa(port)
	l := n.listener(port)
	if l == nil {
		n.decide(nil, "accept", target, Decision{Rule: "no listener", Reason: "nothing listens on guest port " + strconv.Itoa(port)})
		return nil, syscall.ECONNREFUSED
	}
	if !n.reserve(1) {
		n.decide(nil, "accept", target, n.limitDecision())
		return nil, syscall.ENFILE
	}
	guest, outside := newConn(n, true, "tcp :"+strconv.Itoa(port)+" <- "+from, target)
	guest.setAddrs(Addrs{Local: kernel.JoinHostPort("127.0.0.1", port), Remote: from})
	guest.c.ends = ends{dir: DirIn, pid: l.PID(), local: ":" + strconv.Itoa(port), remote: from}
	n.register(guest.c, 0)
	if err := l.enqueue(guest); err != nil {
		n.decide(nil, "accept", target, Decision{Rule: "backlog", Reason: "the listener on port " + strconv.Itoa(port) + " has " + strconv.Itoa(Backlog) + " connections waiting"})
		guest.Close()
		outside.Close()
		return nil, err
	}
	n.decide(nil, "accept", target, Decision{Allowed: true, Rule: "listener", Reason: "queued for the guest's listener on port " + strconv.Itoa(port)})
	return outside, nil
}

// isLocal reports whether host names the VM itself: localhost, a loopback
// or unspecified address.
func isLocal(host string) bool {
	h := strings.ToLower(strings.TrimSuffix(host, "."))
	if h == "localhost" || strings.HasSuffix(h, ".localhost") {
		return true
	}
	if a, err := netip.ParseAddr(host); err == nil {
		a = normalizeAddr(a)
		return a.IsLoopback() || a.IsUnspecified()
	}
	return false
}

// Connect starts a connection to host:port for p. Localhost is the VM's
// own: a guest listening on port gets the connection, inside the kernel.
// Anything else goes through the policy and then the transport; the socket
// is connecting until the transport has reached an address the policy
// allows. EACCES when the policy denies it, ECONNREFUSED for a local port
// nothing listens on, ENFILE at max_connections.
func (n *Network) Connect(p *kernel.Process, host string, port int) (kernel.Socket, error) {
	return n.connect(p, host, port, false)
}

// connect is Connect, with TLS done by the transport when tls is set (see
// ConnectTLS).
func (n *Network) connect(p *kernel.Process, host string, port int, tls bool) (kernel.Socket, error) {
	if port < 1 || port > 65535 || host == "" {
		return nil, syscall.EINVAL
	}
	target := kernel.JoinHostPort(host, port)
	local := isLocal(host)
	if local && !tls {
		if l := n.listener(port); l != nil {
			return n.connectLocal(p, l, target)
		}
	}
	if _, err := netip.ParseAddr(host); local && err != nil {
		// localhost names the loopback without asking DNS (RFC 6761).
		host = "127.0.0.1"
	}
	d := n.policy.CheckHost(host, port)
	if !d.Allowed {
		if local {
			d.Reason = "nothing listens on port " + strconv.Itoa(port) + " in the VM, and the host's loopback is not allowed: " + d.Reason
			n.decide(p, "connect", target, d)
			return nil, syscall.ECONNREFUSED
		}
		n.decide(p, "connect", target, d)
		return nil, syscall.EACCES
	}
	if n.transport == nil {
		n.decide(p, "connect", target, Decision{Rule: "no transport", Reason: "this kernel has no way out"})
		return nil, syscall.ENETUNREACH
	}
	if !n.reserve(1) {
		n.decide(p, "connect", target, n.limitDecision())
		return nil, syscall.ENFILE
	}
	guest, outside := newConn(n, false, "tcp -> "+target, target)
	guest.c.ends = ends{dir: DirOut, pid: pidOf(p), remote: target}
	n.register(guest.c, 0)
	if _, err := netip.ParseAddr(host); err != nil {
		d.Reason += "; each address it resolves to is checked"
	}
	n.decide(p, "connect", target, d)
	pid := pidOf(p)
	n.transport.Dial(Dial{
		Conn: outside, Host: host, Port: port, Timeout: n.policy.ConnectTimeout, In: n.in, Out: n.out, TLS: tls,
		Failed: func(reason string) {
			n.log(pid, who(p), "tls", target, Decision{Rule: "tls", Reason: reason})
		},
		Addresses: func(ctx context.Context, r Resolver) ([]netip.Addr, error) {
			return n.addresses(ctx, r, pid, who(p), host, port, d)
		},
	})
	return guest, nil
}

// connectLocal connects p to a listener of the kernel.
func (n *Network) connectLocal(p *kernel.Process, l *Listener, target string) (kernel.Socket, error) {
	if !n.reserve(2) {
		n.decide(p, "connect", target, n.limitDecision())
		return nil, syscall.ENFILE
	}
	from := "pid " + strconv.Itoa(pidOf(p))
	a, b := newConn(n, true, "tcp -> "+target, "tcp :"+strconv.Itoa(l.port)+" <- "+from)
	client := kernel.JoinHostPort("127.0.0.1", n.ephemeralPort())
	server := kernel.JoinHostPort("127.0.0.1", l.port)
	a.setAddrs(Addrs{Local: client, Remote: server})
	b.setAddrs(Addrs{Local: server, Remote: client})
	a.c.ends = ends{dir: DirInternal, pid: pidOf(p), peer: l.PID(), remote: target}
	n.register(a.c, 0, 1)
	if err := l.enqueue(b); err != nil {
		n.decide(p, "connect", target, Decision{Rule: "backlog", Reason: "the VM's listener on port " + strconv.Itoa(l.port) + " is full"})
		a.Close()
		b.Close()
		return nil, err
	}
	n.decide(p, "connect", target, Decision{Allowed: true, Rule: "loopback", Reason: "the VM's own listener on port " + strconv.Itoa(l.port)})
	return a, nil
}

// addresses resolves host and keeps the addresses the policy allows.
func (n *Network) addresses(ctx context.Context, r Resolver, pid int, by, host string, port int, byName Decision) ([]netip.Addr, error) {
	if a, err := netip.ParseAddr(host); err == nil {
		return []netip.Addr{a}, nil
	}
	target := kernel.JoinHostPort(host, port)
	if port == AnyPort {
		target = host
	}
	found, err := r.LookupNetIP(ctx, "ip", host)
	if err != nil {
		n.log(pid, by, "resolve", target, Decision{Rule: "lookup", Reason: "the host could not resolve it: " + err.Error()})
		if ctx.Err() != nil {
			return nil, syscall.ETIMEDOUT
		}
		return nil, syscall.EHOSTUNREACH
	}
	var ok []netip.Addr
	for _, a := range found {
		d := n.policy.CheckResolved(byName, a, port)
		n.log(pid, by, "resolve", target+" = "+normalizeAddr(a).String(), d)
		if d.Allowed {
			ok = append(ok, normalizeAddr(a))
		}
	}
	if len(ok) == 0 {
		return nil, syscall.EACCES
	}
	return ok, nil
}

func pidOf(p *kernel.Process) int {
	if p == nil {
		return 0
	}
	return p.PID
}

// who names who asked, for the log: a process, or the host.
func who(p *kernel.Process) string {
	if p == nil {
		return "host"
	}
	if len(p.Argv) > 0 {
		return "pid " + strconv.Itoa(p.PID) + " (" + p.Argv[0] + ")"
	}
	return "pid " + strconv.Itoa(p.PID)
}

func (n *Network) decide(p *kernel.Process, op, target string, d Decision) {
	n.log(pidOf(p), who(p), op, target, d)
}

// log records a decision: allowed at info level, denied at warn.
func (n *Network) log(pid int, by, op, target string, d Decision) {
	verdict, lvl := "allowed", kernel.LevelInfo
	if !d.Allowed {
		verdict, lvl = "denied", kernel.LevelWarn
	}
	n.mu.Lock()
	if d.Allowed {
		n.allowed++
	} else {
		n.denied++
	}
	n.mu.Unlock()
	if !n.k.Log.Enabled(lvl) {
		return
	}
	n.k.Log.Log(lvl, kernel.SourceNet, pid, map[string]string{
		"decision": verdict, "op": op, "target": target, "rule": d.Rule, "by": by,
	}, "%s %s %s: %s [%s]", verdict, op, target, d.Reason, d.Rule)
}
