// Command wasmrun runs a project's code inside wasmrun's WebAssembly
// micro-kernel: headless in a terminal (wasmrun run, wasmrun exec) or in the
// browser with a development UI (wasmrun os).
package main

import (
	"os"

	"github.com/wasmrun/wasmrun/host/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
