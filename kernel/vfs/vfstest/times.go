package vfstest

import (
	"syscall"
	"testing"
	"time"

	"github.com/hack-pad/hackpadfs"
)

// past is a time well before any test runs, with nanoseconds to check
// precision.
var past = time.Date(2001, 2, 3, 4, 5, 6, 123456789, time.UTC)

// tick waits long enough for a coarse file-system clock (a kernel tick, or
// the millisecond clock of GOOS=js) to move, so "updated" is observable.
func tick() { time.Sleep(15 * time.Millisecond) }

var timeBehaviours = []behaviour{
	{"chtimes sets atime and mtime to the nanosecond", func(t *testing.T, fsys FS) {
		build(t, fsys, "f=")
		mtime := past.Add(time.Hour + 1)
		if err := fsys.Chtimes("f", past, mtime); err != nil {
			t.Fatal(err)
		}
		fi, _ := fsys.Stat("f")
		ino := inode(t, fi)
		if !ino.Atime.Equal(past) || !ino.Mtime.Equal(mtime) || !fi.ModTime().Equal(mtime) {
			t.Errorf("atime %v mtime %v modtime %v; want %v and %v", ino.Atime, ino.Mtime, fi.ModTime(), past, mtime)
		}
	}},
	{"chtimes with a zero time leaves that time alone", func(t *testing.T, fsys FS) {
		build(t, fsys, "f=")
		fsys.Chtimes("f", past, past)
		later := past.Add(time.Minute)
		if err := fsys.Chtimes("f", time.Time{}, later); err != nil {
			t.Fatal(err)
		}
		ino := lstat(t, fsys, "f")
		if !ino.Atime.Equal(past) || !ino.Mtime.Equal(later) {
			t.Errorf("atime %v mtime %v; want %v and %v", ino.Atime, ino.Mtime, past, later)
		}
	}},
	{"lchtimes sets the link's own times, not its target's", func(t *testing.T, fsys FS) {
		build(t, fsys, "f=", "l->f", "abs->/etc/passwd")
		fsys.Chtimes("f", past, past)
		later := past.Add(time.Hour)
		for _, name := range []string{"l", "abs"} {
			if err := fsys.Lchtimes(name, later, later); err != nil {
				t.Fatalf("lchtimes %s: %v", name, err)
			}
			if ino := lstat(t, fsys, name); !ino.Mtime.Equal(later) || !ino.Atime.Equal(later) {
				t.Errorf("%s atime %v mtime %v, want %v", name, ino.Atime, ino.Mtime, later)
			}
		}
		if ino := lstat(t, fsys, "f"); !ino.Mtime.Equal(past) {
			t.Errorf("target mtime %v, want %v kept", ino.Mtime, past)
		}
		wantPathErr(t, fsys.Lchtimes("missing", later, later), "missing", syscall.ENOENT)
	}},
	{"write and truncate update mtime and ctime", func(t *testing.T, fsys FS) {
		build(t, fsys, "f=")
		for _, change := range []func(f hackpadfs.File) error{
			func(f hackpadfs.File) error { _, err := hackpadfs.WriteFile(f, []byte("x")); return err },
			func(f hackpadfs.File) error { return hackpadfs.TruncateFile(f, 10) },
		} {
			fsys.Chtimes("f", past, past)
			before := lstat(t, fsys, "f").Ctime
			tick()
			f := openFile(t, fsys, "f", wronly)
			if err := change(f); err != nil {
				t.Fatal(err)
			}
			after := lstat(t, fsys, "f")
			if !after.Mtime.After(past) || !after.Ctime.After(before) {
				t.Errorf("mtime %v ctime %v; want both updated", after.Mtime, after.Ctime)
			}
		}
	}},
	{"metadata changes update ctime only", func(t *testing.T, fsys FS) {
		build(t, fsys, "d/", "f=")
		for _, change := range []func() error{
			func() error { return fsys.Chmod("f", 0o600) },
			func() error { return fsys.Link("f", "g") },
			func() error { return fsys.Rename("f", "d/f") },
		} {
			name := "f"
			if !exists(fsys, name) {
				name = "d/f"
			}
			fsys.Chtimes(name, past, past)
			before := lstat(t, fsys, name).Ctime
			tick()
			if err := change(); err != nil {
				t.Fatal(err)
			}
			if !exists(fsys, name) {
				name = "d/f"
			}
			after := lstat(t, fsys, name)
			if !after.Ctime.After(before) || !after.Mtime.Equal(past) {
				t.Errorf("ctime %v (before %v) mtime %v; want ctime updated, mtime kept", after.Ctime, before, after.Mtime)
			}
		}
	}},
	{"adding and removing entries updates the directory's mtime and ctime", func(t *testing.T, fsys FS) {
		build(t, fsys, "d/", "d/old=")
		for _, change := range []func() error{
			func() error { return writeFile(fsys, "d/new", "") },
			func() error { return fsys.Mkdir("d/sub", 0o755) },
			func() error { return fsys.Symlink("x", "d/link") },
			func() error { return fsys.Remove("d/old") },
			func() error { return fsys.Rename("d/new", "moved") },
		} {
			fsys.Chtimes("d", past, past)
			before := lstat(t, fsys, "d").Ctime
			tick()
			if err := change(); err != nil {
				t.Fatal(err)
			}
			after := lstat(t, fsys, "d")
			if !after.Mtime.After(past) || !after.Ctime.After(before) {
				t.Errorf("dir mtime %v ctime %v; want both updated", after.Mtime, after.Ctime)
			}
		}
	}},
}
