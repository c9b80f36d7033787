package vfstest

import (
	"errors"
	"io"
	"io/fs"
	"syscall"
	"testing"
	"time"

	"github.com/hack-pad/hackpadfs"
)

var handleBehaviours = []behaviour{
	{"handles refuse what they were not opened for", func(t *testing.T, fsys FS) {
		build(t, fsys, "d/", "f=data")
		ro := openFile(t, fsys, "f", rdonly)
		_, err := hackpadfs.WriteFile(ro, []byte("x"))
		wantPathErr(t, err, "f", syscall.EBADF)
		_, err = hackpadfs.WriteAtFile(ro, []byte("x"), 0)
		wantErrno(t, err, syscall.EBADF)
		wantErrno(t, hackpadfs.TruncateFile(ro, 0), syscall.EINVAL)

		wo := openFile(t, fsys, "f", wronly)
		_, err = wo.Read(make([]byte, 4))
		wantPathErr(t, err, "f", syscall.EBADF)

		dir := openFile(t, fsys, "d", rdonly)
		_, err = dir.Read(make([]byte, 4))
		wantPathErr(t, err, "d", syscall.EISDIR)

		_, err = hackpadfs.ReadDirFile(ro, -1)
		wantPathErr(t, err, "f", syscall.ENOTDIR)
	}},
	{"a closed handle fails with ErrClosed", func(t *testing.T, fsys FS) {
		build(t, fsys, "f=data")
		f, err := fsys.OpenFile("f", rdwr, 0)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); !errors.Is(err, fs.ErrClosed) {
			t.Errorf("second close: %v, want ErrClosed", err)
		}
		if _, err := f.Read(make([]byte, 1)); !errors.Is(err, fs.ErrClosed) {
			t.Errorf("read after close: %v, want ErrClosed", err)
		}
		if _, err := hackpadfs.WriteFile(f, []byte("x")); !errors.Is(err, fs.ErrClosed) {
			t.Errorf("write after close: %v, want ErrClosed", err)
		}
	}},
	{"seeking past the end then writing zero-fills the gap", func(t *testing.T, fsys FS) {
		build(t, fsys, "f=ab")
		f := openFile(t, fsys, "f", rdwr)
		if off, err := hackpadfs.SeekFile(f, 5, io.SeekEnd); err != nil || off != 7 {
			t.Fatalf("seek = %d, %v; want 7", off, err)
		}
		if n, err := f.Read(make([]byte, 4)); n != 0 || err != io.EOF {
			t.Errorf("read past end = %d, %v; want 0, EOF", n, err)
		}
		if _, err := hackpadfs.WriteFile(f, []byte("z")); err != nil {
			t.Fatal(err)
		}
		if got := content(t, fsys, "f"); got != "ab\x00\x00\x00\x00\x00z" {
			t.Errorf("content = %q", got)
		}
		_, err := hackpadfs.SeekFile(f, -1, io.SeekStart)
		wantPathErr(t, err, "f", syscall.EINVAL)
	}},
	{"append mode writes at the end whatever the offset", func(t *testing.T, fsys FS) {
		build(t, fsys, "f=abc")
		f := openFile(t, fsys, "f", rdwr|appnd)
		other := openFile(t, fsys, "f", wronly|appnd)
		hackpadfs.SeekFile(f, 0, io.SeekStart)
		hackpadfs.WriteFile(f, []byte("1"))
		hackpadfs.WriteFile(other, []byte("2"))
		hackpadfs.WriteFile(f, []byte("3"))
		if got := content(t, fsys, "f"); got != "abc123" {
			t.Errorf("content = %q, want abc123", got)
		}
	}},
	{"readat and writeat leave the offset alone", func(t *testing.T, fsys FS) {
		build(t, fsys, "f=hello world")
		f := openFile(t, fsys, "f", rdwr)
		if _, err := hackpadfs.WriteAtFile(f, []byte("J"), 0); err != nil {
			t.Fatal(err)
		}
		buf := make([]byte, 5)
		if n, err := hackpadfs.ReadAtFile(f, buf, 6); n != 5 || (err != nil && err != io.EOF) || string(buf) != "world" {
			t.Errorf("readat = %d %q %v", n, buf, err)
		}
		if n, err := hackpadfs.ReadAtFile(f, make([]byte, 10), 6); n != 5 || err != io.EOF {
			t.Errorf("short readat = %d, %v; want 5, EOF", n, err)
		}
		if n, _ := f.Read(buf); n != 5 || string(buf) != "Jello" {
			t.Errorf("read after readat/writeat = %q, want offset 0", buf[:n])
		}
	}},
	{"truncate grows with zeros and shrinks", func(t *testing.T, fsys FS) {
		build(t, fsys, "f=abc")
		f := openFile(t, fsys, "f", rdwr)
		if err := hackpadfs.TruncateFile(f, 5); err != nil {
			t.Fatal(err)
		}
		if got := content(t, fsys, "f"); got != "abc\x00\x00" {
			t.Errorf("after grow: %q", got)
		}
		if err := hackpadfs.TruncateFile(f, 1); err != nil {
			t.Fatal(err)
		}
		if err := hackpadfs.TruncateFile(f, 3); err != nil {
			t.Fatal(err)
		}
		if got := content(t, fsys, "f"); got != "a\x00\x00" {
			t.Errorf("after shrink and grow: %q, want old bytes gone", got)
		}
		wantPathErr(t, hackpadfs.TruncateFile(f, -1), "f", syscall.EINVAL)
	}},
	{"stat, chmod and chtimes work through a handle", func(t *testing.T, fsys FS) {
		build(t, fsys, "d/", "d/f=abc")
		f := openFile(t, fsys, "d/f", rdonly)
		fi, err := f.Stat()
		if err != nil {
			t.Fatal(err)
		}
		if fi.Name() != "f" || fi.Size() != 3 || inode(t, fi).Ino != lstat(t, fsys, "d/f").Ino {
			t.Errorf("handle stat = %s size %d ino %d", fi.Name(), fi.Size(), inode(t, fi).Ino)
		}
		if err := hackpadfs.ChmodFile(f, 0o600); err != nil {
			t.Fatal(err)
		}
		mtime := time.Date(2020, 1, 2, 3, 4, 5, 6, time.UTC)
		if err := hackpadfs.ChtimesFile(f, mtime, mtime); err != nil {
			t.Fatal(err)
		}
		fi, _ = fsys.Stat("d/f")
		if fi.Mode() != 0o600 || !fi.ModTime().Equal(mtime) {
			t.Errorf("after fchmod/futimes: %v %v", fi.Mode(), fi.ModTime())
		}
		if err := hackpadfs.SyncFile(f); err != nil {
			t.Errorf("sync: %v", err)
		}
	}},
}
