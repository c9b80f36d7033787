// Command escape is a WASI guest (GOOS=wasip1) that tries to reach host
// files: the escape tests run it under `wasmrun exec` and check that no host
// file outside the mounts ever shows in what it prints.
//
//	escape read PATH...       print each file's content, or the error
//	escape walk DIR           print every path under DIR, following nothing
//	escape loop N PATH...     open each path N times; print each distinct
//	                          outcome with its count
package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: escape read|walk|loop ...")
		os.Exit(2)
	}
	args := os.Args[2:]
	switch os.Args[1] {
	case "read":
		for _, p := range args {
			fmt.Printf("%s: %s\n", p, outcome(p))
		}
	case "walk":
		filepath.WalkDir(args[0], func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				fmt.Printf("%s: error %v\n", p, err)
				return nil
			}
			fmt.Println(p)
			return nil
		})
	case "loop":
		n, _ := strconv.Atoi(args[0])
		seen := map[string]int{}
		for i := 0; i < n; i++ {
			for _, p := range args[1:] {
				seen[p+": "+outcome(p)]++
			}
		}
		var keys []string
		for k := range seen {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Printf("%s (x%d)\n", k, seen[k])
		}
	}
}

// outcome reads path: its content, or the error with the path left out.
func outcome(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		if pe, ok := err.(*fs.PathError); ok {
			err = pe.Err
		}
		return "error " + err.Error()
	}
	return strconv.Quote(string(b))
}
