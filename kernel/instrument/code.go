package instrument

import "fmt"

// rewriter copies a module's sections with the changes Instrument makes. In
// code, it copies instructions byte for byte except for two changes: a
// function index at or above imports (an index of a defined function, which
// the new import shifts by one) is re-encoded one higher, and check is
// inserted right after the block type of every loop.
type rewriter struct {
	imports   uint32 // function imports of the original module: the check's index
	checkType uint32 // the check's type, () -> ()
	countdown uint32 // the countdown's global index
	period    uint32
	check     []byte // checkCode

	stack    *stackPlan // the stack to move, or nil
	wrappers uint32     // index of the first of stack's entry point wrappers

	code        []byte // the code section's bodies, rewritten
	codeCount   uint32 // their number
	readsSize   bool   // the body being rewritten executes memory.size on memory 0
	growsMemory bool   // ... and memory.grow
	sizeReader  int64  // the first function that reads the size outside an sbrk, or -1
}

// checkCode is the code inserted at loop headers: count down, and at zero
// reset the countdown and call the check.
func checkCode(countdown, period, check uint32) []byte {
	c := appendU32([]byte{0x23}, countdown) // global.get $c
	c = append(c, 0x41, 0x01, 0x6b)         // i32.const 1, i32.sub
	c = appendU32(append(c, 0x24), countdown)
	c = appendU32(append(c, 0x23), countdown)
	c = append(c, 0x45, 0x04, 0x40) // i32.eqz, if (empty)
	c = appendS32(append(c, 0x41), int32(period))
	c = appendU32(append(c, 0x24), countdown)
	c = appendU32(append(c, 0x10), check)
	return append(c, 0x0b)
}

// imm says what follows an opcode, and so how to skip it.
type imm uint8

const (
	immUnknown    imm = iota // not an opcode the rewriter knows
	immNone                  // no immediates
	immBlock                 // a block type; opens a block (block, if, try)
	immLoop                  // a block type; opens a loop, whose body gets the check
	immEnd                   // closes a block, or the expression at depth 0
	immDelegate              // a label; closes a try block (legacy exception handling)
	immIndex                 // one index: local, global, table, label, tag, type, memory
	immIndex2                // two indices: call_indirect's type and table
	immFunc                  // a function index: call, return_call, ref.func
	immBrTable               // a vector of labels and a default label
	immSelect                // a vector of value types: typed select
	immMemarg                // align (bit 6: a memory index follows) and offset
	immI32                   // a signed LEB128 i32
	immI64                   // a signed LEB128 i64
	immF32                   // 4 raw bytes
	immF64                   // 8 raw bytes
	immHeapType              // ref.null's heap type
	immTryTable              // a block type and a vector of catch clauses
	immPrefixFC              // saturating truncation, bulk memory and table instructions
	immPrefixFD              // vector (SIMD) instructions
	immPrefixFE              // atomic (threads) instructions
	immV128                  // 16 raw bytes: v128.const, i8x16.shuffle
	immLane                  // a lane index byte
	immMemargLane            // a memarg and a lane index byte
	immByte                  // one raw byte: atomic.fence's reserved byte
)

// opcodes maps every single-byte opcode to its immediates. The gaps are
// opcodes the rewriter does not know (the GC prefix 0xFB among them), which
// makes Instrument fail rather than guess their length.
var opcodes = func() (t [256]imm) {
	set := func(kind imm, ops ...byte) {
		for _, op := range ops {
			t[op] = kind
		}
	}
	span := func(kind imm, from, to byte) {
		for op := int(from); op <= int(to); op++ {
			t[op] = kind
		}
	}
	set(immNone,
		0x00, // unreachable
		0x01, // nop
		0x05, // else
		0x0a, // throw_ref
		0x0f, // return
		0x19, // catch_all (legacy exception handling)
		0x1a, // drop
		0x1b, // select
		0xd1, // ref.is_null
		0xd3, // ref.eq
		0xd4, // ref.as_non_null
	)
	set(immBlock,
		0x02, // block
		0x04, // if
		0x06, // try (legacy exception handling)
	)
	set(immLoop, 0x03)
	set(immEnd, 0x0b)
	set(immDelegate, 0x18)
	set(immIndex,
		0x07,       // catch tag (legacy exception handling)
		0x08,       // throw tag
		0x09,       // rethrow label (legacy exception handling)
		0x0c,       // br
		0x0d,       // br_if
		0x14,       // call_ref type
		0x15,       // return_call_ref type
		0x20, 0x21, // local.get, local.set
		0x22,       // local.tee
		0x23, 0x24, // global.get, global.set
		0x25, 0x26, // table.get, table.set
		0x3f, 0x40, // memory.size, memory.grow (a 0x00 byte before multi-memory)
		0xd5, 0xd6, // br_on_null, br_on_non_null
	)
	set(immIndex2,
		0x11, // call_indirect type table
		0x13, // return_call_indirect type table
	)
	set(immFunc,
		0x10, // call
		0x12, // return_call
		0xd2, // ref.func
	)
	set(immBrTable, 0x0e)
	set(immSelect, 0x1c)
	set(immTryTable, 0x1f)
	span(immMemarg, 0x28, 0x3e) // loads and stores
	set(immI32, 0x41)
	set(immI64, 0x42)
	set(immF32, 0x43)
	set(immF64, 0x44)
	span(immNone, 0x45, 0xc4) // numeric instructions, sign extension included
	set(immHeapType, 0xd0)    // ref.null
	set(immPrefixFC, 0xfc)
	set(immPrefixFD, 0xfd)
	set(immPrefixFE, 0xfe)
	return t
}()

