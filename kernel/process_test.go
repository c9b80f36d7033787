package kernel_test

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/hack-pad/hackpadfs"

	"github.com/wasmrun/wasmrun/kernel"
	"github.com/wasmrun/wasmrun/kernel/vfs"
)

func closed(ch <-chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}

func TestSpawnAndStart(t *testing.T) {
	var seen states
	k := newKernel(t, kernel.Config{OnState: seen.record})
	p1 := k.Spawn(kernel.Spec{Argv: []string{"python", "main.py"}})
	p2 := k.Spawn(kernel.Spec{PPID: 1, Cwd: "/app"})
	if p1.PID != 1 || p2.PID != 2 || p2.PPID != 1 {
		t.Errorf("pids %d, %d (ppid %d); want 1, 2 (ppid 1)", p1.PID, p2.PID, p2.PPID)
	}
	if p1.Cwd() != "/" || p2.Cwd() != "/app" {
		t.Errorf("cwd %q, %q; want / by default and /app", p1.Cwd(), p2.Cwd())
	}
	if st, _, _ := p1.Result(); st != kernel.StateStarting {
		t.Errorf("a spawned process is %s, want starting", st)
	}
	if k.Process(2) != p2 || k.Process(3) != nil {
		t.Errorf("Process(2), Process(3) = %v, %v", k.Process(2), k.Process(3))
	}
	if p1.Kernel() != k || p1.VFS() != k.VFS {
		t.Errorf("the process does not lead back to its kernel and VFS")
	}
	p1.Start()
	if st, _, _ := p1.Result(); st != kernel.StateRunning {
		t.Errorf("a started process is %s, want running", st)
	}
	if got := seen.list(); !slices.Equal(got, []kernel.State{kernel.StateRunning}) {
		t.Errorf("OnState heard %v, want [running]", got)
	}
	if infos := k.Processes(); len(infos) != 2 || infos[0].PID != 1 || infos[1].PID != 2 {
		t.Errorf("Processes() = %+v, want pids 1 and 2 in order", infos)
	}
}

func TestProcessEnds(t *testing.T) {
	type exit struct {
		state  kernel.State
		code   int
		reason string
	}
	tests := []struct {
		name  string
		kills []exit // Kill/KillCode calls before the exit: code, reason
		exits []exit // Exit calls, in order
		want  exit
		kill  int // times the engine's kill function ran
	}{
		{name: "exits with its code", exits: []exit{{kernel.StateExited, 3, ""}}, want: exit{kernel.StateExited, 3, ""}},
		{name: "exits cleanly", exits: []exit{{kernel.StateExited, 0, ""}}, want: exit{kernel.StateExited, 0, ""}},
		{name: "traps", exits: []exit{{kernel.StateTrapped, 1, "unreachable"}}, want: exit{kernel.StateTrapped, 1, "unreachable"}},
		{name: "the first exit wins", exits: []exit{{kernel.StateExited, 2, ""}, {kernel.StateExited, 5, ""}, {kernel.StateTrapped, 1, "late"}}, want: exit{kernel.StateExited, 2, ""}},
		{name: "a killed process ends killed with 137, however the engine saw it", kills: []exit{{code: kernel.ExitKilled, reason: "ctrl-c"}}, exits: []exit{{kernel.StateExited, 0, ""}}, want: exit{kernel.StateKilled, 137, "ctrl-c"}, kill: 1},
		{name: "KillCode sets the exit code", kills: []exit{{code: 124, reason: "timeout"}}, exits: []exit{{kernel.StateKilled, 137, ""}}, want: exit{kernel.StateKilled, 124, "timeout"}, kill: 1},
		{name: "the first kill wins", kills: []exit{{code: 124, reason: "timeout"}, {code: kernel.ExitKilled, reason: "ctrl-c"}}, exits: []exit{{kernel.StateExited, 0, ""}}, want: exit{kernel.StateKilled, 124, "timeout"}, kill: 1},
		{name: "a killed process that traps stays trapped", kills: []exit{{code: kernel.ExitKilled, reason: "ctrl-c"}}, exits: []exit{{kernel.StateTrapped, 1, "unreachable"}}, want: exit{kernel.StateTrapped, 1, "unreachable"}, kill: 1},
		{name: "killed without a reason says killed", exits: []exit{{kernel.StateKilled, 137, ""}}, want: exit{kernel.StateKilled, 137, "killed"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var seen states
			k := newKernel(t, kernel.Config{OnState: seen.record})
			p := k.Spawn(kernel.Spec{})
			var kills atomic.Int32
			p.SetKill(func() { kills.Add(1) })
			f := newFile("open")
			p.FDs.Set(3, &kernel.FD{File: f})
			p.Start()
			for i, kl := range tt.kills {
				seq := k.Events.Seq()
				p.KillCode(kl.code, kl.reason)
				if !p.Killed() || !closed(p.Killing()) {
					t.Errorf("after KillCode: Killed %v, Killing closed %v", p.Killed(), closed(p.Killing()))
				}
				if i == 0 && k.Events.Seq() == seq {
					t.Errorf("a kill did not wake waiters")
				}
			}
			if closed(p.Done()) {
				t.Fatalf("Done closed before Exit")
			}
			for _, e := range tt.exits {
				p.Exit(e.state, e.code, e.reason)
			}
			st, code, reason := p.Result()
			if got := (exit{st, code, reason}); got != tt.want {
				t.Errorf("Result = %+v, want %+v", got, tt.want)
			}
			if int(kills.Load()) != tt.kill {
				t.Errorf("the engine's kill ran %d times, want %d", kills.Load(), tt.kill)
			}
			if !closed(p.Done()) {
				t.Errorf("Done is not closed after Exit")
			}
			if f.closes.Load() != 1 || p.FDs.Len() != 0 {
				t.Errorf("at exit the open file was closed %d times and %d descriptors remain; want once, none", f.closes.Load(), p.FDs.Len())
			}
			if got := seen.list(); len(got) != 2 || got[1] != tt.want.state {
				t.Errorf("OnState heard %v, want [running %s]", got, tt.want.state)
			}
			if info := p.Info(); info.Ended.IsZero() || info.State != tt.want.state || info.ExitCode != tt.want.code {
				t.Errorf("Info = %+v", info)
			}
			// Nothing changes an ended process.
			p.Kill("too late")
			if st2, code2, reason2 := p.Result(); st2 != st || code2 != code || reason2 != reason {
				t.Errorf("a kill after the end changed the result to %s %d %q", st2, code2, reason2)
			}
		})
	}
}

