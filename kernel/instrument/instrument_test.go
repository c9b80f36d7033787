package instrument

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"
	"github.com/tetratelabs/wazero/sys"
)

// features are every proposal wazero implements, so that it validates what
// the tests make of the decoder's coverage.
const features = api.CoreFeaturesV2 | experimental.CoreFeaturesThreads | experimental.CoreFeaturesTailCall |
	experimental.CoreFeaturesExtendedConst | experimental.CoreFeaturesExceptionHandling |
	experimental.CoreFeaturesTypedFunctionReferences

// exitStopped is the exit code a checker stops a guest with.
const exitStopped = 137

// checker is the host's side of wasmrun.check in these tests: it counts the
// calls and stops the guest when stop says so.
type checker struct {
	calls int
	stop  func(calls int) bool
}

type checkerKey struct{}

// withChecker returns a context under which wasmrun.check calls c.
func withChecker(ctx context.Context, c *checker) context.Context {
	return context.WithValue(ctx, checkerKey{}, c)
}

// instantiateCheck instantiates the "wasmrun" host module in rt: its check
// calls the checker of the caller's context, if any.
func instantiateCheck(ctx context.Context, rt wazero.Runtime) error {
	_, err := rt.NewHostModuleBuilder(CheckModule).NewFunctionBuilder().
		WithFunc(func(ctx context.Context) {
			c, _ := ctx.Value(checkerKey{}).(*checker)
			if c == nil {
				return
			}
			c.calls++
			if c.stop != nil && c.stop(c.calls) {
				panic(sys.NewExitError(exitStopped))
			}
		}).Export(CheckName).Instantiate(ctx)
	return err
}

// testRuntime returns a wazero runtime with every feature wazero has and the
// "wasmrun" host module.
func testRuntime(tb testing.TB) wazero.Runtime {
	ctx := context.Background()
	rt := wazero.NewRuntimeWithConfig(ctx, wazero.NewRuntimeConfig().WithCoreFeatures(features))
	tb.Cleanup(func() { rt.Close(ctx) })
	if err := instantiateCheck(ctx, rt); err != nil {
		tb.Fatal(err)
	}
	return rt
}

func instrument(tb testing.TB, wasm []byte, opts Options) []byte {
	tb.Helper()
	out, err := Instrument(wasm, opts)
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

func instantiate(tb testing.TB, rt wazero.Runtime, wasm []byte) api.Module {
	tb.Helper()
	ctx := context.Background()
	mod, err := rt.InstantiateWithConfig(ctx, wasm, wazero.NewModuleConfig().WithName(""))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { mod.Close(ctx) })
	return mod
}

func call(ctx context.Context, tb testing.TB, mod api.Module, fn string, args ...uint64) []uint64 {
	tb.Helper()
	f := mod.ExportedFunction(fn)
	if f == nil {
		tb.Fatalf("no export %q", fn)
	}
	res, err := f.Call(ctx, args...)
	if err != nil {
		tb.Fatalf("%s%v: %v", fn, args, err)
	}
	return res
}

// The loop modules of TestLoopsCallTheCheckEveryPeriod. Each exports one
// function of one i32 argument and has no () -> () type.

// sum(n) adds 0..n-1 in one loop: n loop headers.
var sumModule = wasmModule(
	sec(1, vec(functype(op(i32), op(i32)))),
	sec(3, vec(u32(0))),
	sec(7, vec(export("f", 0, 0))),
	sec(10, vec(body(locals([2]uint32{2, i32}),
		op(0x03, empty),
		localGet(2), localGet(1), op(0x6a), localSet(2),
		localGet(1), i32c(1), op(0x6a), localTee(1),
		localGet(0), op(0x49), brIf(0), // i32.lt_u
		end,
		localGet(2),
	))),
)

// grid(n) counts n*n cells in two nested loops: n + n*n loop headers.
var gridModule = wasmModule(
	sec(1, vec(functype(op(i32), op(i32)))),
	sec(3, vec(u32(0))),
	sec(7, vec(export("f", 0, 0))),
	sec(10, vec(body(locals([2]uint32{3, i32}), // i, j, cells
		op(0x03, empty),
		i32c(0), localSet(2),
		op(0x03, empty),
		localGet(3), i32c(1), op(0x6a), localSet(3),
		localGet(2), i32c(1), op(0x6a), localTee(2), localGet(0), op(0x49), brIf(0),
		end,
		localGet(1), i32c(1), op(0x6a), localTee(1), localGet(0), op(0x49), brIf(0),
		end,
		localGet(3),
	))),
)

