package native

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"

	"github.com/wasmrun/wasmrun/kernel"
	"github.com/wasmrun/wasmrun/kernel/instrument"
	"github.com/wasmrun/wasmrun/wasi"
)

// Engine compiles and runs guests. One engine serves many processes.
type Engine struct {
	rt            wazero.Runtime
	cache         wazero.CompilationCache
	interruptible bool
}

// Interruptible reports whether a kill stops a computing guest at once.
func (e *Engine) Interruptible() bool { return e.interruptible }

// Config configures an engine.
type Config struct {
	// CacheDir holds compiled modules between runs, so a second run of a
	// large runtime does not compile it again. Empty: compile in memory only.
	CacheDir string
	// Interruptible makes a running guest stoppable at any instruction: a
	// kill or a --timeout closes it through its context. wazero then checks
	// for termination at every loop back-edge, which costs up to half the
	// speed of a call-heavy guest such as CPython, so it is a choice: an
	// engine that is not interruptible stops a guest at its next syscall (a
	// guest waiting in the kernel stops at once), and its owner must be ready
	// to end the host process for a guest that computes without syscalls
	// (the CLI does). See docs/kernel.md.
	Interruptible bool
}

// NewEngine starts a wazero runtime with the kernel's WASI host module.
func NewEngine(ctx context.Context, cfg Config) (*Engine, error) {
	// DWARF in a guest (CPython carries 13 MB) would be parsed for every
	// unwind, which made a non-zero exit take seconds; traps are reported by
	// function name, which needs no DWARF.
	rc := wazero.NewRuntimeConfig().WithCloseOnContextDone(cfg.Interruptible).WithDebugInfoEnabled(false)
	e := &Engine{interruptible: cfg.Interruptible}
	if cfg.CacheDir != "" {
		// Compiled code differs with interruptibility and debug info, and
		// wazero's cache key says neither: keep each configuration apart.
		dir := filepath.Join(cfg.CacheDir, "fast-nodebug")
		if cfg.Interruptible {
			dir = filepath.Join(cfg.CacheDir, "interruptible-nodebug")
		}
		c, err := wazero.NewCompilationCacheWithDir(dir)
		if err != nil {
			return nil, fmt.Errorf("compilation cache %s: %w", cfg.CacheDir, err)
		}
		e.cache = c
		rc = rc.WithCompilationCache(c)
	}
	e.rt = wazero.NewRuntimeWithConfig(ctx, rc)
	if err := e.instantiateWASI(ctx); err != nil {
		e.rt.Close(ctx)
		return nil, err
	}
	return e, nil
}

// Close releases the runtime and the cache.
func (e *Engine) Close(ctx context.Context) error {
	err := e.rt.Close(ctx)
	if e.cache != nil {
		e.cache.Close(ctx)
	}
	return err
}

// running is what a host function finds in its context: the calling
// process and its memory.
type running struct {
	p   *kernel.Process
	mem wasi.Memory
}

type runningKey struct{}

// memView lets the wasi handlers fill guest buffers in place: wazero's
// Memory.Read returns a view of the memory itself.
type memView struct{ api.Memory }

func (m memView) View(off, n uint32) ([]byte, bool) { return m.Memory.Read(off, n) }

func (e *Engine) instantiateWASI(ctx context.Context) error {
	b := e.rt.NewHostModuleBuilder(wasi.Module)
	for i, f := range wasi.Functions {
		params := make([]api.ValueType, len(f.Params))
		names := make([]string, len(f.Params))
		for j, p := range f.Params {
			params[j] = api.ValueType(p.Type)
			names[j] = p.Name
		}
		var results []api.ValueType
		if f.Result {
			results = []api.ValueType{api.ValueTypeI32}
		}
		b.NewFunctionBuilder().
			WithGoModuleFunction(hostFunc(i, f.Result), params, results).
			WithParameterNames(names...).
			Export(f.Name)
	}
	if _, err := b.Instantiate(ctx); err != nil {
		return err
	}
	// The interruption check the instrumenter adds (see Compile): a kill
	// unwinds the guest here, and the call itself is a point where Go can
	// stop the goroutine for a collection.
	_, err := e.rt.NewHostModuleBuilder(instrument.CheckModule).
		NewFunctionBuilder().
		WithGoModuleFunction(api.GoModuleFunc(func(ctx context.Context, mod api.Module, _ []uint64) {
			if r, _ := ctx.Value(runningKey{}).(*running); r != nil && r.p.Killed() {
				terminate(ctx, mod, r.p)
			}
		}), nil, nil).
		Export(instrument.CheckName).
		Instantiate(ctx)
	return err
}

