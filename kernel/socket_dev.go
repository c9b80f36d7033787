package kernel

import (
	"io/fs"
	"net/netip"
	"strconv"
	"strings"
	"syscall"
)

// The network's names in /dev, which is how a guest without socket
// functions of its own (WASI preview1 has no socket() or connect(); the
// Node layer on QuickJS has nothing else) asks the kernel for a socket:
//
//	/dev/tcp/HOST/PORT    opening it connects to HOST:PORT, through the policy
//	/dev/tcp-listen/PORT  opening it listens on the guest's PORT, where allowed
//	                      (PORT 0: the lowest free port of bind_ports)
//	/dev/tcp-accept/PORT  opening it accepts the next connection of the
//	                      caller's listener on PORT (for guests without sock_accept)
//	/dev/tls/HOST/PORT    /dev/tcp with TLS done by the kernel's transport
//	                      (certificate verified for HOST); the guest sees plaintext
//	/dev/dns/NAME         opening it resolves NAME under the policy; reading it
//	                      gives the addresses, one a line
//	/dev/poll             opening it makes a PollSet of the caller's descriptors
//	                      (pollset.go): one descriptor to wait on for many
//	/dev/sock/FD/shutdown opening it shuts down writing on the caller's socket
//	                      FD (shutdown(SHUT_WR), for guests without sock_shutdown);
//	                      the descriptor it returns reads nothing and is closed
//	/dev/sock/FD/addr     reading it gives socket FD's addresses, "local HOST:PORT"
//	                      and "remote HOST:PORT" lines (getsockname, getpeername)
//
// HOST is a name or an IP address (IPv6 bare or in brackets). The open
// returns a socket descriptor (filetype SOCKET_STREAM) for fd_read,
// fd_write, sock_recv, sock_send, sock_shutdown, sock_accept and
// poll_oneoff. Opening with FDFLAGS_NONBLOCK returns while the connection is
// being made, as a non-blocking connect(2) does; without it the open waits
// for the connection and fails with its error. See docs/network.md.
const (
	devTCP       = "tcp"
	devTCPListen = "tcp-listen"
	devTCPAccept = "tcp-accept"
	devTLS       = "tls"
	devDNS       = "dns"
	devSock      = "sock"
	devPoll      = "poll"
)

// netDevs are the network's directories in /dev.
var netDevs = []string{devDNS, devPoll, devSock, devTCP, devTCPAccept, devTCPListen, devTLS}

// netNode is what a name under tcp/ or tcp-listen/ is.
type netNode int

const (
	notNet      netNode = iota
	netDir              // tcp, tcp-listen, tcp-accept, tls, dns, tcp/HOST, tls/HOST
	netConnect          // tcp/HOST/PORT
	netListen           // tcp-listen/PORT
	netAccept           // tcp-accept/PORT
	netTLS              // tls/HOST/PORT
	netLookup           // dns/NAME
	netShutdown         // sock/FD/shutdown
	netAddr             // sock/FD/addr
	netPoll             // poll
	netMissing          // under them, but nothing there
	netNotDir           // a path through a socket node
)

// parseNetName reads a DevFS name: which node it is, and its host and port.
func parseNetName(name string) (node netNode, host string, port int) {
	parts := strings.Split(name, "/")
	switch parts[0] {
	case devPoll:
		if len(parts) > 1 {
			return netNotDir, "", 0
		}
		return netPoll, "", 0
	case devSock:
		switch {
		case len(parts) < 3:
			return netDir, "", 0
		case len(parts) > 3:
			return netNotDir, "", 0
		}
		fd, err := strconv.ParseUint(parts[1], 10, 31)
		switch {
		case err != nil:
			return netMissing, "", 0
		case parts[2] == "shutdown":
			return netShutdown, "", int(fd)
		case parts[2] == "addr":
			return netAddr, "", int(fd)
		}
		return netMissing, "", 0
	case devDNS:
		switch {
		case len(parts) == 1:
			return netDir, "", 0
		case len(parts) > 2:
			return netNotDir, "", 0
		case parts[1] == "":
			return netMissing, "", 0
		}
		return netLookup, unbracket(parts[1]), 0
	case devTCP, devTLS:
		switch len(parts) {
		case 1:
			return netDir, "", 0
		case 2:
			return netDir, parts[1], 0
		}
		if port = parsePort(parts[2]); port == 0 {
			return netMissing, "", 0
		}
		if len(parts) > 3 {
			return netNotDir, "", 0
		}
		if parts[0] == devTLS {
			return netTLS, unbracket(parts[1]), port
		}
		return netConnect, unbracket(parts[1]), port
	case devTCPListen, devTCPAccept:
		if len(parts) == 1 {
			return netDir, "", 0
		}
		anyPort := parts[0] == devTCPListen && parts[1] == "0"
		if port = parsePort(parts[1]); port == 0 && !anyPort {
			return netMissing, "", 0
		}
		if len(parts) > 2 {
			return netNotDir, "", 0
		}
		if parts[0] == devTCPAccept {
			return netAccept, "", port
		}
		return netListen, "", port
	}
	return notNet, "", 0
}

