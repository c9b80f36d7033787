// Command gen writes the TypeScript twin of package protocol.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/wasmrun/wasmrun/kernel/protocol"
)

func main() {
	out := flag.String("o", "", "output file (default: stdout)")
	flag.Parse()
	src := protocol.TypeScript()
	if *out == "" {
		fmt.Print(src)
		return
	}
	if err := os.WriteFile(*out, []byte(src), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