// fib(n) runs a loop of type [i64 i64] -> [i64 i64] n times, the pair on
// the stack as the loop's parameters: n loop headers.
var fibModule = wasmModule(
	sec(1, vec(functype(op(i32), op(i64)), functype(op(i64, i64), op(i64, i64)))),
	sec(3, vec(u32(0))),
	sec(7, vec(export("f", 0, 0))),
	sec(10, vec(body(locals([2]uint32{2, i64}), // a, b
		op(0x42, 0x00), op(0x42, 0x01), // i64.const 0, i64.const 1
		op(0x03, 0x01), // loop (type 1)
		localSet(2), localSet(1),
		localGet(2), localGet(1), localGet(2), op(0x7c), // b, a+b
		localGet(0), i32c(1), op(0x6b), localTee(0), brIf(0),
		end,
		op(0x1a), // drop b: a is fib(n)
	))),
)

// buckets(n) dispatches i%3 for i in 0..n-1 with br_table: +1 for 0, +10
// for 1, nothing for 2: n loop headers.
var bucketsModule = wasmModule(
	sec(1, vec(functype(op(i32), op(i32)))),
	sec(3, vec(u32(0))),
	sec(7, vec(export("f", 0, 0))),
	sec(10, vec(body(locals([2]uint32{2, i32}), // i, acc
		op(0x03, empty),
		op(0x02, empty), op(0x02, empty), op(0x02, empty),
		localGet(1), i32c(3), op(0x70), // i32.rem_u
		op(0x0e), vec(u32(0), u32(1)), u32(2), // br_table 0 1 2
		end,
		localGet(2), i32c(1), op(0x6a), localSet(2), br(1),
		end,
		localGet(2), i32c(10), op(0x6a), localSet(2),
		end,
		localGet(1), i32c(1), op(0x6a), localTee(1), localGet(0), op(0x49), brIf(0),
		end,
		localGet(2),
	))),
)

// calls(n) calls once() n times from a loop; once() has a loop that runs
// once: 2n loop headers.
var callsModule = wasmModule(
	sec(1, vec(functype(op(i32), op(i32)), functype(nil, nil))),
	sec(3, vec(u32(0), u32(1))),
	sec(7, vec(export("f", 0, 0))),
	sec(10, vec(
		body(locals([2]uint32{1, i32}),
			op(0x03, empty),
			op(0x10, 0x01), // call once
			localGet(1), i32c(1), op(0x6a), localTee(1), localGet(0), op(0x49), brIf(0),
			end,
			localGet(1),
		),
		body(locals(), op(0x03, empty), end),
	)),
)

func TestLoopsCallTheCheckEveryPeriod(t *testing.T) {
	tests := []struct {
		name    string
		wasm    []byte
		arg     uint64
		want    uint64
		headers int // loop headers the call executes
	}{
		{name: "one loop", wasm: sumModule, arg: 1000, want: 499500, headers: 1000},
		{name: "nested loops count both headers", wasm: gridModule, arg: 30, want: 900, headers: 30 + 900},
		{name: "a loop with parameters and results keeps its stack", wasm: fibModule, arg: 90, want: 2880067194370816120, headers: 90},
		{name: "br_table inside a loop", wasm: bucketsModule, arg: 1000, want: 334 + 333*10, headers: 1000},
		{name: "loops in called functions count too", wasm: callsModule, arg: 500, want: 500, headers: 1000},
	}
	ctx := context.Background()
	rt := testRuntime(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			orig := call(ctx, t, instantiate(t, rt, tt.wasm), "f", tt.arg)
			if orig[0] != tt.want {
				t.Fatalf("the original computes %d, want %d", orig[0], tt.want)
			}
			for _, period := range []uint32{1, 7, 100, 0} {
				mod := instantiate(t, rt, instrument(t, tt.wasm, Options{Period: period}))
				c := &checker{}
				got := call(withChecker(ctx, c), t, mod, "f", tt.arg)
				if got[0] != tt.want {
					t.Errorf("period %d: computes %d, want %d", period, got[0], tt.want)
				}
				p := int(period)
				if p == 0 {
					p = DefaultPeriod
				}
				if want := tt.headers / p; c.calls != want {
					t.Errorf("period %d: %d checks, want %d (%d loop headers)", period, c.calls, want, tt.headers)
				}
			}
		})
	}
}

