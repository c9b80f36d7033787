package wasi

import (
	"encoding/binary"
	"io"

	"github.com/wasmrun/wasmrun/kernel"
	"github.com/wasmrun/wasmrun/wasi/abi"
)

// subscription is one decoded poll_oneoff subscription.
type subscription struct {
	userdata uint64
	kind     abi.Eventtype
	deadline int64 // clock: monotonic deadline
	fd       uint32
	err      abi.Errno // set when the subscription itself is invalid
	file     *kernel.FD
}

// pollOneoff waits until at least one subscription is ready, then writes an
// event for every ready one.
//
// # Parameters
//   - in: nsubscriptions 48-byte subscriptions; out: room for as many
//     32-byte events; nevents: where the count of written events goes.
//
// # Result (Errno)
//   - EINVAL: nsubscriptions is 0; EFAULT: in, out or nevents out of bounds.
//     Problems with one subscription (a closed fd, missing
//     POLL_FD_READWRITE, an unknown clock) are reported in its event's
//     error field, as the specification asks, and make it ready at once.
//
// # Notes
//   - Clock subscriptions may be relative or absolute (SUBSCRIPTION_CLOCK_
//     ABSTIME) on the realtime, monotonic and CPU-time clocks; CPython's
//     time.sleep uses an absolute monotonic deadline.
//   - Regular files are always ready, with the bytes left to read.
//   - Streams are ready when input is buffered or has ended (with the
//     HANGUP flag), and always ready for writing stdout and stderr.
//   - While waiting the process shows as blocked on poll_oneoff; a kill
//     ends the wait.
func pollOneoff(p *kernel.Process, m Memory, a []uint64) abi.Errno {
	in, out, n, neventsPtr := uint32(a[0]), uint32(a[1]), uint32(a[2]), uint32(a[3])
	if n == 0 {
		return abi.ErrnoInval
	}
	raw, ok := m.Read(in, n*abi.SubscriptionSize)
	if !ok {
		return abi.ErrnoFault
	}
	if uint64(out)+uint64(n)*abi.EventSize > uint64(m.Size()) {
		return abi.ErrnoFault
	}
	clk := p.Kernel().Clock
	now := clk.Monotonic()
	subs := make([]subscription, n)
	for i := range subs {
		b := raw[i*abi.SubscriptionSize : (i+1)*abi.SubscriptionSize]
		s := &subs[i]
		s.userdata = binary.LittleEndian.Uint64(b[0:])
		s.kind = abi.Eventtype(b[8])
		switch s.kind {
		case abi.EventtypeClock:
			id := abi.Clockid(binary.LittleEndian.Uint32(b[16:]))
			timeout := int64(binary.LittleEndian.Uint64(b[24:]))
			flags := binary.LittleEndian.Uint16(b[40:])
			s.deadline, s.err = clockDeadline(p, id, timeout, flags&abi.SubscriptionClockAbstime != 0, now)
		case abi.EventtypeFdRead, abi.EventtypeFdWrite:
			s.fd = binary.LittleEndian.Uint32(b[16:])
			s.file, s.err = getFD(p, s.fd, abi.RightPollFdReadwrite)
		default:
			s.err = abi.ErrnoInval
		}
	}
	for {
		events := make([]byte, 0, int(n)*abi.EventSize)
		var earliest int64
		now = clk.Monotonic()
		for i := range subs {
			s := &subs[i]
			ev, ready := s.poll(now)
			if ready {
				events = append(events, ev[:]...)
			} else if s.kind == abi.EventtypeClock && (earliest == 0 || s.deadline < earliest) {
				earliest = s.deadline
			}
		}
		if len(events) > 0 {
			if !m.Write(out, events) || !writeU32(m, neventsPtr, uint32(len(events)/abi.EventSize)) {
				return abi.ErrnoFault
			}
			return abi.ErrnoSuccess
		}
		err := p.Wait("poll_oneoff", earliest, func() bool {
			t := clk.Monotonic()
			for i := range subs {
				if subs[i].kind != abi.EventtypeClock {
					if _, ready := subs[i].poll(t); ready {
						return true
					}
				}
			}
			return false
		})
		if err != nil {
			return Terminate
		}
	}
}

// clockDeadline converts a clock subscription to a monotonic deadline. An
// unknown clock is EINVAL, relative or absolute.
func clockDeadline(p *kernel.Process, id abi.Clockid, timeout int64, abs bool, now int64) (int64, abi.Errno) {
	cur, errno := wasiNow(p, id, now)
	if errno != 0 {
		return 0, errno
	}
	if !abs {
		if timeout < 0 {
			timeout = 0
		}
		return now + timeout, abi.ErrnoSuccess
	}
	return now + (timeout - cur), abi.ErrnoSuccess
}

// wasiNow reads clock id, reusing the monotonic reading already taken.
func wasiNow(p *kernel.Process, id abi.Clockid, mono int64) (int64, abi.Errno) {
	if id == abi.ClockMonotonic {
		return mono, abi.ErrnoSuccess
	}
	return now(p, id)
}

// poll reports whether the subscription is ready and its event.
func (s *subscription) poll(now int64) ([abi.EventSize]byte, bool) {
	var ev [abi.EventSize]byte
	binary.LittleEndian.PutUint64(ev[0:], s.userdata)
	ev[10] = byte(s.kind)
	if s.err != 0 {
		binary.LittleEndian.PutUint16(ev[8:], uint16(s.err))
		return ev, true
	}
	switch s.kind {
	case abi.EventtypeClock:
		return ev, now >= s.deadline
	case abi.EventtypeFdRead:
		switch f := s.file.File.(type) {
		case *kernel.OpenFile:
			var left int64
			if !f.IsDir() {
				if info, err := f.Stat(); err == nil {
					if pos, err := f.Seek(0, io.SeekCurrent); err == nil && info.Size() > pos {
						left = info.Size() - pos
					}
				}
			}
			binary.LittleEndian.PutUint64(ev[16:], uint64(left))
			return ev, true
		case kernel.Stream:
			readable, canRead, _, hangup := f.Readiness()
			if !canRead {
				return ev, false
			}
			binary.LittleEndian.PutUint64(ev[16:], uint64(readable))
			if hangup {
				binary.LittleEndian.PutUint16(ev[24:], abi.EventFdReadwriteHangup)
			}
			return ev, true
		}
	case abi.EventtypeFdWrite:
		switch f := s.file.File.(type) {
		case *kernel.OpenFile:
			return ev, true
		case kernel.Stream:
			_, _, canWrite, hangup := f.Readiness()
			if hangup {
				binary.LittleEndian.PutUint16(ev[24:], abi.EventFdReadwriteHangup)
			}
			return ev, canWrite || hangup
		}
	}
	binary.LittleEndian.PutUint16(ev[8:], uint16(abi.ErrnoBadf))
	return ev, true
}
