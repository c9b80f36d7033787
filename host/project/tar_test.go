package project

import (
	"archive/tar"
	"bytes"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/wasmrun/wasmrun/kernel/vfs/memfs"
)

func TestWriteTarStreamsTheSelection(t *testing.T) {
	root := makeProject(t, map[string]string{
		"src/a.js": "hello", "lib": "-> src", "run": "#!/bin/sh\n", "x.log": "", ".gitignore": "*.log\n",
	})
	chmod(t, root, "run", os.ModeSetuid|0o755)
	m := scan(t, root, Options{})
	var buf bytes.Buffer
	if err := WriteTar(m, &buf); err != nil {
		t.Fatal(err)
	}
	var got []string
	tr := tar.NewReader(&buf)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if h.Uid != 0 || h.Gid != 0 || h.Uname != "" || h.Gname != "" {
			t.Errorf("%s: owner %d:%d %q:%q, want none", h.Name, h.Uid, h.Gid, h.Uname, h.Gname)
		}
		if h.ModTime.Nanosecond() != 0 {
			t.Errorf("%s: ModTime %v, want whole seconds", h.Name, h.ModTime)
		}
		body, _ := io.ReadAll(tr)
		got = append(got, fmt.Sprintf("%c %s %o %q %q", h.Typeflag, h.Name, h.Mode, h.Linkname, body))
	}
	want := []string{
		`0 .gitignore 644 "" "*.log\n"`,
		`2 lib 777 "src" ""`,
		`0 run 4755 "" "#!/bin/sh\n"`,
		`5 src/ 755 "" ""`,
		`0 src/a.js 644 "" "hello"`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("stream:\n got %q\nwant %q", got, want)
	}
}

func TestWriteTarSkipsWhatChangedSinceScan(t *testing.T) {
	root := makeProject(t, map[string]string{"a": "1", "b": "2", "c": "3"})
	m := scan(t, root, Options{MaxFileSize: 4})
	if err := os.WriteFile(filepath.Join(root, "b"), []byte("12345"), 0o644); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteTar(m, &buf); err != nil {
		t.Fatal(err)
	}
	dst := memfs.New(memfs.Options{})
	if _, err := ReadTar(&buf, dst, Options{}); err != nil {
		t.Fatal(err)
	}
	want := []Skip{{"b", "file is 5 B, over the 4 B per-file limit, raise with --max-file-size"}}
	if !slices.Equal(names(t, dst), []string{"a", "c"}) || !slices.Equal(m.Skipped, want) {
		t.Errorf("dst holds %q, skipped %q; want [a c], %q", names(t, dst), m.Skipped, want)
	}
}

// failingWriter fails after n bytes.
type failingWriter struct{ n int }

func (w *failingWriter) Write(p []byte) (int, error) {
	if len(p) > w.n {
		return 0, errors.New("connection reset")
	}
	w.n -= len(p)
	return len(p), nil
}

func TestWriteTarReportsAFailingWriter(t *testing.T) {
	m := scan(t, makeProject(t, map[string]string{"a": strings.Repeat("x", 10000)}), Options{})
	err := WriteTar(m, &failingWriter{n: 1024})
	if err == nil || !strings.Contains(err.Error(), "project: write tar: a: connection reset") {
		t.Errorf("err = %v, want the writer's error, naming a", err)
	}
}

// TestRoundTrip checks that the browser's way (WriteTar, then ReadTar in the
// kernel) gives the VM what the headless way (CopyTo) does.
func TestRoundTrip(t *testing.T) {
	big := make([]byte, 3<<20)
	rand.Read(big)
	long := strings.Repeat("long-directory-name/", 8) + "file-with-a-name-past-ustar's-100-bytes.js"
	root := makeProject(t, map[string]string{
		".gitignore":            "node_modules/\n*.log\n.env\ndist/\n",
		".wasmrunignore":        "!dist/\n",
		".env":                  "SECRET=1\n",
		"debug.log":             "left out",
		"package.json":          `{"main": "dist/index.js"}`,
		"dist/index.js":         "require('./lib')",
		"dist/lib":              "-> ../src/lib",
		"src/lib/index.js":      "module.exports = 1",
		"src/lib/self":          "-> .",
		"src/empty":             "",
		"src/big.bin":           string(big),
		"node_modules/.bin/x":   "-> ../x/cli.js",
		"node_modules/x/cli.js": "#!/usr/bin/env node\n",
		"données/été.txt":       "unicode names",
		long:                    "deep",
		"private/":              "",
		"out":                   "-> /etc",
	})
	chmod(t, root, "node_modules/x/cli.js", 0o755)
	chmod(t, root, "private", 0o700)
	chmod(t, root, "src/empty", 0o600)
	chmod(t, root, "src/lib/index.js", os.ModeSetuid|os.ModeSetgid|0o755)

	copied := memfs.New(memfs.Options{})
	headless := scan(t, root, Options{})
	if err := CopyTo(headless, copied); err != nil {
		t.Fatal(err)
	}

	browser := scan(t, root, Options{})
	pr, pw := io.Pipe()
	go func() { pw.CloseWithError(WriteTar(browser, pw)) }()
	received := memfs.New(memfs.Options{})
	got, err := ReadTar(pr, received, Options{})
	if err != nil {
		t.Fatal(err)
	}

	want := dump(t, copied, time.Second)
	if have := dump(t, received, time.Second); !slices.Equal(have, want) {
		t.Errorf("ReadTar wrote:\n%s\nCopyTo wrote:\n%s", strings.Join(have, "\n"), strings.Join(want, "\n"))
	}
	if !slices.Equal(listing(got), listing(headless)) || got.Bytes != headless.Bytes {
		t.Errorf("ReadTar's manifest lists %q (%d bytes), CopyTo's %q (%d bytes)", listing(got), got.Bytes, listing(headless), headless.Bytes)
	}
	for _, name := range []string{".env", "dist/lib", "node_modules/.bin/x", long, "données/été.txt", "src/big.bin"} {
		if !slices.Contains(names(t, received), name) {
			t.Errorf("%s is missing", name)
		}
	}
	wantSkipped := []Skip{{"out", reasonLinkLeaves}}
	if !slices.Equal(browser.Skipped, wantSkipped) || !slices.Equal(headless.Skipped, wantSkipped) {
		t.Errorf("skipped %q and %q, want %q", browser.Skipped, headless.Skipped, wantSkipped)
	}
}
