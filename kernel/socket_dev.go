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
)

// netNode is what a name under tcp/ or tcp-listen/ is.
type netNode int

const (
	notNet     netNode = iota
	netDir             // tcp, tcp-listen, tcp/HOST
	netConnect         // tcp/HOST/PORT
	netListen          // tcp-listen/PORT
	netMissing         // under them, but nothing there
	netNotDir          // a path through a socket node
)

// parseNetName reads a DevFS name: which node it is, and its host and port.
func parseNetName(name string) (node netNode, host string, port int) {
	parts := strings.Split(name, "/")
	switch parts[0] {
	case devTCP:
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
		return netConnect, unbracket(parts[1]), port
	case devTCPListen:
		if len(parts) == 1 {
			return netDir, "", 0
		}
		if port = parsePort(parts[1]); port == 0 {
			return netMissing, "", 0
		}
		if len(parts) > 2 {
			return netNotDir, "", 0
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
	case netConnect, netListen:
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
	return &SocketRequest{info: info, listen: node == netListen, host: host, port: port, dev: d}, nil
}

type netDirFile struct{ info fs.FileInfo }

func (f *netDirFile) Stat() (fs.FileInfo, error)         { return f.info, nil }
func (f *netDirFile) Read([]byte) (int, error)           { return 0, syscall.EISDIR }
func (f *netDirFile) Close() error                       { return nil }
func (f *netDirFile) ReadDir(int) ([]fs.DirEntry, error) { return nil, nil }

// SocketRequest is an opened /dev/tcp or /dev/tcp-listen name. It becomes a
// socket only in OpenFor, which path_open calls with the process that asked:
// the policy's log says who asked, and a connect waits as that process
// (shown blocked, and killable).
type SocketRequest struct {
	info   fs.FileInfo
	listen bool
	host   string
	port   int
	dev    *DevFS
}

func (r *SocketRequest) Stat() (fs.FileInfo, error) { return r.info, nil }
func (r *SocketRequest) Read([]byte) (int, error)   { return 0, syscall.ENOTCONN }
func (r *SocketRequest) Close() error               { return nil }

// Target is what the request names: "HOST:PORT" to connect to, or ":PORT" to
// listen on.
func (r *SocketRequest) Target() string {
	if r.listen {
		return ":" + strconv.Itoa(r.port)
	}
	return JoinHostPort(r.host, r.port)
}

// OpenFor makes the socket for p: a listener, or a connection. Unless
// nonblock is set, a connection is waited for, and its failure is the
// error. EACCES when the kernel has no network or the policy denies it.
func (r *SocketRequest) OpenFor(p *Process, nonblock bool) (File, error) {
	n := r.dev.k.Net
	if n == nil {
		return nil, syscall.EACCES
	}
	if r.listen {
		return n.Listen(p, r.port)
	}
	s, err := n.Connect(p, r.host, r.port)
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

// JoinHostPort writes host:port, with an IPv6 address in brackets.
func JoinHostPort(host string, port int) string {
	if strings.IndexByte(host, ':') >= 0 {
		return "[" + host + "]:" + strconv.Itoa(port)
	}
	return host + ":" + strconv.Itoa(port)
}
