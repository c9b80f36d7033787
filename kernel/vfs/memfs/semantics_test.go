package memfs_test

import (
	"errors"
	"fmt"
	"io"
	"syscall"
	"testing"
	"time"

	"github.com/wasmrun/wasmrun/kernel/vfs"
	"github.com/wasmrun/wasmrun/kernel/vfs/memfs"
)

func TestSymlinkHopLimit(t *testing.T) {
	// link0 -> link1 -> ... -> link40 -> f: 41 links.
	fsys := memfs.New(memfs.Options{})
	write(fsys, "f", 0, 1)
	const links = 41
	for i := range links {
		target := fmt.Sprintf("link%d", i+1)
		if i == links-1 {
			target = "f"
		}
		if err := fsys.Symlink(target, fmt.Sprintf("link%d", i)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := fsys.Stat("link1"); err != nil {
		t.Errorf("40 links: %v, want success", err)
	}
	if _, err := fsys.Stat("link0"); !errors.Is(err, syscall.ELOOP) {
		t.Errorf("41 links: %v, want ELOOP", err)
	}
}

func TestReadUpdatesAtimeLikeRelatime(t *testing.T) {
	fsys := memfs.New(memfs.Options{})
	write(fsys, "f", 0, 4)
	fsys.Mkdir("d", 0o755)
	old := time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)
	atime := func(name string) time.Time {
		fi, _ := fsys.Stat(name)
		return fi.Sys().(*vfs.Inode).Atime
	}

	// atime older than mtime: a read records the access.
	fsys.Chtimes("f", old, old.Add(time.Hour))
	f, _ := fsys.Open("f")
	io.ReadAll(f)
	f.Close()
	if a := atime("f"); !a.After(old.Add(time.Hour)) {
		t.Errorf("atime after read = %v, want now", a)
	}

	// atime newer than mtime and ctime, and recent: a read leaves it alone.
	recent := time.Now().Add(time.Hour)
	fsys.Chtimes("f", recent, old)
	f, _ = fsys.Open("f")
	io.ReadAll(f)
	f.Close()
	if a := atime("f"); !a.Equal(recent) {
		t.Errorf("atime after second read = %v, want %v kept", a, recent)
	}

	// Listing a directory is reading it.
	fsys.Chtimes("d", old, old.Add(time.Hour))
	fsys.ReadDir("d")
	if a := atime("d"); !a.After(old.Add(time.Hour)) {
		t.Errorf("dir atime after readdir = %v, want now", a)
	}

	// Stat is not an access.
	fsys.Chtimes("f", old, old.Add(time.Hour))
	fsys.Stat("f")
	if a := atime("f"); !a.Equal(old) {
		t.Errorf("atime after stat = %v, want %v", a, old)
	}
}

func TestInodeNumbersAreUniqueAndStable(t *testing.T) {
	fsys := memfs.New(memfs.Options{})
	seen := map[uint64]string{}
	ino := func(name string) uint64 {
		fi, err := fsys.Lstat(name)
		if err != nil {
			t.Fatal(err)
		}
		return fi.Sys().(*vfs.Inode).Ino
	}
	seen[ino(".")] = "."
	fsys.Mkdir("d", 0o755)
	write(fsys, "d/f", 0, 1)
	fsys.Symlink("x", "l")
	for _, name := range []string{"d", "d/f", "l"} {
		if other, dup := seen[ino(name)]; dup {
			t.Errorf("%s shares inode %d with %s", name, ino(name), other)
		}
		seen[ino(name)] = name
	}
	before := ino("d/f")
	fsys.Rename("d", "e")
	if after := ino("e/f"); after != before {
		t.Errorf("inode changed across rename: %d -> %d", before, after)
	}
}

func TestSizes(t *testing.T) {
	fsys := memfs.New(memfs.Options{})
	fsys.Mkdir("d", 0o755)
	write(fsys, "d/a", 0, 7)
	write(fsys, "d/b", 0, 0)
	fsys.Symlink("d/a", "l")
	for name, want := range map[string]int64{"d": 2, "d/a": 7, "l": 3} {
		if fi, _ := fsys.Lstat(name); fi.Size() != want {
			t.Errorf("%s size = %d, want %d", name, fi.Size(), want)
		}
	}
}
