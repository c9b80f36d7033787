//go:build js

// Command floor is the least a Go GOOS=js kernel can be: a program whose
// main says so and waits. bench/browser times it in a fresh Worker, served
// as kernel.wasm is, to show what any Go kernel costs before it does any
// work: fetching and compiling Go's runtime, and initialising it.
package main

import "syscall/js"

func main() {
	js.Global().Call("postMessage", map[string]any{"type": "main", "at": js.Global().Get("performance").Call("now").Float() + js.Global().Get("performance").Get("timeOrigin").Float()})
	select {}
}