func TestACheckThatStopsEndsAnInfiniteLoop(t *testing.T) {
	tests := []struct {
		name string
		wasm []byte
	}{
		{
			name: "loop br 0",
			wasm: wasmModule(
				sec(1, vec(functype(nil, nil))),
				sec(3, vec(u32(0))),
				sec(7, vec(export("f", 0, 0))),
				sec(10, vec(body(locals(), op(0x03, empty), br(0), end))),
			),
		},
		{
			name: "a loop that takes its parameter around forever",
			wasm: wasmModule(
				sec(1, vec(functype(nil, nil), functype(op(i32), nil))),
				sec(3, vec(u32(0))),
				sec(7, vec(export("f", 0, 0))),
				sec(10, vec(body(locals(), i32c(0), op(0x03, 0x01), i32c(1), op(0x6a), br(0), end))),
			),
		},
		{
			name: "an infinite loop in a function called from another",
			wasm: wasmModule(
				sec(1, vec(functype(nil, nil))),
				sec(3, vec(u32(0), u32(0))),
				sec(7, vec(export("f", 0, 0))),
				sec(10, vec(
					body(locals(), op(0x10, 0x01)),
					body(locals(), op(0x03, empty), op(0x02, empty), br(1), end, end),
				)),
			),
		},
	}
	ctx := context.Background()
	rt := testRuntime(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mod := instantiate(t, rt, instrument(t, tt.wasm, Options{Period: 50}))
			c := &checker{stop: func(calls int) bool { return calls == 3 }}
			_, err := mod.ExportedFunction("f").Call(withChecker(ctx, c))
			var exit *sys.ExitError
			if !errors.As(err, &exit) || exit.ExitCode() != exitStopped {
				t.Fatalf("got %v, want exit code %d", err, exitStopped)
			}
			if c.calls != 3 {
				t.Errorf("%d checks, want 3", c.calls)
			}
		})
	}
}

// The module of TestFunctionIndicesAreRenumbered refers to its functions in
// every way a module can, across two imported functions: calls, tail calls,
// ref.func in code and in a global's initializer, element segments of all
// eight kinds, exports, the start function and the name section.
//
//	f0 env.inc  f1 env.twice  f2 start  f3 sq  f4 viaTable  f5 viaRef
//	f6 sumsq  f7 inc3  f8 tail  f9 passive  f10 started
//	g0 env.base  g1 started  g2 fref = ref.func sq
var envModule = wasmModule(
	sec(1, vec(functype(op(i32), op(i32)))),
	sec(3, vec(u32(0), u32(0))),
	sec(6, vec(cat(op(i32, 0x00), i32c(1000), end))),
	sec(7, vec(export("inc", 0, 0), export("twice", 0, 1), export("base", 3, 0))),
	sec(10, vec(
		body(locals(), localGet(0), i32c(1), op(0x6a)),
		body(locals(), localGet(0), i32c(2), op(0x6c)),
	)),
)

