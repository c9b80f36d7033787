// Package wasi implements the 46 functions of WASI preview1
// (wasi_snapshot_preview1) over the kernel: each handler decodes its
// arguments from the guest's linear memory, checks descriptor rights, calls
// the kernel, and encodes results and an errno as the specification and
// wasmtime do.
//
// The guest's memory is abstract (Memory), so the same handlers serve the
// native engine (wazero) and the browser (a kernel compiled to GOOS=js whose
// exports the guest imports directly). Neither engine is imported here.
//
// Functions is the one table of every function with its signature, its
// support level and a note; the engine bindings register from it and the
// documentation and the UI's Kernel panel are generated from it.
package wasi
