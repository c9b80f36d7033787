//go:build wasip1

// Command guest is the native engine's test guest: argv[1] says what to do.
package main

import (
	"fmt"
	"io"
	"os"
	"strconv"
)

var sink int

func main() {
	switch os.Args[1] {
	case "spin": // compute forever, no syscalls
		fmt.Println("spinning")
		for i := 0; ; i++ {
			sink += i
		}
	case "exit":
		n, _ := strconv.Atoi(os.Args[2])
		os.Exit(n)
	case "stdin": // wait for input that never comes
		fmt.Println("reading")
		io.ReadAll(os.Stdin)
	case "alloc": // grow memory by N MiB
		n, _ := strconv.Atoi(os.Args[2])
		var keep [][]byte
		for i := 0; i < n; i++ {
			b := make([]byte, 1<<20)
			b[0] = 1
			keep = append(keep, b)
		}
		fmt.Println("allocated", len(keep))
	}
}
