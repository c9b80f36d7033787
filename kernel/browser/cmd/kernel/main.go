//go:build js

// Command kernel is kernel.wasm: wasmrun's kernel for a browser Web Worker.
package main

import "github.com/wasmrun/wasmrun/kernel/browser"

func main() { browser.Main() }
