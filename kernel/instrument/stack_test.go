package instrument

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
)

// spModule describes a module with a C-like stack: global 0 is its stack
// pointer, and its entry point pushes a frame, writes to it, and records in
// globals what it ran with (an immutable stack pointer is only recorded).
// The zero spModule has evidence of nothing.
type spModule struct {
	evidence   string // how it says global 0 is __stack_pointer: "name", "export", "dwarf4", "dwarf5", or not at all
	funcNames  bool   // it has a name section that names functions (and no globals)
	immutable  bool   // the stack pointer is immutable
	memory     []byte // memory 0's limits; 1 page, no maximum if nil
	entry      string // the entry point export; _start if empty
	bound      string // a global also named this
	sizeReader bool   // the entry point calls a function that reads the memory size
	sbrk       bool   // it has an sbrk, reading and growing the memory, that the entry point calls
}

// spInit is the stack pointer's initial value in spModule.
const spInit = 0x8000

// The globals an spModule's entry point sets: the stack pointer it finds,
// and the value it read back from its frame.
const (
	seenSP    = "seen_sp"
	seenFrame = "seen_frame"
)

func (s spModule) wasm() []byte {
	entry := s.entry
	if entry == "" {
		entry = "_start"
	}
	memory := s.memory
	if memory == nil {
		memory = op(0x00, 1)
	}
	mut := byte(0x01)
	if s.immutable {
		mut = 0x00
	}
	// f0 the entry point, f1 sbrk(pages) (i32) -> i32, f2 reads the size
	code := cat(globalGet(0), globalSet(1))
	if !s.immutable {
		code = cat(code,
			// a frame of 32 bytes: sp -= 32, [sp+8] = 42, read it back, sp += 32
			globalGet(0), i32c(32), op(0x6b), globalSet(0),
			globalGet(0), i32c(42), op(0x36, 0x02, 0x08),
			globalGet(0), op(0x28, 0x02, 0x08), globalSet(2),
			globalGet(0), i32c(32), op(0x6a), globalSet(0),
		)
	}
	if s.sbrk {
		code = cat(code, i32c(0), op(0x10, 1), op(0x1a))
	}
	var reader []byte
	if s.sizeReader {
		code = cat(code, op(0x10, 2))
		reader = op(0x3f, 0x00, 0x1a) // memory.size, drop
	}
	exports := [][]byte{
		export(entry, 0, 0), export("memory", 2, 0),
		export(seenSP, 3, 1), export(seenFrame, 3, 2),
	}
	if s.evidence == "export" {
		exports = append(exports, export("__stack_pointer", 3, 0))
	}
	globals := [][]byte{
		cat(op(i32, mut), i32c(spInit), end),
		cat(op(i32, 0x01), i32c(0), end),
		cat(op(i32, 0x01), i32c(0), end),
	}
	var globalNames [][]byte
	if s.evidence == "name" {
		globalNames = append(globalNames, cat(u32(0), str("__stack_pointer")), cat(u32(1), str(seenSP)))
	}
	if s.bound != "" {
		globals = append(globals, cat(op(i32, 0x01), i32c(0), end))
		globalNames = append(globalNames, cat(u32(3), str(s.bound)))
	}
	var names []byte
	if s.funcNames || len(globalNames) > 0 {
		names = cat(op(1), sized_(vec(cat(u32(0), str(entry)), cat(u32(1), str("sbrk")), cat(u32(2), str("reader")))))
		if len(globalNames) > 0 {
			names = cat(names, op(7), sized_(vec(globalNames...)))
		}
		names = custom("name", names)
	}
	var dwarf []byte
	if strings.HasPrefix(s.evidence, "dwarf") {
		dwarf = dwarfSections(s.evidence == "dwarf5")
	}
	return wasmModule(
		sec(1, vec(functype(nil, nil), functype(op(i32), op(i32)))),
		sec(3, vec(u32(0), u32(1), u32(0))),
		sec(5, vec(memory)),
		sec(6, vec(globals...)),
		sec(7, vec(exports...)),
		sec(10, vec(
			body(locals(), code),
			body(locals(), // sbrk(pages): memory.size if 0, else memory.grow
				localGet(0), op(0x45), op(0x04, i32), op(0x3f, 0x00), op(0x05), localGet(0), op(0x40, 0x00), end,
				i32c(16), op(0x74),
			),
			body(locals(), reader),
		)),
		names,
		dwarf,
	)
}

