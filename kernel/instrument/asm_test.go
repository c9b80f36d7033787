package instrument

// Test modules are assembled byte by byte: wazero has no text format parser.
// The helpers below name the binary format's pieces, nothing more.

// Value types.
const (
	i32     = 0x7f
	i64     = 0x7e
	f32     = 0x7d
	f64     = 0x7c
	v128    = 0x7b
	funcref = 0x70
	extern  = 0x6f
	exnref  = 0x69
	empty   = 0x40 // the empty block type
)

func cat(parts ...[]byte) []byte {
	var b []byte
	for _, p := range parts {
		b = append(b, p...)
	}
	return b
}

func op(b ...byte) []byte { return b }

func u32(v uint32) []byte { return appendU32(nil, v) }

func s32(v int32) []byte { return appendS32(nil, v) }

func str(s string) []byte { return appendName(nil, s) }

// vec is a vector: its length, then its items.
func vec(items ...[]byte) []byte { return cat(u32(uint32(len(items))), cat(items...)) }

func sec(id byte, content []byte) []byte { return cat(op(id), u32(uint32(len(content))), content) }

func custom(name string, content []byte) []byte { return sec(0, cat(str(name), content)) }

func wasmModule(sections ...[]byte) []byte {
	return cat(op(0x00, 'a', 's', 'm', 0x01, 0x00, 0x00, 0x00), cat(sections...))
}

func functype(params, results []byte) []byte {
	return cat(op(0x60), u32(uint32(len(params))), params, u32(uint32(len(results))), results)
}

func importFunc(mod, name string, typ uint32) []byte {
	return cat(str(mod), str(name), op(0x00), u32(typ))
}

func export(name string, kind byte, idx uint32) []byte { return cat(str(name), op(kind), u32(idx)) }

// body is a function body: its size, its local declarations (count, type
// pairs), its code and the final end.
func body(locals []byte, code ...[]byte) []byte {
	b := cat(locals, cat(code...), op(0x0b))
	return cat(u32(uint32(len(b))), b)
}

// locals declares n locals of type t.
func locals(decls ...[2]uint32) []byte {
	var items [][]byte
	for _, d := range decls {
		items = append(items, cat(u32(d[0]), op(byte(d[1]))))
	}
	return vec(items...)
}

// Instructions.
func i32c(v int32) []byte       { return cat(op(0x41), s32(v)) }
func localGet(i uint32) []byte  { return cat(op(0x20), u32(i)) }
func localSet(i uint32) []byte  { return cat(op(0x21), u32(i)) }
func localTee(i uint32) []byte  { return cat(op(0x22), u32(i)) }
func globalGet(i uint32) []byte { return cat(op(0x23), u32(i)) }
func globalSet(i uint32) []byte { return cat(op(0x24), u32(i)) }
func br(l uint32) []byte        { return cat(op(0x0c), u32(l)) }
func brIf(l uint32) []byte      { return cat(op(0x0d), u32(l)) }

var end = op(0x0b)

// asm writes the parts of a module that Instrument changes, in either form:
// the original (instrumented false) or what Instrument must make of it.
type asm struct {
	instrumented bool
	imports      uint32 // function imports of the original module
	countdown    uint32 // index of the countdown global
	period       int32
}

// fn is a function index immediate of the original module.
func (x *asm) fn(f uint32) []byte {
	if x.instrumented && f >= x.imports {
		f++
	}
	return u32(f)
}

// check is the code the brief asks for at the start of every loop body.
func (x *asm) check() []byte {
	if !x.instrumented {
		return nil
	}
	c := u32(x.countdown)
	return cat(
		op(0x23), c, op(0x41, 0x01, 0x6b), op(0x24), c, // countdown--
		op(0x23), c, op(0x45), // countdown == 0
		op(0x04, 0x40), i32c(x.period), op(0x24), c, op(0x10), u32(x.imports), op(0x0b), // if: reset, call check
	)
}

// loop is the loop instruction with block type bt, and the check.
func (x *asm) loop(bt ...byte) []byte { return cat(op(0x03), bt, x.check()) }

func (x *asm) call(f uint32) []byte       { return cat(op(0x10), x.fn(f)) }
func (x *asm) returnCall(f uint32) []byte { return cat(op(0x12), x.fn(f)) }
func (x *asm) refFunc(f uint32) []byte    { return cat(op(0xd2), x.fn(f)) }

// checkImport is the import Instrument appends, of type typ.
func (x *asm) checkImport(typ uint32) []byte {
	if !x.instrumented {
		return nil
	}
	return importFunc("wasmrun", "check", typ)
}

// countdownGlobal is the global Instrument appends.
func (x *asm) countdownGlobal() []byte {
	if !x.instrumented {
		return nil
	}
	return cat(op(i32, 0x01), i32c(x.period), end)
}

// vec is a vector with one more item, extra, when instrumented.
func (x *asm) vec(extra []byte, items ...[]byte) []byte {
	if x.instrumented {
		items = append(items, extra)
	}
	return vec(items...)
}

// only is b in the instrumented form, nothing in the original.
func (x *asm) only(b []byte) []byte {
	if !x.instrumented {
		return nil
	}
	return b
}

// vecOf is a vector of the items that are not nil.
func vecOf(items ...[]byte) []byte {
	var kept [][]byte
	for _, it := range items {
		if it != nil {
			kept = append(kept, it)
		}
	}
	return vec(kept...)
}