func hostFunc(i int, hasResult bool) api.GoModuleFunction {
	return api.GoModuleFunc(func(ctx context.Context, mod api.Module, stack []uint64) {
		r, _ := ctx.Value(runningKey{}).(*running)
		if r == nil {
			// Only _start runs guest code, after the process is set up.
			panic(errors.New("wasi call outside a process"))
		}
		errno := wasi.Invoke(i, r.p, r.mem, stack)
		if errno == wasi.Terminate {
			terminate(ctx, mod, r.p)
		}
		if hasResult {
			stack[0] = uint64(errno)
		}
	})
}

// ModuleError says a file is not a guest wasmrun can run: not wasm, not a
// WASI command, or importing what the kernel does not provide.
type ModuleError struct{ Msg string }

func (e *ModuleError) Error() string { return e.Msg }

func moduleErrorf(format string, args ...any) error {
	return &ModuleError{fmt.Sprintf(format, args...)}
}

// Compile compiles a guest and checks that it is a WASI command wasmrun can
// run: it imports nothing but wasi_snapshot_preview1 functions the kernel
// has, exports _start, and exports its memory.
func (e *Engine) Compile(ctx context.Context, name string, wasm []byte) (wazero.CompiledModule, error) {
	if len(wasm) < 8 || string(wasm[:4]) != "\x00asm" {
		return nil, moduleErrorf("%s is not a WebAssembly module (no \\0asm header)", name)
	}
	// Interruption checks at loop headers let a kill stop a computing guest
	// and give Go's garbage collector a safe point in it (compiled guest code
	// has none: a collection would otherwise wait for the guest forever). A
	// module the instrumenter cannot read runs as it is, stoppable only at
	// its syscalls.
	src, ierr := instrument.Instrument(wasm, instrument.Options{})
	if ierr != nil {
		src = wasm
	}
	mod, err := e.rt.CompileModule(ctx, src)
	if err != nil {
		return nil, moduleErrorf("%s: invalid WebAssembly module: %s", name, firstLine(err.Error()))
	}
	known := map[string]bool{}
	for _, f := range wasi.Functions {
		known[f.Name] = true
	}
	for _, f := range mod.ImportedFunctions() {
		m, n, _ := f.Import()
		if m == instrument.CheckModule && n == instrument.CheckName {
			continue
		}
		if m != wasi.Module {
			mod.Close(ctx)
			return nil, moduleErrorf("%s imports %s.%s, which wasmrun does not provide: a guest may import only %s", name, m, n, wasi.Module)
		}
		if !known[n] {
			mod.Close(ctx)
			return nil, moduleErrorf("%s imports %s.%s, which is not a WASI preview1 function", name, m, n)
		}
	}
	for _, m := range mod.ImportedMemories() {
		mn, n, _ := m.Import()
		mod.Close(ctx)
		return nil, moduleErrorf("%s imports memory %s.%s, which wasmrun does not provide", name, mn, n)
	}
	exports := mod.ExportedFunctions()
	if _, ok := exports["_start"]; !ok {
		mod.Close(ctx)
		if _, ok := exports["_initialize"]; ok {
			return nil, moduleErrorf("%s is a WASI reactor (it exports _initialize, not _start): wasmrun runs WASI commands", name)
		}
		return nil, moduleErrorf("%s is not a WASI command: it does not export _start", name)
	}
	if len(mod.ExportedMemories()) == 0 {
		mod.Close(ctx)
		return nil, moduleErrorf("%s does not export its memory, which WASI needs", name)
	}
	return mod, nil
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
