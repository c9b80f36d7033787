package vfstest

import (
	"io/fs"
	"syscall"
	"testing"
)

var hardlinkBehaviours = []behaviour{
	{"a hard link shares the inode and counts in nlink", func(t *testing.T, fsys FS) {
		build(t, fsys, "d/", "f=x", "d/g=>f")
		f, g := lstat(t, fsys, "f"), lstat(t, fsys, "d/g")
		if f.Ino != g.Ino || f.Nlink != 2 || g.Nlink != 2 {
			t.Errorf("f ino %d nlink %d, g ino %d nlink %d", f.Ino, f.Nlink, g.Ino, g.Nlink)
		}
		build(t, fsys, "d/g=changed")
		if got := content(t, fsys, "f"); got != "changed" {
			t.Errorf("f = %q after writing d/g", got)
		}
		if err := fsys.Remove("f"); err != nil {
			t.Fatal(err)
		}
		if n := lstat(t, fsys, "d/g").Nlink; n != 1 {
			t.Errorf("nlink after removing one name = %d", n)
		}
	}},
	{"link fails with the POSIX errno", func(t *testing.T, fsys FS) {
		build(t, fsys, "d/", "f=", "g=")
		for _, c := range []struct {
			old, new string
			want     syscall.Errno
		}{
			{"d", "d2", syscall.EPERM},
			{"f", "g", syscall.EEXIST},
			{"f", "d", syscall.EEXIST},
			{"missing", "x", syscall.ENOENT},
			{"f", "missing/x", syscall.ENOENT},
		} {
			wantErrno(t, fsys.Link(c.old, c.new), c.want)
		}
	}},
	{"linking a symlink links the symlink itself", func(t *testing.T, fsys FS) {
		build(t, fsys, "f=", "l->f", "l2=>l")
		fi, err := fsys.Lstat("l2")
		if err != nil || fi.Mode().Type() != fs.ModeSymlink {
			t.Errorf("lstat l2 = %v, %v; want a symlink", fi, err)
		}
	}},
	{"a directory's nlink is 2 plus its subdirectories", func(t *testing.T, fsys FS) {
		build(t, fsys, "a/", "b/", "a/x/", "a/y/", "a/f=")
		for name, want := range map[string]uint64{"a": 4, "b": 2, "a/x": 2} {
			if got := lstat(t, fsys, name).Nlink; got != want {
				t.Errorf("%s nlink = %d, want %d", name, got, want)
			}
		}
		if err := fsys.Rename("a/x", "b/x"); err != nil {
			t.Fatal(err)
		}
		if err := fsys.Remove("a/y"); err != nil {
			t.Fatal(err)
		}
		if a, b := lstat(t, fsys, "a").Nlink, lstat(t, fsys, "b").Nlink; a != 2 || b != 3 {
			t.Errorf("after moving a/x to b and removing a/y: a %d b %d, want 2 and 3", a, b)
		}
	}},
}
