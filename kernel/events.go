package kernel

import (
	"sync"
	"time"
)

// Events is the kernel's single wake-up mechanism. Anything that may unblock
// a waiting process (input arriving, a stream closing, a process being
// killed) calls Notify; a process that must wait takes Seq, checks its
// condition, and if it is not met calls Wait(seq, deadline) and checks again.
// Because Wait returns as soon as Seq moved past seq, a notification between
// the check and the wait is never lost.
//
// Natively this is a channel closed on every Notify. In the browser it is an
// Atomics.wait on a shared counter, so that input typed into the page reaches
// a guest blocked in the kernel: the browser binding provides its own Events.
type Events interface {
	Seq() uint64
	Notify()
	// Wait blocks until the sequence differs from seq or the monotonic
	// clock reaches deadline (nanoseconds; 0 means no deadline).
	Wait(seq uint64, deadline int64)
}

// chanEvents implements Events with Go channels.
type chanEvents struct {
	mu    sync.Mutex
	seq   uint64
	ch    chan struct{}
	clock Clock
}

// NewEvents returns an Events for native use.
func NewEvents(clock Clock) Events {
	return &chanEvents{ch: make(chan struct{}), clock: clock}
}

func (e *chanEvents) Seq() uint64 {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.seq
}

func (e *chanEvents) Notify() {
	e.mu.Lock()
	e.seq++
	close(e.ch)
	e.ch = make(chan struct{})
	e.mu.Unlock()
}

func (e *chanEvents) Wait(seq uint64, deadline int64) {
	e.mu.Lock()
	if e.seq != seq {
		e.mu.Unlock()
		return
	}
	ch := e.ch
	e.mu.Unlock()
	if deadline == 0 {
		<-ch
		return
	}
	d := time.Duration(deadline - e.clock.Monotonic())
	if d <= 0 {
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ch:
	case <-t.C:
	}
}
