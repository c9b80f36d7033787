//go:build js

package browser

import (
	"encoding/json"
	"fmt"
	"net/netip"
	"strconv"
	"time"

	knet "github.com/wasmrun/wasmrun/kernel/net"
	"github.com/wasmrun/wasmrun/kernel/protocol"
)

// The network of the browser's kernel: the policy comes with the session
// (the host read wasmrun.toml and the flags), the forwarded ports' listeners
// are bound at boot and passed to every run, and every connection's outside
// is the page: a knet.Relay whose messages are events to the page and
// requests from it (docs/network.md, "Browser").

// startNet gives the kernel its network, from the session.
func (m *vm) startNet() error {
	pol, err := m.session.Network.Policy()
	if err != nil {
		return err
	}
	n, r := knet.NewRelay(m.k, pol, pageOutside{})
	m.k.Net = n
	m.net, m.relay = n, r
	for _, port := range m.session.Network.GuestPorts() {
		if _, err := n.ListenHost(port); err != nil {
			return fmt.Errorf("guest port %d: %w", port, err)
		}
	}
	for _, f := range m.session.Network.Forwards {
		addr := "127.0.0.1:" + strconv.Itoa(f.Host)
		n.AddForward(knet.PortForward{Port: f.Guest, Addr: addr, URL: "http://" + addr + "/", Origin: f.Flag})
	}
	return nil
}

// serveNet answers a net.* request from the page.
func (m *vm) serveNet(command string, raw json.RawMessage) (any, error) {
	r := m.relay
	args := func(v any) error { return json.Unmarshal(raw, v) }
	switch command {
	case "net.open":
		var a protocol.NetOpenArgs
		if err := args(&a); err != nil {
			return nil, err
		}
		if err := r.Open(a.ID, a.Port, a.From); err != nil {
			return nil, fmt.Errorf("%s: guest port %d: %w", knet.ErrnoName(err), a.Port, err)
		}
	case "net.send":
		var a protocol.NetDataArgs
		if err := args(&a); err != nil {
			return nil, err
		}
		if err := r.Send(a.ID, a.Data); err != nil {
			return nil, fmt.Errorf("stream %s: %w", a.ID, err)
		}
	case "net.end":
		var a protocol.NetStreamArgs
		if err := args(&a); err != nil {
			return nil, err
		}
		r.End(a.ID)
	case "net.close":
		var a protocol.NetCloseArgs
		if err := args(&a); err != nil {
			return nil, err
		}
		r.Close(a.ID, knet.ErrnoFromName(a.Error))
	case "net.ack":
		var a protocol.NetAckArgs
		if err := args(&a); err != nil {
			return nil, err
		}
		r.Ack(a.ID, a.N)
	case "net.resolved":
		var a protocol.NetResolvedArgs
		if err := args(&a); err != nil {
			return nil, err
		}
		var addrs []netip.Addr
		for _, s := range a.Addrs {
			if ad, err := netip.ParseAddr(s); err == nil {
				addrs = append(addrs, ad)
			}
		}
		var lookupErr error
		if a.Error != "" {
			lookupErr = fmt.Errorf("%s", a.Message)
		}
		r.Resolved(a.ID, addrs, lookupErr)
	case "net.dialed":
		var a protocol.NetDialedArgs
		if err := args(&a); err != nil {
			return nil, err
		}
		r.Dialed(a.ID, knet.ErrnoFromName(a.Error), a.Message)
	default:
		return nil, fmt.Errorf("unknown command %q", command)
	}
	// What the request let move, moves now.
	r.Pump()
	return protocol.Empty{}, nil
}

// pageOutside sends the relay's messages to the page as events.
type pageOutside struct{}

func (pageOutside) Data(id string, b []byte) {
	postEvent("net.data", protocol.NetDataArgs{ID: id}, b)
}

func (pageOutside) End(id string) { postEvent("net.end", protocol.NetStreamArgs{ID: id}, nil) }

func (pageOutside) Close(id string, err error) {
	c := protocol.NetCloseArgs{ID: id, Error: knet.ErrnoName(err)}
	if err != nil {
		c.Message = err.Error()
	}
	postEvent("net.close", c, nil)
}

func (pageOutside) Ack(id string, n int) {
	postEvent("net.ack", protocol.NetAckArgs{ID: id, N: n}, nil)
}

func (pageOutside) Resolve(id, host string, port int) {
	postEvent("net.resolve", protocol.NetResolveArgs{ID: id, Host: host, Port: port}, nil)
}

func (pageOutside) Dial(id, host string, port int, addrs []netip.Addr, timeout time.Duration, tls bool) {
	d := protocol.NetDialArgs{ID: id, Host: host, Port: port, TimeoutMs: max(timeout.Milliseconds(), 1), TLS: tls, Addrs: []string{}}
	for _, a := range addrs {
		d.Addrs = append(d.Addrs, a.String())
	}
	postEvent("net.dial", d, nil)
}
