package project

import (
	"archive/tar"
	"bytes"
	"errors"
	"io/fs"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/wasmrun/wasmrun/kernel/vfs/memfs"
)

// entry is one tar entry for a crafted stream: a name ending in "/" is a
// directory, link makes a symlink, typ overrides the type.
type entry struct {
	name, body, link string
	typ              byte
}

func tarOf(t *testing.T, entries ...entry) *bytes.Buffer {
	t.Helper()
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, e := range entries {
		h := &tar.Header{Name: e.name, Mode: 0o644, ModTime: mtime, Typeflag: tar.TypeReg, Size: int64(len(e.body))}
		switch {
		case e.typ != 0:
			h.Typeflag, h.Linkname = e.typ, e.link
		case strings.HasSuffix(e.name, "/"):
			h.Typeflag, h.Mode = tar.TypeDir, 0o755
		case e.link != "":
			h.Typeflag, h.Linkname, h.Mode = tar.TypeSymlink, e.link, 0o777
		}
		if h.Typeflag != tar.TypeReg {
			h.Size = 0
		}
		if err := tw.WriteHeader(h); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write([]byte(e.body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	return &buf
}

// names lists the paths in fsys.
func names(t *testing.T, fsys *memfs.FS) []string {
	var out []string
	for _, line := range dump(t, fsys, time.Second) {
		out = append(out, strings.Fields(line)[0])
	}
	return out
}

func TestReadTarWrites(t *testing.T) {
	dst := memfs.New(memfs.Options{})
	stream := tarOf(t,
		entry{name: "src/"},
		entry{name: "src/a.js", body: "hello"},
		entry{name: "lib", link: "src"},
		entry{name: "src/up", link: "../lib/a.js"},
		entry{name: "empty"},
	)
	m, err := ReadTar(stream, dst, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"empty -rw-r--r-- 2024-05-06T07:08:09Z \"\"",
		"lib Lrwxrwxrwx 2024-05-06T07:08:09Z -> src",
		"src drwxr-xr-x 2024-05-06T07:08:09Z",
		"src/a.js -rw-r--r-- 2024-05-06T07:08:09Z \"hello\"",
		"src/up Lrwxrwxrwx 2024-05-06T07:08:09Z -> ../lib/a.js",
	}
	if got := dump(t, dst, time.Second); !slices.Equal(got, want) {
		t.Errorf("dst:\n got %q\nwant %q", got, want)
	}
	if got := listing(m); !slices.Equal(got, []string{"src/", "src/a.js", "lib -> src", "src/up -> ../lib/a.js", "empty"}) {
		t.Errorf("manifest lists %q", got)
	}
	if m.Bytes != 5 || m.Root != "" || len(m.Skipped) != 0 {
		t.Errorf("manifest: Bytes %d, Root %q, Skipped %q", m.Bytes, m.Root, m.Skipped)
	}
}

func TestReadTarRefuses(t *testing.T) {
	tests := []struct {
		name    string
		entries []entry
		is      error    // errors.Is(err, is), if set
		want    string   // in the error
		written []string // what dst holds after
	}{
		{"an absolute name", []entry{{name: "/etc/passwd", body: "x"}}, errEscapes, `"/etc/passwd": escapes the destination: absolute name`, nil},
		{"a name climbing out", []entry{{name: "../x", body: "x"}}, errEscapes, `".." in the name`, nil},
		{"a name climbing out from a directory", []entry{{name: "a/"}, {name: "a/../../x"}}, errEscapes, `".." in the name`, []string{"a"}},
		{"\"..\" even when it stays inside", []entry{{name: "a/"}, {name: "a/../b"}}, errEscapes, `".." in the name`, []string{"a"}},
		{"a name that is not clean", []entry{{name: "./a"}}, errEscapes, "not a clean relative path", nil},
		{"a name with an empty element", []entry{{name: "a/"}, {name: "a//b"}}, errEscapes, "not a clean relative path", []string{"a"}},
		{"the root itself", []entry{{name: "./"}}, errEscapes, "not a clean relative path", nil},
		{
			"a symlink to an absolute path, and what goes through it",
			[]entry{{name: "link", link: "/etc"}, {name: "link/passwd", body: "x"}},
			errEscapes, `"link": escapes the destination: symlink leaves the project (/etc)`, nil,
		},
		{
			"a name through a symlink it created",
			[]entry{{name: "sub/"}, {name: "link", link: "sub"}, {name: "link/passwd", body: "x"}},
			errEscapes, `"link/passwd": escapes the destination: goes through symlink link`, []string{"link", "sub"},
		},
		{
			"a name through a symlink deeper up",
			[]entry{{name: "sub/"}, {name: "link", link: "sub"}, {name: "link/a/b", body: "x"}},
			errEscapes, "goes through symlink link", []string{"link", "sub"},
		},
		{"a symlink climbing out", []entry{{name: "up", link: "../.."}}, errEscapes, "symlink leaves the project (../..)", nil},
		{"a symlink climbing out from a directory", []entry{{name: "a/"}, {name: "a/up", link: "../../etc"}}, errEscapes, "symlink leaves the project", []string{"a"}},
		{"a symlink without a target", []entry{{name: "l", typ: tar.TypeSymlink}}, nil, "symlink without a target", nil},
		{
			"a file over a symlink (it would write through it)",
			[]entry{{name: "link", link: "target"}, {name: "link", body: "x"}},
			fs.ErrExist, `"link": open link`, []string{"link"},
		},
		{"a duplicate file", []entry{{name: "a", body: "1"}, {name: "a", body: "2"}}, fs.ErrExist, `"a": open a`, []string{"a"}},
		{"a directory over a symlink", []entry{{name: "sub/"}, {name: "l", link: "sub"}, {name: "l/"}}, fs.ErrExist, `"l/": mkdir l`, []string{"l", "sub"}},
		{"a file in a directory not sent before it", []entry{{name: "x/y", body: "1"}}, errEscapes, "its directory x is not an earlier entry", nil},
		{"a hard link", []entry{{name: "a", body: "1"}, {name: "b", link: "a", typ: tar.TypeLink}}, nil, "hard link: only directories, regular files and symlinks", []string{"a"}},
		{"a device", []entry{{name: "null", typ: tar.TypeChar}}, nil, "character device: only directories, regular files and symlinks", nil},
		{"a FIFO", []entry{{name: "fifo", typ: tar.TypeFifo}}, nil, "only directories, regular files and symlinks", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dst := memfs.New(memfs.Options{})
			m, err := ReadTar(tarOf(t, tt.entries...), dst, Options{})
			if err == nil {
				t.Fatalf("ReadTar succeeded, wrote %q", names(t, dst))
			}
			if !strings.Contains(err.Error(), tt.want) || tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("err = %v, want it to contain %q and be %v", err, tt.want, tt.is)
			}
			if got := names(t, dst); !slices.Equal(got, tt.written) {
				t.Errorf("dst holds %q, want %q", got, tt.written)
			}
			if len(m.Files) != len(tt.written) {
				t.Errorf("manifest lists %q, dst holds %q", listing(m), tt.written)
			}
		})
	}
}

func TestReadTarEnforcesLimits(t *testing.T) {
	tests := []struct {
		name    string
		limits  Options
		entries []entry
		want    string
		written []string
	}{
		{
			"MaxFiles counts directories and symlinks", Options{MaxFiles: 2},
			[]entry{{name: "a/"}, {name: "a/l", link: "x"}, {name: "b", body: "1"}},
			`project: tar entry "b": file limit (2) reached, raise with --max-files`, []string{"a", "a/l"},
		},
		{
			"MaxBytes", Options{MaxBytes: 10},
			[]entry{{name: "a", body: "123456"}, {name: "b", body: "12345"}},
			`project: tar entry "b": size limit (10 B) reached, raise with --max-bytes`, []string{"a"},
		},
		{
			"MaxFileSize, before any byte is written", Options{MaxFileSize: 5},
			[]entry{{name: "a", body: "12345"}, {name: "b", body: "123456"}},
			`project: tar entry "b": file is 6 B, over the 5 B per-file limit, raise with --max-file-size`, []string{"a"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dst := memfs.New(memfs.Options{})
			_, err := ReadTar(tarOf(t, tt.entries...), dst, tt.limits)
			if err == nil || err.Error() != tt.want {
				t.Errorf("err = %v, want %s", err, tt.want)
			}
			if got := names(t, dst); !slices.Equal(got, tt.written) {
				t.Errorf("dst holds %q, want %q", got, tt.written)
			}
		})
	}
}

func TestReadTarRemovesAFileCutShort(t *testing.T) {
	stream := tarOf(t, entry{name: "a", body: "1"}, entry{name: "b", body: strings.Repeat("x", 4096)})
	cut := bytes.NewReader(stream.Bytes()[:512*3+1000]) // a's header and block, b's header, part of b
	dst := memfs.New(memfs.Options{})
	_, err := ReadTar(cut, dst, Options{})
	if err == nil || !strings.Contains(err.Error(), `tar entry "b"`) {
		t.Errorf("err = %v, want one about b", err)
	}
	if got := names(t, dst); !slices.Equal(got, []string{"a"}) {
		t.Errorf("dst holds %q, want [a]", got)
	}
}
