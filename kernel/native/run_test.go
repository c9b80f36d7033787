package native_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/wasmrun/wasmrun/kernel"
	"github.com/wasmrun/wasmrun/kernel/native"
	"github.com/wasmrun/wasmrun/wasi/wasitest"
)

// start runs the test guest with args in the background, on an engine,
// and returns the process and a channel closed when Run returns.
func start(t *testing.T, e *native.Engine, lim native.Limits, args ...string) (*kernel.Process, <-chan struct{}) {
	t.Helper()
	g := wasitest.BuildGo(t, "testdata/guest")
	mod, err := e.Compile(context.Background(), "guest", g.Wasm)
	if err != nil {
		t.Fatal(err)
	}
	k := wasitest.NewKernel(t, wasitest.Config{})
	p := k.Spawn(kernel.Spec{Argv: append([]string{"guest"}, args...)})
	in := kernel.NewInput("stdin", false, k.Events)
	out := kernel.NewOutput("stdout", false, func([]byte) error { return nil })
	p.SetStdio(in, out, out)
	done := make(chan struct{})
	go func() {
		e.Run(context.Background(), p, mod, lim)
		close(done)
	}()
	return p, done
}

func waitEnd(t *testing.T, done <-chan struct{}, within time.Duration) {
	t.Helper()
	select {
	case <-done:
	case <-time.After(within):
		t.Fatalf("the guest did not end within %v", within)
	}
}

func engines(t *testing.T) map[string]*native.Engine {
	out := map[string]*native.Engine{}
	for name, interruptible := range map[string]bool{"instrumented": false, "interruptible": true} {
		e, err := native.NewEngine(context.Background(), native.Config{CacheDir: wasitest.CacheDir(), Interruptible: interruptible})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { e.Close(context.Background()) })
		out[name] = e
	}
	return out
}

func TestKillFromOutsideEndsTheProcessAsKilled(t *testing.T) {
	for name, e := range engines(t) {
		for _, mode := range []string{"spin", "stdin"} {
			t.Run(name+"/"+mode, func(t *testing.T) {
				p, done := start(t, e, native.Limits{}, mode)
				time.Sleep(300 * time.Millisecond)
				begin := time.Now()
				p.Kill("test says stop")
				waitEnd(t, done, 2*time.Second)
				state, code, reason := p.Result()
				if state != kernel.StateKilled || code != kernel.ExitKilled || reason != "test says stop" {
					t.Fatalf("got %s %d %q, want killed 137 %q", state, code, reason, "test says stop")
				}
				t.Logf("stopped %v after the kill", time.Since(begin).Round(time.Millisecond))
			})
		}
	}
}

func TestACollectionDoesNotWaitForAComputingGuest(t *testing.T) {
	e := engines(t)["instrumented"]
	p, done := start(t, e, native.Limits{}, "spin")
	time.Sleep(200 * time.Millisecond)
	gcDone := make(chan struct{})
	go func() {
		runtimeGC()
		close(gcDone)
	}()
	select {
	case <-gcDone:
	case <-time.After(5 * time.Second):
		t.Fatal("a garbage collection waited more than 5 s for the guest")
	}
	p.Kill("done")
	waitEnd(t, done, 2*time.Second)
}

func TestLimitsEndTheProcessWithTheirMessage(t *testing.T) {
	e := engines(t)["instrumented"]
	for _, c := range []struct {
		name   string
		lim    native.Limits
		args   []string
		code   int
		reason string
	}{
		{"timeout while computing", native.Limits{Timeout: 300 * time.Millisecond}, []string{"spin"}, native.ExitTimeout, "time limit of 300ms (--timeout)"},
		{"timeout while waiting", native.Limits{Timeout: 300 * time.Millisecond}, []string{"stdin"}, native.ExitTimeout, "time limit of 300ms (--timeout)"},
		{"memory", native.Limits{MaxMemory: 64 << 20}, []string{"alloc", "256"}, kernel.ExitKilled, "memory limit of 64 MiB (--max-memory)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			p, done := start(t, e, c.lim, c.args...)
			waitEnd(t, done, 10*time.Second)
			state, code, reason := p.Result()
			if state != kernel.StateKilled || code != c.code || !strings.Contains(reason, c.reason) {
				t.Fatalf("got %s %d %q, want killed %d with %q", state, code, reason, c.code, c.reason)
			}
		})
	}
}

func TestExitCodeIsTheGuests(t *testing.T) {
	e := engines(t)["instrumented"]
	for _, n := range []string{"0", "3", "255"} {
		p, done := start(t, e, native.Limits{}, "exit", n)
		waitEnd(t, done, 10*time.Second)
		state, code, _ := p.Result()
		if state != kernel.StateExited || code != atoi(n) {
			t.Fatalf("exit %s: got %s %d", n, state, code)
		}
	}
}

// A module whose _start executes unreachable.
var trapModule = []byte{
	0, 'a', 's', 'm', 1, 0, 0, 0,
	1, 4, 1, 0x60, 0, 0, // type: () -> ()
	3, 2, 1, 0, // function 0 of type 0
	5, 3, 1, 0, 1, // memory 1 page
	7, 19, 2, 6, 'm', 'e', 'm', 'o', 'r', 'y', 2, 0, 6, '_', 's', 't', 'a', 'r', 't', 0, 0,
	10, 5, 1, 3, 0, 0x00, 0x0b, // code: unreachable, end
}

func TestATrapIsOneLineAndTheProcessShowsTrapped(t *testing.T) {
	e := engines(t)["instrumented"]
	mod, err := e.Compile(context.Background(), "trap", trapModule)
	if err != nil {
		t.Fatal(err)
	}
	k := wasitest.NewKernel(t, wasitest.Config{})
	p := k.Spawn(kernel.Spec{Argv: []string{"trap"}})
	e.Run(context.Background(), p, mod, native.Limits{})
	state, code, reason := p.Result()
	if state != kernel.StateTrapped || code != native.ExitTrap || !strings.HasPrefix(reason, "trap: unreachable") || strings.Contains(reason, "\n") {
		t.Fatalf("got %s %d %q, want trapped 134 with a one-line unreachable message", state, code, reason)
	}
}