var indicesModule = wasmModule(
	sec(1, vec(functype(op(i32), op(i32)), functype(nil, nil), functype(nil, op(i32)))),
	sec(2, vec(importFunc("env", "inc", 0), importFunc("env", "twice", 0), cat(str("env"), str("base"), op(0x03, i32, 0x00)))),
	sec(3, vec(u32(1), u32(0), u32(0), u32(2), u32(0), u32(0), u32(0), u32(0), u32(2))),
	sec(4, vec(op(funcref, 0x00, 10), op(funcref, 0x00, 2))),
	sec(6, vec(
		cat(op(i32, 0x01), i32c(0), end),
		cat(op(funcref, 0x00, 0xd2, 3), end),
	)),
	sec(7, vec(
		export("sq", 0, 3), export("viaTable", 0, 4), export("viaRef", 0, 5), export("sumsq", 0, 6),
		export("inc3", 0, 7), export("tail", 0, 8), export("passive", 0, 9), export("started", 0, 10),
		export("twice", 0, 1), export("base", 3, 0),
	)),
	sec(8, u32(2)),
	sec(9, vec(
		cat(u32(0), i32c(0), end, vec(u32(3), u32(1), u32(7))),                                        // active, table 0
		cat(u32(1), op(0x00), vec(u32(7), u32(3))),                                                    // passive
		cat(u32(2), u32(1), i32c(1), end, op(0x00), vec(u32(3))),                                      // active, table 1
		cat(u32(3), op(0x00), vec(u32(7))),                                                            // declarative
		cat(u32(4), i32c(3), end, vec(op(0xd2, 7, 0x0b), op(0xd2, 0, 0x0b), op(0xd0, funcref, 0x0b))), // active expressions
		cat(u32(5), op(funcref), vec(op(0xd2, 3, 0x0b))),                                              // passive expressions
		cat(u32(6), u32(0), i32c(6), end, op(funcref), vec(op(0xd2, 8, 0x0b))),                        // active expressions, table 0
		cat(u32(7), op(funcref), vec(op(0xd2, 5, 0x0b))),                                              // declarative expressions
	)),
	sec(10, vec(
		body(locals(), i32c(7), globalSet(1)),                // start
		body(locals(), localGet(0), localGet(0), op(0x6c)),   // sq
		body(locals(), i32c(5), localGet(0), op(0x11, 0, 0)), // viaTable: call_indirect (type 0) table 0
		body(locals(), // viaRef
			i32c(0), globalGet(2), op(0x26, 1), // table 1 [0] = fref (sq)
			i32c(6), i32c(0), op(0x11, 0, 1), // 36
			i32c(0), op(0xd2, 7), op(0x26, 1), // table 1 [0] = inc3
			i32c(6), i32c(0), op(0x11, 0, 1), op(0x6a), // + 9
			i32c(1), i32c(0), i32c(1), op(0xfc, 12, 5, 1), // table.init table 1 from segment 5 (sq)
			i32c(7), i32c(1), op(0x11, 0, 1), op(0x6a), // + 49
		),
		body(locals([2]uint32{2, i32}), // sumsq: i, s
			op(0x03, empty),
			localGet(2), localGet(1), op(0x10, 3), op(0x10, 0), op(0x6a), localSet(2),
			localGet(1), i32c(1), op(0x6a), localTee(1), localGet(0), op(0x49), brIf(0),
			end,
			localGet(2),
		),
		body(locals(), localGet(0), i32c(3), op(0x6a)), // inc3
		body(locals(), localGet(0), op(0x12, 3)),       // tail: return_call sq
		body(locals(), // passive
			i32c(7), i32c(0), i32c(2), op(0xfc, 12, 1, 0), // table.init table 0 from segment 1: [7] inc3, [8] sq
			localGet(0), i32c(7), op(0x11, 0, 0),
			localGet(0), i32c(8), op(0x11, 0, 0), op(0x6a),
		),
		body(locals(), globalGet(1), globalGet(0), op(0x6a)), // started
	)),
	custom("name", cat(
		op(1), sized_(vec(
			cat(u32(0), str("inc")), cat(u32(1), str("twice")), cat(u32(2), str("start")), cat(u32(3), str("sq")),
			cat(u32(4), str("viaTable")), cat(u32(5), str("viaRef")), cat(u32(6), str("sumsq")), cat(u32(7), str("inc3")),
			cat(u32(8), str("tail")), cat(u32(9), str("passive")), cat(u32(10), str("started")),
		)),
		op(2), sized_(vec(
			cat(u32(3), vec(cat(u32(0), str("x")))),
			cat(u32(6), vec(cat(u32(0), str("n")), cat(u32(1), str("i")), cat(u32(2), str("s")))),
		)),
		op(7), sized_(vec(cat(u32(0), str("base")), cat(u32(1), str("started")), cat(u32(2), str("fref")))),
	)),
)

// sized_ prefixes b with its size, as name subsections are.
func sized_(b []byte) []byte { return cat(u32(uint32(len(b))), b) }