func TestKillAfterExitDoesNothing(t *testing.T) {
	k := newKernel(t, kernel.Config{})
	p := k.Spawn(kernel.Spec{})
	var kills atomic.Int32
	p.SetKill(func() { kills.Add(1) })
	p.Start()
	p.Exit(kernel.StateExited, 0, "")
	p.Kill("late")
	if p.Killed() || closed(p.Killing()) || kills.Load() != 0 {
		t.Errorf("Killed %v, Killing closed %v, engine kill ran %d times; want nothing", p.Killed(), closed(p.Killing()), kills.Load())
	}
}

func TestWait(t *testing.T) {
	t.Run("returns when ready", func(t *testing.T) {
		k := newKernel(t, kernel.Config{})
		p := k.Spawn(kernel.Spec{})
		p.Start()
		var ready atomic.Bool
		go func() {
			poll(func() bool { return p.Info().State == kernel.StateBlocked })
			ready.Store(true)
			k.Events.Notify()
		}()
		var err error
		within(t, "Wait", func() { err = p.Wait("thing", 0, ready.Load) })
		if err != nil {
			t.Errorf("Wait = %v", err)
		}
	})
	t.Run("a kill during the wait is EINTR", func(t *testing.T) {
		k := newKernel(t, kernel.Config{})
		p := k.Spawn(kernel.Spec{})
		p.Start()
		go func() {
			poll(func() bool { return p.Info().State == kernel.StateBlocked })
			p.Kill("stop")
		}()
		var err error
		within(t, "Wait", func() { err = p.Wait("forever", 0, func() bool { return false }) })
		if !errors.Is(err, syscall.EINTR) {
			t.Errorf("Wait = %v, want EINTR", err)
		}
	})
	t.Run("a killed process does not wait", func(t *testing.T) {
		k := newKernel(t, kernel.Config{})
		p := k.Spawn(kernel.Spec{})
		p.Start()
		p.Kill("stop")
		var err error
		within(t, "Wait", func() { err = p.Wait("forever", 0, func() bool { return true }) })
		if !errors.Is(err, syscall.EINTR) {
			t.Errorf("Wait = %v, want EINTR", err)
		}
	})
	t.Run("returns at the deadline", func(t *testing.T) {
		k := newKernel(t, kernel.Config{})
		p := k.Spawn(kernel.Spec{})
		p.Start()
		const d = 30 * time.Millisecond
		start := time.Now()
		var err error
		within(t, "Wait", func() { err = p.Wait("sleep", k.Clock.Monotonic()+int64(d), func() bool { return false }) })
		if err != nil || time.Since(start) < d {
			t.Errorf("Wait = %v after %v, want nil after %v", err, time.Since(start), d)
		}
		if st, _, _ := p.Result(); st != kernel.StateRunning {
			t.Errorf("after the wait the process is %s, want running", st)
		}
	})
	t.Run("calls Attend on each wake", func(t *testing.T) {
		var attends atomic.Int32
		k := newKernel(t, kernel.Config{Attend: func() { attends.Add(1) }})
		p := k.Spawn(kernel.Spec{})
		p.Start()
		checks := 0
		// The condition is met on the third look; each look but the last
		// is followed by a notification, so the wait wakes twice.
		err := p.Wait("thing", 0, func() bool {
			checks++
			if checks < 3 {
				k.Events.Notify()
				return false
			}
			return true
		})
		if err != nil || attends.Load() != 3 {
			t.Errorf("Wait = %v with Attend called %d times, want 3 (once per look)", err, attends.Load())
		}
	})
}

