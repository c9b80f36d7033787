package vfstest

import (
	"errors"
	"io"
	"syscall"
	"testing"

	"github.com/hack-pad/hackpadfs"
)

var unlinkBehaviours = []behaviour{
	{"a file unlinked while open stays readable and writable", func(t *testing.T, fsys FS) {
		build(t, fsys, "f=hello")
		f := openFile(t, fsys, "f", rdwr)
		if err := fsys.Remove("f"); err != nil {
			t.Fatal(err)
		}
		if _, err := hackpadfs.WriteAtFile(f, []byte(" world"), 5); err != nil {
			t.Fatalf("write after unlink: %v", err)
		}
		b, err := io.ReadAll(f)
		if err != nil || string(b) != "hello world" {
			t.Errorf("read after unlink = %q, %v", b, err)
		}
		fi, err := f.Stat()
		if err != nil {
			t.Fatal(err)
		}
		if n := inode(t, fi).Nlink; n != 0 || fi.Size() != 11 {
			t.Errorf("stat after unlink: nlink %d size %d, want 0 and 11", n, fi.Size())
		}
	}},
	{"writing to an unlinked file does not bring its name back", func(t *testing.T, fsys FS) {
		build(t, fsys, "f=old")
		f := openFile(t, fsys, "f", wronly)
		if err := fsys.Remove("f"); err != nil {
			t.Fatal(err)
		}
		hackpadfs.WriteFile(f, []byte("ghost"))
		f.Close()
		if exists(fsys, "f") {
			t.Fatal("f reappeared after a write to its unlinked inode")
		}
		entries, _ := fsys.ReadDir(".")
		if len(entries) != 0 {
			t.Errorf("root lists %d entries, want none", len(entries))
		}
	}},
	{"a new file at an unlinked name is a different inode", func(t *testing.T, fsys FS) {
		build(t, fsys, "f=old")
		f := openFile(t, fsys, "f", rdwr)
		fsys.Remove("f")
		build(t, fsys, "f=new")
		hackpadfs.WriteAtFile(f, []byte("OLD"), 0)
		if got := content(t, fsys, "f"); got != "new" {
			t.Errorf("new f = %q, want new", got)
		}
		fi, _ := f.Stat()
		if inode(t, fi).Ino == lstat(t, fsys, "f").Ino {
			t.Error("the new f reuses the open inode's number")
		}
	}},
	{"a handle follows its file across renames", func(t *testing.T, fsys FS) {
		build(t, fsys, "d/", "f=abc")
		f := openFile(t, fsys, "f", rdwr|appnd)
		if err := fsys.Rename("f", "d/g"); err != nil {
			t.Fatal(err)
		}
		if _, err := hackpadfs.WriteFile(f, []byte("def")); err != nil {
			t.Fatal(err)
		}
		if got := content(t, fsys, "d/g"); got != "abcdef" {
			t.Errorf("d/g = %q, want abcdef", got)
		}
		if exists(fsys, "f") {
			t.Error("f exists after rename and write")
		}
	}},
	{"a handle on a removed directory lists nothing", func(t *testing.T, fsys FS) {
		build(t, fsys, "d/")
		d := openFile(t, fsys, "d", rdonly)
		if err := fsys.Remove("d"); err != nil {
			t.Fatal(err)
		}
		// memfs lists no entries; Linux's getdents fails with ENOENT.
		entries, err := hackpadfs.ReadDirFile(d, -1)
		if (err != nil && !errors.Is(err, syscall.ENOENT)) || len(entries) != 0 {
			t.Errorf("readdir of removed dir = %d entries, %v", len(entries), err)
		}
	}},
}
