package memfs

import (
	"io/fs"
	"slices"
	"syscall"
)

// Mkdir creates directory name with perm's permission, setuid, setgid and
// sticky bits.
//
// Errors: EEXIST if name exists (a dangling symlink included); ENOENT,
// ENOTDIR for the path to it; ENOSPC, ENAMETOOLONG; EINVAL for an invalid
// path.
func (fsys *FS) Mkdir(name string, perm fs.FileMode) error {
	if !fs.ValidPath(name) {
		return pathErr("mkdir", name, syscall.EINVAL)
	}
	fsys.mu.Lock()
	defer fsys.mu.Unlock()
	r, err := fsys.resolve(name, false)
	if err == nil && r.node != nil {
		err = syscall.EEXIST
	}
	if err == nil {
		_, err = fsys.mknode(r.dir, r.base, fs.ModeDir|perm&modeBits)
	}
	if err != nil {
		return pathErr("mkdir", name, err)
	}
	return nil
}

// MkdirAll creates directory name and any missing parents, as os.MkdirAll
// does; existing directories (or symlinks to them) are fine. The error names
// the component that failed: ENOTDIR if it is not a directory.
func (fsys *FS) MkdirAll(name string, perm fs.FileMode) error {
	if !fs.ValidPath(name) {
		return pathErr("mkdir", name, syscall.EINVAL)
	}
	fsys.mu.Lock()
	defer fsys.mu.Unlock()
	for i := 0; i <= len(name); i++ {
		if i < len(name) && name[i] != '/' {
			continue
		}
		prefix := name[:i]
		r, err := fsys.resolve(prefix, true)
		switch {
		case err != nil:
		case r.node == nil:
			if l, _ := fsys.resolve(prefix, false); l.node != nil {
				err = syscall.EEXIST // a dangling symlink, as mkdir(2) sees it
			} else {
				_, err = fsys.mknode(r.dir, r.base, fs.ModeDir|perm&modeBits)
			}
		case !r.node.isDir():
			err = syscall.ENOTDIR
		}
		if err != nil {
			return pathErr("mkdir", prefix, err)
		}
	}
	return nil
}

// Remove unlinks a file or symlink, or removes an empty directory. Open
// handles on a removed inode keep working; its memory is released when the
// last one closes.
//
// Errors: ENOENT; ENOTEMPTY for a directory with entries; EINVAL for the
// root (as rmdir(".")) or an invalid path; ENOTDIR, ELOOP, EXDEV for the
// path to it.
func (fsys *FS) Remove(name string) error {
	if !fs.ValidPath(name) {
		return pathErr("remove", name, syscall.EINVAL)
	}
	fsys.mu.Lock()
	defer fsys.mu.Unlock()
	r, err := fsys.resolve(name, false)
	switch {
	case err != nil:
	case r.node == nil:
		err = syscall.ENOENT
	case r.dir == nil:
		err = syscall.EINVAL
	case r.node.isDir() && len(r.node.entries) > 0:
		err = syscall.ENOTEMPTY
	}
	if err != nil {
		return pathErr("remove", name, err)
	}
	fsys.unlink(r.dir, r.base, r.node)
	return nil
}

// unlink removes the entry dir/name, which refers to n, and stamps times.
func (fsys *FS) unlink(dir *inode, name string, n *inode) {
	delete(dir.entries, name)
	fsys.dropLink(dir, n)
	t := now()
	dir.mtime, dir.ctime = t, t
}

// dropLink accounts for one fewer name for n in dir and frees n if that was
// the last reference.
func (fsys *FS) dropLink(dir, n *inode) {
	if n.isDir() {
		n.nlink = 0 // its name and its "." go together
		dir.nlink-- // its ".." no longer names dir
	} else {
		n.nlink--
	}
	n.ctime = now()
	fsys.release(n)
}

// ReadDir lists directory name sorted by name, following symlinks.
//
// Errors: ENOENT etc. for the path (Op "open"); ENOTDIR if name is not a
// directory (Op "readdir").
func (fsys *FS) ReadDir(name string) ([]fs.DirEntry, error) {
	if !fs.ValidPath(name) {
		return nil, pathErr("open", name, syscall.EINVAL)
	}
	fsys.mu.Lock()
	defer fsys.mu.Unlock()
	n, err := fsys.lookup(name, true)
	if err != nil {
		return nil, pathErr("open", name, err)
	}
	if !n.isDir() {
		return nil, pathErr("readdir", name, syscall.ENOTDIR)
	}
	return n.list(), nil
}

// list snapshots directory n's entries, sorted by name.
func (n *inode) list() []fs.DirEntry {
	names := make([]string, 0, len(n.entries))
	for name := range n.entries {
		names = append(names, name)
	}
	slices.Sort(names)
	entries := make([]fs.DirEntry, len(names))
	for i, name := range names {
		entries[i] = snapshot(n.entries[name], name)
	}
	n.touchAtime()
	return entries
}
