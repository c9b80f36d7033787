// The real runtimes run under wazero, whose interpreter under GOOS=js would
// take many minutes: these tests run natively only.

//go:build !js

package instrument

import (
	"bytes"
	"context"
	"errors"
	"runtime"
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
// a runtime with wazero's own WASI and the "wasmrun" host module. Compiling
// CPython takes seconds, so the tests share them.
type compiledGuest struct {
	rt         wazero.Runtime
	orig, inst wazero.CompiledModule
	wasm       []byte
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
