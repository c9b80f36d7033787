package kernel

import (
	"sync"
	"syscall"

	"github.com/wasmrun/wasmrun/wasi/abi"
)

// ErrWouldBlock is what a Stream returns when a read or write cannot make
// progress now; the caller waits on the kernel's Events and tries again.
var ErrWouldBlock = syscall.EAGAIN

// Stream is a file read and written as a sequence of bytes, never seeked:
// stdio now, pipes and sockets later. Its methods never block: blocking is
// the process's business (Process.Read), so that there is one place where a
// process waits, can be killed, and shows what it is blocked on.
type Stream interface {
	File
	// TryRead reads what is available; ErrWouldBlock if nothing is and the
	// stream is still open; 0, nil at end of stream.
	TryRead(p []byte) (int, error)
	// TryWrite writes what it can; ErrWouldBlock if nothing can be taken now.
	TryWrite(p []byte) (int, error)
	// Readiness reports how many bytes a read would return now (or that one
	// would not block, with 0 at end of stream), whether a write would not
	// block, and whether the other end has hung up.
	Readiness() (readable int64, canRead, canWrite, hangup bool)
	// Name says what the stream is, for the process table ("stdin", "pipe").
	Name() string
}

// Input is a stream fed from outside the guest: the terminal's stdin, a
// pipe into `wasmrun run`, or what is typed into the browser console.
type Input struct {
	mu     sync.Mutex
	buf    []byte
	closed bool
	tty    bool
	events Events
	name   string
}

// NewInput returns an empty input stream that wakes waiters through events.
// tty says whether it is an interactive terminal (what isatty reports).
func NewInput(name string, tty bool, events Events) *Input {
	return &Input{tty: tty, events: events, name: name}
}

// Feed appends data for the guest to read.
func (in *Input) Feed(p []byte) {
	in.mu.Lock()
	in.buf = append(in.buf, p...)
	in.mu.Unlock()
	in.events.Notify()
}

// CloseInput marks the end of input: reads drain the buffer, then return 0.
func (in *Input) CloseInput() {
	in.mu.Lock()
	in.closed = true
	in.mu.Unlock()
	in.events.Notify()
}

func (in *Input) TryRead(p []byte) (int, error) {
	in.mu.Lock()
	defer in.mu.Unlock()
	if len(in.buf) == 0 {
		if in.closed {
			return 0, nil
		}
		return 0, ErrWouldBlock
	}
	n := copy(p, in.buf)
	in.buf = in.buf[n:]
	if len(in.buf) == 0 {
		in.buf = nil
	}
	return n, nil
}

func (in *Input) TryWrite([]byte) (int, error) { return 0, syscall.EBADF }

func (in *Input) Readiness() (int64, bool, bool, bool) {
	in.mu.Lock()
	defer in.mu.Unlock()
	return int64(len(in.buf)), len(in.buf) > 0 || in.closed, false, in.closed
}

func (in *Input) Filetype() abi.Filetype { return streamFiletype(in.tty) }
func (in *Input) TTY() bool              { return in.tty }
func (in *Input) Name() string           { return in.name }

// Close is a no-op for the guest's descriptor: the input itself belongs to
// the host, which may hand it to the next process.
func (in *Input) Close() error { return nil }

// Output is a stream the guest writes to and the host consumes: stdout and
// stderr. Writes go straight to the sink, in order.
type Output struct {
	mu      sync.Mutex
	sink    func([]byte) error
	tty     bool
	name    string
	written int64
	limit   *LimitError
	max     int64 // 0: unlimited
}

// NewOutput returns an output stream that hands each write to sink.
func NewOutput(name string, tty bool, sink func([]byte) error) *Output {
	return &Output{sink: sink, tty: tty, name: name}
}

// Limit makes writes past max bytes fail with limit.
func (o *Output) Limit(max int64, limit *LimitError) {
	o.mu.Lock()
	o.max, o.limit = max, limit
	o.mu.Unlock()
}

func (o *Output) TryRead([]byte) (int, error) { return 0, syscall.EBADF }

func (o *Output) TryWrite(p []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.max > 0 && o.written+int64(len(p)) > o.max {
		return 0, o.limit
	}
	if err := o.sink(p); err != nil {
		return 0, err
	}
	o.written += int64(len(p))
	return len(p), nil
}

// Written is the number of bytes written so far.
func (o *Output) Written() int64 {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.written
}

func (o *Output) Readiness() (int64, bool, bool, bool) { return 0, false, true, false }
func (o *Output) Filetype() abi.Filetype               { return streamFiletype(o.tty) }
func (o *Output) TTY() bool                            { return o.tty }
func (o *Output) Name() string                         { return o.name }
func (o *Output) Close() error                         { return nil }

// A terminal is a character device, which is how wasi-libc's isatty
// recognises it; a pipe or file redirect behind stdio has no WASI file type
// of its own.
func streamFiletype(tty bool) abi.Filetype {
	if tty {
		return abi.FiletypeCharacterDevice
	}
	return abi.FiletypeUnknown
}

// LimitError says a process went past one of its limits; the process is
// ended with this message.
type LimitError struct {
	What  string // "output", "memory", "time"
	Limit string // the limit, human readable
	Flag  string // the flag that sets it
}

func (e *LimitError) Error() string {
	return "reached the " + e.What + " limit of " + e.Limit + " (" + e.Flag + ")"
}
