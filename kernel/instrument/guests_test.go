// The real runtimes run under wazero, whose interpreter under GOOS=js would
// take many minutes: these tests run natively only.

//go:build !js

package instrument

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	quickjswasi "github.com/paralin/go-quickjs-wasi"
	"github.com/tetratelabs/wazero"
	wazerowasi "github.com/tetratelabs/wazero/imports/wasi_snapshot_preview1"
	"github.com/tetratelabs/wazero/sys"

	"github.com/wasmrun/wasmrun/host/runtimes"
)

// A guest is a real language runtime and the scripts the tests run on it.
type guest struct {
	name    string
	lang    string // for runtimes.Hub
	argv    func(script string) []string
	compute string // prints want
	want    string
	spin    string // never ends
	heavy   string // CPU-bound, for the slowdown
}

var guests = []guest{
	{
		name:    "QuickJS-NG",
		lang:    "javascript",
		argv:    func(s string) []string { return []string{"qjs", "-e", s} },
		compute: "let s=0; for (let i=0;i<1e6;i++) s+=i; console.log(s)",
		want:    "499999500000\n",
		spin:    "for(;;){}",
		heavy:   "let s=0; for (let i=0;i<1e7;i++) s+=i*i%7; console.log(s)",
	},
	{
		name:    "CPython",
		lang:    "python",
		argv:    func(s string) []string { return []string{"python", "-c", s} },
		compute: "print(sum(range(10**6)))",
		want:    "499999500000\n",
		spin:    "while True: pass",
		heavy:   "print(sum(i*i for i in range(3*10**6)))",
	},
}

// compiledGuest is a guest compiled twice, as it comes and instrumented, in
// a runtime with wazero's own WASI and the "wasmrun" host module, and on
// demand a third time, instrumented with its stack kept (see kept). Compiling
// CPython takes seconds, so the tests share them.
type compiledGuest struct {
	rt         wazero.Runtime
	orig, inst wazero.CompiledModule
	wasm       []byte

	keepOnce sync.Once
	keep     wazero.CompiledModule
	keepErr  error
}

// kept returns the guest instrumented with Options.StackSize KeepStack: as
// Instrument made it before it moved stacks. The original would do for most
// comparisons, but wazero symbolizes CPython's 13 MB of DWARF when it traps,
// which takes it about 15 s.
func (c *compiledGuest) kept(tb testing.TB) wazero.CompiledModule {
	c.keepOnce.Do(func() {
		var inst []byte
		if inst, c.keepErr = Instrument(c.wasm, Options{StackSize: KeepStack}); c.keepErr == nil {
			c.keep, c.keepErr = c.rt.CompileModule(context.Background(), inst)
		}
	})
	if c.keepErr != nil {
		tb.Fatal(c.keepErr)
	}
	return c.keep
}

var (
	compiledMu sync.Mutex
	compiled   = map[string]*compiledGuest{}
)

// runtimeBytes returns the .wasm of lang: QuickJS-NG is embedded, CPython
// comes from the runtime cache (or is fetched into it).
func runtimeBytes(tb testing.TB, lang string) []byte {
	if lang == "javascript" {
		return quickjswasi.QuickJSWASM
	}
	res, err := (&runtimes.Hub{}).Resolve(context.Background(), lang)
	if err != nil {
		tb.Skipf("runtime %s is not available: %v", lang, err)
	}
	return res.Bytes
}

func compile(tb testing.TB, g guest) *compiledGuest {
	compiledMu.Lock()
	defer compiledMu.Unlock()
	if c := compiled[g.name]; c != nil {
		return c
	}
	ctx := context.Background()
	wasm := runtimeBytes(tb, g.lang)
	inst, err := Instrument(wasm, Options{})
	if err != nil {
		tb.Fatal(err)
	}
	rt := wazero.NewRuntime(ctx) // closed when the test binary exits
	wazerowasi.MustInstantiate(ctx, rt)
	if err := instantiateCheck(ctx, rt); err != nil {
		tb.Fatal(err)
	}
	c := &compiledGuest{rt: rt, wasm: wasm}
	if c.orig, err = rt.CompileModule(ctx, wasm); err != nil {
		tb.Fatal(err)
	}
	if c.inst, err = rt.CompileModule(ctx, inst); err != nil {
		tb.Fatalf("compiling instrumented %s: %v", g.name, err)
	}
	compiled[g.name] = c
	return c
}

