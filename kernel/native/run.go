package native

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"
	"github.com/tetratelabs/wazero/sys"

	"github.com/wasmrun/wasmrun/kernel"
)

// Limits bound one process. Zero values mean no limit.
type Limits struct {
	// MaxMemory is the most linear memory, in bytes, the guest may grow to.
	MaxMemory uint64
	// Timeout is the most wall time the guest may run.
	Timeout time.Duration
}

// Exit codes for ends that are not the guest's own exit, following the
// shell's conventions (a kill is kernel.ExitKilled, 137).
const (
	ExitTrap    = 134 // like SIGABRT
	ExitTimeout = 124 // like timeout(1)
)

// Run runs process p from compiled module mod to its end and returns when
// p has ended; p.Result() says how.
func (e *Engine) Run(ctx context.Context, p *kernel.Process, mod wazero.CompiledModule, lim Limits) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	p.SetKill(cancel)
	if lim.Timeout > 0 {
		t := time.AfterFunc(lim.Timeout, func() {
			p.KillCode(ExitTimeout, (&kernel.LimitError{What: "time", Limit: lim.Timeout.String(), Flag: "--timeout"}).Error())
		})
		defer t.Stop()
	}
	alloc := &limitedAllocator{max: lim.MaxMemory, p: p}
	if lim.MaxMemory > 0 {
		ctx = experimental.WithMemoryAllocator(ctx, alloc)
	}

	cfg := wazero.NewModuleConfig().WithName("").WithStartFunctions()
	inst, err := e.rt.InstantiateModule(ctx, mod, cfg)
	if err != nil {
		e.finish(p, err)
		return
	}
	defer inst.Close(context.Background())
	mem := inst.Memory()
	var last atomic.Uint64
	p.SetMemory(func() uint64 {
		if s := uint64(mem.Size()); s > 0 {
			last.Store(s)
		}
		return last.Load()
	})
	ctx = context.WithValue(ctx, runningKey{}, &running{p: p, mem: memView{mem}})
	p.Start()
	_, err = inst.ExportedFunction("_start").Call(ctx)
	last.Store(uint64(mem.Size()))
	e.finish(p, err)
}

// finish records how the guest ended. A killed process (by a user or a
// limit) ends as killed whatever the engine reports; Exit sees to that.
func (e *Engine) finish(p *kernel.Process, err error) {
	var exit *sys.ExitError
	switch {
	case err == nil:
		p.Exit(kernel.StateExited, 0, "")
	case errors.As(err, &exit):
		p.Exit(kernel.StateExited, int(exit.ExitCode()), "")
	case p.Killed():
		p.Exit(kernel.StateKilled, 0, "")
	default:
		p.Exit(kernel.StateTrapped, ExitTrap, trapMessage(err))
	}
}

// terminate unwinds the guest from inside a host function, the way wazero's
// own proc_exit does.
func terminate(ctx context.Context, mod api.Module, p *kernel.Process) {
	_, code, _ := p.Result()
	if p.Killed() {
		code = kernel.ExitKilled
	}
	_ = mod.CloseWithExitCode(ctx, uint32(code))
	panic(sys.NewExitError(uint32(code)))
}

// trapMessage makes wazero's error one line: what trapped, and in which
// function, without the wasm stack trace.
func trapMessage(err error) string {
	s := err.Error()
	lines := strings.Split(s, "\n")
	msg := lines[0]
	msg = strings.TrimPrefix(msg, "wasm error: ")
	for _, l := range lines[1:] {
		l = strings.TrimSpace(l)
		if strings.HasPrefix(l, "wasm stack trace:") || l == "" {
			continue
		}
		return fmt.Sprintf("trap: %s (in %s)", msg, strings.SplitN(l, "(", 2)[0])
	}
	return "trap: " + msg
}

// limitedAllocator backs guest memories and refuses to grow one past max;
// reaching the limit kills the process with a message naming it.
type limitedAllocator struct {
	max uint64
	p   *kernel.Process
}

func (a *limitedAllocator) Allocate(cap, max uint64) experimental.LinearMemory {
	return &linearMemory{a: a, buf: make([]byte, 0, cap)}
}

type linearMemory struct {
	a   *limitedAllocator
	buf []byte
}

func (m *linearMemory) Reallocate(size uint64) []byte {
	if m.a.max > 0 && size > m.a.max {
		m.a.p.Kill((&kernel.LimitError{What: "memory", Limit: formatBytes(m.a.max), Flag: "--max-memory"}).Error())
		return nil
	}
	if size <= uint64(cap(m.buf)) {
		m.buf = m.buf[:size]
		return m.buf
	}
	nb := make([]byte, size, size+size/4)
	copy(nb, m.buf)
	m.buf = nb
	return m.buf
}

func (m *linearMemory) Free() { m.buf = nil }

func formatBytes(n uint64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}
