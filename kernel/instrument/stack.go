package instrument

import (
	"fmt"
	"slices"
	"strings"
)

const (
	pageSize = 1 << 16
	maxPages = 1 << 16 // of a 32-bit memory: 4 GiB

	// minFallbackPages is the smallest region Instrument falls back to when
	// the memory's maximum leaves no room for the size asked: wasm-ld's
	// default stack is one page, and a region of less than 1 MiB is not
	// worth the heap it takes.
	minFallbackPages = 16

	// sbrkSize is the largest body of a function that may read the memory's
	// size, if it grows it too: wasi-libc's sbrk is under 100 bytes.
	sbrkSize = 256
)

// Names that say a module manages its stack bounds in a way relocating the
// stack pointer alone would break: emscripten's stack limits (checked on
// every stack pointer change when built with STACK_OVERFLOW_CHECK, and reset
// from link-time constants by emscripten_stack_init), wasm-ld's bounds when
// exported for a host to read.
var stackBoundNames = []string{
	"__stack_base", "__stack_end", "__stack_low", "__stack_high", "__stack_limit",
	"emscripten_stack_init", "emscripten_stack_set_limits", "emscripten_stack_get_base",
	"emscripten_stack_get_end", "__set_stack_limits",
}

// entryPoints are the exports a WASI host calls first: a command's _start, a
// reactor's _initialize.
var entryPoints = []string{"_start", "_initialize"}

// stackPlan is a Stack and what the rewrite needs to do it.
type stackPlan struct {
	Stack
	sp      uint32       // the stack pointer global
	init    int32        // its initial value
	pages   uint32       // of the region
	entries []stackEntry // exports to point at wrappers, in export order
}

// stackEntry is an entry point export: its wrapper replaces it.
type stackEntry struct {
	name string
	fn   uint32 // the exported function, in the original numbering
}

// active reports whether the plan moves the stack.
func (p *stackPlan) active() bool { return p != nil && p.pages > 0 }

// wrapperName is the name section's name of the wrapper of export name.
func wrapperName(name string) string { return CheckModule + ".stack." + name }

// planStack decides what Instrument does with the stack of m: see Stack.
//
// sizeReader returns the first function that reads the memory's size outside
// an sbrk (a function of at most sbrkSize bytes that grows memory too), and
// its name, or -1. An sbrk reads the size to return the current break. Any
// other reader may be an allocator that takes [__heap_base, memory size) for
// its heap when it starts (TinyGo's does, as did wasi-libc's dlmalloc before
// it used __heap_end): after the region is reserved, that range holds it.
func (m *module) planStack(size int64, sizeReader func() (int64, string)) (*stackPlan, error) {
	p := &stackPlan{Stack: Stack{Pointer: -1}}
	if size < 0 {
		p.Note = "left alone: Options.StackSize is negative"
		return p, nil
	}
	if size == 0 {
		size = DefaultStackSize
	}
	ev, err := m.stackEvidence()
	if err != nil {
		return nil, err
	}
	if ev.bound != "" {
		p.Note = fmt.Sprintf("left alone: the module has %s, stack bounds that would still describe the old stack", ev.bound)
		return p, nil
	}
	if ev.sp < 0 {
		p.Note = "left alone: no __stack_pointer global (named in the name section, exported, or the frame base of LLVM's DWARF)"
		return p, nil
	}
	p.Pointer, p.Evidence = ev.sp, ev.how
	sp := uint32(ev.sp)
	p.sp = sp
	if sp < m.globalImports {
		p.Note = "left alone: the stack pointer is imported (a dynamically linked module)"
		return p, nil
	}
	init, ok, err := m.globalInit(sp)
	if err != nil {
		return nil, err
	}
	if !ok {
		p.Note = "left alone: the stack pointer is not a mutable i32 that starts as a constant"
		return p, nil
	}
	p.init, p.Top = init, uint32(init)

	mem, err := m.memory0()
	if err != nil {
		return nil, err
	}
	switch {
	case !mem.ok:
		p.Note = "left alone: the module has no memory"
		return p, nil
	case mem.flags&^1 != 0:
		p.Note = "left alone: memory 0 is shared, 64-bit or has a custom page size"
		return p, nil
	}

	entries, err := m.entryExports()
	if err != nil {
		return nil, err
	}
	if len(entries) == 0 {
		p.Note = "left alone: no _start or _initialize export of type () -> () to run first"
		return p, nil
	}

	if fn, name := sizeReader(); fn >= 0 {
		if name != "" {
			name = " (" + name + ")"
		}
		p.Note = fmt.Sprintf("left alone: function %d%s reads the memory's size outside an sbrk, as an allocator that takes all memory up to it at start-up does (TinyGo's): it would take the new stack too", fn, name)
		return p, nil
	}

	want := (uint64(size) + pageSize - 1) / pageSize
	limit := uint64(maxPages)
	if mem.flags&1 != 0 && mem.max < limit {
		limit = mem.max
	}
	pages := want
	if mem.min >= limit {
		pages = 0
	} else if room := (limit - mem.min) / 2; pages > room {
		pages = room
		if pages < minFallbackPages {
			p.Note = fmt.Sprintf("left alone: memory 0 may grow by %d pages only, and the stack may take half of that", limit-mem.min)
			return p, nil
		}
		p.Note = fmt.Sprintf("reduced from %d to %d pages: memory 0 may grow by %d pages only, and the stack may take half of that", want, pages, limit-mem.min)
	}
	if pages == 0 {
		p.Note = "left alone: memory 0 cannot grow"
		return p, nil
	}
	p.pages = uint32(pages)
	p.Size = int64(pages) * pageSize
	p.Base = mem.min * pageSize
	p.entries = entries
	for _, e := range entries {
		p.Entries = append(p.Entries, e.name)
	}
	return p, nil
}

