package bench

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/tetratelabs/wazero"
	wazerowasi "github.com/tetratelabs/wazero/imports/wasi_snapshot_preview1"

	"github.com/wasmrun/wasmrun/host/runtimes"
	"github.com/wasmrun/wasmrun/kernel"
	"github.com/wasmrun/wasmrun/kernel/native"
	"github.com/wasmrun/wasmrun/kernel/vfs"
	"github.com/wasmrun/wasmrun/kernel/vfs/hostfs"
	"github.com/wasmrun/wasmrun/kernel/vfs/memfs"
	"github.com/wasmrun/wasmrun/wasi"
)

// The workloads of issue 3: the same guest, the same arguments, the same
// host directory mounted at /work, under this kernel and under wazero's
// built-in WASI. Both keep the compiled module between runs.

const pyFiles = `
import os
for i in range(2000):
    p = f"/work/f{i}.txt"
    with open(p, "w") as f:
        f.write("hello world " * 8)
    with open(p) as f:
        f.read()
    os.stat(p)
    os.unlink(p)
`

const jsFiles = `
import * as std from "qjs:std";
import * as os from "qjs:os";
for (let i = 0; i < 2000; i++) {
  const p = "/work/f" + i + ".txt";
  let f = std.open(p, "w"); f.puts("hello world ".repeat(8)); f.close();
  f = std.open(p, "r"); f.readAsString(); f.close();
  os.stat(p);
  os.remove(p);
}
`

type workload struct {
	name   string
	lang   string
	argv   []string
	script string // written to /work/script when set
}

var workloads = []workload{
	{name: "python -c pass", lang: "python", argv: []string{"python", "-c", "pass"}},
	{name: "python 2000 file cycles", lang: "python", argv: []string{"python", "/work/script.py"}, script: pyFiles},
	{name: "quickjs 2000 file cycles", lang: "javascript", argv: []string{"qjs", "--std", "-m", "/work/script.js"}, script: jsFiles},
}

func runtimeBytes(tb testing.TB, lang string) []byte {
	h := &runtimes.Hub{Stderr: os.Stderr}
	r, err := h.Resolve(context.Background(), lang)
	if err != nil {
		tb.Fatal(err)
	}
	return r.Bytes
}

// ours runs argv on the kernel with dir mounted at /work through hostfs.
func ours(ctx context.Context, e *native.Engine, mod wazero.CompiledModule, dir string, argv []string) error {
	v := vfs.New(memfs.New(memfs.Options{}), vfs.MountOptions{})
	h, err := hostfs.New(dir)
	if err != nil {
		return err
	}
	defer h.Close()
	if err := v.Mount("/work", h, vfs.MountOptions{}); err != nil {
		return err
	}
	k := kernel.New(kernel.Config{VFS: v, SyscallNames: wasi.Names(), Log: kernel.NewLogBus(16, kernel.LevelError)})
	p := k.Spawn(kernel.Spec{Argv: argv})
	in := kernel.NewInput("stdin", false, k.Events)
	in.CloseInput()
	out := kernel.NewOutput("stdout", false, func(b []byte) error { return nil })
	p.SetStdio(in, out, out)
	if _, err := p.Preopen("/work", "/work"); err != nil {
		return err
	}
	e.Run(ctx, p, mod, native.Limits{MaxMemory: benchMaxMemory})
	if st, code, reason := p.Result(); st != kernel.StateExited || code != 0 {
		return fmt.Errorf("%s %d %s", st, code, reason)
	}
	return nil
}

// peer runs argv under wazero's own WASI with dir mounted at /work.
func peer(ctx context.Context, rt wazero.Runtime, mod wazero.CompiledModule, dir string, argv []string) error {
	cfg := wazero.NewModuleConfig().WithName("").WithArgs(argv...).
		WithStdout(io.Discard).WithStderr(io.Discard).
		WithFSConfig(wazero.NewFSConfig().WithDirMount(dir, "/work")).
		WithSysWalltime().WithSysNanotime().WithSysNanosleep()
	m, err := rt.InstantiateModule(ctx, mod, cfg)
	if m != nil {
		m.Close(ctx)
	}
	return err
}

func median(d []time.Duration) time.Duration {
	s := append([]time.Duration(nil), d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2]
}

// BenchmarkKernelVsWazeroWASI prints, for each workload, the median wall
// time of a run under each and the ratio. Runs alternate, so both see the
// same machine load.
func BenchmarkKernelVsWazeroWASI(b *testing.B) {
	ctx := context.Background()
	cache := wazero.NewCompilationCache()
	e, err := native.NewEngine(ctx, native.Config{Interruptible: os.Getenv("PEERCLOSE") != ""})
	if err != nil {
		b.Fatal(err)
	}
	defer e.Close(ctx)
	rt := wazero.NewRuntimeWithConfig(ctx, wazero.NewRuntimeConfig().WithCompilationCache(cache).WithCloseOnContextDone(os.Getenv("PEERCLOSE") != ""))
	defer rt.Close(ctx)
	wazerowasi.MustInstantiate(ctx, rt)

	rounds := 7
	if s := os.Getenv("BENCH_ROUNDS"); s != "" {
		fmt.Sscan(s, &rounds)
	}
	var report strings.Builder
	fmt.Fprintf(&report, "\n%-28s %12s %12s %8s\n", "workload", "wasmrun", "wazero WASI", "ratio")
	for _, w := range workloads {
		wasm := runtimeBytes(b, w.lang)
		ourMod, err := e.Compile(ctx, w.lang, wasm)
		if err != nil {
			b.Fatal(err)
		}
		peerMod, err := rt.CompileModule(ctx, wasm)
		if err != nil {
			b.Fatal(err)
		}
		dir := b.TempDir()
		if w.script != "" {
			ext := map[string]string{"python": ".py", "javascript": ".js"}[w.lang]
			if err := os.WriteFile(filepath.Join(dir, "script"+ext), []byte(w.script), 0o644); err != nil {
				b.Fatal(err)
			}
		}
		var a, z []time.Duration
		for i := 0; i < rounds+1; i++ {
			t := time.Now()
			if err := ours(ctx, e, ourMod, dir, w.argv); err != nil {
				b.Fatalf("%s under wasmrun: %v", w.name, err)
			}
			da := time.Since(t)
			t = time.Now()
			if err := peer(ctx, rt, peerMod, dir, w.argv); err != nil {
				b.Fatalf("%s under wazero: %v", w.name, err)
			}
			dz := time.Since(t)
			if i > 0 { // the first round warms caches
				a, z = append(a, da), append(z, dz)
			}
		}
		ma, mz := median(a), median(z)
		ratio := float64(ma) / float64(mz)
		fmt.Fprintf(&report, "%-28s %12s %12s %7.2fx\n", w.name, ma.Round(time.Millisecond), mz.Round(time.Millisecond), ratio)
		b.ReportMetric(ratio, strings.ReplaceAll(w.name, " ", "_")+"_ratio")
	}
	b.Log(report.String())
}

// benchMaxMemory is the memory limit the runs under wasmrun carry, as the
// CLI's default does.
var benchMaxMemory = uint64(2 << 30)
