package instrument

import (
	"errors"
	"fmt"
	"math"
)

// reader decodes the WebAssembly binary format from b. Offsets in its errors
// are offsets in the module: base is where b starts in it.
type reader struct {
	b    []byte
	pos  int
	base int
}

var errEOF = errors.New("unexpected end")

func (r *reader) errorf(format string, args ...any) error {
	return fmt.Errorf("at byte %#x: %s", r.base+r.pos, fmt.Sprintf(format, args...))
}

func (r *reader) eof() error { return r.errorf("%v", errEOF) }

func (r *reader) byte() (byte, error) {
	if r.pos >= len(r.b) {
		return 0, r.eof()
	}
	c := r.b[r.pos]
	r.pos++
	return c, nil
}

func (r *reader) skip(n int) error {
	if n < 0 || len(r.b)-r.pos < n {
		return r.eof()
	}
	r.pos += n
	return nil
}

// u32 decodes an unsigned LEB128 number of at most 32 bits.
func (r *reader) u32() (uint32, error) {
	var v uint32
	for shift := 0; ; shift += 7 {
		if r.pos >= len(r.b) {
			return 0, r.eof()
		}
		c := r.b[r.pos]
		r.pos++
		if shift == 28 && c > 0x0f {
			return 0, r.errorf("u32 out of range")
		}
		v |= uint32(c&0x7f) << shift
		if c < 0x80 {
			return v, nil
		}
	}
}

// s32 decodes a signed LEB128 number of at most 32 bits.
func (r *reader) s32() (int32, error) {
	var v int64
	for shift := 0; ; shift += 7 {
		if r.pos >= len(r.b) {
			return 0, r.eof()
		}
		c := r.b[r.pos]
		r.pos++
		v |= int64(c&0x7f) << shift
		if c < 0x80 {
			if c&0x40 != 0 {
				v -= 1 << (shift + 7)
			}
			if v < math.MinInt32 || v > math.MaxInt32 {
				return 0, r.errorf("s32 out of range")
			}
			return int32(v), nil
		}
		if shift == 28 {
			return 0, r.errorf("s32 out of range")
		}
	}
}

// leb skips a LEB128 number (signed or unsigned) of at most n bytes: 5 for
// 32 bits (and s33), 10 for 64. The rewriter copies numbers it does not
// change byte for byte, so it needs only their length.
func (r *reader) leb(n int) error {
	for i := 0; i < n; i++ {
		if r.pos >= len(r.b) {
			return r.eof()
		}
		c := r.b[r.pos]
		r.pos++
		if c < 0x80 {
			return nil
		}
	}
	return r.errorf("LEB128 number longer than %d bytes", n)
}

// name decodes a name (a vector of bytes) without copying it.
func (r *reader) name() ([]byte, error) {
	n, err := r.u32()
	if err != nil {
		return nil, err
	}
	start := r.pos
	if err := r.skip(int(n)); err != nil {
		return nil, err
	}
	return r.b[start:r.pos], nil
}

// importHead decodes what every import starts with: its module and field
// names and its kind. What follows depends on the kind.
func (r *reader) importHead() (module, name []byte, kind byte, err error) {
	if module, err = r.name(); err != nil {
		return nil, nil, 0, err
	}
	if name, err = r.name(); err != nil {
		return nil, nil, 0, err
	}
	kind, err = r.byte()
	return module, name, kind, err
}

// heapType skips a heap type: an abstract one (a single negative byte) or a
// type index, both encoded as s33.
func (r *reader) heapType() error { return r.leb(5) }

// valType skips a value type: a single byte, or 0x63/0x64 (ref null ht,
// ref ht) followed by a heap type.
func (r *reader) valType() error {
	c, err := r.byte()
	if err != nil {
		return err
	}
	switch {
	case c == 0x63 || c == 0x64:
		return r.heapType()
	case c >= 0x7b && c <= 0x7f, // i32 i64 f32 f64 v128
		c >= 0x69 && c <= 0x74: // funcref, externref, exnref and the other abstract references
		return nil
	}
	r.pos--
	return r.errorf("unknown value type %#x", c)
}

// blockType skips a block type: 0x40, a value type, or a type index as s33.
func (r *reader) blockType() error {
	if r.pos < len(r.b) && (r.b[r.pos] == 0x63 || r.b[r.pos] == 0x64) {
		r.pos++
		return r.heapType()
	}
	return r.leb(5)
}

// limits skips the limits of a table or memory type: a flags byte (bit 0: a
// maximum follows, bit 1: shared, bit 2: 64-bit indices, bit 3: a custom page
// size follows), the minimum and the maximum.
func (r *reader) limits() error {
	flags, err := r.byte()
	if err != nil {
		return err
	}
	if flags > 0x0f {
		return r.errorf("unknown limits flags %#x", flags)
	}
	if err := r.leb(10); err != nil {
		return err
	}
	if flags&1 != 0 {
		if err := r.leb(10); err != nil {
			return err
		}
	}
	if flags&8 != 0 {
		return r.leb(5)
	}
	return nil
}

func appendU32(b []byte, v uint32) []byte {
	for v >= 0x80 {
		b = append(b, byte(v)|0x80)
		v >>= 7
	}
	return append(b, byte(v))
}

func appendS32(b []byte, v int32) []byte {
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if (v == 0 && c&0x40 == 0) || (v == -1 && c&0x40 != 0) {
			return append(b, c)
		}
		b = append(b, c|0x80)
	}
}

func appendName(b []byte, s string) []byte {
	return append(appendU32(b, uint32(len(s))), s...)
}

// reserve appends room for the size of what follows; sized writes it once
// the content is complete. A size takes 1 to 5 bytes: sized moves the
// content back over the room it did not use, so sizes stay minimal.
func reserve(b []byte) ([]byte, int) {
	return append(b, 0, 0, 0, 0, 0), len(b)
}

func sized(b []byte, mark int) ([]byte, error) {
	n := len(b) - mark - 5
	if uint64(n) > math.MaxUint32 {
		return nil, fmt.Errorf("section of %d bytes is too large", n)
	}
	var size [5]byte
	w := len(appendU32(size[:0], uint32(n)))
	copy(b[mark:], size[:w])
	copy(b[mark+w:], b[mark+5:])
	return b[:len(b)-(5-w)], nil
}
