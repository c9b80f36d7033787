package instrument

import (
	"bytes"
	"context"
	"fmt"
	"testing"
)

// decoderModule puts code, the body of a () -> () function, in a module that
// has something of every kind for instructions to refer to, in the form x
// says (original or instrumented):
//
//	types   0 () -> ()   1 and 3 (i32) -> i32   2 and 64 (i32 i32) -> (i32 i32)   4..63 (i64) -> ()
//	funcs   0..imports-1 imported (env.f<i>, type 0), then run (code), then helper (type 3)
//	table   0: 4 funcrefs; memory 0: shared, 1 page; tag 0: type 0
//	globals 0: mutable i32, 1: funcref = ref.func helper
//	elements 0: active [helper], 1: passive (ref.func helper), 2: declarative [run, f0]
//	data    0: passive "abc"
//
// Type 3 is encoded as the loop opcode: a decoder that lost its place at a
// type index would insert a check there.
func decoderModule(x *asm, localDecls []byte, code []byte) []byte {
	run, helper := x.imports, x.imports+1
	types := [][]byte{functype(nil, nil), functype(op(i32), op(i32)), functype(op(i32, i32), op(i32, i32)), functype(op(i32), op(i32))}
	for len(types) < 64 {
		types = append(types, functype(op(i64), nil))
	}
	types = append(types, functype(op(i32, i32), op(i32, i32)))
	var imports [][]byte
	for i := uint32(0); i < x.imports; i++ {
		imports = append(imports, importFunc("env", fmt.Sprint("f", i), 0))
	}
	return wasmModule(
		sec(1, vec(types...)),
		sec(2, x.vec(x.checkImport(0), imports...)),
		sec(3, vec(u32(0), u32(3))),
		sec(4, vec(op(funcref, 0x01, 4, 4))),
		sec(5, vec(op(0x03, 1, 1))),
		sec(13, vec(op(0x00, 0x00))),
		sec(6, x.vec(x.countdownGlobal(), cat(op(i32, 0x01), i32c(0), end), cat(op(funcref, 0x00), x.refFunc(helper), end))),
		sec(7, vec(cat(str("run"), op(0), x.fn(run)), cat(str("helper"), op(0), x.fn(helper)))),
		sec(9, vec(
			cat(u32(0), i32c(0), end, vec(x.fn(helper))),
			cat(u32(5), op(funcref), vec(cat(x.refFunc(helper), end))),
			cat(u32(3), op(0x00), vec(x.fn(run), x.fn(0))),
		)),
		sec(12, u32(1)),
		sec(10, vec(
			body(localDecls, code),
			body(locals(), localGet(0)),
		)),
		sec(11, vec(cat(u32(1), str("abc")))),
	)
}

func memarg(align, offset uint32) []byte { return cat(u32(align), u32(offset)) }

func f32c() []byte  { return op(0x43, 0, 0, 0, 0) }
func f64c() []byte  { return op(0x44, 0, 0, 0, 0, 0, 0, 0, 0) }
func i64c() []byte  { return op(0x42, 0) }
func v128c() []byte { return cat(op(0xfd, 12), bytes.Repeat(op(0x03), 16)) } // bytes that look like loops
func drop() []byte  { return op(0x1a) }

// simd is a vector instruction: 0xFD and its sub-opcode as u32.
func simd(sub uint32, imm ...byte) []byte { return cat(op(0xfd), u32(sub), imm) }

