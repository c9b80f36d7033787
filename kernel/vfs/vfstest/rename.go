package vfstest

import (
	"errors"
	"syscall"
	"testing"

	"github.com/hack-pad/hackpadfs"
)

// renameBehaviours is the POSIX rename table. After a successful rename the
// new name must hold the inode the old name held; the old name must be gone
// unless both named one inode.
func renameBehaviours() []behaviour {
	table := []struct {
		name     string
		tree     []string
		old, new string
		want     syscall.Errno
		check    func(t *testing.T, fsys FS)
	}{
		{name: "a file takes a new name", tree: []string{"f=x"}, old: "f", new: "g"},
		{name: "a file moves to another directory", tree: []string{"d/", "f=x"}, old: "f", new: "d/f"},
		{name: "a file replaces a file", tree: []string{"f=x", "g=y"}, old: "f", new: "g",
			check: wantContent("g", "x")},
		{name: "a file replaces a symlink, not its target", tree: []string{"t=y", "f=x", "l->t"}, old: "f", new: "l",
			check: func(t *testing.T, fsys FS) {
				wantContent("t", "y")(t, fsys)
				if _, err := fsys.Readlink("l"); err == nil {
					t.Error("l is still a symlink")
				}
			}},
		{name: "a symlink moves itself, not its target", tree: []string{"t=y", "l->t"}, old: "l", new: "m",
			check: func(t *testing.T, fsys FS) {
				wantContent("t", "y")(t, fsys)
				if target, err := fsys.Readlink("m"); target != "t" || err != nil {
					t.Errorf("readlink m = %q, %v", target, err)
				}
			}},
		{name: "a directory moves with its contents", tree: []string{"d/", "d/f=x"}, old: "d", new: "e",
			check: wantContent("e/f", "x")},
		{name: "a directory replaces an empty directory", tree: []string{"d/", "d/f=x", "e/"}, old: "d", new: "e",
			check: wantContent("e/f", "x")},
		{name: "a directory cannot replace a non-empty directory", tree: []string{"d/", "e/", "e/f="},
			old: "d", new: "e", want: syscall.ENOTEMPTY},
		{name: "a file cannot replace a directory", tree: []string{"f=", "d/"}, old: "f", new: "d", want: syscall.EISDIR},
		{name: "a directory cannot replace a file", tree: []string{"d/", "f="}, old: "d", new: "f", want: syscall.ENOTDIR},
		{name: "a directory cannot move into itself", tree: []string{"d/", "d/e/"}, old: "d", new: "d/e/x", want: syscall.EINVAL},
		{name: "a directory cannot become its own child", tree: []string{"d/"}, old: "d", new: "d/x", want: syscall.EINVAL},
		{name: "a file renamed onto itself is untouched", tree: []string{"f=x"}, old: "f", new: "f",
			check: wantContent("f", "x")},
		{name: "a directory renamed onto itself is untouched", tree: []string{"d/", "d/f=x"}, old: "d", new: "d",
			check: wantContent("d/f", "x")},
		{name: "hard links renamed onto each other are both kept", tree: []string{"f=x", "g=>f"}, old: "f", new: "g",
			check: func(t *testing.T, fsys FS) {
				if !exists(fsys, "f") || !exists(fsys, "g") {
					t.Error("a name was lost")
				}
			}},
		{name: "a missing source fails", tree: nil, old: "f", new: "g", want: syscall.ENOENT},
		{name: "a missing target directory fails", tree: []string{"f="}, old: "f", new: "d/f", want: syscall.ENOENT},
		{name: "a target path through a file fails", tree: []string{"f=", "g="}, old: "f", new: "g/f", want: syscall.ENOTDIR},
		{name: "the root cannot be renamed", tree: nil, old: ".", new: "x", want: syscall.EBUSY},
	}
	var cases []behaviour
	for _, c := range table {
		cases = append(cases, behaviour{c.name, func(t *testing.T, fsys FS) {
			build(t, fsys, c.tree...)
			var ino uint64
			if c.want == 0 {
				ino = lstat(t, fsys, c.old).Ino
			}
			err := fsys.Rename(c.old, c.new)
			wantErrno(t, err, c.want)
			if err != nil {
				var le *hackpadfs.LinkError
				if !errors.As(err, &le) || le.Op != "rename" || le.Old != c.old || le.New != c.new {
					t.Errorf("err = %#v, want *hackpadfs.LinkError{rename %s %s}", err, c.old, c.new)
				}
			}
			if c.want == 0 {
				if got := lstat(t, fsys, c.new).Ino; got != ino {
					t.Errorf("%s has inode %d, want %d", c.new, got, ino)
				}
				if exists(fsys, c.old) && lstat(t, fsys, c.old).Ino != ino {
					t.Errorf("%s still exists", c.old)
				}
			}
			if c.check != nil {
				c.check(t, fsys)
			}
		}})
	}
	return append(cases, behaviour{"a replaced file stays readable through an open handle", func(t *testing.T, fsys FS) {
		build(t, fsys, "f=new", "g=old")
		g := openFile(t, fsys, "g", rdonly)
		if err := fsys.Rename("f", "g"); err != nil {
			t.Fatal(err)
		}
		buf := make([]byte, 3)
		if _, err := g.Read(buf); err != nil || string(buf) != "old" {
			t.Errorf("replaced file reads %q, %v", buf, err)
		}
	}})
}

func wantContent(name, want string) func(t *testing.T, fsys FS) {
	return func(t *testing.T, fsys FS) {
		t.Helper()
		if got := content(t, fsys, name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
}
