package memfs_test

import (
	"errors"
	"io"
	"strings"
	"syscall"
	"testing"

	"github.com/hack-pad/hackpadfs"

	"github.com/wasmrun/wasmrun/kernel/vfs/memfs"
)

const (
	rdwr  = hackpadfs.FlagReadWrite
	creat = hackpadfs.FlagCreate
	trunc = hackpadfs.FlagTruncate
)

func TestLimits(t *testing.T) {
	for _, c := range []struct {
		name string
		opts memfs.Options
		do   func(fsys *memfs.FS) error
		want syscall.Errno
	}{
		{"a write past MaxFileSize fails with EFBIG", memfs.Options{MaxFileSize: 10},
			func(fsys *memfs.FS) error { return write(fsys, "f", 0, 11) }, syscall.EFBIG},
		{"a write up to MaxFileSize succeeds", memfs.Options{MaxFileSize: 10},
			func(fsys *memfs.FS) error { return write(fsys, "f", 0, 10) }, 0},
		{"a write ending past MaxFileSize through an offset fails with EFBIG", memfs.Options{MaxFileSize: 10},
			func(fsys *memfs.FS) error { return write(fsys, "f", 8, 3) }, syscall.EFBIG},
		{"a truncate past MaxFileSize fails with EFBIG", memfs.Options{MaxFileSize: 10},
			func(fsys *memfs.FS) error { return truncate(fsys, "f", 11) }, syscall.EFBIG},
		{"writes past MaxBytes in total fail with ENOSPC", memfs.Options{MaxBytes: 10},
			func(fsys *memfs.FS) error {
				if err := write(fsys, "a", 0, 6); err != nil {
					return err
				}
				return write(fsys, "b", 0, 5)
			}, syscall.ENOSPC},
		{"a truncate past MaxBytes fails with ENOSPC", memfs.Options{MaxBytes: 10},
			func(fsys *memfs.FS) error { return truncate(fsys, "f", 11) }, syscall.ENOSPC},
		{"creates past MaxInodes fail with ENOSPC", memfs.Options{MaxInodes: 3},
			func(fsys *memfs.FS) error {
				if err := fsys.Mkdir("d", 0o755); err != nil {
					return err
				}
				if err := fsys.Symlink("d", "l"); err != nil {
					return err
				}
				return write(fsys, "f", 0, 0)
			}, syscall.ENOSPC},
		{"a name longer than NAME_MAX fails with ENAMETOOLONG", memfs.Options{},
			func(fsys *memfs.FS) error { return fsys.Mkdir(strings.Repeat("n", 256), 0o755) }, syscall.ENAMETOOLONG},
		{"a symlink target longer than PATH_MAX fails with ENAMETOOLONG", memfs.Options{},
			func(fsys *memfs.FS) error { return fsys.Symlink(strings.Repeat("t", 4097), "l") }, syscall.ENAMETOOLONG},
		{"an empty symlink target fails with ENOENT", memfs.Options{},
			func(fsys *memfs.FS) error { return fsys.Symlink("", "l") }, syscall.ENOENT},
	} {
		t.Run(c.name, func(t *testing.T) {
			fsys := memfs.New(c.opts)
			err := c.do(fsys)
			var got syscall.Errno
			if (c.want == 0 && err != nil) || (c.want != 0 && (!errors.As(err, &got) || got != c.want)) {
				t.Errorf("err = %v, want %v", err, c.want)
			}
		})
	}
}

func TestFailedWriteChangesNothing(t *testing.T) {
	fsys := memfs.New(memfs.Options{MaxBytes: 8})
	if err := write(fsys, "f", 0, 5); err != nil {
		t.Fatal(err)
	}
	if err := write(fsys, "f", 5, 4); !errors.Is(err, syscall.ENOSPC) {
		t.Fatalf("err = %v, want ENOSPC", err)
	}
	if fi, _ := fsys.Stat("f"); fi.Size() != 5 {
		t.Errorf("size after failed write = %d, want 5", fi.Size())
	}
	if bytes, _ := fsys.Usage(); bytes != 5 {
		t.Errorf("usage after failed write = %d, want 5", bytes)
	}
}

func TestUsage(t *testing.T) {
	fsys := memfs.New(memfs.Options{})
	wantUsage := func(step string, bytes int64, inodes int) {
		t.Helper()
		if b, n := fsys.Usage(); b != bytes || n != inodes {
			t.Errorf("%s: usage %d bytes %d inodes, want %d and %d", step, b, n, bytes, inodes)
		}
	}
	wantUsage("empty", 0, 1)
	fsys.Mkdir("d", 0o755)
	write(fsys, "d/f", 0, 100)
	fsys.Link("d/f", "g")
	fsys.Symlink("g", "l")
	wantUsage("after creates", 100, 4)

	f, err := fsys.OpenFile("d/f", rdwr, 0)
	if err != nil {
		t.Fatal(err)
	}
	fsys.Remove("d/f")
	fsys.Remove("g")
	wantUsage("unlinked but open", 100, 4)
	hackpadfs.WriteAtFile(f, make([]byte, 50), 100)
	wantUsage("written while unlinked", 150, 4)
	f.Close()
	wantUsage("after last close", 0, 3)

	write(fsys, "big", 0, 1000)
	truncate(fsys, "big", 10)
	fsys.Rename("l", "d/l")
	wantUsage("after truncate and rename", 10, 4)
	fsys.Remove("d/l")
	fsys.Remove("d")
	fsys.Remove("big")
	wantUsage("all removed", 0, 1)
}

func write(fsys *memfs.FS, name string, off int64, n int) error {
	f, err := fsys.OpenFile(name, rdwr|creat, 0o644)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = hackpadfs.WriteAtFile(f, make([]byte, n), off)
	return err
}

func truncate(fsys *memfs.FS, name string, size int64) error {
	f, err := fsys.OpenFile(name, rdwr|creat, 0o644)
	if err != nil {
		return err
	}
	defer f.Close()
	return hackpadfs.TruncateFile(f, size)
}

func TestQuotaIsSharedBetweenFileSystems(t *testing.T) {
	q := memfs.NewQuota(8 << 10)
	a := memfs.New(memfs.Options{Quota: q})
	b := memfs.New(memfs.Options{Quota: q})
	write := func(fsys *memfs.FS, name string, n int) error {
		f, err := fsys.OpenFile(name, hackpadfs.FlagWriteOnly|hackpadfs.FlagCreate, 0o644)
		if err != nil {
			return err
		}
		defer f.Close()
		_, err = f.(io.Writer).Write(make([]byte, n))
		return err
	}
	if err := write(a, "x", 6<<10); err != nil {
		t.Fatal(err)
	}
	if err := write(b, "y", 6<<10); !errors.Is(err, syscall.ENOSPC) {
		t.Fatalf("second file system past the shared quota: got %v, want ENOSPC", err)
	}
	if err := a.Remove("x"); err != nil {
		t.Fatal(err)
	}
	if got := q.Used(); got != 0 {
		t.Fatalf("quota after removing everything: %d bytes used", got)
	}
	if err := write(b, "y", 6<<10); err != nil {
		t.Fatalf("after the first file system freed its bytes: %v", err)
	}
}
