package kernel

import (
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/wasmrun/wasmrun/kernel/vfs"
)

// State is where a process is in its life.
type State string

const (
	StateStarting State = "starting"
	StateRunning  State = "running"
	StateBlocked  State = "blocked"
	StateExited   State = "exited"
	StateKilled   State = "killed"
	StateTrapped  State = "trapped"
)

// Process is a guest program the kernel runs.
type Process struct {
	PID  int
	PPID int
	Argv []string
	Env  []string
	FDs  *FDTable

	k *Kernel

	mu        sync.Mutex
	cwd       string
	state     State
	blockedOn string
	exitCode  int
	reason    string // why it ended, when not by its own exit
	started   time.Time
	ended     time.Time
	blocked   time.Duration // time spent waiting in the kernel
	// blockedSince is when the current wait began; zero when not waiting.
	blockedSince time.Time
	memory       func() uint64 // current linear-memory size, from the engine
	// finalMemory is the memory size when the process ended.
	finalMemory uint64
	kill        func() // asks the engine to stop the guest
	done        chan struct{}
	killing     chan struct{} // closed when a kill is asked for

	killed   atomic.Bool
	killCode int
	syscalls []atomicCounter
}

// Kernel is the process's kernel.
func (p *Process) Kernel() *Kernel { return p.k }

// VFS is the file namespace the process sees.
func (p *Process) VFS() *vfs.VFS { return p.k.VFS }

// Cwd is the process's working directory (an absolute guest path). The
// runtimes' libc keeps its own copy; this one is what the kernel reports and
// what PWD is set from.
func (p *Process) Cwd() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.cwd
}

// CountSyscall records one call of the function numbered i (an index into
// the kernel's syscall name table).
func (p *Process) CountSyscall(i int) { p.syscalls[i].Add(1) }

// SetMemory gives the process a way to report its linear-memory size.
func (p *Process) SetMemory(size func() uint64) {
	p.mu.Lock()
	p.memory = size
	p.mu.Unlock()
}

// SetKill registers how the engine stops this guest when it is killed.
func (p *Process) SetKill(kill func()) {
	p.mu.Lock()
	p.kill = kill
	p.mu.Unlock()
}

// Start marks the process running.
func (p *Process) Start() {
	p.mu.Lock()
	p.state = StateRunning
	p.started = time.Now()
	p.mu.Unlock()
	p.k.Log.Log(LevelInfo, SourceProcess, p.PID, nil, "started: %s", argvString(p.Argv))
	p.k.stateChanged(p)
}

// Killed reports whether the process has been asked to die; blocking waits
// check it so that a kill ends them.
func (p *Process) Killed() bool { return p.killed.Load() }

// ExitKilled is the exit code of a killed process, as a shell reports
// SIGKILL.
const ExitKilled = 137

// Kill stops the process from outside, with exit code 137. It returns at
// once; the process shows as killed when the engine has unwound it.
func (p *Process) Kill(reason string) { p.KillCode(ExitKilled, reason) }

// KillCode stops the process like Kill, ending it with exit code code; the
// limits use it (a timeout ends with 124, as timeout(1) does). The first
// kill wins.
func (p *Process) KillCode(code int, reason string) {
	p.mu.Lock()
	if p.killed.Load() || p.state == StateExited || p.state == StateKilled || p.state == StateTrapped {
		p.mu.Unlock()
		return
	}
	p.killed.Store(true)
	p.killCode = code
	p.reason = reason
	close(p.killing)
	kill := p.kill
	p.mu.Unlock()
	p.k.Log.Log(LevelWarn, SourceProcess, p.PID, nil, "kill: %s", reason)
	if kill != nil {
		kill()
	}
	p.k.Events.Notify()
}

// Exit records how the process ended: its exit code, or a state (killed,
// trapped) with the reason. It is called once, by the engine.
func (p *Process) Exit(state State, code int, reason string) {
	p.mu.Lock()
	if p.state == StateExited || p.state == StateKilled || p.state == StateTrapped {
		p.mu.Unlock()
		return
	}
	if p.killed.Load() && state != StateTrapped {
		// However the engine saw it end, a killed process ends as killed.
		state, code, reason = StateKilled, p.killCode, p.reason
	}
	p.state = state
	p.exitCode = code
	p.reason = reason
	if state == StateKilled && p.reason == "" {
		p.reason = "killed"
	}
	p.ended = time.Now()
	p.blockedOn = ""
	if p.memory != nil {
		p.finalMemory = p.memory()
	}
	reason = p.reason
	p.mu.Unlock()
	p.FDs.CloseAll()
	lvl := LevelInfo
	if state != StateExited || code != 0 {
		lvl = LevelWarn
	}
	p.k.Log.Log(lvl, SourceProcess, p.PID, map[string]string{"state": string(state)}, "%s", endMessage(state, code, reason))
	close(p.done)
	p.k.stateChanged(p)
	p.k.Events.Notify()
}

// Killing is closed when the process is asked to die, before it has.
func (p *Process) Killing() <-chan struct{} { return p.killing }

// Done is closed when the process has ended.
func (p *Process) Done() <-chan struct{} { return p.done }

// Result is how the process ended.
func (p *Process) Result() (State, int, string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.state, p.exitCode, p.reason
}

