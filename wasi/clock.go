package wasi

import (
	"github.com/wasmrun/wasmrun/kernel"
	"github.com/wasmrun/wasmrun/wasi/abi"
)

// clockResGet writes the resolution of a clock in nanoseconds.
//
// # Result (Errno)
//   - EINVAL: the clock id is not one of the four the specification defines.
//   - EFAULT: the result pointer is out of memory bounds.
func clockResGet(p *kernel.Process, m Memory, a []uint64) abi.Errno {
	c := p.Kernel().Clock
	var res int64
	switch abi.Clockid(a[0]) {
	case abi.ClockRealtime:
		res = c.RealtimeResolution()
	case abi.ClockMonotonic, abi.ClockProcessCputimeID, abi.ClockThreadCputimeID:
		// CPU time is measured with the monotonic clock.
		res = c.MonotonicResolution()
	default:
		return abi.ErrnoInval
	}
	if !writeU64(m, uint32(a[1]), uint64(res)) {
		return abi.ErrnoFault
	}
	return abi.ErrnoSuccess
}

// clockTimeGet writes the time of a clock in nanoseconds. The precision
// argument is a hint that every clock here already meets.
//
// # Result (Errno)
//   - EINVAL: unknown clock id.
//   - EFAULT: the result pointer is out of memory bounds.
func clockTimeGet(p *kernel.Process, m Memory, a []uint64) abi.Errno {
	t, errno := now(p, abi.Clockid(a[0]))
	if errno != abi.ErrnoSuccess {
		return errno
	}
	if !writeU64(m, uint32(a[2]), uint64(t)) {
		return abi.ErrnoFault
	}
	return abi.ErrnoSuccess
}

func now(p *kernel.Process, id abi.Clockid) (int64, abi.Errno) {
	c := p.Kernel().Clock
	switch id {
	case abi.ClockRealtime:
		return c.Realtime(), abi.ErrnoSuccess
	case abi.ClockMonotonic:
		return c.Monotonic(), abi.ErrnoSuccess
	case abi.ClockProcessCputimeID, abi.ClockThreadCputimeID:
		// A guest is a single thread, so both are its running time.
		return int64(p.CPUTime()), abi.ErrnoSuccess
	}
	return 0, abi.ErrnoInval
}
