package vfs

import (
	"io/fs"
	"syscall"
	"time"

	"github.com/hack-pad/hackpadfs"
)

// The operations below act on a resolved Loc. They enforce what the mount
// table owns (read-only mounts, mount points, cross-mount renames) and leave
// file semantics to the mounted FS, whose errors they return unchanged.

func writable(l Loc) error {
	if l.Mount.ReadOnly {
		return syscall.EROFS
	}
	return nil
}

// Stat describes the file at l, following a final symlink only if the lookup
// that produced l did.
func (v *VFS) Stat(l Loc) (fs.FileInfo, error) {
	if l.info != nil {
		return l.info, nil
	}
	if l.missing {
		return nil, &fs.PathError{Op: "stat", Path: l.Path, Err: fs.ErrNotExist}
	}
	return lstat(l)
}

// OpenFile opens the file at l with hackpadfs flags.
func (v *VFS) OpenFile(l Loc, flag int, perm fs.FileMode) (hackpadfs.File, error) {
	if flag&(hackpadfs.FlagWriteOnly|hackpadfs.FlagReadWrite|hackpadfs.FlagCreate|hackpadfs.FlagTruncate|hackpadfs.FlagAppend) != 0 {
		if err := writable(l); err != nil {
			// Opening an existing file read-only on a read-only mount is
			// fine; anything that may write is not.
			return nil, err
		}
	}
	if flag == hackpadfs.FlagReadOnly {
		return l.Mount.FS.Open(l.Rel)
	}
	f, err := hackpadfs.OpenFile(l.Mount.FS, l.Rel, flag, perm)
	if err == nil && flag&(hackpadfs.FlagCreate|hackpadfs.FlagTruncate) != 0 {
		v.Changed(l.Path)
	}
	return f, err
}

// OpenNoFollow opens the file at l, an Unexamined Loc, without following a
// symlink there: ELOOP says the final component is one, and the caller
// resolves it again without Lookup.Lazy.
func (v *VFS) OpenNoFollow(l Loc, flag int, perm fs.FileMode) (hackpadfs.File, error) {
	nf, ok := l.Mount.FS.(NoFollowOpenFS)
	if !ok {
		return nil, syscall.ELOOP // not possible here: take the long way
	}
	if flag&(hackpadfs.FlagWriteOnly|hackpadfs.FlagReadWrite|hackpadfs.FlagCreate|hackpadfs.FlagTruncate|hackpadfs.FlagAppend) != 0 {
		if err := writable(l); err != nil {
			return nil, err
		}
	}
	f, err := nf.OpenFileNoFollow(l.Rel, flag, perm)
	if err == nil && flag&(hackpadfs.FlagCreate|hackpadfs.FlagTruncate) != 0 {
		v.Changed(l.Path)
	}
	return f, err
}

// note reports paths as changed when err is nil, and returns err.
func (v *VFS) note(err error, paths ...string) error {
	if err == nil {
		for _, p := range paths {
			v.Changed(p)
		}
	}
	return err
}

// Mkdir creates the directory at l.
func (v *VFS) Mkdir(l Loc, perm fs.FileMode) error {
	if err := writable(l); err != nil {
		return err
	}
	return v.note(hackpadfs.Mkdir(l.Mount.FS, l.Rel, perm), l.Path)
}

// Unlink removes the non-directory at l.
func (v *VFS) Unlink(l Loc) error {
	if u, ok := l.Mount.FS.(UnlinkFS); ok && !l.Slash {
		if err := writable(l); err != nil {
			return err
		}
		return v.note(u.Unlink(l.Rel), l.Path)
	}
	info, err := v.Stat(l)
	if err != nil {
		return err
	}
	if info.IsDir() {
		return syscall.EISDIR
	}
	if l.Slash {
		return syscall.ENOTDIR
	}
	if err := writable(l); err != nil {
		return err
	}
	return v.note(hackpadfs.Remove(l.Mount.FS, l.Rel), l.Path)
}

// Rmdir removes the empty directory at l.
func (v *VFS) Rmdir(l Loc) error {
	info, err := v.Stat(l)
	if err != nil {
		return err
	}
	if !info.IsDir() {
		return syscall.ENOTDIR
	}
	if l.Rel == "." {
		return syscall.EBUSY // the root or a mount point
	}
	if err := writable(l); err != nil {
		return err
	}
	return v.note(hackpadfs.Remove(l.Mount.FS, l.Rel), l.Path)
}

// Rename moves from to to. Both must be on the same mount.
func (v *VFS) Rename(from, to Loc) error {
	if from.Mount != to.Mount {
		return syscall.EXDEV
	}
	if from.Rel == "." || to.Rel == "." {
		return syscall.EBUSY
	}
	if err := writable(from); err != nil {
		return err
	}
	return v.note(hackpadfs.Rename(from.Mount.FS, from.Rel, to.Rel), from.Path, to.Path)
}

// Symlink creates at l a symbolic link holding target.
func (v *VFS) Symlink(target string, l Loc) error {
	if err := writable(l); err != nil {
		return err
	}
	if s, ok := l.Mount.FS.(hackpadfs.SymlinkFS); ok {
		return v.note(s.Symlink(target, l.Rel), l.Path)
	}
	return syscall.ENOTSUP
}

// Readlink returns the target of the symbolic link at l.
func (v *VFS) Readlink(l Loc) (string, error) {
	info, err := v.Stat(l)
	if err != nil {
		return "", err
	}
	if info.Mode()&fs.ModeSymlink == 0 {
		return "", syscall.EINVAL
	}
	return readlink(l)
}

// Link makes to a new name for the file at from.
func (v *VFS) Link(from, to Loc) error {
	if from.Mount != to.Mount {
		return syscall.EXDEV
	}
	if err := writable(to); err != nil {
		return err
	}
	if lf, ok := from.Mount.FS.(LinkFS); ok {
		return v.note(lf.Link(from.Rel, to.Rel), to.Path)
	}
	return syscall.ENOTSUP
}

// Chtimes sets the access and modification times of the file at l.
func (v *VFS) Chtimes(l Loc, atime, mtime time.Time) error {
	if err := writable(l); err != nil {
		return err
	}
	return v.note(hackpadfs.Chtimes(l.Mount.FS, l.Rel, atime, mtime), l.Path)
}

// ReadDir lists the directory at l, sorted by name.
func (v *VFS) ReadDir(l Loc) ([]fs.DirEntry, error) {
	return hackpadfs.ReadDir(l.Mount.FS, l.Rel)
}

// Sys returns the inode facts of info, or nil when the FS gives none.
func Sys(info fs.FileInfo) *Inode {
	in, _ := info.Sys().(*Inode)
	return in
}

// Lchtimes sets the times of the symbolic link at l itself.
func (v *VFS) Lchtimes(l Loc, atime, mtime time.Time) error {
	if err := writable(l); err != nil {
		return err
	}
	if c, ok := l.Mount.FS.(LchtimesFS); ok {
		return v.note(c.Lchtimes(l.Rel, atime, mtime), l.Path)
	}
	return syscall.ENOTSUP
}
