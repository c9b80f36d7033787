package instrument

// Subsections of the name section (the extended name section proposal adds
// ids 3 to 11) that name functions or globals.
const (
	namesFunctions = 1 // function index -> name
	namesLocals    = 2 // function index -> (local index -> name)
	namesLabels    = 3 // function index -> (label index -> name)
	namesGlobals   = 7 // global index -> name
)

// Names given to what Instrument adds, in the name section.
const (
	checkDebugName     = CheckModule + "." + CheckName
	countdownDebugName = CheckModule + ".countdown"
)

// names appends the name section read at r with function indices renumbered
// and names for the check import and the countdown global added (when the
// module names functions, or globals). Other subsections are copied.
//
// A name section that does not decode is dropped rather than copied: its
// function names would now be off by one, and engines ignore the section
// anyway when it does not decode.
func (m *module) names(out []byte, r *reader, w *rewriter) ([]byte, error) {
	before := len(out)
	out, err := w.nameSection(out, r, m.globals)
	if err != nil {
		return out[:before], nil
	}
	return out, nil
}

func (w *rewriter) nameSection(out []byte, r *reader, countdown uint32) ([]byte, error) {
	out = append(out, secCustom)
	out, mark := reserve(out)
	if _, err := r.name(); err != nil { // "name"
		return out, err
	}
	out = appendName(out, "name")
	for r.pos < len(r.b) {
		id, err := r.byte()
		if err != nil {
			return out, err
		}
		size, err := r.u32()
		if err != nil {
			return out, err
		}
		start := r.pos
		if err := r.skip(int(size)); err != nil {
			return out, err
		}
		sub := &reader{b: r.b[start:r.pos], base: r.base + start}
		out = append(out, id)
		var at int
		out, at = reserve(out)
		switch id {
		case namesFunctions:
			out, err = w.functionNames(out, sub)
		case namesLocals, namesLabels:
			out, err = w.indirectNames(out, sub)
		case namesGlobals:
			out, err = vecPlus(out, sub, func(out []byte) []byte {
				return appendName(appendU32(out, countdown), countdownDebugName)
			})
		default:
			out = append(out, sub.b...)
			sub.pos = len(sub.b)
		}
		if err == nil && sub.pos != len(sub.b) {
			err = sub.errorf("%d bytes after the last name", len(sub.b)-sub.pos)
		}
		if err == nil {
			out, err = sized(out, at)
		}
		if err != nil {
			return out, err
		}
	}
	return sized(out, mark)
}

// functionNames copies a name map of function indices, renumbered, with the
// check import's name inserted in index order.
func (w *rewriter) functionNames(out []byte, r *reader) ([]byte, error) {
	n, err := r.u32()
	if err != nil {
		return out, err
	}
	extra := uint32(1)
	if w.stack != nil {
		extra += uint32(len(w.stack.entries))
	}
	out = appendU32(out, n+extra)
	added := false
	for i := uint32(0); i < n; i++ {
		f, err := r.u32()
		if err != nil {
			return out, err
		}
		name, err := r.name()
		if err != nil {
			return out, err
		}
		if !added && f >= w.imports {
			out = appendName(appendU32(out, w.imports), checkDebugName)
			added = true
		}
		out = appendU32(out, w.function(f))
		out = append(appendU32(out, uint32(len(name))), name...)
	}
	if !added {
		out = appendName(appendU32(out, w.imports), checkDebugName)
	}
	if w.stack != nil {
		for k, e := range w.stack.entries {
			out = appendName(appendU32(out, w.wrappers+uint32(k)), wrapperName(e.name))
		}
	}
	return out, nil
}

// indirectNames copies a map from function indices, renumbered, to name maps
// (of locals or labels), copied.
func (w *rewriter) indirectNames(out []byte, r *reader) ([]byte, error) {
	n, err := r.u32()
	if err != nil {
		return out, err
	}
	out = appendU32(out, n)
	for i := uint32(0); i < n; i++ {
		f, err := r.u32()
		if err != nil {
			return out, err
		}
		out = appendU32(out, w.function(f))
		start := r.pos
		m, err := r.u32()
		if err != nil {
			return out, err
		}
		for j := uint32(0); j < m; j++ {
			if err := r.leb(5); err != nil {
				return out, err
			}
			if _, err := r.name(); err != nil {
				return out, err
			}
		}
		out = append(out, r.b[start:r.pos]...)
	}
	return out, nil
}
