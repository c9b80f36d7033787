package project

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// mtime is the modification time makeProject gives every entry, so that
// copies can be compared to it.
var mtime = time.Date(2024, 5, 6, 7, 8, 9, 123456789, time.UTC)

// makeProject builds a project in a new temporary directory from spec: a key
// ending in "/" is a directory, a value starting with "-> " makes a symlink
// to the rest, anything else a file with that content. Missing parents are
// created.
func makeProject(t *testing.T, spec map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for _, name := range slices.Sorted(mapKeys(spec)) {
		content := spec[name]
		p := filepath.Join(root, filepath.FromSlash(strings.TrimSuffix(name, "/")))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		var err error
		switch {
		case strings.HasSuffix(name, "/"):
			err = os.MkdirAll(p, 0o755)
		case strings.HasPrefix(content, "-> "):
			err = os.Symlink(strings.TrimPrefix(content, "-> "), p)
		default:
			err = os.WriteFile(p, []byte(content), 0o644)
			if err == nil {
				err = os.Chtimes(p, mtime, mtime)
			}
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	// Directories get mtime too, last, deepest first: what is written into
	// one changes its mtime.
	var dirs []string
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() && p != root {
			dirs = append(dirs, p)
		}
		return err
	})
	for _, d := range slices.Backward(dirs) {
		if err := os.Chtimes(d, mtime, mtime); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func mapKeys(m map[string]string) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// listing words the entries of m as makeProject's spec keys do: "dir/",
// "file", "link -> target".
func listing(m *Manifest) []string {
	var out []string
	for _, f := range m.Files {
		switch {
		case f.Mode.IsDir():
			out = append(out, f.Path+"/")
		case f.Link != "":
			out = append(out, f.Path+" -> "+f.Link)
		default:
			out = append(out, f.Path)
		}
	}
	return out
}

func scan(t *testing.T, root string, opts Options) *Manifest {
	t.Helper()
	m, err := Scan(root, opts)
	if err != nil {
		t.Fatalf("Scan: %v", err)
	}
	return m
}

func chmod(t *testing.T, root, name string, mode fs.FileMode) {
	t.Helper()
	if err := os.Chmod(filepath.Join(root, name), mode); err != nil {
		t.Fatal(err)
	}
}

// hostTime is the modification time of name in root, as dump words it.
func hostTime(t *testing.T, root, name string) string {
	t.Helper()
	info, err := os.Lstat(filepath.Join(root, name))
	if err != nil {
		t.Fatal(err)
	}
	return info.ModTime().UTC().Format(time.RFC3339Nano)
}