func TestFunctionIndicesAreRenumbered(t *testing.T) {
	ctx := context.Background()
	rt := testRuntime(t)
	if _, err := rt.InstantiateWithConfig(ctx, envModule, wazero.NewModuleConfig().WithName("env")); err != nil {
		t.Fatal(err)
	}
	out := instrument(t, indicesModule, Options{Period: 2})
	orig, inst := instantiate(t, rt, indicesModule), instantiate(t, rt, out)

	calls := []struct {
		fn   string
		arg  []uint64
		want uint64
	}{
		{"started", nil, 1007}, // the start function ran, and the imported global is g0
		{"sq", []uint64{9}, 81},
		{"viaTable", []uint64{0}, 25}, // active segment of function indices: sq
		{"viaTable", []uint64{1}, 10}, // ... an imported function: twice
		{"viaTable", []uint64{2}, 8},  // ... inc3
		{"viaTable", []uint64{3}, 8},  // active segment of expressions: ref.func inc3
		{"viaTable", []uint64{4}, 6},  // ... ref.func of an imported function: inc
		{"viaTable", []uint64{6}, 25}, // ... in table 0 explicitly: tail, which return_calls sq
		{"viaRef", nil, 94},           // ref.func in a global and in code, a passive segment of expressions
		{"passive", []uint64{4}, 7 + 16},
		{"tail", []uint64{12}, 144},
		{"sumsq", []uint64{10}, 285 + 10},
		{"twice", []uint64{21}, 42}, // a re-exported import
	}
	for _, c := range calls {
		want := call(ctx, t, orig, c.fn, c.arg...)
		if want[0] != c.want {
			t.Fatalf("the original's %s%v = %d, want %d", c.fn, c.arg, want[0], c.want)
		}
		if got := call(withChecker(ctx, &checker{}), t, inst, c.fn, c.arg...); got[0] != want[0] {
			t.Errorf("%s%v = %d, want %d", c.fn, c.arg, got[0], want[0])
		}
	}

	// The check counts sumsq's loop at period 2.
	c := &checker{}
	call(withChecker(ctx, c), t, inst, "sumsq", 10)
	if c.calls != 5 {
		t.Errorf("sumsq(10) made %d checks, want 5", c.calls)
	}

	// Names: exported functions keep theirs and their parameters', the check
	// import has one.
	cmOrig, err := rt.CompileModule(ctx, indicesModule)
	if err != nil {
		t.Fatal(err)
	}
	cmInst, err := rt.CompileModule(ctx, out)
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range cmOrig.ExportedFunctions() {
		got := cmInst.ExportedFunctions()[name]
		if got.Name() != want.Name() || !slices.Equal(got.ParamNames(), want.ParamNames()) {
			t.Errorf("export %s is named %s%q, want %s%q", name, got.Name(), got.ParamNames(), want.Name(), want.ParamNames())
		}
	}
	imports := cmInst.ImportedFunctions()
	if len(imports) != 3 {
		t.Fatalf("%d imported functions, want 3", len(imports))
	}
	if mod, name, _ := imports[2].Import(); mod != CheckModule || name != CheckName || imports[2].Name() != "wasmrun.check" {
		t.Errorf("third import is %s.%s named %q, want wasmrun.check", mod, name, imports[2].Name())
	}
	if p, r := imports[2].ParamTypes(), imports[2].ResultTypes(); len(p)+len(r) != 0 {
		t.Errorf("check has type %v -> %v, want () -> ()", p, r)
	}
}

func TestANameSectionIsRenumbered(t *testing.T) {
	// Two imported functions, two defined, two globals: the check becomes
	// function 2, the countdown global 2.
	mod := func(x *asm) []byte {
		return wasmModule(
			sec(1, vec(functype(nil, nil))),
			sec(2, x.vec(x.checkImport(0), importFunc("env", "a", 0), importFunc("env", "b", 0))),
			sec(3, vec(u32(0), u32(0))),
			sec(6, x.vec(x.countdownGlobal(), cat(op(i32, 0x01), i32c(0), end), cat(op(i32, 0x01), i32c(0), end))),
			sec(10, vec(body(locals(), x.call(3)), body(locals(), x.call(1)))),
			custom("name", cat(
				op(0), sized_(str("m")), // module name: copied
				op(1), sized_(vecOf(
					cat(u32(0), str("a")), cat(u32(1), str("b")),
					x.only(cat(u32(2), str("wasmrun.check"))),
					cat(x.fn(2), str("c")), cat(x.fn(3), str("d")),
				)),
				op(2), sized_(vec(cat(u32(1), vec(cat(u32(0), str("p")))), cat(x.fn(3), vec(cat(u32(0), str("q")), cat(u32(7), str("r")))))),
				op(3), sized_(vec(cat(x.fn(2), vec(cat(u32(0), str("l")))))), // labels
				op(4), sized_(vec(cat(u32(0), str("t")))), // types: copied
				op(7), sized_(x.vec(cat(u32(2), str("wasmrun.countdown")), cat(u32(0), str("g")), cat(u32(1), str("h")))),
				op(11), sized_(vec()), // tags: copied
			)),
		)
	}
	orig, want := mod(&asm{imports: 2, countdown: 2, period: 10}), mod(&asm{instrumented: true, imports: 2, countdown: 2, period: 10})
	got := instrument(t, orig, Options{Period: 10})
	if !bytes.Equal(got, want) {
		t.Errorf("instrumented:\n%x\nwant:\n%x", got, want)
	}
	if _, err := testRuntime(t).CompileModule(context.Background(), got); err != nil {
		t.Error(err)
	}
}

