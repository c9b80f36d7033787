package project

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/hack-pad/hackpadfs"

	"github.com/wasmrun/wasmrun/kernel/vfs/memfs"
)

func TestCopyToWritesTheSelection(t *testing.T) {
	root := makeProject(t, map[string]string{
		"bin/run": "#!/bin/sh\n", "private/key": "k", "src/a.js": "a", "lib": "-> src", "dangling": "-> nowhere",
		".gitignore": "*.log\n", "x.log": "",
	})
	chmod(t, root, "bin/run", 0o755)
	chmod(t, root, "private/key", 0o600)
	chmod(t, root, "private", 0o700)
	m := scan(t, root, Options{})
	dst := memfs.New(memfs.Options{})
	if err := CopyTo(m, dst); err != nil {
		t.Fatal(err)
	}
	want := []string{
		".gitignore -rw-r--r-- " + hostTime(t, root, ".gitignore") + ` "*.log\n"`,
		"bin drwxr-xr-x " + hostTime(t, root, "bin"),
		"bin/run -rwxr-xr-x " + hostTime(t, root, "bin/run") + ` "#!/bin/sh\n"`,
		"dangling Lrwxrwxrwx " + hostTime(t, root, "dangling") + " -> nowhere",
		"lib Lrwxrwxrwx " + hostTime(t, root, "lib") + " -> src",
		"private drwx------ " + hostTime(t, root, "private"),
		"private/key -rw------- " + hostTime(t, root, "private/key") + ` "k"`,
		"src drwxr-xr-x " + hostTime(t, root, "src"),
		"src/a.js -rw-r--r-- " + hostTime(t, root, "src/a.js") + ` "a"`,
	}
	if got := dump(t, dst, time.Nanosecond); !slices.Equal(got, want) {
		t.Errorf("dst:\n got %q\nwant %q", got, want)
	}
	if len(m.Skipped) != 0 || m.Bytes != 18 {
		t.Errorf("manifest after copy: Skipped %q, Bytes %d", m.Skipped, m.Bytes)
	}
}

