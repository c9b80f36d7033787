// Package kernel is wasmrun's micro-kernel: the process table, per-process
// file descriptor tables over the VFS, the stdio streams, the clocks, the
// event notifier every blocking wait goes through, and the structured log
// bus. It is portable Go: the same code runs natively under wazero and in the
// browser compiled to GOOS=js, so it imports neither; the engine bindings
// (kernel/native, and the browser binding) are the only code that does.
//
// Ownership runs one way: Kernel -> Process -> FDTable -> open File -> VFS.
// A syscall handler receives the calling Process and never reaches for
// globals.
package kernel
