package detect

import (
	"errors"
	"fmt"
	"io/fs"
)

// Kind says what went wrong, so that a caller can act on an error without
// parsing its message. NotFound and BadOption mean the command line is wrong
// (usage errors); Ambiguous and NoEntry are fixed by passing a language or an
// entry; the others are about the project itself.
type Kind int

const (
	// NotFound: PATH does not exist.
	NotFound Kind = iota + 1
	// BadOption: Options.Language or Options.Entry is invalid, or Options.Entry
	// was given together with a file PATH.
	BadOption
	// Unsupported: the project or its entry is in a language wasmrun
	// recognises but does not run yet (Go, Rust, C/C++, TypeScript), or the
	// entry is a WebAssembly module, which 'wasmrun exec' runs.
	Unsupported
	// Ambiguous: more than one supported language fits the project.
	Ambiguous
	// NoEntry: nothing to run was found.
	NoEntry
	// BadManifest: package.json is larger than 1 MiB, not valid JSON, or has
	// a "main" or "scripts.start" that is not a string.
	BadManifest
	// Unreadable: the project directory or a file in it could not be read.
	Unreadable
)

var kindNames = map[Kind]string{
	NotFound:    "not found",
	BadOption:   "bad option",
	Unsupported: "unsupported",
	Ambiguous:   "ambiguous",
	NoEntry:     "no entry",
	BadManifest: "bad manifest",
	Unreadable:  "unreadable",
}

func (k Kind) String() string {
	if s, ok := kindNames[k]; ok {
		return s
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Error is the error Detect returns. Its message is one line that says what
// was found and what to do.
type Error struct {
	Kind Kind
	Msg  string
	Err  error // the cause, if there is one (for errors.Is and errors.As)
}

func (e *Error) Error() string { return e.Msg }

func (e *Error) Unwrap() error { return e.Err }

func fail(kind Kind, cause error, format string, args ...any) *Error {
	return &Error{Kind: kind, Msg: fmt.Sprintf(format, args...), Err: cause}
}

// reason is err without the operation and path that *fs.PathError adds,
// which the messages built here already say in their own words.
func reason(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