func TestBlock(t *testing.T) {
	var seen states
	k := newKernel(t, kernel.Config{OnState: seen.record})
	p := k.Spawn(kernel.Spec{})
	if p.CPUTime() != 0 {
		t.Errorf("CPUTime before Start = %v, want 0", p.CPUTime())
	}
	start := time.Now()
	p.Start()
	const sleep = 60 * time.Millisecond
	var during kernel.Info
	p.Block("sleep", func() {
		during = p.Info()
		time.Sleep(sleep)
	})
	wall := time.Since(start)
	if during.State != kernel.StateBlocked || during.BlockedOn != "sleep" {
		t.Errorf("during Block: %s on %q, want blocked on sleep", during.State, during.BlockedOn)
	}
	if info := p.Info(); info.State != kernel.StateRunning || info.BlockedOn != "" {
		t.Errorf("after Block: %s on %q, want running", info.State, info.BlockedOn)
	}
	if cpu := p.CPUTime(); cpu < 0 || cpu > wall-sleep {
		t.Errorf("CPUTime = %v after %v of which %v blocked; want at most %v", cpu, wall, sleep, wall-sleep)
	}
	want := []kernel.State{kernel.StateRunning, kernel.StateBlocked, kernel.StateRunning}
	if got := seen.list(); !slices.Equal(got, want) {
		t.Errorf("OnState heard %v, want %v", got, want)
	}

	// A process that ends while blocked stays ended.
	p.Block("exit", func() { p.Exit(kernel.StateExited, 0, "") })
	if st, _, _ := p.Result(); st != kernel.StateExited {
		t.Errorf("after exiting while blocked: %s, want exited", st)
	}
	want = append(want, kernel.StateBlocked, kernel.StateExited)
	if got := seen.list(); !slices.Equal(got, want) {
		t.Errorf("OnState heard %v, want %v", got, want)
	}
	if a, b := p.CPUTime(), p.CPUTime(); a != b {
		t.Errorf("CPUTime of an ended process moves: %v then %v", a, b)
	}
}

func TestInfo(t *testing.T) {
	k := newKernel(t, kernel.Config{SyscallNames: []string{"fd_read", "fd_write", "path_open"}})
	v := k.VFS
	p := k.Spawn(kernel.Spec{Cwd: "/work"})
	in := kernel.NewInput("stdin", true, k.Events)
	p.SetStdio(in, kernel.NewOutput("stdout", false, func([]byte) error { return nil }), kernel.NewOutput("stderr", false, func([]byte) error { return nil }))
	if err := v.Mkdir(mustResolve(t, v, "/work"), 0o755); err != nil {
		t.Fatal(err)
	}
	if fd, err := p.Preopen("/", "/"); err != nil || fd != 3 {
		t.Fatalf("Preopen = %d, %v; want 3", fd, err)
	}
	var mem atomic.Uint64
	mem.Store(1 << 16)
	p.SetMemory(mem.Load)
	p.Start()
	p.CountSyscall(1)
	p.CountSyscall(1)
	p.CountSyscall(2)

	info := p.Info()
	if info.PID != 1 || info.Cwd != "/work" || info.State != kernel.StateRunning || info.Started.IsZero() || !info.Ended.IsZero() {
		t.Errorf("Info = %+v", info)
	}
	if want := map[string]uint64{"fd_write": 2, "path_open": 1}; len(info.Syscalls) != len(want) || info.Syscalls["fd_write"] != 2 || info.Syscalls["path_open"] != 1 {
		t.Errorf("Syscalls = %v, want %v (uncalled ones left out)", info.Syscalls, want)
	}
	wantFDs := []kernel.FDInfo{
		{FD: 0, Kind: "character_device", Path: "stdin"},
		{FD: 1, Kind: "unknown", Path: "stdout"},
		{FD: 2, Kind: "unknown", Path: "stderr"},
		{FD: 3, Kind: "directory", Path: "/"},
	}
	if !slices.Equal(info.FDs, wantFDs) {
		t.Errorf("FDs = %+v, want %+v", info.FDs, wantFDs)
	}
	if info.Memory != 1<<16 {
		t.Errorf("Memory = %d, want the engine's live figure", info.Memory)
	}
	mem.Store(1 << 17)
	if got := p.Info().Memory; got != 1<<17 {
		t.Errorf("Memory after growth = %d, want %d", got, 1<<17)
	}

	// At the end the memory figure is frozen and the descriptors are gone.
	p.Exit(kernel.StateExited, 0, "")
	mem.Store(1 << 20)
	info = p.Info()
	if info.Memory != 1<<17 || len(info.FDs) != 0 || info.FDs == nil || info.Ended.IsZero() {
		t.Errorf("Info after exit: Memory %d, FDs %v, Ended %v; want 131072, [], set", info.Memory, info.FDs, info.Ended)
	}
}