func TestTheCheckHasAType(t *testing.T) {
	tests := []struct {
		name  string
		types [][]byte
		want  uint32 // type of the check
		count uint32 // types after
	}{
		{name: "an existing () -> () type is reused", types: [][]byte{functype(op(i32), nil), functype(nil, nil)}, want: 1, count: 2},
		{name: "the first of two is reused", types: [][]byte{functype(nil, nil), functype(nil, nil)}, want: 0, count: 2},
		{name: "one is appended when there is none", types: [][]byte{functype(op(i32), nil), functype(nil, op(i32))}, want: 2, count: 3},
		{name: "a type section is added when there is none", types: nil, want: 0, count: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var wasm []byte
			if tt.types == nil {
				wasm = wasmModule()
			} else {
				wasm = wasmModule(sec(1, vec(tt.types...)))
			}
			out := instrument(t, wasm, Options{})
			m, err := parse(out)
			if err != nil {
				t.Fatal(err)
			}
			if m.types != tt.count {
				t.Errorf("%d types, want %d", m.types, tt.count)
			}
			imp := m.sections[slices.IndexFunc(m.sections, func(s section) bool { return s.id == secImport })]
			if want := vec(importFunc("wasmrun", "check", tt.want)); !bytes.Equal(m.wasm[imp.start:imp.end], want) {
				t.Errorf("import section %x, want %x", m.wasm[imp.start:imp.end], want)
			}
			if _, err := testRuntime(t).CompileModule(context.Background(), out); err != nil {
				t.Error(err)
			}
		})
	}
}