// prefixedFC says what follows the sub-opcode of a 0xFC instruction.
func prefixedFC(op uint32) imm {
	switch {
	case op <= 7: // i32/i64.trunc_sat_f32/f64_s/u
		return immNone
	case op == 8, // memory.init data memory
		op == 10, // memory.copy memory memory
		op == 12, // table.init elem table
		op == 14: // table.copy table table
		return immIndex2
	case op == 9, // data.drop
		op == 11,             // memory.fill
		op == 13,             // elem.drop
		op >= 15 && op <= 17: // table.grow, table.size, table.fill
		return immIndex
	}
	return immUnknown
}

// prefixedFD says what follows the sub-opcode of a 0xFD (vector) instruction:
// the final SIMD proposal and relaxed SIMD.
func prefixedFD(op uint32) imm {
	switch {
	case op <= 11, // v128.load and its variants, v128.store
		op == 92, op == 93: // v128.load32_zero, v128.load64_zero
		return immMemarg
	case op == 12, // v128.const
		op == 13: // i8x16.shuffle
		return immV128
	case op >= 21 && op <= 34: // extract_lane, replace_lane
		return immLane
	case op >= 84 && op <= 91: // v128.load*_lane, v128.store*_lane
		return immMemargLane
	case op >= 14 && op <= 20, // swizzle, splat
		op >= 35 && op <= 83,                     // comparisons, bitwise
		op >= 94 && op <= 255 && !simdGap[op-94], // arithmetic, conversions
		op >= 0x100 && op <= 0x113:               // relaxed SIMD
		return immNone
	}
	return immUnknown
}

// simdGap marks the unassigned vector opcodes from 94 to 255.
var simdGap = func() (g [162]bool) {
	for _, op := range []int{154, 162, 165, 166, 175, 176, 178, 179, 180, 187, 194, 197, 198, 207, 208, 210, 211, 212, 226, 238} {
		g[op-94] = true
	}
	return g
}()

// prefixedFE says what follows the sub-opcode of a 0xFE (atomic) instruction.
func prefixedFE(op uint32) imm {
	switch {
	case op <= 2, // memory.atomic.notify, memory.atomic.wait32/64
		op >= 0x10 && op <= 0x4e: // atomic loads, stores and read-modify-writes
		return immMemarg
	case op == 3: // atomic.fence
		return immByte
	}
	return immUnknown
}

// unsupported reports an opcode the rewriter does not know.
func unsupported(r *reader, at int, op string) error {
	return fmt.Errorf("opcode %s at byte %#x: %w", op, r.base+at, ErrUnsupported)
}

