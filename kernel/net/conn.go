package net

import (
	"errors"
	"io"
	"sync"
	"syscall"
	"time"

	"github.com/wasmrun/wasmrun/kernel"
	"github.com/wasmrun/wasmrun/wasi/abi"
)

// SocketBuffer is how many bytes each direction of a connection holds
// before its writer waits.
const SocketBuffer = 64 << 10

// ErrClosed is what an end of a connection returns once it is closed
// itself.
var ErrClosed = syscall.EBADF

type connState int

const (
	stateConnecting connState = iota
	stateOpen
	stateFailed
)

// conn is a connection: two byte directions between end 0 and end 1. End 0
// is a guest's socket; end 1 is the outside (a bridge to a host socket, the
// page) or, for a connection inside the kernel, another guest's socket.
// Both ends are Conns with the same operations.
type conn struct {
	n      *Network
	events kernel.Events
	id     uint64

	mu       sync.Mutex
	state    connState
	err      error // why it failed
	buf      [2][]byte
	shutRd   [2]bool // end i stopped reading
	shutWr   [2]bool // end i stopped writing: the other end reads EOF
	closed   [2]bool
	counted  [2]bool // end i counts against max_connections
	received [2]int64
	name     [2]string
	addrs    [2]Addrs // each end's local and remote address (addr.go)
	ends     ends     // who is at each end, for the snapshot; set before it is registered
	opened   time.Time
	done     [2]chan struct{} // closed when end i closes
	wake     chan struct{}    // closed and replaced on every change, for blocking waiters
}

// Conn is one end of a connection. As the guest's socket it is a
// kernel.Socket: non-blocking, waited on through the kernel's Events. For
// the bridge on the other end it also has blocking Read, Write and
// CloseWrite, so that it is an io.ReadWriteCloser a host goroutine copies
// through.
type Conn struct {
	c *conn
	i int
}

var _ kernel.Socket = (*Conn)(nil)

func newConn(n *Network, open bool, name0, name1 string) (*Conn, *Conn) {
	c := &conn{n: n, events: n.k.Events, wake: make(chan struct{}), name: [2]string{name0, name1}, opened: time.Now()}
	c.done[0], c.done[1] = make(chan struct{}), make(chan struct{})
	if open {
		c.state = stateOpen
	}
	c.id = n.nextID()
	return &Conn{c, 0}, &Conn{c, 1}
}

// changed wakes whoever waits on the connection: guests through the
// kernel's Events, bridges through wake. Called with c.mu held; the
// notification itself happens after the caller unlocks (notify).
func (c *conn) changed() {
	close(c.wake)
	c.wake = make(chan struct{})
}

func (c *conn) notify() { c.events.Notify() }

// Peer is the other end.
func (e *Conn) Peer() *Conn { return &Conn{e.c, 1 - e.i} }

func (e *Conn) Filetype() abi.Filetype { return abi.FiletypeSocketStream }

// Name describes the connection from this end, for the process table.
func (e *Conn) Name() string { return e.c.name[e.i] }

// ConnectState reports whether the connection is still being made, and its
// error once it failed.
func (e *Conn) ConnectState() (bool, error) {
	e.c.mu.Lock()
	defer e.c.mu.Unlock()
	return e.c.state == stateConnecting, e.c.err
}

// Established marks the connection made: the transport calls it on its end
// once the outside connection is up. It fails with ErrClosed if the guest
// has closed its end meanwhile (the transport then drops the connection).
func (e *Conn) Established() error {
	c := e.c
	c.mu.Lock()
	if c.closed[1-e.i] || c.closed[e.i] {
		c.mu.Unlock()
		return ErrClosed
	}
	if c.state == stateConnecting {
		c.state = stateOpen
		c.changed()
	}
	c.mu.Unlock()
	c.notify()
	return nil
}

// Fail ends a connection that could not be made, or was reset: both ends'
// reads and writes return err (ECONNREFUSED, ETIMEDOUT, EACCES...).
func (e *Conn) Fail(err error) {
	c := e.c
	c.mu.Lock()
	if c.state != stateFailed {
		c.state, c.err = stateFailed, err
		c.buf = [2][]byte{}
		c.changed()
	}
	c.mu.Unlock()
	c.notify()
}

// unusable says why end i can neither read nor write now (nil when it
// can): closed, failed, or still connecting. c.mu is held.
func (c *conn) unusable(i int) error {
	switch {
	case c.closed[i]:
		return ErrClosed
	case c.state == stateFailed:
		return c.err
	case c.state == stateConnecting:
		return kernel.ErrWouldBlock
	}
	return nil
}

// TryRead reads what has arrived: ErrWouldBlock if nothing has and the peer
// may still send; 0, nil at the end of the stream.
func (e *Conn) TryRead(p []byte) (int, error) { return e.read(p, false) }

// TryPeek is TryRead without consuming what it copies.
func (e *Conn) TryPeek(p []byte) (int, error) { return e.read(p, true) }