// dwarfSections are the .debug_abbrev and .debug_info of one compile unit
// with a subprogram before and after one whose frame base is global 0, as
// clang describes a function that keeps no frame pointer.
func dwarfSections(v5 bool) []byte {
	abbrev := cat(
		u32(1), u32(0x11), op(1), // compile_unit, with children
		u32(0x03), u32(0x08), // name: string
		u32(0x13), u32(0x05), // language: data2
		u32(0x10), u32(0x17), // stmt_list: sec_offset
		u32(0), u32(0),
		u32(2), u32(0x2e), op(0), // subprogram
		u32(0x11), u32(0x01), // low_pc: addr
		u32(0x12), u32(0x06), // high_pc: data4
		u32(0x40), u32(0x18), // frame_base: exprloc
		u32(0x03), u32(0x0e), // name: strp
		u32(0x3f), u32(0x19), // external: flag_present
		u32(0), u32(0),
		u32(3), u32(0x2e), op(0), // subprogram without a frame base
		u32(0x03), u32(0x08),
		u32(0x27), u32(0x0c), // prototyped: flag
		u32(0), u32(0),
		op(0),
	)
	frameBase := op(0xed, 0x03, 0x00, 0x00, 0x00, 0x00, 0x9f) // DW_OP_WASM_location global 0, DW_OP_stack_value
	dies := cat(
		op(1), []byte("m.c\x00"), op(0x0c, 0x00), op(0, 0, 0, 0),
		op(3), []byte("g\x00"), op(1),
		op(2), op(1, 0, 0, 0), op(9, 0, 0, 0), u32(uint32(len(frameBase))), frameBase, op(0, 0, 0, 0),
		op(3), []byte("h\x00"), op(0),
		op(0),
	)
	var header []byte
	if v5 {
		header = cat(op(5, 0), op(1, 4), op(0, 0, 0, 0)) // version, unit type compile, address size, abbreviations at 0
	} else {
		header = cat(op(4, 0), op(0, 0, 0, 0), op(4)) // version, abbreviations at 0, address size
	}
	unit := cat(header, dies)
	n := uint32(len(unit))
	info := cat(op(byte(n), byte(n>>8), byte(n>>16), byte(n>>24)), unit)
	return cat(custom(".debug_abbrev", abbrev), custom(".debug_info", info))
}

