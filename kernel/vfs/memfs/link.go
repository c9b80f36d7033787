package memfs

import (
	"io/fs"
	"syscall"
)

// Rename moves oldname to newname as rename(2) does. Both names are taken
// literally: a symlink is moved or replaced, never followed. The inode keeps
// its number and open handles keep working.
//
//   - If both names refer to the same inode (the same name, or two hard
//     links), Rename does nothing and succeeds.
//   - A file or symlink may replace a file or symlink; replacing a directory
//     fails with EISDIR.
//   - A directory may replace an empty directory (ENOTEMPTY otherwise);
//     replacing a non-directory fails with ENOTDIR; moving it beneath itself
//     fails with EINVAL.
//   - ENOENT if oldname or newname's directory is missing; EBUSY if either is
//     the root; EINVAL for an invalid path.
func (fsys *FS) Rename(oldname, newname string) error {
	if !fs.ValidPath(oldname) || !fs.ValidPath(newname) {
		return linkErr("rename", oldname, newname, syscall.EINVAL)
	}
	fsys.mu.Lock()
	defer fsys.mu.Unlock()
	if err := fsys.rename(oldname, newname); err != nil {
		return linkErr("rename", oldname, newname, err)
	}
	return nil
}

func (fsys *FS) rename(oldname, newname string) error {
	src, err := fsys.resolve(oldname, false)
	if err != nil {
		return err
	}
	if src.node == nil {
		return syscall.ENOENT
	}
	dst, err := fsys.resolve(newname, false)
	if err != nil {
		return err
	}
	n, old := src.node, dst.node
	switch {
	case n == old:
		return nil
	case src.dir == nil || dst.dir == nil:
		return syscall.EBUSY
	case n.isDir():
		if old != nil && !old.isDir() {
			return syscall.ENOTDIR
		}
		if old != nil && len(old.entries) > 0 {
			return syscall.ENOTEMPTY
		}
		for d := dst.dir; d != nil; d = d.parent {
			if d == n {
				return syscall.EINVAL
			}
		}
	case old != nil && old.isDir():
		return syscall.EISDIR
	}
	if len(dst.base) > maxNameLen {
		return syscall.ENAMETOOLONG
	}

	delete(src.dir.entries, src.base)
	if old != nil {
		fsys.dropLink(dst.dir, old)
	}
	dst.dir.entries[dst.base] = n
	if n.isDir() && src.dir != dst.dir {
		src.dir.nlink--
		dst.dir.nlink++
		n.parent = dst.dir
	}
	t := now()
	n.ctime = t
	src.dir.mtime, src.dir.ctime = t, t
	dst.dir.mtime, dst.dir.ctime = t, t
	return nil
}

// Link creates newname as another name for the inode oldname names. As
// linkat(2) without AT_SYMLINK_FOLLOW, a symlink is linked, not its target.
//
// Errors: EPERM for a directory; EEXIST if newname exists; ENOENT, ENOTDIR
// for either path; EINVAL for an invalid path; ENAMETOOLONG.
func (fsys *FS) Link(oldname, newname string) error {
	if !fs.ValidPath(oldname) || !fs.ValidPath(newname) {
		return linkErr("link", oldname, newname, syscall.EINVAL)
	}
	fsys.mu.Lock()
	defer fsys.mu.Unlock()
	if err := fsys.link(oldname, newname); err != nil {
		return linkErr("link", oldname, newname, err)
	}
	return nil
}

func (fsys *FS) link(oldname, newname string) error {
	n, err := fsys.lookup(oldname, false)
	if err != nil {
		return err
	}
	if n.isDir() {
		return syscall.EPERM
	}
	dst, err := fsys.resolve(newname, false)
	switch {
	case err != nil:
		return err
	case dst.node != nil:
		return syscall.EEXIST
	case len(dst.base) > maxNameLen:
		return syscall.ENAMETOOLONG
	}
	n.nlink++
	dst.dir.entries[dst.base] = n
	t := now()
	n.ctime = t
	dst.dir.mtime, dst.dir.ctime = t, t
	return nil
}

// Symlink creates linkname as a symbolic link to target. The target is
// stored verbatim and may dangle, be absolute or point outside the FS; it is
// only interpreted when a path is resolved through the link.
//
// Errors: EEXIST if linkname exists; ENOENT for an empty target or a missing
// directory; ENAMETOOLONG for a target over 4096 bytes; ENOSPC; EINVAL for
// an invalid linkname.
func (fsys *FS) Symlink(target, linkname string) error {
	err := fsys.symlink(target, linkname)
	if err != nil {
		return linkErr("symlink", target, linkname, err)
	}
	return nil
}

func (fsys *FS) symlink(target, linkname string) error {
	switch {
	case !fs.ValidPath(linkname):
		return syscall.EINVAL
	case target == "":
		return syscall.ENOENT
	case len(target) > maxTargetLen:
		return syscall.ENAMETOOLONG
	}
	fsys.mu.Lock()
	defer fsys.mu.Unlock()
	r, err := fsys.resolve(linkname, false)
	if err != nil {
		return err
	}
	if r.node != nil {
		return syscall.EEXIST
	}
	n, err := fsys.mknode(r.dir, r.base, fs.ModeSymlink|fs.ModePerm)
	if err != nil {
		return err
	}
	n.target = target
	return nil
}

// Readlink returns the target of symlink name, verbatim.
//
// Errors: EINVAL if name is not a symlink or not a valid path; ENOENT,
// ENOTDIR for the path.
func (fsys *FS) Readlink(name string) (string, error) {
	if !fs.ValidPath(name) {
		return "", pathErr("readlink", name, syscall.EINVAL)
	}
	fsys.mu.RLock()
	defer fsys.mu.RUnlock()
	n, err := fsys.lookup(name, false)
	if err == nil && !n.isSymlink() {
		err = syscall.EINVAL
	}
	if err != nil {
		return "", pathErr("readlink", name, err)
	}
	return n.target, nil
}