// evidence is what the module says about its stack pointer.
type evidence struct {
	sp    int    // global index, -1 if none
	how   string // how it is known
	bound string // a stack bound it has (see stackBoundNames), if any
}

// stackEvidence looks for __stack_pointer in the name section's global
// names and in the exports, and for stack bounds there; failing both, for
// the frame base of LLVM's DWARF.
func (m *module) stackEvidence() (evidence, error) {
	ev := evidence{sp: -1}
	found := func(g uint32, how string) {
		switch {
		case ev.sp < 0:
			ev.sp, ev.how = int(g), how
		case ev.sp != int(g):
			ev.bound = fmt.Sprintf("two globals called __stack_pointer (%d and %d)", ev.sp, g)
		}
	}
	for _, s := range m.sections {
		if s.id != secCustom || s.name != "name" {
			continue
		}
		// A name section that does not decode is evidence of nothing.
		_ = m.eachName(s, namesGlobals, func(g uint32, name string) {
			switch {
			case name == "__stack_pointer":
				found(g, "name section")
			case slices.Contains(stackBoundNames, name):
				ev.bound = fmt.Sprintf("a global named %s", name)
			}
		})
	}
	if err := m.eachExport(func(name string, kind byte, idx uint32) {
		switch {
		case kind == kindGlobal && name == "__stack_pointer":
			found(idx, "export")
		case slices.Contains(stackBoundNames, name):
			ev.bound = fmt.Sprintf("an export named %s", name)
		}
	}); err != nil {
		return ev, err
	}
	if ev.sp >= 0 || ev.bound != "" {
		return ev, nil
	}
	var info, abbrev []byte
	for _, s := range m.sections {
		if s.id != secCustom {
			continue
		}
		switch s.name {
		case ".debug_info":
			info = m.customContent(s)
		case ".debug_abbrev":
			abbrev = m.customContent(s)
		}
	}
	if g, ok := dwarfFrameBase(info, abbrev); ok {
		found(g, "DWARF frame base")
	}
	return ev, nil
}

// customContent returns a custom section's content, after its name.
func (m *module) customContent(s section) []byte {
	r := m.reader(s)
	_, _ = r.name() // parse read it
	return r.b[r.pos:]
}

// eachName calls f with each entry of name map subsection id of name
// section s.
func (m *module) eachName(s section, id byte, f func(idx uint32, name string)) error {
	r := m.reader(s)
	if _, err := r.name(); err != nil {
		return err
	}
	for r.pos < len(r.b) {
		sub, err := r.byte()
		if err != nil {
			return err
		}
		size, err := r.u32()
		if err != nil {
			return err
		}
		start := r.pos
		if err := r.skip(int(size)); err != nil {
			return err
		}
		if sub != id {
			continue
		}
		sr := &reader{b: r.b[start:r.pos], base: r.base + start}
		n, err := sr.u32()
		if err != nil {
			return err
		}
		for i := uint32(0); i < n; i++ {
			idx, err := sr.u32()
			if err != nil {
				return err
			}
			name, err := sr.name()
			if err != nil {
				return err
			}
			f(idx, string(name))
		}
	}
	return nil
}

// eachExport calls f with each export.
func (m *module) eachExport(f func(name string, kind byte, idx uint32)) error {
	for _, s := range m.sections {
		if s.id != secExport {
			continue
		}
		r := m.reader(s)
		n, err := r.u32()
		if err != nil {
			return errorf("export section: %w", err)
		}
		for i := uint32(0); i < n; i++ {
			name, err := r.name()
			if err != nil {
				return errorf("export section: %w", err)
			}
			kind, err := r.byte()
			if err != nil {
				return errorf("export section: %w", err)
			}
			idx, err := r.u32()
			if err != nil {
				return errorf("export section: %w", err)
			}
			f(string(name), kind, idx)
		}
	}
	return nil
}