func TestTheStackMovesToARegionOfItsOwn(t *testing.T) {
	const pages = DefaultStackSize / pageSize
	tests := []struct {
		name     string
		mod      spModule
		opts     Options
		limit    uint32 // the runtime's memory limit in pages, if not 0
		pages    uint32 // of the region; 0: the stack stays
		evidence string // of the plan
		note     string // in the plan's note
	}{
		{name: "a __stack_pointer in the name section", mod: spModule{evidence: "name"}, pages: pages, evidence: "name section"},
		{name: "an exported __stack_pointer", mod: spModule{evidence: "export"}, pages: pages, evidence: "export"},
		{name: "the frame base of DWARF 4", mod: spModule{evidence: "dwarf4"}, pages: pages, evidence: "DWARF frame base"},
		{name: "the frame base of DWARF 5", mod: spModule{evidence: "dwarf5"}, pages: pages, evidence: "DWARF frame base"},
		{name: "a reactor's _initialize", mod: spModule{evidence: "name", entry: "_initialize"}, pages: pages, evidence: "name section"},
		{name: "a module with an sbrk", mod: spModule{evidence: "name", sbrk: true}, pages: pages, evidence: "name section"},
		{name: "a StackSize rounded up to pages", mod: spModule{evidence: "name"}, opts: Options{StackSize: 100_000}, pages: 2, evidence: "name section"},
		{
			name: "the memory's maximum leaves the stack half its room", mod: spModule{evidence: "name", memory: op(0x01, 1, 1+64)},
			pages: 32, evidence: "name section", note: "reduced from 128 to 32 pages",
		},

		{name: "no name section", mod: spModule{}, note: "no __stack_pointer"},
		{name: "names of functions only, as Go's", mod: spModule{funcNames: true}, note: "no __stack_pointer"},
		{name: "KeepStack", mod: spModule{evidence: "name"}, opts: Options{StackSize: KeepStack}, note: "StackSize is negative"},
		{name: "an immutable __stack_pointer", mod: spModule{evidence: "name", immutable: true}, evidence: "name section", note: "not a mutable i32"},
		{name: "emscripten's stack limits", mod: spModule{evidence: "name", bound: "__stack_end"}, note: "__stack_end"},
		{name: "no entry point", mod: spModule{evidence: "name", entry: "main"}, evidence: "name section", note: "no _start or _initialize"},
		{name: "a shared memory", mod: spModule{evidence: "name", memory: op(0x03, 1, 2)}, evidence: "name section", note: "shared"},
		{
			name: "a function that reads the memory size, as TinyGo's heap does", mod: spModule{evidence: "name", sizeReader: true},
			evidence: "name section", note: "function 2 (reader) reads the memory's size",
		},
		{
			name: "a maximum that leaves less than 1 MiB", mod: spModule{evidence: "name", memory: op(0x01, 1, 1+30)},
			evidence: "name section", note: "may grow by 30 pages only",
		},
		{name: "a memory the runtime does not let grow", mod: spModule{evidence: "name"}, limit: 8, evidence: "name section"},
	}
	ctx := context.Background()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wasm := tt.mod.wasm()
			plan, err := PlanStack(wasm, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			t.Log(plan)
			wantSize := int64(tt.pages) * pageSize
			if tt.limit != 0 { // the plan is made without knowing the runtime
				wantSize = DefaultStackSize
			}
			if plan.Size != wantSize || plan.Evidence != tt.evidence || !strings.Contains(plan.Note, tt.note) {
				t.Errorf("plan %+v, want size %d, evidence %q, a note with %q", plan, wantSize, tt.evidence, tt.note)
			}
			if plan.Size > 0 && (plan.Pointer != 0 || plan.Top != spInit || plan.Base != pageSize) {
				t.Errorf("plan %+v, want the stack pointer global 0, from %#x, the region from %#x", plan, spInit, pageSize)
			}

			cfg := wazero.NewRuntimeConfig().WithCoreFeatures(features)
			if tt.limit != 0 {
				cfg = cfg.WithMemoryLimitPages(tt.limit)
			}
			rt := wazero.NewRuntimeWithConfig(ctx, cfg)
			defer rt.Close(ctx)
			if err := instantiateCheck(ctx, rt); err != nil {
				t.Fatal(err)
			}
			out := instrument(t, wasm, tt.opts)
			mod := instantiateOnly(t, rt, out)
			entry := tt.mod.entry
			if entry == "" {
				entry = "_start"
			}
			seen := func() (sp, pages, frame uint64) {
				return mod.ExportedGlobal(seenSP).Get(), uint64(mod.Memory().Size() / pageSize), mod.ExportedGlobal(seenFrame).Get()
			}
			for call := 1; call <= 2; call++ { // calling it again moves nothing
				if _, err := mod.ExportedFunction(entry).Call(withChecker(ctx, &checker{})); err != nil {
					t.Fatalf("%s: %v", entry, err)
				}
				sp, size, frame := seen()
				wantSP, wantPages, wantFrame := uint64(spInit), uint64(1), uint64(42)
				if tt.pages > 0 {
					wantPages += uint64(tt.pages)
					wantSP = wantPages * pageSize
				}
				if tt.mod.immutable {
					wantFrame = 0
				}
				if sp != wantSP || size != wantPages || frame != wantFrame {
					t.Errorf("call %d: %s ran with the stack pointer at %#x, %d pages, a frame holding %d; want %#x, %d pages, %d",
						call, entry, sp, size, frame, wantSP, wantPages, wantFrame)
				}
			}

			cm, err := rt.CompileModule(ctx, out)
			if err != nil {
				t.Fatal(err)
			}
			name := cm.ExportedFunctions()[entry].Name()
			moved := plan.Size > 0
			if named := name == "wasmrun.stack."+entry; moved && (tt.mod.evidence == "name") != named {
				t.Errorf("%s is named %q", entry, name)
			} else if !moved && named {
				t.Errorf("%s is named %q, but the stack stays", entry, name)
			}
		})
	}
}