// run runs mod with argv to its end and returns its stdout and stderr.
func (c *compiledGuest) run(ctx context.Context, mod wazero.CompiledModule, argv []string) (stdout, stderr string, err error) {
	var out, errOut bytes.Buffer
	cfg := wazero.NewModuleConfig().WithName("").WithArgs(argv...).WithStdout(&out).WithStderr(&errOut)
	m, err := c.rt.InstantiateModule(ctx, mod, cfg)
	if m != nil {
		m.Close(ctx)
	}
	var exit *sys.ExitError
	if errors.As(err, &exit) && exit.ExitCode() == 0 {
		err = nil
	}
	return out.String(), errOut.String(), err
}

func TestRealGuestsComputeTheSameInstrumented(t *testing.T) {
	for _, g := range guests {
		t.Run(g.name, func(t *testing.T) {
			c := compile(t, g)
			argv := g.argv(g.compute)
			want, stderr, err := c.run(context.Background(), c.orig, argv)
			if err != nil || want != g.want {
				t.Fatalf("the original prints %q, %v (stderr %q), want %q", want, err, stderr, g.want)
			}
			ck := &checker{}
			got, stderr, err := c.run(withChecker(context.Background(), ck), c.inst, argv)
			if err != nil || got != want {
				t.Fatalf("instrumented, prints %q, %v (stderr %q), want %q", got, err, stderr, want)
			}
			if ck.calls == 0 {
				t.Error("the check was never called")
			}
			t.Logf("%d checks", ck.calls)
		})
	}
}

func TestRealGuestsInInfiniteLoopsAreStopped(t *testing.T) {
	const runFor = time.Second
	for _, g := range guests {
		t.Run(g.name, func(t *testing.T) {
			c := compile(t, g)
			start := time.Now()
			var first, last time.Time
			var gap time.Duration // the longest time between two checks
			ck := &checker{stop: func(calls int) bool {
				now := time.Now()
				if first.IsZero() {
					first = now
				} else if now.Sub(last) > gap {
					gap = now.Sub(last)
				}
				last = now
				return now.Sub(start) >= runFor
			}}
			done := make(chan error, 1)
			go func() {
				_, _, err := c.run(withChecker(context.Background(), ck), c.inst, g.argv(g.spin))
				done <- err
			}()
			var err error
			select {
			case err = <-done:
			case <-time.After(runFor + time.Minute):
				t.Fatalf("%q still runs a minute after the check asked it to stop", g.spin)
			}
			unwound := time.Since(last) // from the check that stopped it to its end
			var exit *sys.ExitError
			if !errors.As(err, &exit) || exit.ExitCode() != exitStopped {
				t.Fatalf("%q ended with %v, want exit code %d", g.spin, err, exitStopped)
			}
			rate := float64(ck.calls-1) / last.Sub(first).Seconds()
			t.Logf("%q: %d checks, %.0f per second, longest gap %v; ended %v after the check stopped it",
				g.spin, ck.calls, rate, gap.Round(time.Microsecond), unwound.Round(time.Millisecond))
			if rate < 100 {
				t.Errorf("%.0f checks per second: a Stop would wait %v", rate, time.Duration(float64(time.Second)/rate))
			}
			// wazero symbolizes the stack of a guest it unwinds with the
			// module's DWARF: CPython's 13 MB of it took seconds, one reason
			// Instrument drops it.
			if unwound > 2*time.Second {
				t.Errorf("the guest ended %v after the check stopped it", unwound)
			}
		})
	}
}

