package instrument

import (
	"errors"
	"fmt"
)

// The function Instrument imports, of type () -> (). Its host implementation
// decides whether the guest goes on: it returns to let it, or unwinds it (in
// wazero, by panicking with a *sys.ExitError).
const (
	CheckModule = "wasmrun"
	CheckName   = "check"
)

// Version identifies the rewrite. It changes whenever Instrument's output for
// the same input and Options changes, so that a cache of instrumented modules
// keyed by the input's hash, the Options and Version never serves a stale one.
const Version = 3

// DefaultPeriod is the Period of the zero Options.
const DefaultPeriod = 4096

// Options tune the rewrite.
type Options struct {
	// Period is how many loop iterations pass between two calls to the check:
	// one countdown counts the iterations of all the module's loops together
	// (entering a loop counts as an iteration). 0 means DefaultPeriod.
	Period uint32

	// StackSize is the size in bytes, rounded up to whole 64 KiB pages, of
	// the region Instrument gives the C stack of a module linked by LLVM's
	// wasm-ld (see the package documentation): 0 means DefaultStackSize, a
	// negative size (KeepStack) leaves every module's stack where it is.
	StackSize int64
}

// DefaultStackSize is the StackSize of the zero Options.
const DefaultStackSize = 8 << 20

// KeepStack, as Options.StackSize, leaves the stack where the module has it.
const KeepStack = -1

// Stack says what Instrument does with a module's C stack; PlanStack
// returns it. The stack is moved when Size is not 0.
type Stack struct {
	// Pointer is the index of the global that is the stack pointer,
	// __stack_pointer, or -1 if the module has none Instrument can tell.
	Pointer int
	// Evidence says how the stack pointer is known: "name section",
	// "export" or "DWARF frame base".
	Evidence string
	// Top is the stack pointer's initial value, the top of the stack the
	// module was linked with.
	Top uint32
	// Size is the size in bytes of the region the stack moves to, 0 when it
	// stays where it is.
	Size int64
	// Base is where the region starts when memory 0 has its initial size as
	// the entry point starts, as it does unless a start function grows it:
	// the region is appended to the memory, and the stack starts at its top,
	// Base+Size.
	Base uint64
	// Entries are the exports that now reserve the region before they run
	// the module's own: _start, _initialize.
	Entries []string
	// Note says why the stack stays where it is, or why the region is smaller
	// than asked.
	Note string
}

// PlanStack returns what Instrument does with the C stack of wasm under
// opts. A module it leaves alone is no error: the Stack's Note says why. It
// costs what Instrument does, and fails where it does.
func PlanStack(wasm []byte, opts Options) (Stack, error) {
	m, err := parse(wasm)
	if err != nil {
		return Stack{}, err
	}
	if m.hasCheck {
		return Stack{Pointer: -1, Note: "left alone: the module is instrumented already"}, nil
	}
	_, p, err := m.instrument(DefaultPeriod, opts.StackSize)
	if err != nil {
		return Stack{}, err
	}
	return p.Stack, nil
}

// ErrUnsupported is wrapped by the error Instrument returns for a module that
// uses an instruction or type form it does not know (the GC proposal's, for
// one). Such a module can still run, uninstrumented: it just cannot be
// interrupted while it computes.
var ErrUnsupported = errors.New("not supported by the instrumenter")

// Instrument returns a new module made of wasm that imports
// CheckModule.CheckName and calls it every Period loop iterations, and that
// moves its C stack to a region of StackSize bytes of its own when it can
// tell where the stack is (PlanStack says whether it does), as the package
// documentation describes. It does not modify wasm.
//
// A module that already imports the check (see Instrumented) is returned as
// is, the same slice, whatever its period: instrumenting is idempotent.
//
// Errors wrap ErrUnsupported when the module uses an instruction the rewriter
// does not know; any other error means the module is malformed.
func Instrument(wasm []byte, opts Options) ([]byte, error) {
	period := opts.Period
	if period == 0 {
		period = DefaultPeriod
	}
	m, err := parse(wasm)
	if err != nil {
		return nil, err
	}
	if m.hasCheck {
		return wasm, nil
	}
	out, _, err := m.instrument(period, opts.StackSize)
	return out, err
}

// Instrumented reports whether wasm is a module that imports the check
// function, as Instrument's output does. It reports false for bytes that are
// not a module.
func Instrumented(wasm []byte) bool {
	m, err := parse(wasm)
	return err == nil && m.hasCheck
}

func errorf(format string, args ...any) error {
	return fmt.Errorf("instrument: "+format, args...)
}