func TestMissingSectionsAreAddedInOrder(t *testing.T) {
	fn := cat(sec(1, vec(functype(nil, nil))), sec(3, vec(u32(0))))
	code := sec(10, vec(body(locals())))
	tests := []struct {
		name string
		wasm []byte
		want []string // section ids, or names of custom sections
	}{
		{name: "an empty module", wasm: wasmModule(), want: []string{"type", "import", "global"}},
		{name: "functions only", wasm: wasmModule(fn, code), want: []string{"type", "import", "function", "global", "code"}},
		{
			name: "the global section goes after the tag section",
			wasm: wasmModule(fn, sec(5, vec(op(0x00, 1))), sec(13, vec(op(0x00, 0x00))), sec(7, vec(export("f", 0, 0))), code),
			want: []string{"type", "import", "function", "memory", "tag", "global", "export", "code"},
		},
		{
			name: "custom sections stay in place",
			wasm: wasmModule(custom("first", nil), sec(1, vec(functype(nil, nil))), custom("mid", op(1, 2, 3)), sec(3, vec(u32(0))), code, custom("last", nil)),
			want: []string{"first", "type", "mid", "import", "function", "global", "code", "last"},
		},
		{
			name: "existing sections are extended",
			wasm: wasmModule(sec(1, vec(functype(nil, nil))), sec(2, vec(importFunc("env", "f", 0))), sec(3, vec(u32(0))), sec(6, vec(cat(op(i32, 0), i32c(0), end))), code),
			want: []string{"type", "import", "function", "global", "code"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := Instrument(tt.wasm, Options{})
			if err != nil {
				t.Fatal(err)
			}
			m, err := parse(out)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, s := range m.sections {
				if s.id == secCustom {
					got = append(got, s.name)
				} else {
					got = append(got, sectionNames[s.id])
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("sections %q, want %q", got, tt.want)
			}
		})
	}
}

func TestCustomSectionsThatAddressCodeAreDropped(t *testing.T) {
	tests := []struct {
		name string
		kept bool
	}{
		{"producers", true},
		{"target_features", true},
		{"dylink.0", true},
		{".debug_info", false},
		{".debug_line", false},
		{".debug_str", false},
		{"sourceMappingURL", false},
		{"external_debug_info", false},
		{"metadata.code.branch_hint", false},
	}
	var sections [][]byte
	var want []string
	for _, tt := range tests {
		sections = append(sections, custom(tt.name, op(1, 2, 3)))
		if tt.kept {
			want = append(want, tt.name)
		}
	}
	m, err := parse(instrument(t, wasmModule(sections...), Options{}))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range m.sections {
		if s.id == secCustom {
			got = append(got, s.name)
			if !bytes.Equal(m.wasm[s.end-3:s.end], op(1, 2, 3)) {
				t.Errorf("custom section %q changed", s.name)
			}
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("custom sections %q, want %q", got, want)
	}
}

func TestInstrumentingTwiceChangesNothing(t *testing.T) {
	once := instrument(t, sumModule, Options{Period: 10})
	if Instrumented(sumModule) {
		t.Error("Instrumented(original) = true")
	}
	if !Instrumented(once) {
		t.Error("Instrumented(instrumented) = false")
	}
	twice, err := Instrument(once, Options{Period: 20})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(once, twice) {
		t.Error("instrumenting an instrumented module changed it")
	}
	if Instrumented([]byte("not wasm")) {
		t.Error(`Instrumented("not wasm") = true`)
	}
}

func TestInstrumentDoesNotModifyItsInput(t *testing.T) {
	in := bytes.Clone(indicesModule)
	instrument(t, in, Options{})
	if !bytes.Equal(in, indicesModule) {
		t.Error("Instrument modified its input")
	}
}

func TestModulesItCannotInstrument(t *testing.T) {
	fn := func(code ...[]byte) []byte {
		return wasmModule(
			sec(1, vec(functype(nil, nil))),
			sec(2, vec(importFunc("env", "f", 0))),
			sec(3, vec(u32(0), u32(0))),
			sec(10, vec(body(locals()), body(locals(), code...))),
		)
	}
	tests := []struct {
		name        string
		wasm        []byte
		unsupported bool     // the error wraps ErrUnsupported
		says        []string // the error names these
	}{
		{name: "a GC instruction", wasm: fn(op(0xfb, 0x14, 0x00)), unsupported: true, says: []string{"function 2", "opcode 0xfb"}},
		{name: "an unassigned vector opcode", wasm: fn(op(0xfd, 0x9a, 0x01)), unsupported: true, says: []string{"function 2", "opcode 0xfd 154"}},
		{name: "an unknown 0xFC instruction", wasm: fn(op(0xfc, 0x13)), unsupported: true, says: []string{"function 2", "opcode 0xfc 19"}},
		{name: "an unknown atomic instruction", wasm: fn(op(0xfe, 0x4f)), unsupported: true, says: []string{"opcode 0xfe 79"}},
		{name: "a GC type", wasm: wasmModule(sec(1, vec(cat(op(0x5f), vec())))), unsupported: true, says: []string{"type section", "type 0", "0x5f"}},
		{name: "a component", wasm: []byte("\x00asm\x0d\x00\x01\x00"), unsupported: true, says: []string{"component"}},
		{name: "not wasm", wasm: []byte("#!/bin/sh"), says: []string{"not a WebAssembly module"}},
		{name: "a truncated body", wasm: fn(op(0x41)), says: []string{"function 2", "unexpected end"}},
		{name: "code after the final end", wasm: fn(end, op(0x01)), says: []string{"function 2", "after the end"}},
		{name: "a truncated section", wasm: sumModule[:len(sumModule)-3], says: []string{"code section", "unexpected end"}},
		{name: "an unknown section", wasm: wasmModule(sec(14, nil)), says: []string{"unknown section id 14"}},
		{name: "a delegate outside try", wasm: fn(op(0x18, 0x00)), says: []string{"delegate"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Instrument(tt.wasm, Options{})
			if err == nil {
				t.Fatal("no error")
			}
			if errors.Is(err, ErrUnsupported) != tt.unsupported {
				t.Errorf("errors.Is(%q, ErrUnsupported) = %v, want %v", err, !tt.unsupported, tt.unsupported)
			}
			for _, s := range tt.says {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q does not say %q", err, s)
				}
			}
		})
	}
}