// TestRealGuestsSlowdown measures, and logs, what the checks cost a
// CPU-bound script: the best of a few alternating runs of each form, in CPU
// time of the thread that runs the guest where the OS reports it (the
// machine may be shared), and in wall time.
func TestRealGuestsSlowdown(t *testing.T) {
	if testing.Short() {
		t.Skip("measures seconds of CPU-bound runs")
	}
	const rounds = 3
	runtime.LockOSThread() // wazero runs the guest on the caller's thread
	defer runtime.UnlockOSThread()
	for _, g := range guests {
		c := compile(t, g)
		argv := g.argv(g.heavy)
		var wall, cpu [2]time.Duration // best of original, instrumented
		var checks int
		var outputs [2]string
		for range rounds {
			for i, mod := range []wazero.CompiledModule{c.orig, c.inst} {
				ck := &checker{}
				start, cpu0 := time.Now(), must(threadCPU())
				out, stderr, err := c.run(withChecker(context.Background(), ck), mod, argv)
				w, u := time.Since(start), must(threadCPU())-cpu0
				if err != nil {
					t.Fatalf("%s: %v (stderr %q)", g.name, err, stderr)
				}
				outputs[i], checks = out, ck.calls
				if wall[i] == 0 || w < wall[i] {
					wall[i] = w
				}
				if cpu[i] == 0 || u < cpu[i] {
					cpu[i] = u
				}
			}
		}
		if outputs[0] != outputs[1] {
			t.Errorf("%s: instrumented prints %q, the original %q", g.name, outputs[1], outputs[0])
		}
		pct := func(d [2]time.Duration) float64 { return 100 * (d[1].Seconds()/d[0].Seconds() - 1) }
		t.Logf("%s %q: %d checks (%.0f per CPU second)", g.name, g.heavy, checks, float64(checks)/cpu[1].Seconds())
		if cpu[0] > 0 {
			t.Logf("    CPU:  original %v, instrumented %v: %+.1f%%", cpu[0].Round(time.Millisecond), cpu[1].Round(time.Millisecond), pct(cpu))
		}
		t.Logf("    wall: original %v, instrumented %v: %+.1f%%", wall[0].Round(time.Millisecond), wall[1].Round(time.Millisecond), pct(wall))
	}
}

// must drops threadCPU's ok: without it, the CPU times are 0 and not logged.
func must(d time.Duration, _ bool) time.Duration { return d }

func BenchmarkInstrument(b *testing.B) {
	for _, g := range guests {
		b.Run(g.name, func(b *testing.B) {
			wasm := runtimeBytes(b, g.lang)
			b.SetBytes(int64(len(wasm)))
			b.ReportAllocs()
			var out []byte
			for b.Loop() {
				var err error
				if out, err = Instrument(wasm, Options{}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(out)-len(wasm)), "added-bytes")
			b.ReportMetric(float64(loops(b, out)), "loops")
		})
	}
}

// loops counts the checks in an instrumented module: the occurrences of the
// code Instrument inserts at loop headers.
func loops(tb testing.TB, wasm []byte) int {
	m, err := parse(wasm)
	if err != nil {
		tb.Fatal(err)
	}
	x := &asm{instrumented: true, imports: m.funcImports - 1, countdown: m.globals - 1, period: DefaultPeriod}
	return bytes.Count(wasm, x.check())
}

func TestRealGuestsHaveTheirStackMoved(t *testing.T) {
	tests := []struct {
		guest     string
		evidence  string
		top, base uint64 // the old stack's top, the region's base
	}{
		// qjs-wasi: static data up to 124492, the stack [127520, 193056),
		// __heap_base 193056, 3 pages of memory.
		{guest: "QuickJS-NG", evidence: "name section", top: 193056, base: 3 * pageSize},
		// python.wasm: linked --stack-first, the stack [0, 524288), pre-initialized
		// by Wizer with 160 pages of memory.
		{guest: "CPython", evidence: "DWARF frame base", top: 524288, base: 160 * pageSize},
	}
	for _, tt := range tests {
		t.Run(tt.guest, func(t *testing.T) {
			g := guests[slices.IndexFunc(guests, func(g guest) bool { return g.name == tt.guest })]
			plan, err := PlanStack(runtimeBytes(t, g.lang), Options{})
			if err != nil {
				t.Fatal(err)
			}
			t.Log(plan)
			if plan.Pointer != 0 || plan.Evidence != tt.evidence || uint64(plan.Top) != tt.top || plan.Base != tt.base ||
				plan.Size != DefaultStackSize || !slices.Equal(plan.Entries, []string{"_start"}) || plan.Note != "" {
				t.Errorf("plan %+v, want global 0 (%s) from %d, moved to [%d, %d) by _start", plan, tt.evidence, tt.top, tt.base, tt.base+DefaultStackSize)
			}
		})
	}
}

