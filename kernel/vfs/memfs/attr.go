package memfs

import (
	"io/fs"
	"syscall"
	"time"
)

// Stat describes name, following symlinks. Its Sys() is a *vfs.Inode.
func (fsys *FS) Stat(name string) (fs.FileInfo, error) {
	return fsys.stat("stat", name, true)
}

// Lstat describes name without following a final symlink.
func (fsys *FS) Lstat(name string) (fs.FileInfo, error) {
	return fsys.stat("lstat", name, false)
}

func (fsys *FS) stat(op, name string, follow bool) (fs.FileInfo, error) {
	if !fs.ValidPath(name) {
		return nil, pathErr(op, name, syscall.EINVAL)
	}
	fsys.mu.RLock()
	defer fsys.mu.RUnlock()
	n, err := fsys.lookup(name, follow)
	if err != nil {
		return nil, pathErr(op, name, err)
	}
	return snapshot(n, baseName(name)), nil
}

// Chmod sets the permission, setuid, setgid and sticky bits of name,
// following symlinks.
func (fsys *FS) Chmod(name string, mode fs.FileMode) error {
	if !fs.ValidPath(name) {
		return pathErr("chmod", name, syscall.EINVAL)
	}
	fsys.mu.Lock()
	defer fsys.mu.Unlock()
	n, err := fsys.lookup(name, true)
	if err != nil {
		return pathErr("chmod", name, err)
	}
	n.chmod(mode)
	return nil
}

// Chtimes sets the access and modification times of name, following
// symlinks. A zero time.Time leaves that time unchanged, as in os.Chtimes.
func (fsys *FS) Chtimes(name string, atime, mtime time.Time) error {
	return fsys.chtimes("chtimes", name, atime, mtime, true)
}

// Lchtimes is Chtimes on a symlink itself.
func (fsys *FS) Lchtimes(name string, atime, mtime time.Time) error {
	return fsys.chtimes("lchtimes", name, atime, mtime, false)
}

func (fsys *FS) chtimes(op, name string, atime, mtime time.Time, follow bool) error {
	if !fs.ValidPath(name) {
		return pathErr(op, name, syscall.EINVAL)
	}
	fsys.mu.Lock()
	defer fsys.mu.Unlock()
	n, err := fsys.lookup(name, follow)
	if err != nil {
		return pathErr(op, name, err)
	}
	n.setTimes(atime, mtime)
	return nil
}

// lookup is resolve for a path that must exist.
func (fsys *FS) lookup(name string, follow bool) (*inode, error) {
	r, err := fsys.resolve(name, follow)
	if err != nil {
		return nil, err
	}
	if r.node == nil {
		return nil, syscall.ENOENT
	}
	return r.node, nil
}
