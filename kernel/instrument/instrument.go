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
const Version = 2

// DefaultPeriod is the Period of the zero Options.
const DefaultPeriod = 4096

// Options tune the rewrite.
type Options struct {
	// Period is how many loop iterations pass between two calls to the check:
	// one countdown counts the iterations of all the module's loops together
	// (entering a loop counts as an iteration). 0 means DefaultPeriod.
	Period uint32
}

// ErrUnsupported is wrapped by the error Instrument returns for a module that
// uses an instruction or type form it does not know (the GC proposal's, for
// one). Such a module can still run, uninstrumented: it just cannot be
// interrupted while it computes.
var ErrUnsupported = errors.New("not supported by the instrumenter")

// Instrument returns a new module made of wasm that imports
// CheckModule.CheckName and calls it every Period loop iterations, as the
// package documentation describes. It does not modify wasm.
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
	return m.instrument(period)
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
