package instrument

import "encoding/binary"

// DWARF constants the frame base scan needs.
const (
	dwTagSubprogram  = 0x2e
	dwAtFrameBase    = 0x40
	dwOpWasmLocation = 0xed // DW_OP_WASM_location kind index
	dwOpStackValue   = 0x9f
)

// dwarfFrameBase returns the global that LLVM's DWARF gives as the frame base
// of the functions of the first compile unit that has one: for a function
// that keeps no frame pointer in a local, clang describes the frame base as
// DW_OP_WASM_location 0x3 (a global, its index as a fixed 4-byte number) or
// 0x1 (a global, LEB128), and that global is __stack_pointer. CPython's
// python.wasm has no name section, only DWARF; this is how its stack pointer
// is known.
//
// Anything the scan does not understand (64-bit DWARF, an unknown version,
// unit type or form, a truncated entry) ends it with no answer, as do two
// functions of the unit that disagree.
func dwarfFrameBase(info, abbrev []byte) (global uint32, ok bool) {
	for off := 0; off+4 <= len(info); {
		length := binary.LittleEndian.Uint32(info[off:])
		if length >= 0xfffffff0 || uint64(length) > uint64(len(info)-off-4) {
			return 0, false // 64-bit DWARF, or truncated
		}
		unit := &reader{b: info[off+4 : off+4+int(length)], base: off + 4}
		off += 4 + int(length)
		g, found, err := unitFrameBase(unit, abbrev)
		if err != nil {
			return 0, false
		}
		if found {
			return g, true
		}
	}
	return 0, false
}

// unitFrameBase reads one unit, after its length.
func unitFrameBase(r *reader, abbrevs []byte) (global uint32, found bool, err error) {
	version, err := r.fixed(2)
	if err != nil {
		return 0, false, err
	}
	var abbrevOff, addrSize uint64
	switch version {
	case 2, 3, 4:
		if abbrevOff, err = r.fixed(4); err == nil {
			addrSize, err = r.fixed(1)
		}
	case 5:
		var unitType uint64
		if unitType, err = r.fixed(1); err == nil {
			if addrSize, err = r.fixed(1); err == nil {
				abbrevOff, err = r.fixed(4)
			}
		}
		switch {
		case err != nil:
		case unitType == 1 || unitType == 3: // compile, partial
		case unitType == 4 || unitType == 5: // skeleton, split compile: a unit id
			err = r.skip(8)
		case unitType == 2 || unitType == 6: // type, split type: a signature and an offset
			err = r.skip(12)
		default:
			return 0, false, r.errorf("DWARF unit type %d", unitType)
		}
	default:
		return 0, false, r.errorf("DWARF version %d", version)
	}
	if err != nil {
		return 0, false, err
	}
	if abbrevOff > uint64(len(abbrevs)) {
		return 0, false, r.errorf("abbreviations at %d", abbrevOff)
	}
	table, err := readAbbrevs(&reader{b: abbrevs, pos: int(abbrevOff)})
	if err != nil {
		return 0, false, err
	}
	d := dieReader{r: r, version: version, addrSize: int(addrSize)}
	for r.pos < len(r.b) {
		code, err := r.u32()
		if err != nil {
			return 0, false, err
		}
		if code == 0 { // the end of a list of children
			continue
		}
		ab, ok := table[code]
		if !ok {
			return 0, false, r.errorf("abbreviation %d", code)
		}
		for _, a := range ab.attrs {
			if ab.tag != dwTagSubprogram || a.name != dwAtFrameBase {
				if err := d.skip(a.form); err != nil {
					return 0, false, err
				}
				continue
			}
			expr, err := d.block(a.form)
			if err != nil {
				return 0, false, err
			}
			g, ok := frameBaseGlobal(expr)
			if !ok {
				continue
			}
			if found && g != global {
				return 0, false, r.errorf("frame bases in globals %d and %d", global, g)
			}
			global, found = g, true
		}
	}
	return global, found, nil
}

// frameBaseGlobal decodes a frame base expression that names a global:
// DW_OP_WASM_location 0x1 or 0x3, its index, and optionally
// DW_OP_stack_value.
func frameBaseGlobal(expr []byte) (uint32, bool) {
	r := &reader{b: expr}
	if op, err := r.byte(); err != nil || op != dwOpWasmLocation {
		return 0, false
	}
	kind, err := r.u32()
	if err != nil {
		return 0, false
	}
	var g uint64
	switch kind {
	case 1:
		var v uint32
		v, err = r.u32()
		g = uint64(v)
	case 3:
		g, err = r.fixed(4)
	default: // a local or an operand stack slot
		return 0, false
	}
	if err != nil {
		return 0, false
	}
	if r.pos < len(r.b) && r.b[r.pos] == dwOpStackValue {
		r.pos++
	}
	return uint32(g), r.pos == len(r.b)
}