// expr copies the instructions at r up to and including the end that closes
// the expression (a function body or a constant expression), rewritten, and
// returns out with r.b[done:r.pos] appended: done is where the bytes not yet
// copied start.
func (w *rewriter) expr(out []byte, r *reader, done int) ([]byte, error) {
	depth := 0
	for {
		at := r.pos
		kind, err := r.instr()
		if err != nil {
			return nil, err
		}
		switch kind {
		case immBlock, immTryTable:
			depth++
		case immLoop:
			depth++
			out = append(out, r.b[done:r.pos]...)
			out = append(out, w.check...)
			done = r.pos
		case immEnd:
			if depth == 0 {
				return append(out, r.b[done:r.pos]...), nil
			}
			depth--
		case immDelegate:
			if depth == 0 {
				return nil, (&reader{b: r.b, pos: at + 1, base: r.base}).errorf("delegate outside a try block")
			}
			depth--
		case immIndex:
			switch r.b[at] {
			case 0x3f: // memory.size
				w.readsSize = w.readsSize || immediate(r, at+1) == 0
			case 0x40: // memory.grow
				w.growsMemory = w.growsMemory || immediate(r, at+1) == 0
			}
		case immFunc: // call, return_call, ref.func: one opcode byte, then the index
			if f := immediate(r, at+1); f >= w.imports {
				out = append(out, r.b[done:at+1]...)
				out = appendU32(out, f+1)
				done = r.pos
			}
		}
	}
}

// immediate decodes the u32 at r.b[at:], an immediate instr has already
// checked.
func immediate(r *reader, at int) uint32 {
	v, _ := (&reader{b: r.b, pos: at}).u32()
	return v
}

// instr decodes the instruction at r.pos, immediates included, and returns
// what its immediates were.
func (r *reader) instr() (imm, error) {
	at := r.pos
	op, err := r.byte()
	if err != nil {
		return 0, err
	}
	kind := opcodes[op]
	switch kind {
	case immPrefixFC, immPrefixFD, immPrefixFE:
		sub, err := r.u32()
		if err != nil {
			return 0, err
		}
		switch kind {
		case immPrefixFC:
			kind = prefixedFC(sub)
		case immPrefixFD:
			kind = prefixedFD(sub)
		default:
			kind = prefixedFE(sub)
		}
		if kind == immUnknown {
			return 0, unsupported(r, at, fmt.Sprintf("%#x %d", op, sub))
		}
	}
	switch kind {
	case immNone, immEnd:
	case immBlock, immLoop:
		err = r.blockType()
	case immDelegate, immIndex, immI32:
		err = r.leb(5)
	case immFunc:
		_, err = r.u32()
	case immIndex2:
		if err = r.leb(5); err == nil {
			err = r.leb(5)
		}
	case immBrTable:
		var n uint32
		if n, err = r.u32(); err == nil {
			for i := uint64(0); i <= uint64(n) && err == nil; i++ {
				err = r.leb(5)
			}
		}
	case immSelect:
		var n uint32
		if n, err = r.u32(); err == nil {
			for i := uint32(0); i < n && err == nil; i++ {
				err = r.valType()
			}
		}
	case immMemarg:
		err = r.memarg()
	case immMemargLane:
		if err = r.memarg(); err == nil {
			err = r.skip(1)
		}
	case immI64:
		err = r.leb(10)
	case immF32:
		err = r.skip(4)
	case immF64:
		err = r.skip(8)
	case immV128:
		err = r.skip(16)
	case immLane, immByte:
		err = r.skip(1)
	case immHeapType:
		err = r.heapType()
	case immTryTable:
		err = r.tryTable()
	default:
		name := fmt.Sprintf("%#x", op)
		if op == 0xfb {
			name += " (the GC proposal's prefix)"
		}
		return 0, unsupported(r, at, name)
	}
	return kind, err
}

// memarg skips a memory argument: the alignment, whose bit 6 says a memory
// index follows (multi-memory), and the offset (64 bits with memory64).
func (r *reader) memarg() error {
	align, err := r.u32()
	if err != nil {
		return err
	}
	if align&0x40 != 0 {
		if err := r.leb(5); err != nil {
			return err
		}
	}
	return r.leb(10)
}

// tryTable skips try_table's block type and catch clauses: catch tag label,
// catch_ref tag label, catch_all label, catch_all_ref label.
func (r *reader) tryTable() error {
	if err := r.blockType(); err != nil {
		return err
	}
	n, err := r.u32()
	if err != nil {
		return err
	}
	for i := uint32(0); i < n; i++ {
		kind, err := r.byte()
		if err != nil {
			return err
		}
		switch kind {
		case 0x00, 0x01:
			err = r.leb(5)
			if err == nil {
				err = r.leb(5)
			}
		case 0x02, 0x03:
			err = r.leb(5)
		default:
			return r.errorf("unknown catch clause %#x", kind)
		}
		if err != nil {
			return err
		}
	}
	return nil
}
