package wasi

import (
	"fmt"
	"strings"
)

//go:generate go run ./docgen -o ../docs/wasi.md

// Markdown renders the function table as the compatibility document.
func Markdown() string {
	var b strings.Builder
	counts := map[Support]int{}
	for _, f := range Functions {
		counts[f.Support]++
	}
	b.WriteString("# WASI preview1 in wasmrun\n\n")
	b.WriteString("<!-- Generated from wasi/table.go by go generate ./wasi; DO NOT EDIT. -->\n\n")
	fmt.Fprintf(&b, "All %d functions of `wasi_snapshot_preview1`: %d supported, %d partial, %d unsupported. ",
		len(Functions), counts[Supported], counts[Partial], counts[Unsupported])
	b.WriteString("A function that cannot do what was asked returns an honest errno, never a fake success. ")
	b.WriteString("The same table feeds the Kernel panel of `wasmrun os`.\n\n")
	b.WriteString("| function | support | note |\n|---|---|---|\n")
	for _, f := range Functions {
		note := f.Note
		if note == "" {
			note = "as specified"
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s |\n", f.Signature(), f.Support, strings.ReplaceAll(note, "|", "\\|"))
	}
	return b.String()
}
