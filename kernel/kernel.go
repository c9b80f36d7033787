package kernel

import (
	"context"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/wasmrun/wasmrun/kernel/vfs"
)

// Config assembles a kernel.
type Config struct {
	VFS    *vfs.VFS
	Clock  Clock  // default: NewClock()
	Events Events // default: NewEvents(Clock)
	Log    *LogBus
	// SyscallNames names the syscalls processes count, by index; the WASI
	// layer passes its function table's names.
	SyscallNames []string
	// Attend, when set, is called each time a waiting process wakes up, to
	// serve what arrived meanwhile (the browser kernel's mailbox: stop,
	// file requests) while the guest is blocked in the kernel.
	Attend func()
	// OnState, when set, hears each time a process starts, blocks, resumes
	// or ends (the browser kernel tells the page). It must be cheap and must
	// not block.
	OnState func(*Process)
	// Random is the CSPRNG behind random_get and /dev/random. Default: Go's
	// crypto/rand natively; the browser binding passes the page's
	// crypto.getRandomValues (which is also what crypto/rand would use there,
	// without linking Go's FIPS module into kernel.wasm).
	Random io.Reader
}

// Kernel owns the processes and what they share: the VFS, the clock, the
// event notifier and the log bus.
type Kernel struct {
	VFS    *vfs.VFS
	Clock  Clock
	Events Events
	Log    *LogBus
	Random io.Reader
	// Net is the kernel's network (kernel/net), set by whoever assembles the
	// kernel before its first process runs; nil: no network (/dev/tcp
	// answers EACCES).
	Net Network

	syscallNames []string
	attend       func()
	onState      func(*Process)
	booted       time.Time

	mu      sync.Mutex
	procs   map[int]*Process
	nextPID int
}

// New returns a kernel.
func New(cfg Config) *Kernel {
	k := &Kernel{VFS: cfg.VFS, Clock: cfg.Clock, Events: cfg.Events, Log: cfg.Log,
		syscallNames: cfg.SyscallNames, attend: cfg.Attend, onState: cfg.OnState, booted: time.Now(), procs: map[int]*Process{}, nextPID: 1}
	if k.Clock == nil {
		k.Clock = NewClock()
	}
	if k.Events == nil {
		k.Events = NewEvents(k.Clock)
	}
	if k.Log == nil {
		k.Log = NewLogBus(1024, LevelInfo)
	}
	k.Random = cfg.Random
	if k.Random == nil {
		k.Random = defaultRandom
	}
	return k
}

// Spec describes a process to create.
type Spec struct {
	PPID int
	Argv []string
	Env  []string
	Cwd  string // absolute guest path; default "/"
}

// Spawn creates a process with an empty descriptor table; the caller fills
// it (stdio, preopens) and hands the process to an engine.
func (k *Kernel) Spawn(s Spec) *Process {
	cwd := s.Cwd
	if cwd == "" {
		cwd = "/"
	}
	k.mu.Lock()
	p := &Process{
		PID: k.nextPID, PPID: s.PPID, Argv: s.Argv, Env: s.Env, FDs: &FDTable{},
		k: k, cwd: cwd, state: StateStarting, done: make(chan struct{}), killing: make(chan struct{}),
		syscalls: make([]atomicCounter, len(k.syscallNames)),
	}
	k.nextPID++
	k.procs[p.PID] = p
	k.mu.Unlock()
	return p
}

// Process returns the process with the given pid, or nil.
func (k *Kernel) Process(pid int) *Process {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.procs[pid]
}

// Processes lists every process, running or ended, by pid.
func (k *Kernel) Processes() []Info {
	k.mu.Lock()
	ps := make([]*Process, 0, len(k.procs))
	for pid := 1; pid < k.nextPID; pid++ {
		if p, ok := k.procs[pid]; ok {
			ps = append(ps, p)
		}
	}
	k.mu.Unlock()
	out := make([]Info, len(ps))
	for i, p := range ps {
		out[i] = p.Info()
	}
	return out
}

// Uptime is how long the kernel has been up.
func (k *Kernel) Uptime() time.Duration { return time.Since(k.booted) }

// Shutdown kills every process still running and waits for them to end or
// for ctx to expire.
func (k *Kernel) Shutdown(ctx context.Context) {
	k.mu.Lock()
	var live []*Process
	for _, p := range k.procs {
		live = append(live, p)
	}
	k.mu.Unlock()
	for _, p := range live {
		p.Kill("kernel shutdown")
	}
	for _, p := range live {
		select {
		case <-p.Done():
		case <-ctx.Done():
			return
		}
	}
}

func (k *Kernel) stateChanged(p *Process) {
	if k.onState != nil {
		k.onState(p)
	}
}

func argvString(argv []string) string { return strings.Join(argv, " ") }

func endMessage(state State, code int, reason string) string {
	switch state {
	case StateExited:
		return fmt.Sprintf("exited with code %d", code)
	case StateKilled:
		return "killed: " + reason
	default:
		return string(state) + ": " + reason
	}
}
