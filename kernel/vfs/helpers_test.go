package vfs_test

import (
	"errors"
	"io/fs"
	"path"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/hack-pad/hackpadfs"

	"github.com/wasmrun/wasmrun/kernel/vfs"
	"github.com/wasmrun/wasmrun/kernel/vfs/memfs"
)

// The file systems below are memfs with one capability added or taken away,
// so that each VFS path that depends on a capability can be exercised
// without the host (hostfs is native only).

// countingFS is a memfs that counts the lookups it answers, to tell a result
// the VFS remembered from one it asked for again.
type countingFS struct {
	*memfs.FS
	lookups atomic.Int64
}

func (c *countingFS) Stat(name string) (fs.FileInfo, error) {
	c.lookups.Add(1)
	return c.FS.Stat(name)
}

func (c *countingFS) Lstat(name string) (fs.FileInfo, error) {
	c.lookups.Add(1)
	return c.FS.Lstat(name)
}

// noFollowFS is a memfs that can open without following a final symlink
// (vfs.NoFollowOpenFS), as hostfs can. It counts lookups as countingFS does.
type noFollowFS struct {
	countingFS
	noFollowOpens atomic.Int64
}

func (n *noFollowFS) OpenFileNoFollow(name string, flag int, perm fs.FileMode) (hackpadfs.File, error) {
	n.noFollowOpens.Add(1)
	if info, err := n.FS.Lstat(name); err == nil && info.Mode()&fs.ModeSymlink != 0 {
		return nil, &fs.PathError{Op: "open", Path: name, Err: syscall.ELOOP}
	}
	return n.FS.OpenFile(name, flag, perm)
}

var _ vfs.NoFollowOpenFS = (*noFollowFS)(nil)

// unlinkFS is a memfs that removes non-directories in one step
// (vfs.UnlinkFS), as hostfs does, and records that it was asked to.
type unlinkFS struct {
	*memfs.FS
	unlinks atomic.Int64
}

func (u *unlinkFS) Unlink(name string) error {
	u.unlinks.Add(1)
	info, err := u.FS.Lstat(name)
	if err != nil {
		return err
	}
	if info.IsDir() {
		return &fs.PathError{Op: "unlink", Path: name, Err: syscall.EISDIR}
	}
	return u.FS.Remove(name)
}

var _ vfs.UnlinkFS = (*unlinkFS)(nil)

// bareFS offers only opening, stat, mkdir, remove and rename: no symlinks,
// no hard links, no lchtimes, no readlink.
type bareFS struct{ m *memfs.FS }

func (b bareFS) Open(name string) (fs.File, error) { return b.m.Open(name) }
func (b bareFS) OpenFile(name string, flag int, perm fs.FileMode) (hackpadfs.File, error) {
	return b.m.OpenFile(name, flag, perm)
}
func (b bareFS) Stat(name string) (fs.FileInfo, error)     { return b.m.Stat(name) }
func (b bareFS) Mkdir(name string, perm fs.FileMode) error { return b.m.Mkdir(name, perm) }
func (b bareFS) Remove(name string) error                  { return b.m.Remove(name) }
func (b bareFS) Rename(oldname, newname string) error      { return b.m.Rename(oldname, newname) }

// changes records what the VFS reports through OnChange.
type changes struct {
	mu    sync.Mutex
	paths []string
}

func listen(v *vfs.VFS) *changes {
	c := &changes{}
	v.OnChange(func(p string) {
		c.mu.Lock()
		c.paths = append(c.paths, p)
		c.mu.Unlock()
	})
	return c
}

func (c *changes) take() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := c.paths
	c.paths = nil
	return out
}

// build fills fsys from a spec: "dir/" makes a directory, "name -> target" a
// symlink, anything else a file holding its own name.
func build(tb testing.TB, fsys *memfs.FS, spec ...string) {
	tb.Helper()
	for _, s := range spec {
		var err error
		link, target, isLink := strings.Cut(s, " -> ")
		if dir := path.Dir(strings.TrimSuffix(link, "/")); dir != "." {
			if err := fsys.MkdirAll(dir, 0o755); err != nil {
				tb.Fatalf("build %q: %v", s, err)
			}
		}
		switch {
		case isLink:
			err = fsys.Symlink(target, link)
		case strings.HasSuffix(s, "/"):
			err = fsys.MkdirAll(strings.TrimSuffix(s, "/"), 0o755)
		default:
			err = hackpadfs.WriteFullFile(fsys, s, []byte(s), 0o644)
		}
		if err != nil {
			tb.Fatalf("build %q: %v", s, err)
		}
	}
}

// check fails t unless err is want (nil: no error), compared with errors.Is.
func check(t *testing.T, what string, err, want error) bool {
	t.Helper()
	switch {
	case want == nil && err != nil:
		t.Errorf("%s: %v, want success", what, err)
		return false
	case want != nil && !errors.Is(err, want):
		t.Errorf("%s: %v, want %v", what, err, want)
		return false
	}
	return true
}

// resolve resolves p from "/" and fails the test if it cannot.
func resolve(t *testing.T, v *vfs.VFS, follow bool, p string) vfs.Loc {
	t.Helper()
	l, err := v.Resolve(vfs.Lookup{Base: "/", Follow: follow}, p)
	if err != nil {
		t.Fatalf("resolve %s: %v", p, err)
	}
	return l
}

// exists reports whether p names something, without following a final
// symlink.
func exists(t *testing.T, v *vfs.VFS, p string) bool {
	t.Helper()
	_, err := v.Stat(resolve(t, v, false, p))
	return err == nil
}
