package kernel

import (
	"fmt"
	"sync"
	"time"
)

// Level is a log entry's severity.
type Level int8

const (
	LevelDebug Level = iota - 1
	LevelInfo
	LevelWarn
	LevelError
)

// MarshalText writes the level by name, as the log's readers expect.
func (l Level) MarshalText() ([]byte, error) { return []byte(l.String()), nil }

// UnmarshalText reads a level name.
func (l *Level) UnmarshalText(b []byte) error {
	switch string(b) {
	case "debug":
		*l = LevelDebug
	case "info":
		*l = LevelInfo
	case "warn":
		*l = LevelWarn
	case "error":
		*l = LevelError
	default:
		return fmt.Errorf("unknown log level %q", b)
	}
	return nil
}

func (l Level) String() string {
	switch l {
	case LevelDebug:
		return "debug"
	case LevelInfo:
		return "info"
	case LevelWarn:
		return "warn"
	default:
		return "error"
	}
}

// Source is the part of the system an entry comes from.
type Source string

const (
	SourceKernel  Source = "kernel"
	SourceWASI    Source = "wasi"
	SourceFS      Source = "fs"
	SourceProcess Source = "process"
	SourceNet     Source = "net"
	SourceHost    Source = "host"
)

// Entry is one structured log record.
type Entry struct {
	Seq     uint64            `json:"seq"`
	Time    time.Time         `json:"time"`
	Level   Level             `json:"level"`
	Source  Source            `json:"source"`
	PID     int               `json:"pid,omitempty"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"`
}

// LogBus keeps the recent entries in a ring and hands every new one to its
// subscribers. Subscribers are called synchronously and must not block.
type LogBus struct {
	mu      sync.Mutex
	ring    []Entry
	next    int
	full    bool
	seq     uint64
	min     Level
	subs    map[int]func(Entry)
	nextSub int
}

// NewLogBus returns a bus that keeps the last capacity entries at level min
// or above.
func NewLogBus(capacity int, min Level) *LogBus {
	return &LogBus{ring: make([]Entry, capacity), min: min, subs: map[int]func(Entry){}}
}

// Enabled reports whether entries at level l are recorded; callers use it to
// skip building an expensive message.
func (b *LogBus) Enabled(l Level) bool { return b != nil && l >= b.min }

// SetLevel changes the minimum level recorded.
func (b *LogBus) SetLevel(l Level) {
	b.mu.Lock()
	b.min = l
	b.mu.Unlock()
}

// Log records an entry.
func (b *LogBus) Log(l Level, src Source, pid int, fields map[string]string, format string, args ...any) {
	if !b.Enabled(l) {
		return
	}
	msg := format
	if len(args) > 0 {
		msg = fmt.Sprintf(format, args...)
	}
	b.mu.Lock()
	b.seq++
	e := Entry{Seq: b.seq, Time: time.Now(), Level: l, Source: src, PID: pid, Message: msg, Fields: fields}
	b.ring[b.next] = e
	b.next = (b.next + 1) % len(b.ring)
	if b.next == 0 {
		b.full = true
	}
	subs := make([]func(Entry), 0, len(b.subs))
	for _, s := range b.subs {
		subs = append(subs, s)
	}
	b.mu.Unlock()
	for _, s := range subs {
		s(e)
	}
}

// Subscribe calls fn for every entry recorded from now on, until the
// returned cancel function is called.
func (b *LogBus) Subscribe(fn func(Entry)) (cancel func()) {
	b.mu.Lock()
	id := b.nextSub
	b.nextSub++
	b.subs[id] = fn
	b.mu.Unlock()
	return func() {
		b.mu.Lock()
		delete(b.subs, id)
		b.mu.Unlock()
	}
}

// Entries returns the retained entries, oldest first.
func (b *LogBus) Entries() []Entry {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.full {
		return append([]Entry(nil), b.ring[:b.next]...)
	}
	return append(append([]Entry(nil), b.ring[b.next:]...), b.ring[:b.next]...)
}