func (e *Conn) read(p []byte, peek bool) (int, error) {
	c, i := e.c, e.i
	c.mu.Lock()
	if err := c.unusable(i); err != nil {
		c.mu.Unlock()
		return 0, err
	}
	if len(c.buf[i]) == 0 {
		eof := c.shutRd[i] || c.shutWr[1-i] || c.closed[1-i]
		c.mu.Unlock()
		if eof {
			return 0, nil
		}
		return 0, kernel.ErrWouldBlock
	}
	n := copy(p, c.buf[i])
	if peek || n == 0 {
		c.mu.Unlock()
		return n, nil
	}
	c.buf[i] = c.buf[i][n:]
	if len(c.buf[i]) == 0 {
		c.buf[i] = nil
	}
	c.changed()
	c.mu.Unlock()
	c.notify()
	return n, nil
}

// TryWrite sends what fits: ErrWouldBlock when the peer's buffer is full;
// EPIPE once this end stopped writing or the peer is gone.
func (e *Conn) TryWrite(p []byte) (int, error) {
	c, i, o := e.c, e.i, 1-e.i
	c.mu.Lock()
	if err := c.unusable(i); err != nil {
		c.mu.Unlock()
		return 0, err
	}
	switch {
	case c.shutWr[i] || c.closed[o]:
		c.mu.Unlock()
		return 0, syscall.EPIPE
	case c.shutRd[o]:
		// The peer reads no more: what is sent is dropped, as Linux does.
		c.mu.Unlock()
		return len(p), nil
	}
	room := SocketBuffer - len(c.buf[o])
	if room <= 0 {
		c.mu.Unlock()
		return 0, kernel.ErrWouldBlock
	}
	if len(p) > room {
		p = p[:room]
	}
	c.buf[o] = append(c.buf[o], p...)
	c.received[o] += int64(len(p))
	c.changed()
	c.mu.Unlock()
	c.notify()
	return len(p), nil
}

// Readiness reports the bytes waiting, whether a read or a write would not
// block, and whether the peer has gone (or the connection failed).
func (e *Conn) Readiness() (readable int64, canRead, canWrite, hangup bool) {
	c, i, o := e.c, e.i, 1-e.i
	c.mu.Lock()
	defer c.mu.Unlock()
	switch c.state {
	case stateConnecting:
		return 0, false, false, false
	case stateFailed:
		return 0, true, true, true
	}
	n := len(c.buf[i])
	canRead = n > 0 || c.shutRd[i] || c.shutWr[o] || c.closed[o] || c.closed[i]
	canWrite = c.shutWr[i] || c.closed[o] || c.shutRd[o] || len(c.buf[o]) < SocketBuffer
	return int64(n), canRead, canWrite, c.closed[o]
}

// Shutdown stops reading, writing, or both. ENOTCONN when the connection
// was never made.
func (e *Conn) Shutdown(read, write bool) error {
	c, i := e.c, e.i
	c.mu.Lock()
	if c.closed[i] {
		c.mu.Unlock()
		return ErrClosed
	}
	if c.state != stateOpen {
		c.mu.Unlock()
		return syscall.ENOTCONN
	}
	if read {
		c.shutRd[i] = true
		c.buf[i] = nil
	}
	if write {
		c.shutWr[i] = true
	}
	c.changed()
	c.mu.Unlock()
	c.notify()
	return nil
}

// Close closes this end: the peer reads what was sent, then the end of the
// stream, and its writes fail with EPIPE.
func (e *Conn) Close() error {
	c, i := e.c, e.i
	c.mu.Lock()
	if c.closed[i] {
		c.mu.Unlock()
		return nil
	}
	c.closed[i] = true
	c.buf[i] = nil
	counted := c.counted[i]
	c.counted[i] = false
	both := c.closed[1-i]
	close(c.done[i])
	c.changed()
	c.mu.Unlock()
	c.notify()
	c.n.closed(c, counted, both)
	return nil
}

// PeerDone is closed when the other end is closed.
func (e *Conn) PeerDone() <-chan struct{} { return e.c.done[1-e.i] }

// Read blocks until something can be read; io.EOF at the end of the stream.
// It is for bridges on host goroutines, never for a guest's end.
func (e *Conn) Read(p []byte) (int, error) {
	for {
		w := e.waiter()
		n, err := e.TryRead(p)
		if err == kernel.ErrWouldBlock {
			<-w
			continue
		}
		if n == 0 && err == nil && len(p) > 0 {
			return 0, io.EOF
		}
		return n, err
	}
}

// Write blocks until all of p is sent or the connection ends.
func (e *Conn) Write(p []byte) (int, error) {
	done := 0
	for done < len(p) {
		w := e.waiter()
		n, err := e.TryWrite(p[done:])
		done += n
		if err == kernel.ErrWouldBlock {
			<-w
			continue
		}
		if err != nil {
			return done, err
		}
	}
	return done, nil
}

// CloseWrite stops writing: the peer reads the end of the stream.
func (e *Conn) CloseWrite() error {
	err := e.Shutdown(false, true)
	if errors.Is(err, syscall.ENOTCONN) {
		return nil
	}
	return err
}

// waiter returns a channel closed at the next change of the connection.
func (e *Conn) waiter() <-chan struct{} {
	e.c.mu.Lock()
	defer e.c.mu.Unlock()
	return e.c.wake
}

// Stats reports the bytes that arrived for this end and for the other.
func (e *Conn) Stats() (in, out int64) {
	e.c.mu.Lock()
	defer e.c.mu.Unlock()
	return e.c.received[e.i], e.c.received[1-e.i]
}
