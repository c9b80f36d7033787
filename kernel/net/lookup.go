package net

import (
	"context"
	"net/netip"
	"syscall"

	"github.com/wasmrun/wasmrun/kernel"
)

// The network's two services for guests that cannot do them themselves
// (the Node layer on QuickJS): TLS by the transport (/dev/tls/HOST/PORT)
// and name lookups (/dev/dns/NAME). See docs/network.md.

var (
	_ kernel.TLSConnector = (*Network)(nil)
	_ kernel.NameResolver = (*Network)(nil)
)

// ConnectTLS is Connect with TLS to host done by the transport, which
// verifies the server's certificate for host. The policy decides as for
// Connect. The VM's own listeners are not reached this way (guests serve no
// TLS the kernel could speak to): localhost goes to the host's loopback when
// an allow rule names it, and is refused otherwise.
func (n *Network) ConnectTLS(p *kernel.Process, host string, port int) (kernel.Socket, error) {
	return n.connect(p, host, port, true)
}

// Lookup resolves name for p. localhost (and *.localhost) is the VM:
// 127.0.0.1 and ::1, without the policy. An IP address is itself. A name is
// looked up only if the policy would let p connect to it on some port
// (CheckLookup, EACCES otherwise), by the transport (which must be a
// Resolver: EPROTONOSUPPORT otherwise), and only the addresses the policy
// allows are answered (each decision logged, as for a connection); none
// allowed is EACCES. The answer arrives in the NameLookup.
func (n *Network) Lookup(p *kernel.Process, name string) (*kernel.NameLookup, error) {
	l := kernel.NewNameLookup(name, n.k.Events)
	if a, err := netip.ParseAddr(name); err == nil {
		l.Resolve([]netip.Addr{a}, nil)
		return l, nil
	}
	if isLocal(name) {
		l.Resolve([]netip.Addr{netip.MustParseAddr("127.0.0.1"), netip.IPv6Loopback()}, nil)
		return l, nil
	}
	d := n.policy.CheckLookup(name)
	if !d.Allowed {
		n.decide(p, "resolve", name, d)
		return nil, syscall.EACCES
	}
	if ar, ok := n.transport.(AsyncResolver); ok {
		pid, by := pidOf(p), who(p)
		ar.ResolveAsync(name, func(addrs []netip.Addr, err error) {
			l.Resolve(n.addresses(context.Background(), answered{addrs, err}, pid, by, name, AnyPort, d))
		})
		return l, nil
	}
	r, ok := n.transport.(Resolver)
	if !ok {
		n.decide(p, "resolve", name, Decision{Rule: "no resolver", Reason: "this kernel's transport cannot look names up"})
		return nil, syscall.EPROTONOSUPPORT
	}
	pid, by := pidOf(p), who(p)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), n.policy.ConnectTimeout)
		defer cancel()
		l.Resolve(n.addresses(ctx, r, pid, by, name, AnyPort, d))
	}()
	return l, nil
}