// Block runs wait with the process shown as blocked on what. The time spent
// is not counted as CPU time.
func (p *Process) Block(what string, wait func()) {
	t := time.Now()
	p.mu.Lock()
	p.state, p.blockedOn = StateBlocked, what
	p.blockedSince = t
	p.mu.Unlock()
	p.k.stateChanged(p)
	wait()
	d := time.Since(t)
	p.mu.Lock()
	resumed := p.state == StateBlocked
	if resumed {
		p.state, p.blockedOn = StateRunning, ""
	}
	p.blocked += d
	p.blockedSince = time.Time{}
	p.mu.Unlock()
	if resumed {
		p.k.stateChanged(p)
	}
}

// CPUTime is the time the guest has spent running: wall time since it
// started minus the time it spent blocked in the kernel. A guest is one
// thread that runs whenever it is not waiting in a syscall, so this is its
// CPU time up to the host's own scheduling, which it cannot see.
func (p *Process) CPUTime() time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	end := p.ended
	if end.IsZero() {
		end = time.Now()
	}
	if p.started.IsZero() {
		return 0
	}
	blocked := p.blocked
	if !p.blockedSince.IsZero() && p.ended.IsZero() {
		blocked += end.Sub(p.blockedSince) // the wait still going on
	}
	return end.Sub(p.started) - blocked
}

// Wait blocks the process until ready returns true, the monotonic deadline
// passes (0: none), or the process is killed. It returns EINTR when killed.
func (p *Process) Wait(what string, deadline int64, ready func() bool) error {
	ev := p.k.Events
	var err error
	p.Block(what, func() {
		for {
			seq := ev.Seq()
			if p.k.attend != nil {
				p.k.attend()
			}
			if p.Killed() {
				err = syscall.EINTR
				return
			}
			if ready() {
				return
			}
			if deadline != 0 && p.k.Clock.Monotonic() >= deadline {
				return
			}
			ev.Wait(seq, deadline)
		}
	})
	return err
}

// Read reads from a stream, waiting for data unless nonblock is set.
func (p *Process) Read(s Stream, b []byte, nonblock bool) (int, error) {
	for {
		n, err := s.TryRead(b)
		if err != ErrWouldBlock || nonblock {
			return n, err
		}
		if err := p.Wait("read "+s.Name(), 0, func() bool {
			_, canRead, _, _ := s.Readiness()
			return canRead
		}); err != nil {
			return 0, err
		}
	}
}

// Write writes all of b to a stream, waiting for room unless nonblock is set.
func (p *Process) Write(s Stream, b []byte, nonblock bool) (int, error) {
	done := 0
	for done < len(b) {
		n, err := s.TryWrite(b[done:])
		done += n
		if err == ErrWouldBlock && !nonblock {
			if err := p.Wait("write "+s.Name(), 0, func() bool {
				_, _, canWrite, _ := s.Readiness()
				return canWrite
			}); err != nil {
				return done, err
			}
			continue
		}
		if err != nil {
			return done, err
		}
	}
	return done, nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// Info is a snapshot of a process for the process table.
type Info struct {
	PID       int               `json:"pid"`
	PPID      int               `json:"ppid"`
	Argv      []string          `json:"argv"`
	Env       []string          `json:"env"`
	Cwd       string            `json:"cwd"`
	State     State             `json:"state"`
	BlockedOn string            `json:"blockedOn,omitempty"`
	ExitCode  int               `json:"exitCode"`
	Reason    string            `json:"reason,omitempty"`
	Started   time.Time         `json:"started"`
	Ended     time.Time         `json:"ended,omitzero"`
	Memory    uint64            `json:"memory"`
	CPUTime   time.Duration     `json:"cpuTime"`
	Syscalls  map[string]uint64 `json:"syscalls"`
	FDs       []FDInfo          `json:"fds"`
}

// FDInfo describes an open descriptor.
type FDInfo struct {
	FD   uint32 `json:"fd"`
	Kind string `json:"kind"`
	Path string `json:"path,omitempty"`
}

// Info snapshots the process.
func (p *Process) Info() Info {
	p.mu.Lock()
	in := Info{
		PID: p.PID, PPID: p.PPID, Argv: nonNil(p.Argv), Env: nonNil(p.Env), Cwd: p.cwd,
		State: p.state, BlockedOn: p.blockedOn, ExitCode: p.exitCode, Reason: p.reason,
		Started: p.started, Ended: p.ended, Memory: p.finalMemory, FDs: []FDInfo{},
	}
	mem := p.memory
	p.mu.Unlock()
	in.CPUTime = p.CPUTime()
	if mem != nil && in.Ended.IsZero() {
		in.Memory = mem()
	}
	in.Syscalls = map[string]uint64{}
	for i := range p.syscalls {
		if n := p.syscalls[i].Load(); n > 0 {
			in.Syscalls[p.k.syscallNames[i]] = n
		}
	}
	for _, e := range p.FDs.Snapshot() {
		fi := FDInfo{FD: e.FD, Kind: e.Desc.File.Filetype().String()}
		switch f := e.Desc.File.(type) {
		case *OpenFile:
			fi.Path = f.Loc.Path
		case Stream:
			fi.Path = f.Name()
		}
		in.FDs = append(in.FDs, fi)
	}
	return in
}

type atomicCounter = atomic.Uint64
