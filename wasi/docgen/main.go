// Command docgen writes docs/wasi.md, the compatibility table of WASI
// preview1, from the wasi package's function table.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/wasmrun/wasmrun/wasi"
)

func main() {
	out := flag.String("o", "", "output file (default: stdout)")
	flag.Parse()
	doc := wasi.Markdown()
	if *out == "" {
		fmt.Print(doc)
		return
	}
	if err := os.WriteFile(*out, []byte(doc), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
