package hostfs

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/hack-pad/hackpadfs"

	"github.com/wasmrun/wasmrun/kernel/vfs"
)

// FS is a host directory. Create one with New and Close it when unmounted.
type FS struct {
	root *os.Root
	// top is the root directory itself, opened once: the *at syscalls on
	// top-level names use it instead of opening "." each time.
	top *os.File
}

// The capabilities the VFS discovers by type assertion.
var (
	_ hackpadfs.OpenFileFS = (*FS)(nil)
	_ hackpadfs.MkdirFS    = (*FS)(nil)
	_ hackpadfs.MkdirAllFS = (*FS)(nil)
	_ hackpadfs.RemoveFS   = (*FS)(nil)
	_ hackpadfs.RenameFS   = (*FS)(nil)
	_ hackpadfs.StatFS     = (*FS)(nil)
	_ hackpadfs.LstatFS    = (*FS)(nil)
	_ hackpadfs.SymlinkFS  = (*FS)(nil)
	_ hackpadfs.ChmodFS    = (*FS)(nil)
	_ hackpadfs.ChtimesFS  = (*FS)(nil)
	_ hackpadfs.ReadDirFS  = (*FS)(nil)
	_ vfs.ReadlinkFS       = (*FS)(nil)
	_ vfs.LinkFS           = (*FS)(nil)
	_ vfs.LchtimesFS       = (*FS)(nil)
	_ vfs.UnlinkFS         = (*FS)(nil)
	_ vfs.NoFollowOpenFS   = (*FS)(nil)
)

// New opens host directory dir. The error names dir and wraps the errno:
// ENOENT if it is missing, ENOTDIR if it is not a directory.
func New(dir string) (*FS, error) {
	// os.OpenRoot reports a non-directory with a bare "not a directory"
	// error, not ENOTDIR; check first to give callers the errno.
	fi, err := os.Stat(dir)
	if err == nil && !fi.IsDir() {
		err = syscall.ENOTDIR
	}
	var root *os.Root
	if err == nil {
		root, err = os.OpenRoot(dir)
	}
	var top *os.File
	if err == nil {
		if top, err = root.Open("."); err != nil {
			root.Close()
		}
	}
	if err != nil {
		return nil, fmt.Errorf("hostfs: cannot mount host directory %q: %w", dir, cause(err))
	}
	return &FS{root: root, top: top}, nil
}

// Close releases the directory. Files still open stay usable.
func (fsys *FS) Close() error {
	fsys.top.Close()
	return fsys.root.Close()
}

// accessMode masks the read/write part of open flags.
const accessMode = hackpadfs.FlagReadOnly | hackpadfs.FlagWriteOnly | hackpadfs.FlagReadWrite

// Open opens name for reading.
func (fsys *FS) Open(name string) (fs.File, error) {
	return fsys.OpenFile(name, hackpadfs.FlagReadOnly, 0)
}

// OpenFile opens name with hackpadfs flags, as open(2) does. Only perm's
// permission bits are used, less the host's umask.
func (fsys *FS) OpenFile(name string, flag int, perm fs.FileMode) (hackpadfs.File, error) {
	if !fs.ValidPath(name) || flag&accessMode == accessMode {
		return nil, pathErr("open", name, syscall.EINVAL)
	}
	f, err := fsys.root.OpenFile(name, osFlags(flag), perm&fs.ModePerm)
	if err != nil {
		return nil, pathErr("open", name, err)
	}
	return &file{f: f, name: name, append: flag&hackpadfs.FlagAppend != 0}, nil
}

// OpenFileNoFollow opens name like OpenFile, but fails with ELOOP when its
// final component is a symlink, as open(2) with O_NOFOLLOW does.
func (fsys *FS) OpenFileNoFollow(name string, flag int, perm fs.FileMode) (hackpadfs.File, error) {
	if !fs.ValidPath(name) || name == "." || flag&accessMode == accessMode {
		return nil, pathErr("open", name, syscall.EINVAL)
	}
	f, err := fsys.openNoFollow(name, osFlags(flag), perm&fs.ModePerm)
	if err != nil {
		return nil, pathErr("open", name, err)
	}
	return &file{f: f, name: name, append: flag&hackpadfs.FlagAppend != 0}, nil
}

// osFlags translates hackpadfs open flags to os ones.
func osFlags(flag int) int {
	var o int
	switch flag & accessMode {
	case hackpadfs.FlagWriteOnly:
		o = os.O_WRONLY
	case hackpadfs.FlagReadWrite:
		o = os.O_RDWR
	default:
		o = os.O_RDONLY
	}
	for _, m := range [...]struct{ hp, os int }{
		{hackpadfs.FlagAppend, os.O_APPEND},
		{hackpadfs.FlagCreate, os.O_CREATE},
		{hackpadfs.FlagExclusive, os.O_EXCL},
		{hackpadfs.FlagTruncate, os.O_TRUNC},
		{hackpadfs.FlagSync, os.O_SYNC},
	} {
		if flag&m.hp != 0 {
			o |= m.os
		}
	}
	return o
}

// Stat describes name, following symlinks inside the root.
func (fsys *FS) Stat(name string) (fs.FileInfo, error) {
	if !fs.ValidPath(name) {
		return nil, pathErr("stat", name, syscall.EINVAL)
	}
	fi, err := fsys.root.Stat(name)
	if err != nil {
		return nil, pathErr("stat", name, err)
	}
	return newInfo(fi, baseName(name)), nil
}

