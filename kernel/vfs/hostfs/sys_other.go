//go:build !linux

package hostfs

import (
	"io/fs"
	"os"
	"syscall"
	"time"
)

// rename is os.Root.Rename: confined, but with os.Rename's rule that an
// existing directory is never replaced (EEXIST) where POSIX replaces an
// empty one. The Linux version uses renameat(2) directly.
func (fsys *FS) rename(oldname, newname string) error {
	return fsys.root.Rename(oldname, newname)
}

// lchtimes needs utimensat(2) on a confined parent; only Linux has it here.
func (fsys *FS) lchtimes(string, time.Time, time.Time) error {
	return syscall.ENOTSUP
}

// futimes needs utimensat(2) on the descriptor; only Linux has it here.
// Chtimes by path works everywhere.
func futimes(*os.File, time.Time, time.Time) error {
	return syscall.ENOTSUP
}

// unlink removes name if it is not a directory: a look, then os.Root.Remove.
// Only Linux does it in one confined syscall here.
func (fsys *FS) unlink(name string) error {
	info, err := fsys.root.Lstat(name)
	if err != nil {
		return err
	}
	if info.IsDir() {
		return syscall.EISDIR
	}
	return fsys.root.Remove(name)
}

// openNoFollow checks name is not a symlink, then opens it: two steps, so a
// race can slip a symlink in between, but os.Root still confines it. Only
// Linux does it in one confined syscall here.
func (fsys *FS) openNoFollow(name string, flag int, perm fs.FileMode) (*os.File, error) {
	if info, err := fsys.root.Lstat(name); err == nil && info.Mode()&fs.ModeSymlink != 0 {
		return nil, syscall.ELOOP
	}
	return fsys.root.OpenFile(name, flag, perm)
}
