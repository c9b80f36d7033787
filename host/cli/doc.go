// Package cli is wasmrun's command line. Commands stay thin: they parse
// flags, call the packages that do the work, and turn every failure into one
// line on stderr and an exit code (2 for usage errors), never a stack trace.
package cli