func TestCopyToSkipsWhatChangedSinceScan(t *testing.T) {
	tests := []struct {
		name    string
		opts    Options
		change  func(root string) error
		want    []string // listing of m after the copy, and names in dst
		skipped []Skip
	}{
		{
			name: "a file that grew within the limits is copied as it is now",
			change: func(root string) error {
				return os.WriteFile(filepath.Join(root, "b"), []byte("grown"), 0o644)
			},
			want: []string{"a", "b", "c"},
		},
		{
			name: "a file that grew past MaxFileSize is skipped, not cut",
			opts: Options{MaxFileSize: 4},
			change: func(root string) error {
				return os.WriteFile(filepath.Join(root, "b"), []byte("12345"), 0o644)
			},
			want:    []string{"a", "c"},
			skipped: []Skip{{"b", "file is 5 B, over the 4 B per-file limit, raise with --max-file-size"}},
		},
		{
			name: "past MaxBytes the rest is skipped",
			opts: Options{MaxBytes: 4},
			change: func(root string) error {
				return os.WriteFile(filepath.Join(root, "b"), []byte("1234"), 0o644)
			},
			want: []string{"a"},
			skipped: []Skip{
				{"b", "size limit (4 B) reached, raise with --max-bytes"},
				{"c", "size limit (4 B) reached, raise with --max-bytes"},
			},
		},
		{
			name:    "a file that is gone is skipped with the error",
			change:  func(root string) error { return os.Remove(filepath.Join(root, "b")) },
			want:    []string{"a", "c"},
			skipped: []Skip{{"b", syscall.ENOENT.Error()}},
		},
		{
			name: "a file that became a directory is skipped",
			change: func(root string) error {
				os.Remove(filepath.Join(root, "b"))
				return os.Mkdir(filepath.Join(root, "b"), 0o755)
			},
			want:    []string{"a", "c"},
			skipped: []Skip{{"b", "no longer a regular file"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := makeProject(t, map[string]string{"a": "1", "b": "2", "c": "3"})
			m := scan(t, root, tt.opts)
			if err := tt.change(root); err != nil {
				t.Fatal(err)
			}
			dst := memfs.New(memfs.Options{})
			if err := CopyTo(m, dst); err != nil {
				t.Fatal(err)
			}
			if got := listing(m); !slices.Equal(got, tt.want) {
				t.Errorf("manifest lists %q, want %q", got, tt.want)
			}
			if got := names(t, dst); !slices.Equal(got, tt.want) {
				t.Errorf("dst holds %q, want %q", got, tt.want)
			}
			if !slices.Equal(m.Skipped, tt.skipped) {
				t.Errorf("Skipped:\n got %q\nwant %q", m.Skipped, tt.skipped)
			}
			var sum int64
			for _, f := range m.Files {
				sum += f.Size
			}
			if used, _ := dst.Usage(); m.Bytes != sum || used != sum {
				t.Errorf("Bytes = %d, files sum to %d, dst holds %d", m.Bytes, sum, used)
			}
		})
	}
}

func TestCopyToStopsWhenTheDestinationIsFull(t *testing.T) {
	root := makeProject(t, map[string]string{"a": "12345678", "b": "12345678", "c": ""})
	m := scan(t, root, Options{})
	err := CopyTo(m, memfs.New(memfs.Options{MaxBytes: 10}))
	if !errors.Is(err, syscall.ENOSPC) || !strings.Contains(err.Error(), "project: copy b: the VM's file system is full") || !strings.Contains(err.Error(), "--max-fs") {
		t.Errorf("err = %v, want ENOSPC naming b and --max-fs", err)
	}
	if len(m.Files) != 3 {
		t.Errorf("manifest changed on error: %q", listing(m))
	}
}

func TestCopyToDoesNotOverwrite(t *testing.T) {
	m := scan(t, makeProject(t, map[string]string{"a": "new", "d/": ""}), Options{})
	dst := memfs.New(memfs.Options{})
	if err := hackpadfs.WriteFullFile(dst, "a", []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := CopyTo(m, dst); !errors.Is(err, fs.ErrExist) {
		t.Errorf("err = %v, want it to say a exists", err)
	}
	if data, _ := fs.ReadFile(dst, "a"); string(data) != "old" {
		t.Errorf("a = %q, want it untouched", data)
	}
}

// noSymlinks is a memfs without its SymlinkFS side.
type noSymlinks struct{ fs *memfs.FS }

func (n noSymlinks) Open(name string) (fs.File, error) { return n.fs.Open(name) }
func (n noSymlinks) OpenFile(name string, flag int, perm fs.FileMode) (hackpadfs.File, error) {
	return n.fs.OpenFile(name, flag, perm)
}
func (n noSymlinks) Mkdir(name string, perm fs.FileMode) error { return n.fs.Mkdir(name, perm) }
func (n noSymlinks) Chmod(name string, mode fs.FileMode) error { return n.fs.Chmod(name, mode) }
func (n noSymlinks) Lstat(name string) (fs.FileInfo, error)    { return n.fs.Lstat(name) }
func (n noSymlinks) Chtimes(name string, a, m time.Time) error { return n.fs.Chtimes(name, a, m) }

func TestCopyToSkipsSymlinksTheDestinationLacks(t *testing.T) {
	m := scan(t, makeProject(t, map[string]string{"a": "", "l": "-> a"}), Options{})
	dst := memfs.New(memfs.Options{})
	if err := CopyTo(m, noSymlinks{dst}); err != nil {
		t.Fatal(err)
	}
	want := []Skip{{"l", "the destination file system has no symlinks"}}
	if !slices.Equal(m.Skipped, want) || !slices.Equal(names(t, dst), []string{"a"}) {
		t.Errorf("Skipped %q, dst holds %q; want skipped %q, dst [a]", m.Skipped, names(t, dst), want)
	}
}
