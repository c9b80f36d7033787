package instrument

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
)

// Section ids of the binary format.
const (
	secCustom    = 0
	secType      = 1
	secImport    = 2
	secFunction  = 3
	secTable     = 4
	secMemory    = 5
	secGlobal    = 6
	secExport    = 7
	secStart     = 8
	secElement   = 9
	secCode      = 10
	secData      = 11
	secDataCount = 12
	secTag       = 13
)

// addressesCode reports whether a custom section maps byte offsets in the
// code section to something: DWARF (.debug_line, .debug_info, ...), a source
// map's URL, code metadata such as branch hints. The checks Instrument
// inserts move the code, and such a section cannot be adjusted without
// understanding its format, so it is dropped rather than left wrong.
func addressesCode(custom string) bool {
	return strings.HasPrefix(custom, ".debug_") || strings.HasPrefix(custom, "metadata.code.") ||
		custom == "sourceMappingURL" || custom == "external_debug_info"
}

var sectionNames = [...]string{"custom", "type", "import", "function", "table", "memory", "global", "export", "start", "element", "code", "data", "data count", "tag"}

// rank is the position of a section in a module: the tag section comes
// between the memory and global sections, data count before code.
var rank = [...]int{
	secType: 1, secImport: 2, secFunction: 3, secTable: 4, secMemory: 5, secTag: 6,
	secGlobal: 7, secExport: 8, secStart: 9, secElement: 10, secDataCount: 11, secCode: 12, secData: 13,
}

var header = []byte{0x00, 'a', 's', 'm', 0x01, 0x00, 0x00, 0x00}

// Index space kinds in imports and exports.
const (
	kindFunc   = 0x00
	kindTable  = 0x01
	kindMemory = 0x02
	kindGlobal = 0x03
	kindTag    = 0x04
)

type section struct {
	id         byte
	head       int    // where the section starts, at its id
	start, end int    // the content, after the id and size
	name       string // of a custom section
}

// module is what Instrument learns about a module before rewriting it.
type module struct {
	wasm          []byte
	sections      []section
	types         uint32 // entries of the type section
	voidType      int64  // index of a () -> () type, or -1
	void          []bool // of each type: it is () -> ()
	funcImports   uint32
	defined       uint32 // functions the module defines
	globals       uint32 // imported and defined
	globalImports uint32
	hasCheck      bool // it imports CheckModule.CheckName
}

func (m *module) reader(s section) *reader {
	return &reader{b: m.wasm[s.start:s.end], base: s.start}
}

// parse splits wasm into sections and reads the few facts the rewrite needs.
func parse(wasm []byte) (*module, error) {
	if len(wasm) < len(header) || !bytes.Equal(wasm[:4], header[:4]) {
		return nil, errorf("not a WebAssembly module")
	}
	if !bytes.Equal(wasm[4:8], header[4:8]) {
		return nil, errorf("binary format version %x is not 1 (a component?): %w", wasm[4:8], ErrUnsupported)
	}
	m := &module{wasm: wasm, voidType: -1}
	r := &reader{b: wasm, pos: len(header)}
	for r.pos < len(wasm) {
		head := r.pos
		id, err := r.byte()
		if err != nil {
			return nil, errorf("%w", err)
		}
		if int(id) >= len(sectionNames) {
			return nil, errorf("%w", r.errorf("unknown section id %d", id))
		}
		size, err := r.u32()
		if err != nil {
			return nil, errorf("%s section: %w", sectionNames[id], err)
		}
		s := section{id: id, head: head, start: r.pos, end: r.pos + int(size)}
		if err := r.skip(int(size)); err != nil {
			return nil, errorf("%s section: %w", sectionNames[id], err)
		}
		switch id {
		case secCustom:
			name, err := m.reader(s).name()
			if err != nil {
				return nil, errorf("custom section: %w", err)
			}
			s.name = string(name)
		case secType, secImport:
			sr := m.reader(s)
			if s.id == secType {
				err = m.scanTypes(sr)
			} else {
				err = m.scanImports(sr)
			}
			if err == nil && sr.pos != len(sr.b) {
				err = sr.errorf("%d bytes after the last entry", len(sr.b)-sr.pos)
			}
		case secGlobal:
			var n uint32
			n, err = m.reader(s).u32()
			m.globals += n
		case secFunction:
			m.defined, err = m.reader(s).u32()
		}
		if err != nil {
			return nil, errorf("%s section: %w", sectionNames[id], err)
		}
		m.sections = append(m.sections, s)
	}
	return m, nil
}

