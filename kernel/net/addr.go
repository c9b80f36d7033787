package net

import "github.com/wasmrun/wasmrun/kernel"

// Addrs are an end's addresses as the guest sees them (HOST:PORT, empty
// when unknown): a connection arriving from outside has the client's
// address (the host's view of it) as its remote and the VM's loopback at
// the listener's port as its local; an outbound one has what the transport
// connected from and to; both ends of a connection inside the VM are on
// the VM's loopback, the client at an ephemeral port the network gives it,
// as a kernel's loopback would.
type Addrs = kernel.SocketAddrs

var _ kernel.AddressedSocket = (*Conn)(nil)

// Addrs reports this end's addresses.
func (e *Conn) Addrs() Addrs {
	e.c.mu.Lock()
	defer e.c.mu.Unlock()
	return e.c.addrs[e.i]
}

func (e *Conn) setAddrs(a Addrs) {
	e.c.mu.Lock()
	e.c.addrs[e.i] = a
	e.c.mu.Unlock()
}

// ephemeralPort numbers the client ends of connections inside the VM, in
// Linux's default ephemeral range, 32768 to 60999.
func (n *Network) ephemeralPort() int {
	return 32768 + int(n.ephemeral.Add(1)%28232)
}
