package net

import (
	"sync"
	"time"
)

// Bucket is a token bucket bounding bandwidth (max_bandwidth_mbps): it
// fills at a rate of bytes per second up to a burst of a tenth of a second
// (at least 16 KiB), and a transfer takes from it what it sends. A nil
// Bucket is no limit.
type Bucket struct {
	mu     sync.Mutex
	rate   float64 // bytes per second
	burst  float64
	tokens float64
	last   time.Time
	now    func() time.Time
}

// NewBucket returns a bucket of rate bytes per second; nil for 0.
func NewBucket(rate int64) *Bucket {
	if rate <= 0 {
		return nil
	}
	b := &Bucket{rate: float64(rate), burst: max(float64(rate)/10, 16<<10), now: time.Now}
	b.tokens, b.last = b.burst, b.now()
	return b
}

// Take takes up to n bytes' worth and returns how many may be sent now;
// when that is 0, wait says how long until one may.
func (b *Bucket) Take(n int) (granted int, wait time.Duration) {
	if b == nil || n <= 0 {
		return n, 0
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	now := b.now()
	b.tokens = min(b.burst, b.tokens+now.Sub(b.last).Seconds()*b.rate)
	b.last = now
	if b.tokens < 1 {
		return 0, time.Duration((1 - b.tokens) / b.rate * float64(time.Second))
	}
	granted = min(n, int(b.tokens))
	b.tokens -= float64(granted)
	return granted, 0
}

// Wait blocks until at least one byte may be sent and returns how many of
// n may (for host goroutines; a browser bridge uses Take and a timer).
func (b *Bucket) Wait(n int) int {
	for {
		got, wait := b.Take(n)
		if got > 0 || n <= 0 {
			return got
		}
		time.Sleep(wait)
	}
}
