package kernel_test

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wasmrun/wasmrun/kernel"
)

func TestEventsSeqCountsNotifications(t *testing.T) {
	ev := kernel.NewEvents(kernel.NewClock())
	start := ev.Seq()
	for range 3 {
		ev.Notify()
	}
	if got := ev.Seq() - start; got != 3 {
		t.Errorf("Seq moved by %d after 3 notifications, want 3", got)
	}
}

func TestEventsWait(t *testing.T) {
	clock := kernel.NewClock()
	const short = 30 * time.Millisecond
	tests := []struct {
		name string
		// wait is called with the sequence taken first and the events.
		wait    func(ev kernel.Events, seq uint64)
		atLeast time.Duration
	}{
		{"returns at once when the sequence already moved", func(ev kernel.Events, seq uint64) {
			ev.Notify()
			ev.Wait(seq, 0)
		}, 0},
		{"returns at once when the sequence moved, even with a deadline", func(ev kernel.Events, seq uint64) {
			ev.Notify()
			ev.Wait(seq, clock.Monotonic()+int64(time.Hour))
		}, 0},
		{"returns on a notification", func(ev kernel.Events, seq uint64) {
			go func() {
				time.Sleep(short)
				ev.Notify()
			}()
			ev.Wait(seq, 0)
		}, short},
		{"returns on a notification before the deadline", func(ev kernel.Events, seq uint64) {
			go func() {
				time.Sleep(short)
				ev.Notify()
			}()
			ev.Wait(seq, clock.Monotonic()+int64(time.Hour))
		}, short},
		{"returns at the deadline", func(ev kernel.Events, seq uint64) {
			ev.Wait(seq, clock.Monotonic()+int64(short))
		}, short},
		{"returns at once when the deadline has passed", func(ev kernel.Events, seq uint64) {
			ev.Wait(seq, clock.Monotonic()-1)
		}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev := kernel.NewEvents(clock)
			seq := ev.Seq()
			start := time.Now()
			within(t, "Wait", func() { tt.wait(ev, seq) })
			if d := time.Since(start); d < tt.atLeast {
				t.Errorf("Wait returned after %v, before %v", d, tt.atLeast)
			}
		})
	}
}

// The pattern every blocking wait uses: take Seq, check the condition, Wait.
// A notification between the check and the Wait must not be lost, however
// the goroutines interleave: here a notifier moves a round counter forward
// and notifies, and waiters must see every round without a timeout to save
// them.
func TestEventsLoseNoWakeUp(t *testing.T) {
	ev := kernel.NewEvents(kernel.NewClock())
	const waiters, rounds = 8, 500
	var round atomic.Int64
	var seen sync.WaitGroup
	for range waiters {
		go func() {
			for r := int64(1); r <= rounds; r++ {
				for {
					seq := ev.Seq()
					if round.Load() >= r {
						break
					}
					ev.Wait(seq, 0)
				}
				seen.Done()
			}
		}()
	}
	within(t, "every waiter to see every round", func() {
		for r := int64(1); r <= rounds; r++ {
			seen.Add(waiters)
			round.Store(r)
			ev.Notify()
			seen.Wait()
		}
	})
}
