package net

import (
	"slices"
	"sort"
	"strconv"
	"time"

	"github.com/wasmrun/wasmrun/kernel"
)

// Snapshot is the network as the UI's Network panel shows it: the
// effective policy, the ports the host forwards, the listening ports, the
// open connections and how many decisions were allowed and denied. It is a
// copy: taking one holds each lock only to copy what it guards.
type Snapshot struct {
	Policy      Summary        `json:"policy"`
	Forwards    []PortForward  `json:"forwards"`
	Listeners   []ListenerInfo `json:"listeners"`
	Connections []ConnInfo     `json:"connections"`
	// Open counts the connected sockets guests hold, against
	// Policy.MaxConnections.
	Open    int   `json:"open"`
	Allowed int64 `json:"allowed"` // decisions logged since boot
	Denied  int64 `json:"denied"`
}

// Summary is the effective policy: the rules with where each was written,
// the ports guests may listen on, and the limits with where each was set
// (a file, or "default").
type Summary struct {
	Allow     []RuleInfo `json:"allow"`
	Deny      []RuleInfo `json:"deny"`
	BindPorts string     `json:"bindPorts"` // as written; "" when none
	// BindPortsFrom is the file bind_ports was read from ("" when none).
	BindPortsFrom string `json:"bindPortsFrom"`
	// Forwarded are the ports guests may listen on because the host
	// forwards them, each with the flag that did ("--listen 3000").
	Forwarded          []RuleInfo `json:"forwarded"`
	MaxConnections     int        `json:"maxConnections"`
	MaxConnectionsFrom string     `json:"maxConnectionsFrom"`
	// Bandwidth is bytes per second each way between the kernel and the
	// outside; 0: no limit.
	Bandwidth          int64  `json:"bandwidth"`
	BandwidthFrom      string `json:"bandwidthFrom"`
	ConnectTimeoutMs   int64  `json:"connectTimeoutMs"`
	ConnectTimeoutFrom string `json:"connectTimeoutFrom"`
}

// RuleInfo is a rule as written ("*.example.com", "3000") and where
// ("wasmrun.toml", "--allow-net", "--forward 3000:8080").
type RuleInfo struct {
	Text   string `json:"text"`
	Origin string `json:"origin"`
}

// PortForward is a way into a guest port from outside the kernel that the
// host (or the page) made: a host listener, a preview URL. The bridges
// register theirs with Network.AddForward.
type PortForward struct {
	Port int `json:"port"` // the guest port
	// Addr is where it listens ("127.0.0.1:8080"); "" when it is not a
	// socket address.
	Addr string `json:"addr"`
	// URL opens it in a browser ("http://127.0.0.1:8080/").
	URL    string `json:"url"`
	Origin string `json:"origin"` // what made it: "--forward 3000:8080"
}

// ListenerInfo is a listening guest port.
type ListenerInfo struct {
	Port    int  `json:"port"`
	PID     int  `json:"pid"` // the guest that listens; 0 while only the host holds it
	Pending int  `json:"pending"`
	Host    bool `json:"host"` // made by the host for a forwarded port
}

// Directions of a connection, from the VM's side.
const (
	DirIn       = "in"       // arrived from outside at a guest port
	DirOut      = "out"      // a guest's connection out of the kernel
	DirInternal = "internal" // between two guests of the kernel (localhost)
)

// ends is who is at each end of a connection, set when it is made.
type ends struct {
	dir    string
	pid    int    // the guest at end 0 (in: the listener's, when it arrived)
	peer   int    // internal: the guest listening at end 1
	local  string // in: ":PORT"
	remote string // in: the client's address; out and internal: the target
}

// ConnInfo is an open connection, seen from its guest end (the connecting
// guest's, for one inside the kernel).
type ConnInfo struct {
	ID        uint64 `json:"id"`
	Direction string `json:"direction"` // "in", "out", "internal"
	PID       int    `json:"pid"`       // the guest at this end (0: not known)
	// PeerPID is the guest listening at the other end of a connection
	// inside the kernel; 0 otherwise.
	PeerPID int `json:"peerPid"`
	// Local is the guest port a connection arrived at (":3000"); "" for a
	// connection the guest made.
	Local  string `json:"local"`
	Remote string `json:"remote"` // "127.0.0.1:51234", "example.com:443", "localhost:3000"
	// State is "connecting", "open", "closing" (a side has shut down
	// writing or closed) or "failed".
	State  string    `json:"state"`
	Error  string    `json:"error,omitempty"` // why it failed
	In     int64     `json:"in"`              // bytes that arrived for this end
	Out    int64     `json:"out"`             // bytes this end sent
	Opened time.Time `json:"opened"`
}

