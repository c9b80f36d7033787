package cli

// Tiny WebAssembly modules written byte by byte, for the cases no compiler
// makes on purpose: a reactor, a foreign import, a trap.

// wasmImport is a function import; it takes params i32s and returns nothing.
type wasmImport struct {
	module, name string
	params       int
}

// wasmFunc is a function of no parameters and no results, exported as
// export ("" for none), with body its instructions (without the final end).
type wasmFunc struct {
	export string
	body   []byte
}

// wasmModule assembles a module. Imported functions come first in the
// function index space, so a body calls import i with call i.
func wasmModule(memory bool, imports []wasmImport, funcs []wasmFunc) []byte {
	// Types: n is (i32 × n) -> (), for n from 0 to the most params.
	types := []byte{0x60, 0, 0}
	ntypes := 1
	maxParams := 0
	for _, im := range imports {
		maxParams = max(maxParams, im.params)
	}
	for n := 1; n <= maxParams; n++ {
		types = append(types, 0x60, byte(n))
		for range n {
			types = append(types, 0x7f)
		}
		types = append(types, 0)
		ntypes++
	}
	mod := []byte("\x00asm\x01\x00\x00\x00")
	mod = append(mod, wasmSection(1, wasmVec(ntypes, types))...)
	if len(imports) > 0 {
		var b []byte
		for _, im := range imports {
			b = append(b, wasmName(im.module)...)
			b = append(b, wasmName(im.name)...)
			b = append(b, 0x00, byte(im.params)) // type n takes n i32s
		}
		mod = append(mod, wasmSection(2, wasmVec(len(imports), b))...)
	}
	fn := make([]byte, len(funcs)) // every function has type 0
	mod = append(mod, wasmSection(3, wasmVec(len(funcs), fn))...)
	if memory {
		mod = append(mod, wasmSection(5, wasmVec(1, []byte{0x00, 0x01}))...) // min 1 page
	}
	var exports []byte
	nexports := 0
	if memory {
		exports = append(exports, wasmName("memory")...)
		exports = append(exports, 0x02, 0x00)
		nexports++
	}
	for i, f := range funcs {
		if f.export == "" {
			continue
		}
		exports = append(exports, wasmName(f.export)...)
		exports = append(exports, 0x00, byte(len(imports)+i))
		nexports++
	}
	mod = append(mod, wasmSection(7, wasmVec(nexports, exports))...)
	var code []byte
	for _, f := range funcs {
		body := append([]byte{0x00}, f.body...) // no locals
		body = append(body, 0x0b)
		code = append(code, wasmULEB(len(body))...)
		code = append(code, body...)
	}
	mod = append(mod, wasmSection(10, wasmVec(len(funcs), code))...)
	return mod
}

func wasmSection(id byte, content []byte) []byte {
	return append(append([]byte{id}, wasmULEB(len(content))...), content...)
}

func wasmVec(n int, items []byte) []byte { return append(wasmULEB(n), items...) }

func wasmName(s string) []byte { return append(wasmULEB(len(s)), s...) }

func wasmULEB(n int) []byte {
	var b []byte
	for {
		c := byte(n & 0x7f)
		n >>= 7
		if n != 0 {
			c |= 0x80
		}
		b = append(b, c)
		if n == 0 {
			return b
		}
	}
}

// Instructions.
var (
	opUnreachable = []byte{0x00}
	opNop         = []byte{0x01}
)

// opCallExit calls import 0 (proc_exit) with code.
func opCallExit(code byte) []byte { return []byte{0x41, code & 0x3f, 0x10, 0x00} }

// The modules the tests run.
var (
	wasmExit7 = wasmModule(true,
		[]wasmImport{{"wasi_snapshot_preview1", "proc_exit", 1}},
		[]wasmFunc{{"_start", opCallExit(7)}})
	wasmReturns = wasmModule(true, nil, []wasmFunc{{"_start", opNop}})
	wasmTrap    = wasmModule(true, nil, []wasmFunc{{"_start", opUnreachable}})
	// The trap is two calls deep, in a function of its own.
	wasmNestedTrap = wasmModule(true, nil, []wasmFunc{
		{"_start", []byte{0x10, 0x01}},
		{"", []byte{0x10, 0x02}},
		{"", opUnreachable},
	})
	wasmReactor   = wasmModule(true, nil, []wasmFunc{{"_initialize", opNop}})
	wasmEnvImport = wasmModule(true,
		[]wasmImport{{"env", "foo", 0}},
		[]wasmFunc{{"_start", []byte{0x10, 0x00}}})
	wasmUnknownWASI = wasmModule(true,
		[]wasmImport{{"wasi_snapshot_preview1", "sock_teleport", 0}},
		[]wasmFunc{{"_start", []byte{0x10, 0x00}}})
	wasmNoMemory = wasmModule(false, nil, []wasmFunc{{"_start", opNop}})
	wasmNoStart  = wasmModule(true, nil, []wasmFunc{{"main", opNop}})
)
