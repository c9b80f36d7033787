//go:build js

// Package browser binds the kernel to a browser Web Worker: it is the other
// thin binding (with kernel/native) and the only package that talks to
// JavaScript. Its exports are what the guest imports as
// wasi_snapshot_preview1 (exports_gen.go) plus the worker's control calls
// (control.go); its imports (module "wasmrun_worker", implemented by
// web/src/worker/kernel-host.ts) copy guest memory, wait on the attention
// counter, read stdin and post messages to the page. See docs/browser.md.
package browser
