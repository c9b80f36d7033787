package kernel

import "time"

// Clock is the kernel's time source. Monotonic and Realtime are nanoseconds;
// Resolution is the true granularity of each, which WASI's clock_res_get
// reports (natively 1 ns; in a browser, what performance.now() offers).
type Clock interface {
	Monotonic() int64
	Realtime() int64
	MonotonicResolution() int64
	RealtimeResolution() int64
}

// goClock reads Go's clocks. Its monotonic time counts from the clock's
// creation, using the monotonic reading time.Now carries.
type goClock struct{ start time.Time }

// NewClock returns the Go runtime's clock.
func NewClock() Clock { return goClock{start: time.Now()} }

func (c goClock) Monotonic() int64 { return int64(time.Since(c.start)) + 1 }
func (c goClock) Realtime() int64  { return time.Now().UnixNano() }

func (goClock) MonotonicResolution() int64 { return goClockResolution }
func (goClock) RealtimeResolution() int64  { return goClockResolution }
