package kernel

import (
	"strconv"
	"strings"
	"sync"
	"syscall"

	"github.com/wasmrun/wasmrun/wasi/abi"
)

// PollSet is an opened /dev/poll: a set of interests (a descriptor of the
// process that opened it, and reading or writing) that is itself one
// descriptor, readable when any interest is ready, as an epoll descriptor
// is. It exists for guests whose event loop cannot be trusted with many
// descriptors at once: QuickJS-NG's os.setReadHandler loop examines only the
// first N of its descriptors when poll() says N are ready, so a ready socket
// behind an idle listener is never served. The Node layer waits on one
// PollSet instead (kernel/boot/node/src/internal/poller.js).
//
// Writing it changes the set, a line per change: "+FD r" or "+FD w" adds
// an interest, "-FD r" or "-FD w" removes it (EINVAL for anything else; a
// write is taken whole or not at all). Reading it lists the interests that
// are ready now, a line each ("FD r", "FD w"), in the order they were
// added; EAGAIN (ErrWouldBlock) when none is. A descriptor that is closed
// counts as ready (its owner learns EBADF when it tries). Readiness is
// level-triggered and computed when asked: nothing is queued.
type PollSet struct {
	p    *Process
	mu   sync.Mutex
	list []pollInterest
}

type pollInterest struct {
	fd    uint32
	write bool
}

// NewPollSet returns an empty set of p's descriptors.
func NewPollSet(p *Process) *PollSet { return &PollSet{p: p} }

func (s *PollSet) Filetype() abi.Filetype { return abi.FiletypeCharacterDevice }
func (s *PollSet) Name() string           { return "poll" }
func (s *PollSet) Close() error           { return nil }

// TryWrite applies the changes in b, which must be whole lines.
func (s *PollSet) TryWrite(b []byte) (int, error) {
	text := string(b)
	if !strings.HasSuffix(text, "\n") {
		return 0, syscall.EINVAL
	}
	type change struct {
		add bool
		in  pollInterest
	}
	var changes []change
	for _, line := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		if len(line) < 4 || (line[0] != '+' && line[0] != '-') {
			return 0, syscall.EINVAL
		}
		sp := strings.IndexByte(line, ' ')
		if sp < 0 || (line[sp+1:] != "r" && line[sp+1:] != "w") {
			return 0, syscall.EINVAL
		}
		fd, err := strconv.ParseUint(line[1:sp], 10, 31)
		if err != nil {
			return 0, syscall.EINVAL
		}
		changes = append(changes, change{line[0] == '+', pollInterest{uint32(fd), line[sp+1:] == "w"}})
	}
	s.mu.Lock()
	for _, c := range changes {
		i := s.index(c.in)
		switch {
		case c.add && i < 0:
			s.list = append(s.list, c.in)
		case !c.add && i >= 0:
			s.list = append(s.list[:i], s.list[i+1:]...)
		}
	}
	s.mu.Unlock()
	return len(b), nil
}

func (s *PollSet) index(in pollInterest) int {
	for i, x := range s.list {
		if x == in {
			return i
		}
	}
	return -1
}

// ready lists the interests that are ready now.
func (s *PollSet) ready() []pollInterest {
	s.mu.Lock()
	list := append([]pollInterest(nil), s.list...)
	s.mu.Unlock()
	var out []pollInterest
	for _, in := range list {
		if s.isReady(in) {
			out = append(out, in)
		}
	}
	return out
}

func (s *PollSet) isReady(in pollInterest) bool {
	d, err := s.p.FDs.Get(in.fd)
	if err != nil {
		return true
	}
	st, ok := d.File.(Stream)
	if !ok {
		return true // a regular file or a directory never blocks
	}
	if st == Stream(s) {
		return false
	}
	_, canRead, canWrite, hangup := st.Readiness()
	if in.write {
		return canWrite || hangup
	}
	return canRead || hangup
}

// TryRead lists the ready interests, as many whole lines as fit in p.
func (s *PollSet) TryRead(p []byte) (int, error) {
	ready := s.ready()
	if len(ready) == 0 {
		return 0, ErrWouldBlock
	}
	n := 0
	for _, in := range ready {
		line := strconv.FormatUint(uint64(in.fd), 10) + " r\n"
		if in.write {
			line = line[:len(line)-2] + "w\n"
		}
		if n+len(line) > len(p) {
			break
		}
		n += copy(p[n:], line)
	}
	if n == 0 {
		return 0, syscall.EINVAL
	}
	return n, nil
}

// Readiness: readable when an interest is ready; writing never blocks.
func (s *PollSet) Readiness() (int64, bool, bool, bool) {
	r := s.ready()
	return int64(len(r)), len(r) > 0, true, false
}
