package hostfs

import (
	"os"
	"path"
	"syscall"
	"time"
	"unsafe"
)

// rename is renameat(2) between the two parent directories, each opened
// inside the root. The final components are single names that renameat does
// not follow, so the rename cannot leave the root. os.Root.Rename would be
// simpler but applies os.Rename's rule that an existing directory is never
// replaced (EEXIST); POSIX, which WASI guests and the WASI test suite
// expect, replaces an empty directory and makes renaming a directory onto
// itself a no-op.
func (fsys *FS) rename(oldname, newname string) error {
	oldDir, err := fsys.root.OpenFile(path.Dir(oldname), os.O_RDONLY|syscall.O_DIRECTORY, 0)
	if err != nil {
		return err
	}
	defer oldDir.Close()
	newDir, err := fsys.root.OpenFile(path.Dir(newname), os.O_RDONLY|syscall.O_DIRECTORY, 0)
	if err != nil {
		return err
	}
	defer newDir.Close()
	oldBase, newBase := path.Base(oldname), path.Base(newname)
	return withFD(oldDir, func(oldfd int) error {
		return withFD(newDir, func(newfd int) error {
			return retryEINTR(func() error { return syscall.Renameat(oldfd, oldBase, newfd, newBase) })
		})
	})
}

// utimeOmit is UTIME_OMIT: leave this timestamp alone.
const utimeOmit = 1<<30 - 2

// futimes is futimens(3): utimensat(2) on the descriptor itself, with
// nanosecond precision.
func futimes(f *os.File, atime, mtime time.Time) error {
	ts := [2]syscall.Timespec{timespec(atime), timespec(mtime)}
	return withFD(f, func(fd int) error {
		return retryEINTR(func() error {
			_, _, e := syscall.Syscall6(syscall.SYS_UTIMENSAT, uintptr(fd), 0, uintptr(unsafe.Pointer(&ts[0])), 0, 0, 0)
			if e != 0 {
				return e
			}
			return nil
		})
	})
}

func timespec(t time.Time) syscall.Timespec {
	if t.IsZero() {
		return syscall.Timespec{Nsec: utimeOmit}
	}
	return syscall.NsecToTimespec(t.UnixNano())
}

// withFD runs op on f's descriptor, keeping f open meanwhile.
func withFD(f *os.File, op func(fd int) error) error {
	rc, err := f.SyscallConn()
	if err != nil {
		return err
	}
	var opErr error
	if err := rc.Control(func(fd uintptr) { opErr = op(int(fd)) }); err != nil {
		return err
	}
	return opErr
}

func retryEINTR(op func() error) error {
	for {
		if err := op(); err != syscall.EINTR {
			return err
		}
	}
}