// entryExports returns the exports of entry points of type () -> ().
func (m *module) entryExports() ([]stackEntry, error) {
	var entries []stackEntry
	var err error
	if err := m.eachExport(func(name string, kind byte, idx uint32) {
		if kind != kindFunc || !slices.Contains(entryPoints, name) || err != nil {
			return
		}
		var t uint32
		var ok bool
		if t, ok, err = m.funcType(idx); ok && int(t) < len(m.void) && m.void[t] {
			entries = append(entries, stackEntry{name: name, fn: idx})
		}
	}); err != nil {
		return nil, err
	}
	return entries, err
}

// funcType returns the type index of function f.
func (m *module) funcType(f uint32) (uint32, bool, error) {
	want := f
	if f >= m.funcImports {
		want = f - m.funcImports
	}
	for _, s := range m.sections {
		switch {
		case s.id == secImport && f < m.funcImports:
			r := m.reader(s)
			n, err := r.u32()
			if err != nil {
				return 0, false, errorf("import section: %w", err)
			}
			fn := uint32(0)
			for i := uint32(0); i < n; i++ {
				_, _, kind, err := r.importHead()
				if err != nil {
					return 0, false, errorf("import section: %w", err)
				}
				if kind == kindFunc {
					t, err := r.u32()
					if err != nil {
						return 0, false, errorf("import section: %w", err)
					}
					if fn == want {
						return t, true, nil
					}
					fn++
					continue
				}
				if err := skipImport(r, kind); err != nil {
					return 0, false, errorf("import section: %w", err)
				}
			}
		case s.id == secFunction && f >= m.funcImports:
			r := m.reader(s)
			n, err := r.u32()
			if err != nil {
				return 0, false, errorf("function section: %w", err)
			}
			for i := uint32(0); i < n; i++ {
				t, err := r.u32()
				if err != nil {
					return 0, false, errorf("function section: %w", err)
				}
				if i == want {
					return t, true, nil
				}
			}
		}
	}
	return 0, false, nil
}

// skipImport skips the description of an import of kind other than a
// function.
func skipImport(r *reader, kind byte) error {
	switch kind {
	case kindTable:
		if err := r.valType(); err != nil {
			return err
		}
		return r.limits()
	case kindMemory:
		return r.limits()
	case kindGlobal:
		if err := r.valType(); err != nil {
			return err
		}
		return r.skip(1)
	case kindTag:
		if err := r.skip(1); err != nil {
			return err
		}
		return r.leb(5)
	}
	return r.errorf("unknown import kind %#x", kind)
}

// globalInit returns the initial value of defined global g if it is a
// mutable i32 whose initializer is a constant.
func (m *module) globalInit(g uint32) (int32, bool, error) {
	for _, s := range m.sections {
		if s.id != secGlobal {
			continue
		}
		r := m.reader(s)
		n, err := r.u32()
		if err != nil {
			return 0, false, errorf("global section: %w", err)
		}
		for i := uint32(0); i < n; i++ {
			start := r.pos
			if err := r.valType(); err != nil {
				return 0, false, errorf("global section: %w", err)
			}
			if err := r.skip(1); err != nil {
				return 0, false, errorf("global section: %w", err)
			}
			typ := r.b[start : r.pos-1]
			mut := r.b[r.pos-1]
			init := r.pos
			if err := skipExpr(r); err != nil {
				return 0, false, errorf("global section: global %d: %w", m.globalImports+i, err)
			}
			if m.globalImports+i != g {
				continue
			}
			if len(typ) != 1 || typ[0] != 0x7f || mut != 0x01 || r.b[init] != 0x41 {
				return 0, false, nil
			}
			ir := &reader{b: r.b[:r.pos], pos: init + 1}
			v, err := ir.s32()
			if err != nil || ir.pos != r.pos-1 { // i32.const v, end
				return 0, false, nil
			}
			return v, true, nil
		}
	}
	return 0, false, nil
}

// skipExpr skips a constant expression up to and including its end.
func skipExpr(r *reader) error {
	depth := 0
	for {
		kind, err := r.instr()
		if err != nil {
			return err
		}
		switch kind {
		case immBlock, immLoop, immTryTable:
			depth++
		case immEnd:
			if depth == 0 {
				return nil
			}
			depth--
		case immDelegate:
			depth--
		}
	}
}