// Lstat describes name without following a final symlink.
func (fsys *FS) Lstat(name string) (fs.FileInfo, error) {
	if !fs.ValidPath(name) {
		return nil, pathErr("lstat", name, syscall.EINVAL)
	}
	fi, err := fsys.root.Lstat(name)
	if err != nil {
		return nil, pathErr("lstat", name, err)
	}
	return newInfo(fi, baseName(name)), nil
}

// Mkdir creates directory name with perm's permission bits, less umask.
func (fsys *FS) Mkdir(name string, perm fs.FileMode) error {
	if !fs.ValidPath(name) {
		return pathErr("mkdir", name, syscall.EINVAL)
	}
	return pathErr("mkdir", name, fsys.root.Mkdir(name, perm&fs.ModePerm))
}

// MkdirAll creates directory name and any missing parents. Unlike
// os.Root.MkdirAll, the error names the component that failed, as
// os.MkdirAll's does: ENOTDIR if it is not a directory.
func (fsys *FS) MkdirAll(name string, perm fs.FileMode) error {
	if !fs.ValidPath(name) {
		return pathErr("mkdir", name, syscall.EINVAL)
	}
	if fi, err := fsys.root.Stat(name); err == nil && fi.IsDir() {
		return nil
	}
	for i := 0; i <= len(name); i++ {
		if i < len(name) && name[i] != '/' {
			continue
		}
		prefix := name[:i]
		err := fsys.root.Mkdir(prefix, perm&fs.ModePerm)
		if errors.Is(err, fs.ErrExist) {
			// Someone's directory, maybe made concurrently, or not one at all.
			fi, serr := fsys.root.Stat(prefix)
			switch {
			case serr != nil:
				err = serr // e.g. EXDEV for a symlink out of the root
			case fi.IsDir():
				err = nil
			default:
				err = syscall.ENOTDIR
			}
		}
		if err != nil {
			return pathErr("mkdir", prefix, err)
		}
	}
	return nil
}

// Remove removes a file, a symlink or an empty directory.
func (fsys *FS) Remove(name string) error {
	if !fs.ValidPath(name) {
		return pathErr("remove", name, syscall.EINVAL)
	}
	return pathErr("remove", name, fsys.root.Remove(name))
}

// Unlink removes a file or symlink, failing with EISDIR on a directory, in
// one step (see unlink).
func (fsys *FS) Unlink(name string) error {
	if !fs.ValidPath(name) || name == "." {
		return pathErr("unlink", name, syscall.EINVAL)
	}
	return pathErr("unlink", name, fsys.unlink(name))
}

// Rename moves oldname to newname as rename(2) does; see rename.
func (fsys *FS) Rename(oldname, newname string) error {
	if !fs.ValidPath(oldname) || !fs.ValidPath(newname) {
		return linkErr("rename", oldname, newname, syscall.EINVAL)
	}
	return linkErr("rename", oldname, newname, fsys.rename(oldname, newname))
}

// Symlink creates linkname pointing to target, stored verbatim. An absolute
// or escaping target can be created; it just cannot be followed.
func (fsys *FS) Symlink(target, linkname string) error {
	if !fs.ValidPath(linkname) {
		return linkErr("symlink", target, linkname, syscall.EINVAL)
	}
	return linkErr("symlink", target, linkname, fsys.root.Symlink(target, linkname))
}

// Readlink returns symlink name's target.
func (fsys *FS) Readlink(name string) (string, error) {
	if !fs.ValidPath(name) {
		return "", pathErr("readlink", name, syscall.EINVAL)
	}
	target, err := fsys.root.Readlink(name)
	return target, pathErr("readlink", name, err)
}

// Link creates newname as a hard link to oldname (to a symlink itself, not
// its target). EPERM for a directory.
func (fsys *FS) Link(oldname, newname string) error {
	if !fs.ValidPath(oldname) || !fs.ValidPath(newname) {
		return linkErr("link", oldname, newname, syscall.EINVAL)
	}
	return linkErr("link", oldname, newname, fsys.root.Link(oldname, newname))
}

// Chmod changes name's mode, following symlinks inside the root.
func (fsys *FS) Chmod(name string, mode fs.FileMode) error {
	if !fs.ValidPath(name) {
		return pathErr("chmod", name, syscall.EINVAL)
	}
	return pathErr("chmod", name, fsys.root.Chmod(name, mode))
}

// Chtimes sets name's access and modification times, following symlinks; a
// zero time leaves that time unchanged.
func (fsys *FS) Chtimes(name string, atime, mtime time.Time) error {
	if !fs.ValidPath(name) {
		return pathErr("chtimes", name, syscall.EINVAL)
	}
	return pathErr("chtimes", name, fsys.root.Chtimes(name, atime, mtime))
}

// Lchtimes is Chtimes on a symlink itself; see lchtimes.
func (fsys *FS) Lchtimes(name string, atime, mtime time.Time) error {
	if !fs.ValidPath(name) {
		return pathErr("lchtimes", name, syscall.EINVAL)
	}
	return pathErr("lchtimes", name, fsys.lchtimes(name, atime, mtime))
}

// ReadDir lists directory name sorted by name.
func (fsys *FS) ReadDir(name string) ([]fs.DirEntry, error) {
	if !fs.ValidPath(name) {
		return nil, pathErr("open", name, syscall.EINVAL)
	}
	f, err := fsys.root.Open(name)
	if err != nil {
		return nil, pathErr("open", name, err)
	}
	defer f.Close()
	entries, err := readDir(f, -1)
	if err != nil {
		return nil, pathErr("readdir", name, err)
	}
	slices.SortFunc(entries, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return entries, nil
}

// baseName is the last element of an io/fs path, the name Stat reports.
func baseName(name string) string {
	if i := strings.LastIndexByte(name, '/'); i >= 0 {
		return name[i+1:]
	}
	return name
}
