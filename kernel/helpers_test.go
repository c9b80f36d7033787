package kernel_test

import (
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wasmrun/wasmrun/kernel"
	"github.com/wasmrun/wasmrun/kernel/vfs"
	"github.com/wasmrun/wasmrun/kernel/vfs/memfs"
	"github.com/wasmrun/wasmrun/wasi/abi"
)

// patience bounds every wait for something that should happen at once; it
// is generous because the tests also run under -race and in Node.
const patience = 5 * time.Second

// newKernel returns a kernel over an empty memfs, counting two syscalls.
func newKernel(t testing.TB, cfg kernel.Config) *kernel.Kernel {
	t.Helper()
	if cfg.VFS == nil {
		cfg.VFS = vfs.New(memfs.New(memfs.Options{}), vfs.MountOptions{Source: "memory"})
	}
	if cfg.SyscallNames == nil {
		cfg.SyscallNames = []string{"fd_read", "fd_write", "path_open"}
	}
	if cfg.Random == nil {
		cfg.Random = &fixedRandom{b: 0xa5}
	}
	return kernel.New(cfg)
}

// fixedRandom is a CSPRNG stand-in that fills every buffer with one byte.
type fixedRandom struct {
	b     byte
	calls atomic.Int64
}

func (r *fixedRandom) Read(p []byte) (int, error) {
	r.calls.Add(1)
	for i := range p {
		p[i] = r.b
	}
	return len(p), nil
}

// failingRandom is a CSPRNG that is not there.
type failingRandom struct{}

var errNoRandom = errors.New("no randomness")

func (failingRandom) Read([]byte) (int, error) { return 0, errNoRandom }

// fakeFile is a File that counts how often it is closed.
type fakeFile struct {
	name   string
	ftype  abi.Filetype
	closes atomic.Int32
}

func newFile(name string) *fakeFile { return &fakeFile{name: name, ftype: abi.FiletypeRegularFile} }

func (f *fakeFile) Filetype() abi.Filetype { return f.ftype }
func (f *fakeFile) Close() error           { f.closes.Add(1); return nil }

// within runs f and fails the test if it has not returned after patience.
func within(t *testing.T, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
	case <-time.After(patience):
		t.Fatalf("%s: still waiting after %v", what, patience)
	}
}

// eventually polls cond until it holds, failing the test after patience.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	if !poll(cond) {
		t.Fatalf("%s: not after %v", what, patience)
	}
}

// poll waits for cond to hold, and reports false if it has not after
// patience. Unlike eventually it may be called from any goroutine.
func poll(cond func() bool) bool {
	deadline := time.Now().Add(patience)
	for !cond() {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(time.Millisecond)
	}
	return true
}

// states records the states OnState reports, in order.
type states struct {
	mu  sync.Mutex
	got []kernel.State
}

func (s *states) record(p *kernel.Process) {
	st, _, _ := p.Result()
	s.mu.Lock()
	s.got = append(s.got, st)
	s.mu.Unlock()
}

func (s *states) list() []kernel.State {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]kernel.State(nil), s.got...)
}
