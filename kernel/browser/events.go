//go:build js

package browser

import (
	"math"
	"syscall"
	"unsafe"

	"github.com/wasmrun/wasmrun/kernel"
	"github.com/wasmrun/wasmrun/wasi/abi"
)

// attention implements kernel.Events over the shared attention counter, so
// that a guest waiting in the kernel wakes when the page sends input, a
// request or a stop. Waiting is Atomics.wait: the worker's thread sleeps,
// and nothing in Go parks.
type attention struct{ clock kernel.Clock }

func (attention) Seq() uint64 { return uint64(uint32(attnLoad())) }
func (attention) Notify()     { attnNotify() }

func (a attention) Wait(seq uint64, deadline int64) {
	timeout := -1.0
	if deadline != 0 {
		timeout = float64(deadline-a.clock.Monotonic()) / 1e6
		if timeout <= 0 {
			return
		}
	}
	attnWait(int32(uint32(seq)), timeout)
}

// pageClock is the worker's clock: performance.now() for monotonic time,
// Date for realtime, with the resolution the page really offers.
type pageClock struct {
	origin int64 // realtime at monotonic zero, ns
	res    int64
}

func (c pageClock) Monotonic() int64           { return int64(math.Round(nowMs()*1e6)) + 1 }
func (c pageClock) Realtime() int64            { return c.origin + c.Monotonic() }
func (c pageClock) MonotonicResolution() int64 { return c.res }
func (c pageClock) RealtimeResolution() int64  { return c.res }

// stdin is the typed input, read from the page's shared ring.
type stdin struct{}

func (stdin) TryRead(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	n := stdinRead(unsafe.Pointer(&p[0]), uint32(len(p)))
	switch {
	case n > 0:
		return int(n), nil
	case n == 0:
		return 0, kernel.ErrWouldBlock
	}
	return 0, nil // input ended
}

func (stdin) TryWrite([]byte) (int, error) { return 0, syscall.EBADF }

func (stdin) Readiness() (int64, bool, bool, bool) {
	n := stdinAvailable()
	if n < 0 {
		return 0, true, false, true
	}
	return int64(n), n > 0, false, false
}

// The console is a terminal: the guest sees a character device, as isatty
// expects, and CPython line-buffers its output.
func (stdin) Filetype() abi.Filetype { return abi.FiletypeCharacterDevice }
func (stdin) Name() string           { return "stdin" }
func (stdin) Close() error           { return nil }

// pageRandom is the page's CSPRNG, crypto.getRandomValues.
type pageRandom struct{}

func (pageRandom) Read(p []byte) (int, error) {
	if len(p) > 0 {
		randomFill(unsafe.Pointer(&p[0]), uint32(len(p)))
	}
	return len(p), nil
}