// parsePort reads a TCP port, 1 to 65535; 0 for anything else.
func parsePort(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > 65535 || strconv.Itoa(n) != s {
		return 0
	}
	return n
}

// unbracket turns "[::1]" into "::1"; other hosts are returned as they are.
func unbracket(h string) string {
	if strings.HasPrefix(h, "[") && strings.HasSuffix(h, "]") {
		if a, err := netip.ParseAddr(h[1 : len(h)-1]); err == nil && a.Is6() {
			return a.String()
		}
	}
	return h
}

// netStat describes a name under tcp/ or tcp-listen/.
func (d *DevFS) netStat(name string, node netNode) (fs.FileInfo, error) {
	switch node {
	case netDir:
		return devInfo{name: name[strings.LastIndexByte(name, '/')+1:], mode: fs.ModeDir | 0o555, t: d.created}, nil
	case netPoll:
		return devInfo{name: name, mode: fs.ModeDevice | fs.ModeCharDevice | 0o666, t: d.created}, nil
	case netConnect, netListen, netAccept, netTLS, netLookup, netShutdown, netAddr:
		return devInfo{name: name[strings.LastIndexByte(name, '/')+1:], mode: fs.ModeSocket | 0o666, t: d.created}, nil
	case netNotDir:
		return nil, &fs.PathError{Op: "stat", Path: name, Err: syscall.ENOTDIR}
	}
	return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrNotExist}
}

// netOpen opens a name under tcp/ or tcp-listen/: a directory (always
// empty: the hosts and ports are not listed), or a socket request that
// path_open completes for the calling process.
func (d *DevFS) netOpen(name string, node netNode, host string, port int) (fs.File, error) {
	info, err := d.netStat(name, node)
	if err != nil {
		return nil, err
	}
	if node == netDir {
		return &netDirFile{info: info}, nil
	}
	return &SocketRequest{info: info, node: node, host: host, port: port, dev: d}, nil
}

type netDirFile struct{ info fs.FileInfo }

func (f *netDirFile) Stat() (fs.FileInfo, error)         { return f.info, nil }
func (f *netDirFile) Read([]byte) (int, error)           { return 0, syscall.EISDIR }
func (f *netDirFile) Close() error                       { return nil }
func (f *netDirFile) ReadDir(int) ([]fs.DirEntry, error) { return nil, nil }

// SocketRequest is an opened name of the network in /dev (tcp, tcp-listen,
// tcp-accept, tls, dns). It becomes a socket (or a lookup) only in OpenFor,
// which path_open calls with the process that asked: the policy's log says
// who asked, an accept takes from that process's listener, and a wait
// happens as that process (shown blocked, and killable).
type SocketRequest struct {
	info fs.FileInfo
	node netNode
	host string
	port int
	dev  *DevFS
}

func (r *SocketRequest) Stat() (fs.FileInfo, error) { return r.info, nil }
func (r *SocketRequest) Read([]byte) (int, error)   { return 0, syscall.ENOTCONN }
func (r *SocketRequest) Close() error               { return nil }

// Target is what the request names: "HOST:PORT" to connect to, or ":PORT" to
// listen on.
func (r *SocketRequest) Target() string {
	switch r.node {
	case netListen, netAccept:
		return ":" + strconv.Itoa(r.port)
	case netLookup:
		return r.host
	}
	return JoinHostPort(r.host, r.port)
}

