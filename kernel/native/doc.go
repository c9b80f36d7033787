// Package native runs kernel processes natively on wazero. It is one of the
// two thin bindings that import an engine: it registers the wasi package's
// functions as a host module named wasi_snapshot_preview1 (wazero's own WASI
// is never instantiated), keeps a compilation cache on disk, and turns how a
// guest ends (return, proc_exit, trap, kill, limit) into the process's state.
package native
