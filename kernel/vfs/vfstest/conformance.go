package vfstest

import (
	"strings"
	"testing"

	"github.com/hack-pad/hackpadfs/fstest"
)

// posixOverGo lists the fstest cases that assert Go's os.Rename rather than
// POSIX rename(2). os.Rename refuses any existing directory as the new name
// (EEXIST), so fstest expects that; POSIX, Linux and the WASI test suite
// want a directory renamed onto itself to succeed as a no-op and a directory
// to replace an empty one. Our rename table checks both.
var posixOverGo = []string{
	"/fs.Rename/same_directory",
	"/fs.Rename/newpath_is_directory",
}

// Conformance runs hackpadfs's own FS and File suites against newFS,
// skipping only the cases in posixOverGo.
func Conformance(t *testing.T, name string, newFS NewFS) {
	opts := fstest.FSOptions{
		Name: name,
		TestFS: func(tb testing.TB) fstest.SetupFS {
			return newFS(tb)
		},
		ShouldSkip: func(f fstest.Facets) bool {
			for _, s := range posixOverGo {
				if strings.HasSuffix(f.Name, s) {
					return true
				}
			}
			return false
		},
	}
	for _, data := range []fstest.TestData{fstest.FS(t, opts), fstest.File(t, opts)} {
		if len(data.Skips) > len(posixOverGo) {
			t.Errorf("fstest skipped %d cases, want only %v: %v", len(data.Skips), posixOverGo, data.Skips)
		}
	}
}
