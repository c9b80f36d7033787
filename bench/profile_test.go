package bench

import (
	"context"
	"github.com/tetratelabs/wazero"
	wazerowasi "github.com/tetratelabs/wazero/imports/wasi_snapshot_preview1"
	"os"
	"testing"
	"time"

	"github.com/wasmrun/wasmrun/kernel/native"
)

func TestProfileOurs(t *testing.T) {
	w := os.Getenv("PROFILE_WORKLOAD")
	if w == "" {
		t.Skip("set PROFILE_WORKLOAD")
	}
	ctx := context.Background()
	e, _ := native.NewEngine(ctx, native.Config{CacheDir: compiledDir()})
	var wl workload
	for _, x := range workloads {
		if x.name == w {
			wl = x
		}
	}
	mod, err := e.Compile(ctx, wl.lang, runtimeBytes(t, wl.lang))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	os.WriteFile(dir+"/script.py", []byte(pyFiles), 0o644)
	os.WriteFile(dir+"/script.js", []byte(jsFiles), 0o644)
	if os.Getenv("NOLIMIT") != "" {
		benchMaxMemory = 0
	}
	start := time.Now()
	for i := 0; i < 20; i++ {
		if err := ours(ctx, e, mod, dir, wl.argv); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("%v per run", time.Since(start)/20)
}

func compiledDir() string {
	d, _ := os.UserCacheDir()
	return d + "/wasmrun/bench-compiled"
}

func TestProfilePeer(t *testing.T) {
	w := os.Getenv("PROFILE_PEER")
	if w == "" {
		t.Skip("set PROFILE_PEER")
	}
	ctx := context.Background()
	var wl workload
	for _, x := range workloads {
		if x.name == w {
			wl = x
		}
	}
	cache, _ := wazero.NewCompilationCacheWithDir(compiledDir() + "-peer")
	rt := wazero.NewRuntimeWithConfig(ctx, wazero.NewRuntimeConfig().WithCompilationCache(cache))
	wazerowasi.MustInstantiate(ctx, rt)
	mod, err := rt.CompileModule(ctx, runtimeBytes(t, wl.lang))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	os.WriteFile(dir+"/script.py", []byte(pyFiles), 0o644)
	os.WriteFile(dir+"/script.js", []byte(jsFiles), 0o644)
	for i := 0; i < 10; i++ {
		if err := peer(ctx, rt, mod, dir, wl.argv); err != nil {
			t.Fatal(err)
		}
	}
}