// OpenFor makes the socket for p: a listener, a connection (plain or TLS),
// an accepted connection, or a name lookup. Unless nonblock is set, a
// connection, an accept and a lookup are waited for, and a failure is the
// error. EACCES when the kernel has no network or the policy denies it;
// EPROTONOSUPPORT for TLS or lookups when the network cannot do them.
func (r *SocketRequest) OpenFor(p *Process, nonblock bool) (File, error) {
	n := r.dev.k.Net
	if n == nil && r.node != netPoll {
		return nil, syscall.EACCES
	}
	var s Socket
	var err error
	if r.node == netPoll {
		return NewPollSet(p), nil // a kernel without a network has descriptors to wait on too
	}
	switch r.node {
	case netShutdown:
		return r.shutdown(p)
	case netAddr:
		return r.addr(p)
	case netListen:
		return n.Listen(p, r.port)
	case netAccept:
		return r.accept(p, nonblock)
	case netLookup:
		return r.lookup(p, n, nonblock)
	case netTLS:
		t, ok := n.(TLSConnector)
		if !ok {
			return nil, syscall.EPROTONOSUPPORT
		}
		s, err = t.ConnectTLS(p, r.host, r.port)
	default:
		s, err = n.Connect(p, r.host, r.port)
	}
	if err != nil {
		return nil, err
	}
	if nonblock {
		return s, nil
	}
	if err := p.Wait("connect "+r.Target(), 0, func() bool {
		pending, _ := s.ConnectState()
		return !pending
	}); err != nil {
		s.Close()
		return nil, err
	}
	if _, err := s.ConnectState(); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// accept takes the next connection from p's listener on the request's port:
// only a process holding a descriptor of that listener may accept from it
// (EINVAL otherwise, as accept(2) on a socket that is not listening).
// ErrWouldBlock when nonblock is set and none waits.
func (r *SocketRequest) accept(p *Process, nonblock bool) (File, error) {
	var l Listener
	for _, e := range p.FDs.Snapshot() {
		if x, ok := e.Desc.File.(Listener); ok && x.Port() == r.port {
			l = x
			break
		}
	}
	if l == nil {
		return nil, syscall.EINVAL
	}
	for {
		c, err := l.TryAccept()
		if err != ErrWouldBlock || nonblock {
			if err != nil {
				return nil, err
			}
			return c, nil
		}
		if err := p.Wait("accept :"+strconv.Itoa(r.port), 0, func() bool {
			_, canRead, _, _ := l.Readiness()
			return canRead
		}); err != nil {
			return nil, err
		}
	}
}

// shutdown shuts down writing on p's socket r.port (a descriptor number
// here): the peer reads the end of the stream once it has what was sent.
// EBADF when the descriptor is not open, ENOTSOCK when it is no connected
// socket. The file returned reads nothing.
func (r *SocketRequest) shutdown(p *Process) (File, error) {
	d, err := p.FDs.Get(uint32(r.port))
	if err != nil {
		return nil, syscall.EBADF
	}
	s, ok := d.File.(Socket)
	if !ok {
		return nil, syscall.ENOTSOCK
	}
	if err := s.Shutdown(false, true); err != nil {
		return nil, err
	}
	return &device{name: "null", fs: r.dev}, nil
}

// addr reads the addresses of p's socket r.port (a descriptor number here):
// "local HOST:PORT\nremote HOST:PORT\n", a side empty when unknown (a
// listener has no remote). EBADF when the descriptor is not open, ENOTSOCK
// when it is no socket.
func (r *SocketRequest) addr(p *Process) (File, error) {
	d, err := p.FDs.Get(uint32(r.port))
	if err != nil {
		return nil, syscall.EBADF
	}
	var a SocketAddrs
	switch s := d.File.(type) {
	case interface{ Addrs() SocketAddrs }: // a connection, or a listener
		a = s.Addrs()
	case Socket:
	case Listener:
	default:
		return nil, syscall.ENOTSOCK
	}
	l := NewNameLookup("addr", r.dev.events)
	l.text = []byte("local " + a.Local + "\nremote " + a.Remote + "\n")
	l.done = true
	return l, nil
}

// lookup resolves the request's name; unless nonblock is set it waits for
// the answer, and a failure is the error.
func (r *SocketRequest) lookup(p *Process, n Network, nonblock bool) (File, error) {
	res, ok := n.(NameResolver)
	if !ok {
		return nil, syscall.EPROTONOSUPPORT
	}
	l, err := res.Lookup(p, r.host)
	if err != nil {
		return nil, err
	}
	if nonblock {
		return l, nil
	}
	if err := p.Wait("lookup "+r.host, 0, func() bool {
		done, _ := l.Result()
		return done
	}); err != nil {
		return nil, err
	}
	if _, err := l.Result(); err != nil {
		return nil, err
	}
	return l, nil
}

// JoinHostPort writes host:port, with an IPv6 address in brackets.
func JoinHostPort(host string, port int) string {
	if strings.IndexByte(host, ':') >= 0 {
		return "[" + host + "]:" + strconv.Itoa(port)
	}
	return host + ":" + strconv.Itoa(port)
}