// instantiateOnly instantiates wasm without calling its _start.
func instantiateOnly(tb testing.TB, rt wazero.Runtime, wasm []byte) api.Module {
	tb.Helper()
	ctx := context.Background()
	mod, err := rt.InstantiateWithConfig(ctx, wasm, wazero.NewModuleConfig().WithName("").WithStartFunctions())
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { mod.Close(ctx) })
	return mod
}

func TestTheStackOfAnInstrumentedModuleIsLeftAsItIs(t *testing.T) {
	once := instrument(t, spModule{evidence: "name"}.wasm(), Options{})
	twice := instrument(t, once, Options{})
	if !bytes.Equal(once, twice) {
		t.Error("instrumenting again changed the module")
	}
	plan, err := PlanStack(once, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if plan.Size != 0 || !strings.Contains(plan.Note, "instrumented already") {
		t.Errorf("plan %+v", plan)
	}
}

func TestAnEntryPointThatIsAnImportIsWrapped(t *testing.T) {
	// _start re-exports env.start; the module defines no function, and has
	// no function or code section to extend.
	wasm := wasmModule(
		sec(1, vec(functype(nil, nil))),
		sec(2, vec(importFunc("env", "start", 0))),
		sec(5, vec(op(0x00, 1))),
		sec(6, vec(cat(op(i32, 0x01), i32c(spInit), end))),
		sec(7, vec(export("_start", 0, 0), export("__stack_pointer", 3, 0))),
	)
	ctx := context.Background()
	rt := testRuntime(t)
	calls := 0
	if _, err := rt.NewHostModuleBuilder("env").NewFunctionBuilder().
		WithFunc(func() { calls++ }).Export("start").Instantiate(ctx); err != nil {
		t.Fatal(err)
	}
	mod := instantiateOnly(t, rt, instrument(t, wasm, Options{}))
	call(ctx, t, mod, "_start")
	if calls != 1 {
		t.Errorf("env.start called %d times, want 1", calls)
	}
	if sp, want := mod.ExportedGlobal("__stack_pointer").Get(), uint64(1+DefaultStackSize/pageSize)*pageSize; sp != want {
		t.Errorf("the stack pointer is %#x, want %#x", sp, want)
	}
}

func TestDWARFThatDoesNotDecodeIsNoEvidence(t *testing.T) {
	full := dwarfSections(false)
	m, err := parse(wasmModule(full))
	if err != nil {
		t.Fatal(err)
	}
	abbrev, info := m.customContent(m.sections[0]), m.customContent(m.sections[1])
	if g, ok := dwarfFrameBase(info, abbrev); !ok || g != 0 {
		t.Fatalf("dwarfFrameBase = %d, %v; want 0, true", g, ok)
	}
	for n := range len(info) {
		if _, ok := dwarfFrameBase(info[:n], abbrev); ok && n < len(info)-1 {
			t.Errorf(".debug_info cut to %d bytes is evidence", n)
		}
	}
	for n := range len(abbrev) - 1 {
		dwarfFrameBase(info, abbrev[:n]) // does not panic
	}
}
