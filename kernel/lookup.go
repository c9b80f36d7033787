package kernel

import (
	"net/netip"
	"strings"
	"sync"
	"syscall"

	"github.com/wasmrun/wasmrun/wasi/abi"
)

// NameLookup is an opened /dev/dns/NAME: a stream that has nothing to read
// until the network has resolved the name, then reads the addresses, one a
// line, and ends. A failed lookup reads as its error (EACCES: the policy
// denies the name or every address; EHOSTUNREACH: the name does not
// resolve; ETIMEDOUT). It polls readable once the answer is there, so an
// event loop waits for it as it waits for a socket.
type NameLookup struct {
	name   string
	events Events

	mu   sync.Mutex
	done bool
	err  error
	text []byte
}

// NewNameLookup returns a lookup of name whose answer wakes waiters
// through events.
func NewNameLookup(name string, events Events) *NameLookup {
	return &NameLookup{name: name, events: events}
}

// Resolve gives the lookup its answer; only the first call counts.
func (l *NameLookup) Resolve(addrs []netip.Addr, err error) {
	l.mu.Lock()
	if l.done {
		l.mu.Unlock()
		return
	}
	l.done = true
	if err == nil && len(addrs) == 0 {
		err = syscall.EHOSTUNREACH
	}
	l.err = err
	var b strings.Builder
	for _, a := range addrs {
		b.WriteString(a.String())
		b.WriteByte('\n')
	}
	l.text = []byte(b.String())
	l.mu.Unlock()
	l.events.Notify()
}

// Result is the answer: done is false while the name is being resolved.
func (l *NameLookup) Result() (done bool, err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.done, l.err
}

func (l *NameLookup) Filetype() abi.Filetype { return abi.FiletypeCharacterDevice }
func (l *NameLookup) Name() string           { return "dns " + l.name }
func (l *NameLookup) Close() error           { return nil }

// TryRead reads the addresses once they are known.
func (l *NameLookup) TryRead(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.done {
		return 0, ErrWouldBlock
	}
	if l.err != nil {
		return 0, l.err
	}
	n := copy(p, l.text)
	l.text = l.text[n:]
	return n, nil
}

// TryWrite: a lookup is read only.
func (l *NameLookup) TryWrite([]byte) (int, error) { return 0, syscall.EBADF }

// Readiness is readable once the answer is known.
func (l *NameLookup) Readiness() (int64, bool, bool, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return int64(len(l.text)), l.done, false, l.done
}