func TestRealGuestsRecurseDeeperWithTheStackMoved(t *testing.T) {
	var L []string // 200 locals
	for i := range 200 {
		L = append(L, fmt.Sprintf("a%d=n", i))
	}
	tests := []struct {
		name   string
		guest  string
		script string
		want   string // what it prints with its stack moved
		err    string // or the error it ends with
		before bool   // it ran as well before
	}{
		{
			name: "recursion 5000 deep", guest: "QuickJS-NG",
			script: "function f(n){return n?f(n-1)+1:0} console.log(f(5000))", want: "5000\n",
		},
		{
			name: "frames of 200 locals 2000 deep", guest: "QuickJS-NG",
			script: "function f(n){let " + strings.Join(L, ",") + "; return n?f(n-1)+1:0} console.log(f(2000))", want: "2000\n",
		},
		{
			name: "recursion through eval 1000 deep", guest: "QuickJS-NG",
			script: `function g(n){return n?eval("g(n-1)")+1:0} console.log(g(1000))`, want: "1000\n",
		},
		{
			name: "JSON nested 5000 deep", guest: "QuickJS-NG",
			script: `let s="[".repeat(5000)+"]".repeat(5000); console.log(JSON.stringify(JSON.parse(s)).length)`, want: "10000\n",
		},
		{
			// qjs-wasi has no stack limit of its own (JS_SetMaxStackSize keeps
			// stack_limit 0 on WASI): wazero's call stack ends it first, and
			// cleanly, where a stack of 8 MiB of small frames is not used up.
			name: "recursion beyond wazero's call stack", guest: "QuickJS-NG",
			script: "function f(n){return n?f(n-1)+1:0} console.log(f(1000000))", err: "stack overflow",
		},
		{
			name: "recursion 900 deep, under the default limit", guest: "CPython",
			script: "def f(n): return f(n-1)+1 if n else 0\nprint(f(900))", want: "900\n", before: true,
		},
		{
			// Python calls Python without recursing in C: the frames are on
			// the heap.
			name: "recursion 50,000 deep under a limit of 100,000", guest: "CPython",
			script: "import sys\nsys.setrecursionlimit(100000)\ndef f(n): return f(n-1)+1 if n else 0\nprint(f(50000))",
			want:   "50000\n", before: true,
		},
		{
			name: "lru_cache recursion 160 deep", guest: "CPython",
			script: "import functools\n@functools.lru_cache(None)\ndef f(n): return f(n-1)+1 if n else 0\nprint(f(160))",
			want:   "160\n",
		},
		{
			// Every level recurses in C three times, and CPython 3.12 on WASI
			// stops C recursion at 500: a RecursionError at about 166 levels.
			name: "lru_cache recursion 500 deep ends in a RecursionError", guest: "CPython",
			script: "import functools\n@functools.lru_cache(None)\ndef f(n): return f(n-1)+1 if n else 0\n" +
				"try:\n  print(f(500))\nexcept RecursionError as e:\n  print('RecursionError:', e)",
			want: "RecursionError: maximum recursion depth exceeded while calling a Python object\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.guest+"/"+tt.name, func(t *testing.T) {
			g := guests[slices.IndexFunc(guests, func(g guest) bool { return g.name == tt.guest })]
			c := compile(t, g)
			argv := g.argv(tt.script)
			ctx := withChecker(context.Background(), &checker{})
			got, stderr, err := c.run(ctx, c.inst, argv)
			switch {
			case tt.err != "":
				if err == nil || !strings.Contains(err.Error(), tt.err) || strings.Contains(err.Error(), "out of bounds") {
					t.Errorf("ends with %v (stdout %q, stderr %q), want %q", firstLine(err), got, tail(stderr), tt.err)
				}
			case err != nil || got != tt.want:
				t.Errorf("prints %q, %v (stderr %q), want %q", got, firstLine(err), tail(stderr), tt.want)
			}
			if testing.Short() {
				return
			}
			got, stderr, err = c.run(ctx, c.kept(t), argv)
			var exit *sys.ExitError
			ranWell := err == nil && got == tt.want
			trapped := err != nil && !errors.As(err, &exit)
			if tt.before && !ranWell || !tt.before && !trapped {
				t.Errorf("with the stack kept, prints %q, %v (stderr %q)", got, firstLine(err), tail(stderr))
			}
			t.Logf("with the stack kept: %q, %v", got, firstLine(err))
		})
	}
}

func firstLine(err error) string {
	if err == nil {
		return "<nil>"
	}
	s, _, _ := strings.Cut(err.Error(), "\n")
	return s
}

