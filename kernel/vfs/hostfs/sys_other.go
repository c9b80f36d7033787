//go:build !linux

package hostfs

import (
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

// futimes is not available on this platform: ENOSYS. Chtimes by path works.
func futimes(*os.File, time.Time, time.Time) error {
	return syscall.ENOSYS
}
