package vfstest

import (
	"errors"
	"io"
	"io/fs"
	"strings"
	"syscall"
	"testing"

	"github.com/hack-pad/hackpadfs"

	"github.com/wasmrun/wasmrun/kernel/vfs"
)

// build creates a tree from specs, in order: "d/" is a directory, "f=text" a
// file, "l->target" a symlink and "h=>f" a hard link to f.
func build(t testing.TB, fsys FS, specs ...string) {
	t.Helper()
	for _, s := range specs {
		var err error
		switch {
		case strings.HasSuffix(s, "/"):
			err = fsys.Mkdir(strings.TrimSuffix(s, "/"), 0o755)
		case strings.Contains(s, "->"):
			name, target, _ := strings.Cut(s, "->")
			err = fsys.Symlink(target, name)
		case strings.Contains(s, "=>"):
			name, old, _ := strings.Cut(s, "=>")
			err = fsys.Link(old, name)
		case strings.Contains(s, "="):
			name, data, _ := strings.Cut(s, "=")
			err = writeFile(fsys, name, data)
		default:
			t.Fatalf("bad spec %q", s)
		}
		if err != nil {
			t.Fatalf("build %q: %v", s, err)
		}
	}
}

func writeFile(fsys FS, name, data string) error {
	f, err := fsys.OpenFile(name, hackpadfs.FlagWriteOnly|hackpadfs.FlagCreate|hackpadfs.FlagTruncate, 0o644)
	if err != nil {
		return err
	}
	if _, err := hackpadfs.WriteFile(f, []byte(data)); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// content reads all of name.
func content(t testing.TB, fsys FS, name string) string {
	t.Helper()
	f, err := fsys.Open(name)
	if err != nil {
		t.Fatalf("open %s: %v", name, err)
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	if err != nil {
		t.Fatalf("read %s: %v", name, err)
	}
	return string(b)
}

func openFile(t testing.TB, fsys FS, name string, flag int) hackpadfs.File {
	t.Helper()
	f, err := fsys.OpenFile(name, flag, 0o644)
	if err != nil {
		t.Fatalf("open %s: %v", name, err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// inode is what Stat/Lstat reports through Sys().
func inode(t testing.TB, fi fs.FileInfo) *vfs.Inode {
	t.Helper()
	ino, ok := fi.Sys().(*vfs.Inode)
	if !ok {
		t.Fatalf("%s: Sys() is %T, want *vfs.Inode", fi.Name(), fi.Sys())
	}
	return ino
}

func lstat(t testing.TB, fsys FS, name string) *vfs.Inode {
	t.Helper()
	fi, err := fsys.Lstat(name)
	if err != nil {
		t.Fatalf("lstat %s: %v", name, err)
	}
	return inode(t, fi)
}

func exists(fsys FS, name string) bool {
	_, err := fsys.Lstat(name)
	return err == nil
}

// wantErrno checks that err carries exactly errno; 0 means success.
func wantErrno(t testing.TB, err error, want syscall.Errno) {
	t.Helper()
	if want == 0 {
		if err != nil {
			t.Errorf("err = %v, want success", err)
		}
		return
	}
	var got syscall.Errno
	if !errors.As(err, &got) || got != want {
		t.Errorf("err = %v, want %s (%d)", err, errnoName(want), uintptr(want))
	}
}

// wantPathErr also checks that err is an *fs.PathError naming path.
func wantPathErr(t testing.TB, err error, path string, want syscall.Errno) {
	t.Helper()
	wantErrno(t, err, want)
	var pe *fs.PathError
	if !errors.As(err, &pe) || pe.Path != path {
		t.Errorf("err = %#v, want *fs.PathError for %q", err, path)
	}
}

func errnoName(e syscall.Errno) string {
	names := map[syscall.Errno]string{
		syscall.ENOENT: "ENOENT", syscall.EEXIST: "EEXIST", syscall.ENOTDIR: "ENOTDIR",
		syscall.EISDIR: "EISDIR", syscall.ENOTEMPTY: "ENOTEMPTY", syscall.EINVAL: "EINVAL",
		syscall.EBADF: "EBADF", syscall.ELOOP: "ELOOP", syscall.EXDEV: "EXDEV",
		syscall.EPERM: "EPERM", syscall.EBUSY: "EBUSY", syscall.ENOSPC: "ENOSPC",
		syscall.EFBIG: "EFBIG",
	}
	if n, ok := names[e]; ok {
		return n
	}
	return e.Error()
}
