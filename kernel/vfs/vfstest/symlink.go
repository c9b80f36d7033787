package vfstest

import (
	"io/fs"
	"syscall"
	"testing"

	"github.com/hack-pad/hackpadfs"
)

var symlinkBehaviours = []behaviour{
	{"readlink returns the target verbatim, dangling or not", func(t *testing.T, fsys FS) {
		for i, target := range []string{"f", "../x", "/etc/passwd", "nowhere", "a/./b/", "d/"} {
			name := string(rune('a' + i))
			if err := fsys.Symlink(target, name); err != nil {
				t.Fatalf("symlink %q: %v", target, err)
			}
			if got, err := fsys.Readlink(name); got != target || err != nil {
				t.Errorf("readlink = %q, %v; want %q", got, err, target)
			}
		}
	}},
	{"lstat describes the link and stat its target", func(t *testing.T, fsys FS) {
		build(t, fsys, "f=hello", "l->f")
		li, err := fsys.Lstat("l")
		if err != nil {
			t.Fatal(err)
		}
		if li.Mode().Type() != fs.ModeSymlink || li.Size() != 1 || li.Name() != "l" {
			t.Errorf("lstat l = %v size %d name %s", li.Mode(), li.Size(), li.Name())
		}
		si, err := fsys.Stat("l")
		if err != nil {
			t.Fatal(err)
		}
		if !si.Mode().IsRegular() || si.Size() != 5 || si.Name() != "l" {
			t.Errorf("stat l = %v size %d name %s", si.Mode(), si.Size(), si.Name())
		}
		if inode(t, si).Ino != lstat(t, fsys, "f").Ino {
			t.Error("stat through the link reports another inode")
		}
	}},
	{"relative links resolve from the link's directory", func(t *testing.T, fsys FS) {
		build(t, fsys, "a/", "a/b/", "a/b/f=deep", "top=top",
			"a/up->../top", "a/down->b", "a/self->./b/../b/f", "chain1->chain2", "chain2->a/down/f")
		for name, want := range map[string]string{
			"a/up": "top", "a/down/f": "deep", "a/self": "deep", "chain1": "deep",
		} {
			if got := content(t, fsys, name); got != want {
				t.Errorf("%s = %q, want %q", name, got, want)
			}
		}
	}},
	{"readlink of a non-link fails with EINVAL", func(t *testing.T, fsys FS) {
		build(t, fsys, "f=", "d/")
		for _, name := range []string{"f", "d"} {
			_, err := fsys.Readlink(name)
			wantPathErr(t, err, name, syscall.EINVAL)
		}
		_, err := fsys.Readlink("missing")
		wantErrno(t, err, syscall.ENOENT)
	}},
	{"symlink over an existing name fails with EEXIST", func(t *testing.T, fsys FS) {
		build(t, fsys, "f=", "l->nowhere")
		wantErrno(t, fsys.Symlink("x", "f"), syscall.EEXIST)
		wantErrno(t, fsys.Symlink("x", "l"), syscall.EEXIST)
	}},
	{"link loops fail with ELOOP", func(t *testing.T, fsys FS) {
		build(t, fsys, "a->b", "b->a", "self->self", "d/", "d/loop->../d/loop")
		for _, name := range []string{"a", "self", "d/loop"} {
			_, err := fsys.Stat(name)
			wantPathErr(t, err, name, syscall.ELOOP)
			_, err = fsys.Open(name)
			wantPathErr(t, err, name, syscall.ELOOP)
		}
		_, err := fsys.Open("a/x")
		wantErrno(t, err, syscall.ELOOP)
	}},
	{"remove and rename act on the link itself", func(t *testing.T, fsys FS) {
		build(t, fsys, "d/", "d/f=x", "l->d")
		if err := fsys.Remove("l"); err != nil {
			t.Fatal(err)
		}
		if !exists(fsys, "d/f") {
			t.Error("removing the link removed its target")
		}
	}},
	{"create through a dangling relative link creates its target", func(t *testing.T, fsys FS) {
		build(t, fsys, "d/", "l->d/new")
		f := openFile(t, fsys, "l", wronly|creat)
		hackpadfs.WriteFile(f, []byte("made"))
		f.Close()
		if got := content(t, fsys, "d/new"); got != "made" {
			t.Errorf("d/new = %q", got)
		}
	}},
	{"chmod and chtimes follow the link", func(t *testing.T, fsys FS) {
		build(t, fsys, "f=", "l->f")
		if err := fsys.Chmod("l", 0o600); err != nil {
			t.Fatal(err)
		}
		if fi, _ := fsys.Stat("f"); fi.Mode() != 0o600 {
			t.Errorf("f mode = %v", fi.Mode())
		}
	}},
}

// escapeBehaviours: a link out of the file system must fail, never resolve.
// Both file systems report EXDEV: memfs cannot see outside itself, and
// hostfs maps os.Root's "path escapes from parent" to the same errno.
var escapeBehaviours = []behaviour{
	{"links that leave the file system fail with EXDEV", func(t *testing.T, fsys FS) {
		build(t, fsys, "d/", "abs->/etc", "d/up->../../outside", "d/upfile->../../outside/secret",
			"c1->c2", "c2->d/up", "d/deep->../d/../../x")
		for _, name := range []string{"abs", "abs/passwd", "d/up", "d/up/secret", "d/upfile", "c1", "c1/secret", "d/deep"} {
			_, err := fsys.Stat(name)
			wantPathErr(t, err, name, syscall.EXDEV)
			_, err = fsys.Open(name)
			wantPathErr(t, err, name, syscall.EXDEV)
		}
		wantErrno(t, fsys.Mkdir("d/up/new", 0o755), syscall.EXDEV)
		_, err := fsys.OpenFile("d/upfile", wronly|creat, 0o644)
		wantErrno(t, err, syscall.EXDEV)
		_, err = fsys.ReadDir("abs")
		wantErrno(t, err, syscall.EXDEV)
		wantErrno(t, fsys.Chmod("abs", 0o777), syscall.EXDEV)
		wantErrno(t, fsys.Lchtimes("d/up/x", past, past), syscall.EXDEV)
		if _, err := fsys.Lstat("abs"); err != nil {
			t.Errorf("lstat of the link itself: %v", err)
		}
	}},
}
