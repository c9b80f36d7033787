package kernel

// Sockets are Streams: the descriptor table, fd_read, fd_write, the
// NONBLOCK flag and poll_oneoff treat them as they treat stdin or a pipe,
// through TryRead, TryWrite and Readiness. What only a socket can do is
// discovered by type assertion, as the rest of the kernel's capabilities
// are. The kernel defines what a socket is; kernel/net implements them, the
// policy they live under, and the bridges to the world outside the kernel.

// Socket is a connected stream socket (TCP, as the guest sees it): two byte
// directions, each of which can be shut down.
type Socket interface {
	Stream
	// TryPeek copies what TryRead would return, without consuming it.
	TryPeek(p []byte) (int, error)
	// Shutdown ends reading (what arrives is discarded and reads return
	// end of stream), writing (the peer reads end of stream once it has
	// what was sent), or both. ENOTCONN if the socket is not connected.
	Shutdown(read, write bool) error
	// ConnectState reports whether the connection is still being made (a
	// connect in progress) and, once it is not, why it failed (nil: it is
	// connected). Until it is made, reads and writes would block and
	// readiness says neither readable nor writable.
	ConnectState() (inProgress bool, err error)
}

// Listener is a listening stream socket. Its Stream side has nothing to
// read or write (ENOTCONN, as on Linux); its Readiness counts the
// connections waiting to be accepted, so that poll_oneoff reports a
// listener readable when accept would not block.
type Listener interface {
	Stream
	// TryAccept takes the oldest pending connection; ErrWouldBlock when
	// there is none; EINVAL once the listener was shut down.
	TryAccept() (Socket, error)
	// Shutdown with read set stops listening, as Linux's shutdown(2)
	// does on a listening socket: pending connections are refused and
	// accepts fail. Writing has nothing to shut down.
	Shutdown(read, write bool) error
	// Port is the guest port it listens on.
	Port() int
}

// Network is how a kernel's processes reach the network: the policy, the
// port table and the transports (kernel/net). A kernel without one has no
// network at all.
type Network interface {
	// Connect starts a connection to host:port on behalf of p, after the
	// policy allowed it; the socket's ConnectState is in progress until it
	// succeeds or fails. A denied connection is an error at once: EACCES,
	// or ECONNREFUSED for the VM's own loopback.
	Connect(p *Process, host string, port int) (Socket, error)
	// Listen binds a listening socket on the guest's port for p, where the
	// policy allows it (EACCES otherwise; EADDRINUSE if it is taken).
	Listen(p *Process, port int) (Listener, error)
}

// TLSConnector is a Network whose transport can make TLS connections: the
// transport does the handshake and verifies the server's certificate for
// host, and the guest's socket carries the plaintext (/dev/tls/HOST/PORT,
// for a guest such as QuickJS that has no TLS of its own).
type TLSConnector interface {
	// ConnectTLS is Connect, with TLS to host between the kernel's way
	// out and the server. A failed handshake or certificate check fails
	// the connection with EPROTO (the log says why).
	ConnectTLS(p *Process, host string, port int) (Socket, error)
}

// NameResolver is a Network that can look names up for guests
// (/dev/dns/NAME), under the policy: a name the policy would not let the
// guest connect to on any port is not looked up (EACCES), and only the
// addresses the policy allows are answered.
type NameResolver interface {
	// Lookup starts resolving name for p and returns at once; the answer
	// arrives in the returned NameLookup.
	Lookup(p *Process, name string) (*NameLookup, error)
}

// SocketAddrs are a connected socket's own address and its peer's, each
// "HOST:PORT" (IPv6 in brackets), or empty when unknown.
type SocketAddrs struct {
	Local, Remote string
}

// AddressedSocket is a Socket that knows its addresses (getsockname and
// getpeername; /dev/sock/FD/addr for guests without them).
type AddressedSocket interface {
	Socket
	Addrs() SocketAddrs
}