type abbrev struct {
	tag   uint32
	attrs []attrSpec
}

type attrSpec struct{ name, form uint32 }

// readAbbrevs reads an abbreviation table up to its terminating 0.
func readAbbrevs(r *reader) (map[uint32]abbrev, error) {
	table := map[uint32]abbrev{}
	for {
		code, err := r.u32()
		if err != nil || code == 0 {
			return table, err
		}
		var ab abbrev
		if ab.tag, err = r.u32(); err != nil {
			return nil, err
		}
		if err := r.skip(1); err != nil { // has children
			return nil, err
		}
		for {
			var a attrSpec
			if a.name, err = r.u32(); err != nil {
				return nil, err
			}
			if a.form, err = r.u32(); err != nil {
				return nil, err
			}
			if a.name == 0 && a.form == 0 {
				break
			}
			if a.form == 0x21 { // implicit_const: its value is here, not in the entry
				if err := r.leb(10); err != nil {
					return nil, err
				}
			}
			ab.attrs = append(ab.attrs, a)
		}
		table[code] = ab
	}
}

// dieReader reads attribute values of the entries of one unit.
type dieReader struct {
	r        *reader
	version  uint64
	addrSize int
}

// skip skips a value of form.
func (d *dieReader) skip(form uint32) error {
	r := d.r
	switch form {
	case 0x19, 0x21: // flag_present, implicit_const
		return nil
	case 0x0b, 0x0c, 0x11, 0x25, 0x29: // data1, flag, ref1, strx1, addrx1
		return r.skip(1)
	case 0x05, 0x12, 0x26, 0x2a: // data2, ref2, strx2, addrx2
		return r.skip(2)
	case 0x27, 0x2b: // strx3, addrx3
		return r.skip(3)
	case 0x06, 0x13, 0x28, 0x2c, // data4, ref4, strx4, addrx4
		0x0e, 0x17, 0x1c, 0x1d, 0x1f, // strp, sec_offset, ref_sup4, strp_sup, line_strp (32-bit DWARF)
		0x1f20, 0x1f21: // GNU_ref_alt, GNU_strp_alt
		return r.skip(4)
	case 0x07, 0x14, 0x20, 0x24: // data8, ref8, ref_sig8, ref_sup8
		return r.skip(8)
	case 0x1e: // data16
		return r.skip(16)
	case 0x01: // addr
		return r.skip(d.addrSize)
	case 0x10: // ref_addr: an address in DWARF 2, an offset after
		if d.version == 2 {
			return r.skip(d.addrSize)
		}
		return r.skip(4)
	case 0x0d, 0x0f, 0x15, 0x1a, 0x1b, 0x22, 0x23, 0x1f01, 0x1f02:
		// sdata, udata, ref_udata, strx, addrx, loclistx, rnglistx,
		// GNU_addr_index, GNU_str_index
		return r.leb(10)
	case 0x08: // string
		for {
			c, err := r.byte()
			if err != nil || c == 0 {
				return err
			}
		}
	case 0x16: // indirect
		f, err := r.u32()
		if err != nil {
			return err
		}
		if f == 0x16 {
			return r.errorf("indirect form of an indirect form")
		}
		return d.skip(f)
	}
	_, err := d.block(form)
	return err
}

// block reads a value of a block form (exprloc, block, block1/2/4).
func (d *dieReader) block(form uint32) ([]byte, error) {
	r := d.r
	var n uint64
	var err error
	switch form {
	case 0x18, 0x09: // exprloc, block
		var v uint32
		v, err = r.u32()
		n = uint64(v)
	case 0x0a: // block1
		n, err = r.fixed(1)
	case 0x03: // block2
		n, err = r.fixed(2)
	case 0x04: // block4
		n, err = r.fixed(4)
	default:
		return nil, r.errorf("DWARF form %#x", form)
	}
	if err != nil {
		return nil, err
	}
	start := r.pos
	if n > uint64(len(r.b)-r.pos) {
		return nil, r.eof()
	}
	r.pos += int(n)
	return r.b[start:r.pos], nil
}

// fixed decodes an n-byte little-endian number.
func (r *reader) fixed(n int) (uint64, error) {
	if len(r.b)-r.pos < n {
		return 0, r.eof()
	}
	var v uint64
	for i := n - 1; i >= 0; i-- {
		v = v<<8 | uint64(r.b[r.pos+i])
	}
	r.pos += n
	return v, nil
}
