// Package abi holds the constants and memory layouts of WASI preview1
// (wasi_snapshot_preview1), named as the specification names them:
// errnos, rights, flags, event and subscription types, and the byte layouts
// of the structures that cross guest memory.
//
// It has no dependencies, so the kernel, the syscall layer and the engine
// bindings can all share it.
//
// Specification: https://github.com/WebAssembly/WASI/blob/snapshot-01/phases/snapshot/docs.md
package abi