// scanTypes counts the types and finds a () -> () one. Only function types
// are known: the GC proposal's recursive groups, subtypes, structs and arrays
// are not.
func (m *module) scanTypes(r *reader) error {
	n, err := r.u32()
	if err != nil {
		return err
	}
	m.void = make([]bool, 0, min(n, uint32(len(r.b))))
	for i := uint32(0); i < n; i++ {
		form, err := r.byte()
		if err != nil {
			return err
		}
		if form != 0x60 {
			return fmt.Errorf("type %d: type form %#x: %w", i, form, ErrUnsupported)
		}
		var counts [2]uint32
		for j := range counts {
			if counts[j], err = r.u32(); err != nil {
				return err
			}
			for k := uint32(0); k < counts[j]; k++ {
				if err := r.valType(); err != nil {
					return err
				}
			}
		}
		m.void = append(m.void, counts == [2]uint32{})
		if counts == [2]uint32{} && m.voidType < 0 {
			m.voidType = int64(i)
		}
	}
	m.types = n
	return nil
}

// scanImports counts the imported functions and globals.
func (m *module) scanImports(r *reader) error {
	n, err := r.u32()
	if err != nil {
		return err
	}
	for i := uint32(0); i < n; i++ {
		mod, name, kind, err := r.importHead()
		if err != nil {
			return err
		}
		switch kind {
		case kindFunc:
			if string(mod) == CheckModule && string(name) == CheckName {
				m.hasCheck = true
			}
			m.funcImports++
			err = r.leb(5)
		case kindTable:
			if err = r.valType(); err == nil {
				err = r.limits()
			}
		case kindMemory:
			err = r.limits()
		case kindGlobal:
			m.globals++
			m.globalImports++
			if err = r.valType(); err == nil {
				err = r.skip(1) // mutability
			}
		case kindTag:
			if err = r.skip(1); err == nil { // attribute
				err = r.leb(5)
			}
		default:
			return r.errorf("import %d: unknown kind %#x", i, kind)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// instrument writes the instrumented module, with its stack moved to a
// region of stackSize bytes if it can be (see Options.StackSize), and
// returns what it did with the stack.
func (m *module) instrument(period uint32, stackSize int64) ([]byte, *stackPlan, error) {
	w := &rewriter{
		imports:    m.funcImports,
		checkType:  m.types, // appended
		countdown:  m.globals,
		period:     period,
		sizeReader: -1,
	}
	if m.voidType >= 0 {
		w.checkType = uint32(m.voidType)
	}
	w.check = checkCode(w.countdown, w.period, w.imports)

	// The code first: rewriting it finds what planStack needs to know of it,
	// and planStack decides what the sections before it hold. Wrappers are
	// appended to the functions, so the code does not depend on them.
	if i := slices.IndexFunc(m.sections, func(s section) bool { return s.id == secCode }); i >= 0 {
		r := m.reader(m.sections[i])
		var err error
		if w.code, w.codeCount, err = w.codeBodies(r); err == nil && r.pos != len(r.b) {
			err = r.errorf("%d bytes after the last entry", len(r.b)-r.pos)
		}
		if err != nil {
			return nil, nil, errorf("code section: %w", err)
		}
	}
	stack, err := m.planStack(stackSize, func() (int64, string) {
		if w.sizeReader < 0 {
			return -1, ""
		}
		return w.sizeReader, m.funcName(uint32(w.sizeReader))
	})
	if err != nil {
		return nil, nil, err
	}
	if stack.active() {
		w.stack = stack
		w.wrappers = m.funcImports + 1 + m.defined
	}

	// The sections to add when the module has none to extend, in order.
	var missing []byte
	add := []byte{secType, secImport, secGlobal}
	if w.stack != nil { // wrappers of entry points that are imported functions
		add = []byte{secType, secImport, secFunction, secGlobal, secCode}
	}
	for _, id := range add {
		if !slices.ContainsFunc(m.sections, func(s section) bool { return s.id == id }) {
			missing = append(missing, id)
		}
	}

	// Room for what is kept and for checks: a check takes about 20 bytes,
	// and loops are rarely denser than one in 320 bytes of code.
	size := len(m.wasm)
	for _, s := range m.sections {
		if s.id == secCustom && addressesCode(s.name) {
			size -= s.end - s.head
		}
	}
	out := make([]byte, 0, size+size/16+64)
	out = append(out, header...)
	for _, s := range m.sections {
		for len(missing) > 0 && s.id != secCustom && rank[missing[0]] < rank[s.id] {
			if out, err = m.section(out, section{id: missing[0], start: -1}, w); err != nil {
				return nil, nil, err
			}
			missing = missing[1:]
		}
		if out, err = m.section(out, s, w); err != nil {
			return nil, nil, err
		}
	}
	for _, id := range missing {
		if out, err = m.section(out, section{id: id, start: -1}, w); err != nil {
			return nil, nil, err
		}
	}
	return out, stack, nil
}

// section appends section s, rewritten. A section with start -1 is one the
// module lacks: it is written as if it were there with no entries.
func (m *module) section(out []byte, s section, w *rewriter) ([]byte, error) {
	var rewrite func(out []byte, r *reader) ([]byte, error)
	switch s.id {
	case secCustom:
		switch {
		case s.name == "name":
			return m.names(out, m.reader(s), w)
		case addressesCode(s.name):
			return out, nil
		}
	case secType:
		if m.voidType < 0 {
			rewrite = w.typeSection
		}
	case secImport:
		rewrite = w.importSection
	case secGlobal:
		rewrite = w.globalSection
	case secTable:
		rewrite = w.tableSection
	case secFunction:
		if w.stack != nil {
			rewrite = w.functionSection
		}
	case secExport:
		rewrite = w.exportSection
	case secStart:
		rewrite = w.startSection
	case secElement:
		rewrite = w.elementSection
	case secCode:
		rewrite = w.codeSection
	}
	if rewrite == nil {
		return append(out, m.wasm[s.head:s.end]...), nil
	}

	r := &reader{b: []byte{0}} // a vector of no entries
	if s.start >= 0 {
		r = m.reader(s)
	}
	out = append(out, s.id)
	out, mark := reserve(out)
	out, err := rewrite(out, r)
	if err == nil && r.pos != len(r.b) {
		err = r.errorf("%d bytes after the last entry", len(r.b)-r.pos)
	}
	if err == nil {
		out, err = sized(out, mark)
	}
	if err != nil {
		return nil, errorf("%s section: %w", sectionNames[s.id], err)
	}
	return out, nil
}

// typeSection appends a () -> () type.
func (w *rewriter) typeSection(out []byte, r *reader) ([]byte, error) {
	return vecPlus(out, r, func(out []byte) []byte {
		return append(out, 0x60, 0x00, 0x00)
	})
}

// importSection appends the check import, after all the others.
func (w *rewriter) importSection(out []byte, r *reader) ([]byte, error) {
	return vecPlus(out, r, func(out []byte) []byte {
		out = appendName(out, CheckModule)
		out = appendName(out, CheckName)
		return appendU32(append(out, kindFunc), w.checkType)
	})
}

// vecPlus copies the vector at r with one more entry, written by add, at its
// end.
func vecPlus(out []byte, r *reader, add func([]byte) []byte) ([]byte, error) {
	n, err := r.u32()
	if err != nil {
		return nil, err
	}
	out = appendU32(out, n+1)
	out = append(out, r.b[r.pos:]...)
	r.pos = len(r.b)
	return add(out), nil
}

// globalSection copies the global section, with ref.func in initializers
// renumbered, and adds the countdown: a mutable i32 that starts at period.
func (w *rewriter) globalSection(out []byte, r *reader) ([]byte, error) {
	n, err := r.u32()
	if err != nil {
		return nil, err
	}
	out = appendU32(out, n+1)
	for i := uint32(0); i < n; i++ {
		start := r.pos
		if err := r.valType(); err != nil {
			return nil, err
		}
		if err := r.skip(1); err != nil { // mutability
			return nil, err
		}
		if out, err = w.expr(out, r, start); err != nil {
			return nil, fmt.Errorf("global %d: %w", i, err)
		}
	}
	out = append(out, 0x7f, 0x01, 0x41)
	out = appendS32(out, int32(w.period))
	return append(out, 0x0b), nil
}

// tableSection copies the table section, with ref.func in initializers
// renumbered.
func (w *rewriter) tableSection(out []byte, r *reader) ([]byte, error) {
	n, err := r.u32()
	if err != nil {
		return nil, err
	}
	out = appendU32(out, n)
	for i := uint32(0); i < n; i++ {
		start := r.pos
		init := r.pos < len(r.b) && r.b[r.pos] == 0x40 // 0x40 0x00 tabletype expr
		if init {
			r.pos += 2
		}
		if err := r.valType(); err != nil {
			return nil, err
		}
		if err := r.limits(); err != nil {
			return nil, err
		}
		if !init {
			out = append(out, r.b[start:r.pos]...)
		} else if out, err = w.expr(out, r, start); err != nil {
			return nil, fmt.Errorf("table %d: %w", i, err)
		}
	}
	return out, nil
}

// exportSection copies the export section, with function indices renumbered.
func (w *rewriter) exportSection(out []byte, r *reader) ([]byte, error) {
	n, err := r.u32()
	if err != nil {
		return nil, err
	}
	out = appendU32(out, n)
	for i := uint32(0); i < n; i++ {
		start := r.pos
		name, err := r.name()
		if err != nil {
			return nil, err
		}
		kind, err := r.byte()
		if err != nil {
			return nil, err
		}
		out = append(out, r.b[start:r.pos]...)
		idx, err := r.u32()
		if err != nil {
			return nil, err
		}
		if kind == kindFunc {
			if k := w.wrapperOf(string(name)); k >= 0 {
				idx = w.wrappers + uint32(k)
			} else {
				idx = w.function(idx)
			}
		}
		out = appendU32(out, idx)
	}
	return out, nil
}

// wrapperOf returns the index among the stack's wrappers of the one that
// replaces export name, or -1.
func (w *rewriter) wrapperOf(name string) int {
	if w.stack == nil {
		return -1
	}
	return slices.IndexFunc(w.stack.entries, func(e stackEntry) bool { return e.name == name })
}

// functionSection copies the function section and declares the stack's
// wrappers, of type () -> ().
func (w *rewriter) functionSection(out []byte, r *reader) ([]byte, error) {
	n, err := r.u32()
	if err != nil {
		return nil, err
	}
	out = appendU32(out, n+uint32(len(w.stack.entries)))
	out = append(out, r.b[r.pos:]...)
	r.pos = len(r.b)
	for range w.stack.entries {
		out = appendU32(out, w.checkType)
	}
	return out, nil
}

// startSection copies the start section, renumbered.
func (w *rewriter) startSection(out []byte, r *reader) ([]byte, error) {
	f, err := r.u32()
	if err != nil {
		return nil, err
	}
	return appendU32(out, w.function(f)), nil
}

// function renumbers a function index of the original module.
func (w *rewriter) function(f uint32) uint32 {
	if f >= w.imports {
		return f + 1
	}
	return f
}

// elementSection copies the element section, renumbered. A segment's flags say
// what it holds: bit 0 passive or declarative, bit 1 an explicit table index
// (active) or declarative (passive), bit 2 expressions rather than function
// indices. An element kind (0x00, funcref) or a reference type precedes the
// elements unless bits 0 and 1 are both clear.
func (w *rewriter) elementSection(out []byte, r *reader) ([]byte, error) {
	n, err := r.u32()
	if err != nil {
		return nil, err
	}
	out = appendU32(out, n)
	for i := uint32(0); i < n; i++ {
		if out, err = w.element(out, r); err != nil {
			return nil, fmt.Errorf("segment %d: %w", i, err)
		}
	}
	return out, nil
}

func (w *rewriter) element(out []byte, r *reader) ([]byte, error) {
	start := r.pos
	flags, err := r.u32()
	if err != nil {
		return nil, err
	}
	if flags > 7 {
		return nil, r.errorf("unknown segment flags %d", flags)
	}
	if flags&1 == 0 { // active
		if flags&2 != 0 {
			if err := r.leb(5); err != nil { // table index
				return nil, err
			}
		}
		if out, err = w.expr(out, r, start); err != nil { // offset
			return nil, err
		}
		start = r.pos
	}
	if flags&3 != 0 {
		if flags&4 != 0 {
			err = r.valType()
		} else {
			err = r.skip(1)
		}
		if err != nil {
			return nil, err
		}
	}
	count, err := r.u32()
	if err != nil {
		return nil, err
	}
	out = append(out, r.b[start:r.pos]...)
	for j := uint32(0); j < count; j++ {
		if flags&4 != 0 {
			out, err = w.expr(out, r, r.pos)
		} else {
			var f uint32
			if f, err = r.u32(); err == nil {
				out = appendU32(out, w.function(f))
			}
		}
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// codeBodies rewrites every function body of the code section at r,
// re-encoding its size, and returns them and their number. It notes in
// w.sizeReader the first function that reads the memory's size outside an
// sbrk (see planStack).
func (w *rewriter) codeBodies(r *reader) ([]byte, uint32, error) {
	n, err := r.u32()
	if err != nil {
		return nil, 0, err
	}
	// Room for checks, as in instrument.
	out := make([]byte, 0, len(r.b)+len(r.b)/16)
	for i := uint32(0); i < n; i++ {
		fn := uint64(w.imports) + uint64(i) // in the original module's numbering
		size, err := r.u32()
		if err != nil {
			return nil, 0, fmt.Errorf("function %d: %w", fn, err)
		}
		start := r.pos
		if err := r.skip(int(size)); err != nil {
			return nil, 0, fmt.Errorf("function %d: %w", fn, err)
		}
		body := &reader{b: r.b[start:r.pos], base: r.base + start}
		var mark int
		out, mark = reserve(out)
		w.readsSize, w.growsMemory = false, false
		if out, err = w.body(out, body); err != nil {
			return nil, 0, fmt.Errorf("function %d: %w", fn, err)
		}
		if out, err = sized(out, mark); err != nil {
			return nil, 0, err
		}
		if w.readsSize && (!w.growsMemory || size > sbrkSize) && w.sizeReader < 0 {
			w.sizeReader = int64(fn)
		}
	}
	return out, n, nil
}

// codeSection writes the code section: the bodies codeBodies rewrote, then
// the stack's wrappers.
func (w *rewriter) codeSection(out []byte, r *reader) ([]byte, error) {
	r.pos = len(r.b) // read by codeBodies
	var wrappers [][]byte
	if w.stack != nil {
		for _, e := range w.stack.entries {
			wrappers = append(wrappers, w.stack.wrapper(w.function(e.fn)))
		}
	}
	out = appendU32(out, w.codeCount+uint32(len(wrappers)))
	out = append(out, w.code...)
	for _, b := range wrappers {
		out = append(appendU32(out, uint32(len(b))), b...)
	}
	return out, nil
}

// body rewrites one function body: its locals, copied, and its code.
func (w *rewriter) body(out []byte, r *reader) ([]byte, error) {
	n, err := r.u32()
	if err != nil {
		return nil, err
	}
	for i := uint32(0); i < n; i++ {
		if err := r.leb(5); err != nil {
			return nil, err
		}
		if err := r.valType(); err != nil {
			return nil, err
		}
	}
	if out, err = w.expr(out, r, 0); err != nil {
		return nil, err
	}
	if r.pos != len(r.b) {
		return nil, r.errorf("%d bytes after the end of the body", len(r.b)-r.pos)
	}
	return out, nil
}
