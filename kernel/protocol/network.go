package protocol

import (
	"strconv"

	knet "github.com/wasmrun/wasmrun/kernel/net"
)

// NetworkSession is the network a session's kernel gets: the [os.network]
// table of the project's wasmrun.toml and the flags, as the host read them
// (it has checked them already), so that the kernel in the page and the
// host that makes its outbound connections decide by the same policy.
type NetworkSession struct {
	File                  string    `json:"file"` // where the table was read ("" : none)
	Allow                 []string  `json:"allow"`
	Deny                  []string  `json:"deny"`
	BindPorts             string    `json:"bindPorts"`
	MaxConnections        int       `json:"maxConnections"`
	MaxBandwidthMbps      float64   `json:"maxBandwidthMbps"`
	ConnectionTimeoutSecs int       `json:"connectionTimeoutSecs"`
	AllowNet              []string  `json:"allowNet"` // --allow-net
	Forwards              []Forward `json:"forwards"` // --listen, --forward
}

// Forward is a guest port the host exposes (wasmrun os --listen,
// --forward): the guest gets a listening socket on it at every run.
type Forward struct {
	Guest int    `json:"guest"`
	Host  int    `json:"host"` // the host's 127.0.0.1 port (0 until bound)
	Flag  string `json:"flag"` // as given: "--forward 3000:8080"
}

// Policy compiles the session's network policy, as wasmrun run does: the
// table, then --allow-net, then the forwarded ports bindable.
func (n NetworkSession) Policy() (*knet.Policy, error) {
	p, err := knet.NewPolicy(knet.Config{
		File: n.File, Allow: n.Allow, Deny: n.Deny, BindPorts: n.BindPorts,
		MaxConnections: n.MaxConnections, MaxBandwidthMbps: n.MaxBandwidthMbps, ConnectionTimeoutSecs: n.ConnectionTimeoutSecs,
	})
	if err != nil {
		return nil, err
	}
	for _, r := range n.AllowNet {
		if err := p.Allow(r, "--allow-net"); err != nil {
			return nil, err
		}
	}
	for _, f := range n.Forwards {
		p.AllowBind(f.Guest, f.Flag)
	}
	return p, nil
}

// GuestPorts are the forwarded guest ports, each once, in flag order: the
// listening sockets a run gets.
func (n NetworkSession) GuestPorts() []int {
	var ports []int
	seen := map[int]bool{}
	for _, f := range n.Forwards {
		if !seen[f.Guest] {
			seen[f.Guest] = true
			ports = append(ports, f.Guest)
		}
	}
	return ports
}

// The stream messages. A connection between the kernel and the outside
// (the Preview panel, a connection to a host port of `wasmrun os
// --forward`, an outbound connection the host makes) is a stream with an
// id: "p1" opened by the page, "h1" by the host, "k1" by the kernel. Each
// side may have 64 KiB (knet.RelayWindow) sent and not acknowledged; a
// half-close is net.end, the end of the stream net.close. Between the page
// and the kernel they are requests (page to kernel) and events (kernel to
// page); on the host's WebSocket, events both ways.

// NetOpenArgs open stream ID to the guest's listening PORT (net.open), or
// say that a connection arrived on a forwarded host port (net.accept, host
// to page). From names the client, for the log.
type NetOpenArgs struct {
	ID   string `json:"id"`
	Port int    `json:"port"`
	From string `json:"from"`
}

// NetDataArgs carry bytes on a stream (base64 in JSON; in a worker
// message the bytes travel beside the body, in its "data" field).
type NetDataArgs struct {
	ID   string `json:"id"`
	Data []byte `json:"data,omitempty"`
}

// NetStreamArgs name a stream (net.end: its sender stopped writing).
type NetStreamArgs struct {
	ID string `json:"id"`
}

// NetCloseArgs end a stream: Error is the errno name ("ECONNREFUSED")
// when it failed, Message what the host or kernel said about it.
type NetCloseArgs struct {
	ID      string `json:"id"`
	Error   string `json:"error,omitempty"`
	Message string `json:"message,omitempty"`
}

// NetAckArgs acknowledge N bytes of a stream: the other side may send N
// more.
type NetAckArgs struct {
	ID string `json:"id"`
	N  int    `json:"n"`
}

// NetResolveArgs ask the host for a name's addresses (net.resolve).
type NetResolveArgs struct {
	ID   string `json:"id"`
	Host string `json:"host"`
	Port int    `json:"port"` // the port the connection is for, which the policy decides too
}

// NetResolvedArgs are the host's answer: the addresses, or Error (an errno
// name) and Message.
type NetResolvedArgs struct {
	ID      string   `json:"id"`
	Addrs   []string `json:"addrs"`
	Error   string   `json:"error,omitempty"`
	Message string   `json:"message,omitempty"`
}

// NetDialArgs ask the host to connect stream ID to one of Addrs on Port,
// in order; Host is the name asked for, which the host checks again.
type NetDialArgs struct {
	ID        string   `json:"id"`
	Host      string   `json:"host"`
	Port      int      `json:"port"`
	Addrs     []string `json:"addrs"`
	TimeoutMs int64    `json:"timeoutMs"`
	TLS       bool     `json:"tls,omitempty"` // the host speaks TLS to the server, verifying it for Host
}

// NetDialedArgs are the host's answer to net.dial: connected, or Error
// (an errno name) and Message.
type NetDialedArgs struct {
	ID      string `json:"id"`
	Error   string `json:"error,omitempty"`
	Message string `json:"message,omitempty"`
}

// PreviewFrom names the Preview panel as a client in the log.
func PreviewFrom(n int) string { return "preview #" + strconv.Itoa(n) }
