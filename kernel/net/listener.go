package net

import (
	"strconv"
	"sync"
	"syscall"

	"github.com/wasmrun/wasmrun/kernel"
	"github.com/wasmrun/wasmrun/wasi/abi"
)

// Backlog is how many connections may wait to be accepted on a listener;
// more are refused, as a full listen(2) backlog refuses them.
const Backlog = 128

// Listener is a listening socket on a guest port: connections arrive in
// its queue (from a bridge, the page, or another guest of the kernel) and
// the guest accepts them. It is a kernel.Listener.
type Listener struct {
	n      *Network
	port   int
	shared bool // made by the host for a forwarded port (see Network.Listen)

	mu      sync.Mutex
	queue   []*Conn
	refs    int  // descriptors (and the host) holding it
	pid     int  // the guest that listens (0: only the host holds it)
	stopped bool // closed or shut down: no more connections
}

var _ kernel.Listener = (*Listener)(nil)

func (l *Listener) Filetype() abi.Filetype { return abi.FiletypeSocketStream }
func (l *Listener) Name() string           { return "tcp listen :" + strconv.Itoa(l.port) }
func (l *Listener) Port() int              { return l.port }

// Addrs reports the listener's address (getsockname; /dev/sock/FD/addr):
// every address of the VM, at its port.
func (l *Listener) Addrs() kernel.SocketAddrs {
	return kernel.SocketAddrs{Local: "0.0.0.0:" + strconv.Itoa(l.port)}
}

// TryRead and TryWrite: a listening socket is not connected.
func (l *Listener) TryRead([]byte) (int, error)  { return 0, syscall.ENOTCONN }
func (l *Listener) TryWrite([]byte) (int, error) { return 0, syscall.ENOTCONN }

// Readiness counts the pending connections: readable when accept would not
// block (a connection waits, or the listener was shut down and accept
// fails at once).
func (l *Listener) Readiness() (int64, bool, bool, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return int64(len(l.queue)), len(l.queue) > 0 || l.stopped, false, l.stopped
}

// TryAccept takes the oldest pending connection.
func (l *Listener) TryAccept() (kernel.Socket, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.queue) == 0 {
		if l.stopped {
			return nil, syscall.EINVAL
		}
		return nil, kernel.ErrWouldBlock
	}
	c := l.queue[0]
	l.queue[0] = nil
	l.queue = l.queue[1:]
	return c, nil
}

// Pending is the number of connections waiting to be accepted.
func (l *Listener) Pending() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.queue)
}

// Shutdown of reading stops listening, as on Linux: the port is released,
// waiting connections are refused, accept fails with EINVAL. Shutting down
// writing does nothing.
func (l *Listener) Shutdown(read, write bool) error {
	if read {
		l.stop()
	}
	return nil
}

// Close lets go of one hold on the listener; the last one stops it.
func (l *Listener) Close() error {
	l.mu.Lock()
	l.refs--
	last := l.refs == 0
	if l.shared && l.refs == 1 {
		l.pid = 0 // the guest let go; the host's hold remains
	}
	l.mu.Unlock()
	if last {
		l.stop()
	}
	return nil
}

// hold takes one more hold on the listener for pid (another descriptor of
// it): the guest taking the listener the host made.
func (l *Listener) hold(pid int) {
	l.mu.Lock()
	l.refs++
	l.pid = pid
	l.mu.Unlock()
}

// PID is the guest that listens: the one that bound the port, or the last
// one to take the listener the host made (0 while only the host holds it).
func (l *Listener) PID() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.pid
}

func (l *Listener) stop() {
	l.mu.Lock()
	if l.stopped {
		l.mu.Unlock()
		return
	}
	l.stopped = true
	queue := l.queue
	l.queue = nil
	l.mu.Unlock()
	l.n.unbind(l)
	for _, c := range queue {
		c.Close()
	}
	l.n.k.Events.Notify()
}

// enqueue adds a new connection for the guest to accept.
func (l *Listener) enqueue(c *Conn) error {
	l.mu.Lock()
	if l.stopped || len(l.queue) >= Backlog {
		l.mu.Unlock()
		return syscall.ECONNREFUSED
	}
	l.queue = append(l.queue, c)
	l.mu.Unlock()
	l.n.k.Events.Notify()
	return nil
}
