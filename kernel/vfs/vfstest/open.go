package vfstest

import (
	"io"
	"io/fs"
	"syscall"
	"testing"

	"github.com/hack-pad/hackpadfs"
)

const (
	rdonly = hackpadfs.FlagReadOnly
	wronly = hackpadfs.FlagWriteOnly
	rdwr   = hackpadfs.FlagReadWrite
	creat  = hackpadfs.FlagCreate
	excl   = hackpadfs.FlagExclusive
	trunc  = hackpadfs.FlagTruncate
	appnd  = hackpadfs.FlagAppend
)

var openBehaviours = []behaviour{
	{"open flags fail with the POSIX errno", func(t *testing.T, fsys FS) {
		build(t, fsys, "d/", "f=data", "dangling->nowhere")
		for _, c := range []struct {
			name string
			flag int
			want syscall.Errno
		}{
			{"missing", rdonly, syscall.ENOENT},
			{"missing/f", wronly | creat, syscall.ENOENT},
			{"f", rdwr | creat | excl, syscall.EEXIST},
			{"d", rdonly | creat | excl, syscall.EEXIST},
			{"dangling", wronly | creat | excl, syscall.EEXIST},
			{"d", wronly, syscall.EISDIR},
			{"d", rdwr, syscall.EISDIR},
			{"d", rdonly | trunc, syscall.EISDIR},
			{"d", rdwr | creat | trunc, syscall.EISDIR},
			{"f/x", rdonly, syscall.ENOTDIR},
			{"f/x", wronly | creat, syscall.ENOTDIR},
		} {
			f, err := fsys.OpenFile(c.name, c.flag, 0o644)
			if err == nil {
				f.Close()
			}
			t.Run(c.name, func(t *testing.T) { wantPathErr(t, err, c.name, c.want) })
		}
	}},
	{"invalid paths fail with EINVAL", func(t *testing.T, fsys FS) {
		build(t, fsys, "a/", "a/b=")
		for _, name := range []string{"", "/a", "a/../a", "./a", "a/", "..", "a//b"} {
			_, err := fsys.Open(name)
			wantErrno(t, err, syscall.EINVAL)
			_, err = fsys.Stat(name)
			wantErrno(t, err, syscall.EINVAL)
			wantErrno(t, fsys.Mkdir(name, 0o755), syscall.EINVAL)
			wantErrno(t, fsys.Remove(name), syscall.EINVAL)
			wantErrno(t, fsys.Rename("a/b", name), syscall.EINVAL)
		}
	}},
	{"truncate flag empties an existing file", func(t *testing.T, fsys FS) {
		build(t, fsys, "f=data")
		f := openFile(t, fsys, "f", wronly|trunc)
		f.Close()
		if got := content(t, fsys, "f"); got != "" {
			t.Errorf("content = %q, want empty", got)
		}
	}},
	{"create keeps an existing file's mode and inode", func(t *testing.T, fsys FS) {
		build(t, fsys, "f=data")
		if err := fsys.Chmod("f", 0o700); err != nil {
			t.Fatal(err)
		}
		before := lstat(t, fsys, "f").Ino
		f := openFile(t, fsys, "f", rdwr|creat|trunc)
		f.Close()
		fi, err := fsys.Stat("f")
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode() != 0o700 || inode(t, fi).Ino != before {
			t.Errorf("mode %v ino %d, want -rwx------ ino %d", fi.Mode(), inode(t, fi).Ino, before)
		}
	}},
	{"create and mkdir use the given permissions", func(t *testing.T, fsys FS) {
		f, err := fsys.OpenFile("f", wronly|creat, 0o640)
		if err != nil {
			t.Fatal(err)
		}
		f.Close()
		if err := fsys.Mkdir("d", 0o750); err != nil {
			t.Fatal(err)
		}
		for name, want := range map[string]fs.FileMode{"f": 0o640, "d": fs.ModeDir | 0o750} {
			if fi, err := fsys.Stat(name); err != nil || fi.Mode() != want {
				t.Errorf("%s: mode %v, %v; want %v", name, fi.Mode(), err, want)
			}
		}
	}},
	{"mkdir fails with the POSIX errno", func(t *testing.T, fsys FS) {
		build(t, fsys, "d/", "f=", "dangling->nowhere")
		for _, c := range []struct {
			name string
			want syscall.Errno
		}{
			{"d", syscall.EEXIST},
			{"f", syscall.EEXIST},
			{".", syscall.EEXIST},
			{"dangling", syscall.EEXIST},
			{"missing/d", syscall.ENOENT},
			{"f/d", syscall.ENOTDIR},
		} {
			wantPathErr(t, fsys.Mkdir(c.name, 0o755), c.name, c.want)
		}
	}},
	{"mkdirall creates parents and names the component that is not a directory", func(t *testing.T, fsys FS) {
		build(t, fsys, "f=", "d/")
		if err := fsys.MkdirAll("d/a/b/c", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := fsys.MkdirAll("d/a/b/c", 0o755); err != nil {
			t.Errorf("mkdirall of an existing tree: %v", err)
		}
		if fi, err := fsys.Stat("d/a/b/c"); err != nil || !fi.IsDir() {
			t.Errorf("d/a/b/c: %v, %v", fi, err)
		}
		wantPathErr(t, fsys.MkdirAll("f/x/y", 0o755), "f", syscall.ENOTDIR)
	}},
	{"remove fails with the POSIX errno", func(t *testing.T, fsys FS) {
		build(t, fsys, "d/", "d/f=", "f=")
		for _, c := range []struct {
			name string
			want syscall.Errno
		}{
			{"missing", syscall.ENOENT},
			{"d", syscall.ENOTEMPTY},
			{"f/x", syscall.ENOTDIR},
			{".", syscall.EINVAL},
		} {
			wantPathErr(t, fsys.Remove(c.name), c.name, c.want)
		}
	}},
	{"remove deletes files and empty directories", func(t *testing.T, fsys FS) {
		build(t, fsys, "d/", "f=")
		for _, name := range []string{"d", "f"} {
			if err := fsys.Remove(name); err != nil {
				t.Errorf("remove %s: %v", name, err)
			}
			if exists(fsys, name) {
				t.Errorf("%s still exists", name)
			}
		}
	}},
	{"readdir lists entries sorted by name", func(t *testing.T, fsys FS) {
		build(t, fsys, "d/", "d/b=", "d/c/", "d/a->b", "f=")
		entries, err := fsys.ReadDir("d")
		if err != nil {
			t.Fatal(err)
		}
		want := []struct {
			name string
			typ  fs.FileMode
		}{{"a", fs.ModeSymlink}, {"b", 0}, {"c", fs.ModeDir}}
		if len(entries) != len(want) {
			t.Fatalf("got %d entries, want %d", len(entries), len(want))
		}
		for i, e := range entries {
			if e.Name() != want[i].name || e.Type() != want[i].typ {
				t.Errorf("entry %d = %s %v, want %s %v", i, e.Name(), e.Type(), want[i].name, want[i].typ)
			}
		}
		_, err = fsys.ReadDir("f")
		wantPathErr(t, err, "f", syscall.ENOTDIR)
		_, err = fsys.ReadDir("missing")
		wantPathErr(t, err, "missing", syscall.ENOENT)
	}},
	{"readdir on a handle pages in batches then returns EOF", func(t *testing.T, fsys FS) {
		build(t, fsys, "a=", "b=", "c=")
		d := openFile(t, fsys, ".", rdonly)
		var names []string
		for {
			batch, err := hackpadfs.ReadDirFile(d, 2)
			for _, e := range batch {
				names = append(names, e.Name())
			}
			if err == io.EOF {
				break
			}
			if err != nil || len(batch) == 0 || len(batch) > 2 {
				t.Fatalf("batch %d entries, err %v", len(batch), err)
			}
		}
		if len(names) != 3 {
			t.Errorf("names = %v, want a b c", names)
		}
		rest, err := hackpadfs.ReadDirFile(d, -1)
		if err != nil || len(rest) != 0 {
			t.Errorf("ReadDir(-1) at end = %d entries, %v; want none, nil", len(rest), err)
		}
	}},
}