func TestEveryInstructionIsCopied(t *testing.T) {
	tests := []struct {
		name    string
		imports uint32 // imported functions; 1 unless set
		locals  []byte // local declarations; none unless set
		code    func(x *asm) []byte
		invalid string // why wazero cannot validate the case; empty if it can
	}{
		{
			name: "control instructions",
			code: func(x *asm) []byte {
				return cat(
					op(0x02, empty),
					i32c(1), op(0x04, i32), i32c(2), op(0x05), i32c(3), end, drop(),
					i32c(0), brIf(0),
					op(0x02, empty), i32c(0), op(0x0e), vec(u32(0), u32(1)), u32(0), end,
					op(0x01),
					end,
					i32c(1), i32c(2), i32c(0), op(0x1b), drop(),
					op(0x0f), op(0x00),
				)
			},
		},
		{
			name: "loops of every block type",
			code: func(x *asm) []byte {
				return cat(
					x.loop(empty), end,
					x.loop(i32), i32c(1), end, drop(),
					i32c(1), i32c(2), x.loop(0x02), end, drop(), drop(), // type 2: parameters
					i32c(1), i32c(2), x.loop(0xc0, 0x00), end, drop(), drop(), // type 64: a two-byte s33
					x.loop(empty), x.loop(empty), x.loop(empty), end, end, end,
					op(0x02, empty), br(0), x.loop(empty), end, end, // in unreachable code
				)
			},
		},
		{
			name: "calls, tail calls and ref.func",
			code: func(x *asm) []byte {
				return cat(
					x.call(0), // the import keeps its index
					i32c(1), x.call(2), drop(),
					i32c(1), i32c(0), op(0x11, 1, 0), drop(), // call_indirect type 1 table 0
					x.refFunc(2), drop(), x.refFunc(1), drop(), x.refFunc(0), drop(),
					i32c(0), op(0x04, empty), x.returnCall(1), end,
					i32c(0), op(0x04, empty), i32c(0), op(0x13, 0, 0), end, // return_call_indirect type 0 table 0
					x.returnCall(0),
				)
			},
		},
		{
			name:    "function indices whose encoding grows",
			imports: 127, // run is function 127, one byte; instrumented it is 128, two
			code: func(x *asm) []byte {
				return cat(i32c(1), x.call(128), drop(), x.refFunc(127), drop(), x.call(126), x.loop(empty), end)
			},
		},
		{
			name:   "variables, loads, stores and memory",
			locals: locals([2]uint32{1, i32}),
			code: func(x *asm) []byte {
				c := cat(localGet(0), localSet(0), localGet(0), localTee(0), drop(), globalGet(0), globalSet(0))
				for load := byte(0x28); load <= 0x35; load++ {
					c = cat(c, i32c(0), op(load), memarg(0, uint32(load)<<12), drop())
				}
				values := map[byte][]byte{0x36: i32c(1), 0x37: i64c(), 0x38: f32c(), 0x39: f64c(), 0x3a: i32c(1), 0x3b: i32c(1), 0x3c: i64c(), 0x3d: i64c(), 0x3e: i64c()}
				for store := byte(0x36); store <= 0x3e; store++ {
					c = cat(c, i32c(0), values[store], op(store), memarg(0, 1<<20))
				}
				return cat(c, op(0x3f, 0), drop(), i32c(1), op(0x40, 0), drop())
			},
		},
		{
			name:    "memory instructions of proposals wazero lacks",
			invalid: "multi-memory and memory64",
			code: func(x *asm) []byte {
				return cat(
					// A memarg with a memory index, 1, and an offset, 3: read
					// without the index, the offset would be 1 and 3 a loop.
					i32c(0), op(0x28), u32(0x40|2), u32(1), u32(3), drop(), x.loop(empty), end,
					i32c(0), op(0x29), u32(3), op(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01), drop(), // a 64-bit offset
					op(0x3f, 0x01), drop(), // memory.size 1
					op(0xfc, 10, 1, 2), // memory.copy 1 2
				)
			},
		},
		{
			name: "constants",
			code: func(x *asm) []byte {
				return cat(
					i32c(-1), drop(),
					op(0x41, 0x80, 0x80, 0x80, 0x80, 0x00), drop(), // a padded LEB128
					op(0x42, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7f), drop(), // i64 min
					op(0x43, 0x03, 0x10, 0x0b, 0x03), drop(), // bytes that look like loop, call, end
					op(0x44, 0x03, 0x10, 0x0b, 0x12, 0xd2, 0x03, 0x0b, 0x03), drop(),
				)
			},
		},
		{
			name: "saturating truncation, bulk memory and table instructions (0xFC)",
			code: func(x *asm) []byte {
				c := []byte{}
				for sub := byte(0); sub < 8; sub++ {
					arg := f32c()
					if sub&2 != 0 {
						arg = f64c()
					}
					c = cat(c, arg, op(0xfc, sub), drop())
				}
				zeros := cat(i32c(0), i32c(0), i32c(0))
				return cat(c,
					zeros, op(0xfc, 8, 0, 0), // memory.init data 0 memory 0
					op(0xfc, 9, 0),            // data.drop
					zeros, op(0xfc, 10, 0, 0), // memory.copy
					zeros, op(0xfc, 11, 0), // memory.fill
					zeros, op(0xfc, 12, 1, 0), // table.init element 1 table 0
					op(0xfc, 13, 1),           // elem.drop
					zeros, op(0xfc, 14, 0, 0), // table.copy
					op(0xd0, funcref), i32c(0), op(0xfc, 15, 0), drop(), // table.grow
					op(0xfc, 16, 0), drop(), // table.size
					i32c(0), op(0xd0, funcref), i32c(0), op(0xfc, 17, 0), // table.fill
				)
			},
		},
		{
			name: "reference types",
			code: func(x *asm) []byte {
				return cat(
					op(0xd0, funcref, 0xd1), drop(), // ref.null func, ref.is_null
					op(0xd0, extern), drop(),
					i32c(0), op(0x25, 0), drop(), // table.get
					i32c(0), x.refFunc(2), op(0x26, 0), // table.set
					i32c(1), i32c(2), i32c(0), op(0x1c), vec(op(i32)), drop(), // typed select
					op(0xd0, funcref, 0xd0, funcref), i32c(0), op(0x1c), vec(op(funcref)), drop(),
				)
			},
		},
		{
			name: "vector instructions (0xFD)",
			code: func(x *asm) []byte {
				lanes := op(0, 1, 2, 3, 16, 17, 18, 19, 0x03, 0x10, 0x0b, 0x0c, 31, 30, 29, 28)
				return cat(
					v128c(), drop(),
					v128c(), v128c(), simd(13, lanes...), drop(), // i8x16.shuffle
					v128c(), simd(21, 15), drop(), // i8x16.extract_lane_s
					v128c(), i32c(1), simd(23, 3), drop(), // i8x16.replace_lane
					v128c(), f64c(), simd(34, 1), drop(), // f64x2.replace_lane
					i32c(0), simd(0, 4, 0), drop(), // v128.load
					i32c(0), v128c(), simd(11, 4, 16), // v128.store
					i32c(0), simd(92, 2, 0), drop(), // v128.load32_zero
					i32c(0), v128c(), simd(84, 0, 0, 15), drop(), // v128.load8_lane
					i32c(0), v128c(), simd(91, 3, 0, 1), // v128.store64_lane
					v128c(), v128c(), simd(174), drop(), // i32x4.add, a two-byte sub-opcode
					v128c(), simd(255), drop(), // f64x2.convert_low_i32x4_u
					v128c(), simd(83), drop(), // v128.any_true
					v128c(), v128c(), v128c(), simd(82), drop(), // v128.bitselect
				)
			},
		},
		{
			name: "atomic instructions (0xFE)",
			code: func(x *asm) []byte {
				return cat(
					i32c(0), i32c(1), op(0xfe, 0x00), memarg(2, 0), drop(), // memory.atomic.notify
					i32c(0), i32c(0), op(0x42, 0x7f), op(0xfe, 0x01), memarg(2, 0), drop(), // memory.atomic.wait32
					i32c(0), i64c(), op(0x42, 0x7f), op(0xfe, 0x02), memarg(3, 8), drop(), // memory.atomic.wait64
					op(0xfe, 0x03, 0x00),                          // atomic.fence
					i32c(0), op(0xfe, 0x10), memarg(2, 4), drop(), // i32.atomic.load
					i32c(0), i64c(), op(0xfe, 0x18), memarg(3, 0), // i64.atomic.store
					i32c(0), i32c(1), op(0xfe, 0x1e), memarg(2, 0), drop(), // i32.atomic.rmw.add
					i32c(0), i64c(), i64c(), op(0xfe, 0x4e), memarg(2, 0), drop(), // i64.atomic.rmw32.cmpxchg_u
				)
			},
		},
		{
			name: "exception handling",
			code: func(x *asm) []byte {
				return cat(
					op(0x02, empty), op(0x1f, empty), vec(op(0x02, 0)), op(0x08, 0), end, end, // try_table (catch_all 0) throw 0
					op(0x02, empty), op(0x1f, empty), vec(op(0x00, 0, 0)), x.loop(empty), op(0x08, 0), end, end, end, // catch 0 0
					op(0x02, exnref), op(0x1f, empty), vec(op(0x01, 0, 0)), op(0x08, 0), end, op(0x00), end, drop(), // catch_ref 0 0
					op(0x02, exnref), op(0x1f, empty), vec(op(0x03, 0)), op(0x08, 0), end, op(0x00), end, // catch_all_ref 0
					op(0x0a), // throw_ref
				)
			},
		},
		{
			name:    "legacy exception handling",
			invalid: "legacy exception handling",
			code: func(x *asm) []byte {
				return cat(
					op(0x06, empty), x.loop(empty), end, op(0x08, 0), // try, throw
					op(0x07, 0), op(0x09, 0), // catch 0, rethrow 0
					op(0x19), end, // catch_all
					op(0x06, empty), op(0x01), op(0x18, 0), // try, delegate 0
					op(0x06, empty), op(0x06, empty), op(0x18, 1), end, // a delegate closes only its try
					x.loop(empty), end,
				)
			},
		},
		{
			name:   "typed function references",
			locals: vec(cat(u32(1), op(0x63, 3))), // a local of type (ref null 3)
			code: func(x *asm) []byte {
				return cat(
					x.refFunc(2), localSet(0),
					i32c(7), localGet(0), op(0x14, 3), drop(), // call_ref 3
					localGet(0), op(0xd4), drop(), // ref.as_non_null
					op(0x02, empty), localGet(0), op(0xd5, 0), drop(), end, // br_on_null
					op(0x02, 0x64, 3), localGet(0), op(0xd6, 0), op(0x00), end, drop(), // block (result (ref 3)), br_on_non_null
					op(0x02, 0x63, 3), localGet(0), end, drop(), // block (result (ref null 3))
					op(0xd0, 3), drop(), // ref.null 3
					i32c(0), op(0x04, empty), x.refFunc(1), op(0x15, 0), end, // return_call_ref 0
				)
			},
		},
		{
			name:    "every instruction without immediates",
			invalid: "operands of the wrong types",
			code: func(x *asm) []byte {
				c := op(0x00, 0x01, 0x0f, 0x1a, 0x1b, 0xd1, 0xd3, 0xd4)
				for o := 0x45; o <= 0xc4; o++ {
					c = append(c, byte(o))
				}
				for sub := byte(0); sub < 8; sub++ {
					c = cat(c, op(0xfc, sub))
				}
				// The vector instructions without immediates, relaxed SIMD
				// (0x100-0x113) included.
				for _, r := range [][2]uint32{{14, 20}, {35, 83}, {94, 153}, {155, 161}, {163, 164}, {167, 174}, {177, 177}, {181, 186},
					{188, 193}, {195, 196}, {199, 206}, {209, 209}, {213, 225}, {227, 237}, {239, 255}, {256, 275}} {
					for sub := r[0]; sub <= r[1]; sub++ {
						c = cat(c, simd(sub))
					}
				}
				return c
			},
		},
	}
	rt := testRuntime(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			imports, localDecls := tt.imports, tt.locals
			if imports == 0 {
				imports = 1
			}
			if localDecls == nil {
				localDecls = locals()
			}
			orig := &asm{imports: imports, countdown: 2, period: 100}
			inst := &asm{instrumented: true, imports: imports, countdown: 2, period: 100}
			in := decoderModule(orig, localDecls, tt.code(orig))
			want := decoderModule(inst, localDecls, tt.code(inst))
			got, err := Instrument(in, Options{Period: 100})
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				i := 0
				for i < len(got) && i < len(want) && got[i] == want[i] {
					i++
				}
				t.Fatalf("output differs from byte %#x:\ngot  %x\nwant %x", i, got[i:min(len(got), i+32)], want[i:min(len(want), i+32)])
			}
			if tt.invalid != "" {
				return
			}
			for _, m := range []struct {
				form string
				wasm []byte
			}{{"original", in}, {"instrumented", got}} {
				if _, err := rt.CompileModule(context.Background(), m.wasm); err != nil {
					t.Errorf("wazero rejects the %s module: %v", m.form, err)
				}
			}
		})
	}
}
