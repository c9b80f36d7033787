package instrument

import (
	"context"
	"fmt"
	"testing"

	"github.com/tetratelabs/wazero"
)

// FuzzInstrument checks that Instrument never panics, and that what it makes
// of a module wazero accepts, wazero accepts too.
func FuzzInstrument(f *testing.F) {
	seeds := [][]byte{sumModule, gridModule, fibModule, bucketsModule, callsModule, indicesModule, envModule}
	for _, s := range []spModule{{evidence: "name", sbrk: true}, {evidence: "dwarf4"}, {evidence: "dwarf5", entry: "_initialize"}} {
		seeds = append(seeds, s.wasm())
	}
	for _, seed := range seeds {
		f.Add(seed)
	}
	ctx := context.Background()
	rt := wazero.NewRuntimeWithConfig(ctx, wazero.NewRuntimeConfig().WithCoreFeatures(features).WithCompilationCache(nil))
	defer rt.Close(ctx)
	f.Fuzz(func(t *testing.T, wasm []byte) {
		out, err := Instrument(wasm, Options{Period: 3})
		if err != nil {
			return
		}
		if !Instrumented(out) {
			t.Fatal("the output does not import the check")
		}
		if !plausible(wasm) || compiles(ctx, rt, wasm) != nil {
			return
		}
		if err := compiles(ctx, rt, out); err != nil {
			t.Fatalf("wazero accepts the module but not its instrumented form: %v", err)
		}
	})
}

// compiles compiles wasm and reports why it does not. wazero's validator
// panics on some malformed modules: that counts as rejecting them.
func compiles(ctx context.Context, rt wazero.Runtime, wasm []byte) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("wazero panics: %v", r)
		}
	}()
	cm, err := rt.CompileModule(ctx, wasm)
	if err == nil {
		cm.Close(ctx)
	}
	return err
}

// plausible reports whether no section of wasm declares more entries than it
// has bytes: wazero's decoder allocates for the declared count first, and a
// fuzzed count of billions kills the fuzzing worker.
func plausible(wasm []byte) bool {
	m, err := parse(wasm)
	if err != nil {
		return false
	}
	for _, s := range m.sections {
		if s.id == secCustom || s.id == secStart {
			continue
		}
		n, err := m.reader(s).u32()
		if err != nil || int(n) > s.end-s.start {
			return false
		}
	}
	return true
}