// memType is the type of memory 0.
type memType struct {
	ok       bool // the module has a memory
	flags    byte
	min, max uint64
}

// memory0 returns the type of memory 0: the first imported memory, or the
// first defined one.
func (m *module) memory0() (memType, error) {
	for _, s := range m.sections {
		switch s.id {
		case secImport:
			r := m.reader(s)
			n, err := r.u32()
			if err != nil {
				return memType{}, errorf("import section: %w", err)
			}
			for i := uint32(0); i < n; i++ {
				_, _, kind, err := r.importHead()
				if err != nil {
					return memType{}, errorf("import section: %w", err)
				}
				if kind == kindMemory {
					return readLimits(r)
				}
				if kind == kindFunc {
					err = r.leb(5)
				} else {
					err = skipImport(r, kind)
				}
				if err != nil {
					return memType{}, errorf("import section: %w", err)
				}
			}
		case secMemory:
			r := m.reader(s)
			n, err := r.u32()
			if err != nil {
				return memType{}, errorf("memory section: %w", err)
			}
			if n > 0 {
				return readLimits(r)
			}
		}
	}
	return memType{}, nil
}

func readLimits(r *reader) (memType, error) {
	t := memType{ok: true}
	var err error
	if t.flags, err = r.byte(); err != nil {
		return t, errorf("memory limits: %w", err)
	}
	if t.flags&^1 != 0 {
		return t, nil // not a 32-bit unshared memory of 64 KiB pages: not read further
	}
	v, err := r.u32()
	if err != nil {
		return t, errorf("memory limits: %w", err)
	}
	t.min = uint64(v)
	if t.flags&1 != 0 {
		if v, err = r.u32(); err != nil {
			return t, errorf("memory limits: %w", err)
		}
		t.max = uint64(v)
	}
	return t, nil
}

// funcName returns the name section's name of function f, if any.
func (m *module) funcName(f uint32) string {
	var name string
	for _, s := range m.sections {
		if s.id == secCustom && s.name == "name" {
			_ = m.eachName(s, namesFunctions, func(idx uint32, n string) {
				if idx == f {
					name = n
				}
			})
		}
	}
	return name
}

// wrapper is the body of the function that replaces entry point export fn
// (in the instrumented numbering): it reserves the region and moves the
// stack pointer to its top, unless the stack pointer has moved from its
// initial value already (the stack is in use, or another entry point moved
// it) or the memory cannot grow, then calls fn.
//
//	(local $old i32)
//	block
//	  global.get $sp  i32.const INIT  i32.ne  br_if 0
//	  memory.size  i32.const 65536-PAGES  i32.ge_u  br_if 0   ;; it would end at 4 GiB
//	  i32.const PAGES  memory.grow  local.tee $old  i32.const -1  i32.eq  br_if 0
//	  local.get $old  i32.const PAGES  i32.add  i32.const 16  i32.shl  global.set $sp
//	end
//	call fn
func (p *stackPlan) wrapper(fn uint32) []byte {
	b := []byte{0x01, 0x01, i32Type, 0x02, 0x40}
	b = appendU32(append(b, 0x23), p.sp)
	b = appendS32(append(b, 0x41), p.init)
	b = append(b, 0x47, 0x0d, 0x00, 0x3f, 0x00)
	b = appendS32(append(b, 0x41), int32(maxPages-p.pages))
	b = append(b, 0x4f, 0x0d, 0x00)
	b = appendS32(append(b, 0x41), int32(p.pages))
	b = append(b, 0x40, 0x00, 0x22, 0x00, 0x41, 0x7f, 0x46, 0x0d, 0x00, 0x20, 0x00)
	b = appendS32(append(b, 0x41), int32(p.pages))
	b = append(b, 0x6a, 0x41, 0x10, 0x74)
	b = appendU32(append(b, 0x24), p.sp)
	b = appendU32(append(b, 0x0b, 0x10), fn)
	return append(b, 0x0b)
}

const i32Type = 0x7f

// String describes the plan in a line.
func (s Stack) String() string {
	var b strings.Builder
	if s.Pointer < 0 {
		return "stack: " + s.Note
	}
	fmt.Fprintf(&b, "stack: __stack_pointer is global %d (%s)", s.Pointer, s.Evidence)
	if s.Top != 0 {
		fmt.Fprintf(&b, ", initially %d", s.Top)
	}
	if s.Size > 0 {
		fmt.Fprintf(&b, "; moved to a region of %d bytes that %s reserves, [%d, %d) at the initial memory size",
			s.Size, strings.Join(s.Entries, " or "), s.Base, s.Base+uint64(s.Size))
	}
	if s.Note != "" {
		b.WriteString("; " + s.Note)
	}
	return b.String()
}