// AddForward records a way into a guest port that the host made, for the
// snapshot. It does not bind anything: the host's listener does (see
// ListenHost).
func (n *Network) AddForward(f PortForward) {
	n.mu.Lock()
	n.forwards = append(n.forwards, f)
	n.mu.Unlock()
}

// SnapshotOf is the snapshot of a kernel's network: nil when the kernel
// has none (k.Net unset), or it is not a wasmnet Network.
func SnapshotOf(kn kernel.Network) *Snapshot {
	n, ok := kn.(*Network)
	if !ok || n == nil {
		return nil
	}
	s := n.Snapshot()
	return &s
}

// Snapshot copies the network's state.
func (n *Network) Snapshot() Snapshot {
	n.mu.Lock()
	s := Snapshot{
		Policy:      n.policy.summary(),
		Forwards:    slices.Clone(n.forwards),
		Listeners:   make([]ListenerInfo, 0, len(n.listeners)),
		Connections: make([]ConnInfo, 0, len(n.conns)),
		Open:        n.open, Allowed: n.allowed, Denied: n.denied,
	}
	ls := make([]*Listener, 0, len(n.listeners))
	for _, l := range n.listeners {
		ls = append(ls, l)
	}
	cs := make([]*conn, 0, len(n.conns))
	for _, c := range n.conns {
		cs = append(cs, c)
	}
	n.mu.Unlock()
	if s.Forwards == nil {
		s.Forwards = []PortForward{}
	}
	for _, l := range ls {
		l.mu.Lock()
		s.Listeners = append(s.Listeners, ListenerInfo{Port: l.port, PID: l.pid, Pending: len(l.queue), Host: l.shared})
		l.mu.Unlock()
	}
	sort.Slice(s.Listeners, func(i, j int) bool { return s.Listeners[i].Port < s.Listeners[j].Port })
	for _, c := range cs {
		s.Connections = append(s.Connections, c.info())
	}
	sort.Slice(s.Connections, func(i, j int) bool { return s.Connections[i].ID < s.Connections[j].ID })
	return s
}

// info describes the connection from end 0, its guest end.
func (c *conn) info() ConnInfo {
	c.mu.Lock()
	defer c.mu.Unlock()
	ci := ConnInfo{
		ID: c.id, Direction: c.ends.dir, PID: c.ends.pid, PeerPID: c.ends.peer,
		Local: c.ends.local, Remote: c.ends.remote,
		In: c.received[0], Out: c.received[1], Opened: c.opened,
	}
	switch {
	case c.state == stateConnecting:
		ci.State = "connecting"
	case c.state == stateFailed:
		ci.State = "failed"
		if c.err != nil {
			ci.Error = c.err.Error()
		}
	case c.closed[0] || c.closed[1] || c.shutWr[0] || c.shutWr[1]:
		ci.State = "closing"
	default:
		ci.State = "open"
	}
	return ci
}

// summary lists the policy's rules and limits.
func (p *Policy) summary() Summary {
	s := Summary{
		Allow: []RuleInfo{}, Deny: []RuleInfo{}, Forwarded: []RuleInfo{},
		BindPorts: p.bindText, MaxConnections: p.MaxConnections, MaxConnectionsFrom: p.from.maxConnections,
		Bandwidth: p.Bandwidth, BandwidthFrom: p.from.bandwidth,
		ConnectTimeoutMs: p.ConnectTimeout.Milliseconds(), ConnectTimeoutFrom: p.from.connectTimeout,
	}
	if p.bindText != "" {
		s.BindPortsFrom = p.file
	}
	for _, r := range p.allow {
		s.Allow = append(s.Allow, RuleInfo{Text: r.Text, Origin: r.Origin})
	}
	for _, r := range p.deny {
		s.Deny = append(s.Deny, RuleInfo{Text: r.Text, Origin: r.Origin})
	}
	ports := make([]int, 0, len(p.forwarded))
	for port := range p.forwarded {
		ports = append(ports, port)
	}
	slices.Sort(ports)
	for _, port := range ports {
		s.Forwarded = append(s.Forwarded, RuleInfo{Text: strconv.Itoa(port), Origin: p.forwarded[port]})
	}
	return s
}