func tail(s string) string {
	if len(s) > 300 {
		return "..." + s[len(s)-300:]
	}
	return s
}

// goGuest is a Go program for GOOS=wasip1: it recurses deeply (Go grows its
// own stack) and allocates.
const goGuest = `package main

import "fmt"

func depth(n int) int {
	if n == 0 {
		return 0
	}
	var frame [64]byte
	frame[n%64] = 1
	return depth(n-1) + int(frame[n%64])
}

func main() {
	var s []string
	for i := range 100000 {
		s = append(s, fmt.Sprint(i))
	}
	fmt.Println(len(s), s[99999], depth(100000))
}
`

func TestAGoGuestKeepsItsStack(t *testing.T) {
	goTool := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(goTool); err != nil {
		t.Skipf("no go tool: %v", err)
	}
	dir := t.TempDir()
	for name, content := range map[string]string{"go.mod": "module guest\n\ngo 1.22\n", "main.go": goGuest} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command(goTool, "build", "-o", "guest.wasm", ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOOS=wasip1", "GOARCH=wasm", "GOWORK=off", "GOFLAGS=", "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	wasm, err := os.ReadFile(filepath.Join(dir, "guest.wasm"))
	if err != nil {
		t.Fatal(err)
	}

	plan, err := PlanStack(wasm, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Log(plan)
	if plan.Size != 0 || plan.Pointer != -1 {
		t.Errorf("plan %+v, want the stack left alone", plan)
	}
	inst := instrument(t, wasm, Options{})
	if Instrumented(wasm) || !Instrumented(inst) {
		t.Fatal("not instrumented")
	}

	ctx := context.Background()
	rt := wazero.NewRuntime(ctx)
	defer rt.Close(ctx)
	wazerowasi.MustInstantiate(ctx, rt)
	if err := instantiateCheck(ctx, rt); err != nil {
		t.Fatal(err)
	}
	c := &compiledGuest{rt: rt}
	want := "100000 99999 100000\n"
	for name, w := range map[string][]byte{"the original": wasm, "instrumented": inst} {
		mod, err := rt.CompileModule(ctx, w)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got, stderr, err := c.run(withChecker(ctx, &checker{}), mod, []string{"guest"}); err != nil || got != want {
			t.Errorf("%s prints %q, %v (stderr %q), want %q", name, got, err, tail(stderr), want)
		}
	}
}

// TestRealGuestsStartUpWithTheStackMoved measures, and logs, what moving
// the stack costs a guest's start-up: the best of a few alternating runs of
// a script that does nothing, instrumented with its stack kept and moved.
func TestRealGuestsStartUpWithTheStackMoved(t *testing.T) {
	if testing.Short() {
		t.Skip("measures start-ups")
	}
	const rounds = 7
	runtime.LockOSThread() // wazero runs the guest on the caller's thread
	defer runtime.UnlockOSThread()
	empty := map[string]string{"QuickJS-NG": "", "CPython": "pass"}
	for _, g := range guests {
		c := compile(t, g)
		argv := g.argv(empty[g.name])
		var wall, cpu [2]time.Duration // best of kept, moved
		for range rounds {
			for i, mod := range []wazero.CompiledModule{c.kept(t), c.inst} {
				start, cpu0 := time.Now(), must(threadCPU())
				_, stderr, err := c.run(withChecker(context.Background(), &checker{}), mod, argv)
				w, u := time.Since(start), must(threadCPU())-cpu0
				if err != nil {
					t.Fatalf("%s: %v (stderr %q)", g.name, err, stderr)
				}
				if wall[i] == 0 || w < wall[i] {
					wall[i] = w
				}
				if cpu[i] == 0 || u < cpu[i] {
					cpu[i] = u
				}
			}
		}
		t.Logf("%s %q, best of %d:", g.name, argv, rounds)
		if cpu[0] > 0 {
			t.Logf("    CPU:  stack kept %v, moved %v: %+v", cpu[0].Round(time.Microsecond), cpu[1].Round(time.Microsecond), (cpu[1] - cpu[0]).Round(time.Microsecond))
		}
		t.Logf("    wall: stack kept %v, moved %v: %+v", wall[0].Round(time.Microsecond), wall[1].Round(time.Microsecond), (wall[1] - wall[0]).Round(time.Microsecond))
	}
}