func mustResolve(t *testing.T, v *vfs.VFS, p string) vfs.Loc {
	t.Helper()
	l, err := v.Resolve(vfs.Lookup{Base: "/", Follow: true}, p)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// The process table is sent to the UI as JSON, whose readers expect lists
// and maps, never null.
func TestInfoHasNoNilSlices(t *testing.T) {
	k := newKernel(t, kernel.Config{})
	p := k.Spawn(kernel.Spec{}) // no argv, no env, no descriptors, no syscalls
	info := p.Info()
	if info.Argv == nil || info.Env == nil || info.FDs == nil || info.Syscalls == nil {
		t.Errorf("Info has nil fields: %+v", info)
	}
	b, err := json.Marshal(info)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"argv":[]`, `"env":[]`, `"fds":[]`, `"syscalls":{}`, `"state":"starting"`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("JSON %s lacks %s", b, want)
		}
	}
	if strings.Contains(string(b), "null") || strings.Contains(string(b), `"ended"`) {
		t.Errorf("JSON %s has a null or an unset end time", b)
	}
}

func TestPreopen(t *testing.T) {
	k := newKernel(t, kernel.Config{})
	v := k.VFS
	f, err := v.OpenFile(mustResolve(t, v, "/file"), hackpadfs.FlagWriteOnly|hackpadfs.FlagCreate, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	p := k.Spawn(kernel.Spec{})
	if _, err := p.Preopen("file", "/file"); err == nil || !strings.Contains(err.Error(), "not a directory") {
		t.Errorf("Preopen of a file: %v, want not a directory", err)
	}
	if _, err := p.Preopen("nope", "/nope"); err == nil {
		t.Errorf("Preopen of a missing directory succeeded")
	}
	if p.FDs.Len() != 0 {
		t.Errorf("failed preopens left %d descriptors", p.FDs.Len())
	}
	fd, err := p.Preopen("/", "/")
	if err != nil || fd != 0 {
		t.Fatalf("Preopen = %d, %v; want the lowest free number, 0", fd, err)
	}
	d, _ := p.FDs.Get(fd)
	if d.Preopen != "/" || d.Rights == 0 || d.Inheriting == 0 {
		t.Errorf("preopened descriptor %+v", d)
	}
}

func TestShutdownKillsWhatStillRuns(t *testing.T) {
	k := newKernel(t, kernel.Config{})
	running, ended := k.Spawn(kernel.Spec{}), k.Spawn(kernel.Spec{})
	running.Start()
	ended.Start()
	ended.Exit(kernel.StateExited, 0, "")
	// The engine ends a killed guest: here, as soon as it is asked.
	running.SetKill(func() { go running.Exit(kernel.StateExited, 0, "") })
	within(t, "Shutdown", func() { k.Shutdown(t.Context()) })
	if st, code, reason := running.Result(); st != kernel.StateKilled || code != kernel.ExitKilled || reason != "kernel shutdown" {
		t.Errorf("running process ended %s %d %q, want killed by the shutdown", st, code, reason)
	}
	if st, _, _ := ended.Result(); st != kernel.StateExited {
		t.Errorf("ended process is now %s", st)
	}
}

// The process table is read while a guest waits (a REPL waiting for a
// line): the wait in progress is not CPU time either.
func TestCPUTimeStandsStillWhileBlocked(t *testing.T) {
	k := newKernel(t, kernel.Config{})
	p := k.Spawn(kernel.Spec{})
	p.Start()
	const sleep = 60 * time.Millisecond
	var before, during time.Duration
	p.Block("read stdin", func() {
		before = p.CPUTime()
		time.Sleep(sleep)
		during = p.CPUTime()
	})
	if grew := during - before; grew >= sleep/2 {
		t.Errorf("CPUTime grew by %v during a %v wait (%v -> %v), want it to stand still", grew, sleep, before, during)
	}
}
