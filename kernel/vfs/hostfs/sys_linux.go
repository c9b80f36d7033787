package hostfs

import (
	"io/fs"
	"os"
	"path"
	"syscall"
	"time"
	"unsafe"
)

// Linux gets what os.Root lacks by calling the *at syscalls on a parent
// directory opened inside the root, with a final component that is a single
// name and is not followed: such a call cannot leave the root.

// rename is renameat(2). os.Root.Rename would be simpler but applies
// os.Rename's rule that an existing directory is never replaced (EEXIST);
// POSIX, which WASI guests and the WASI test suite expect, replaces an empty
// directory and makes renaming a directory onto itself a no-op.
func (fsys *FS) rename(oldname, newname string) error {
	return fsys.inParent(oldname, func(oldfd int, oldBase string) error {
		return fsys.inParent(newname, func(newfd int, newBase string) error {
			return retryEINTR(func() error { return syscall.Renameat(oldfd, oldBase, newfd, newBase) })
		})
	})
}

// lchtimes is utimensat(2) with AT_SYMLINK_NOFOLLOW; os.Root has no Lchtimes.
func (fsys *FS) lchtimes(name string, atime, mtime time.Time) error {
	return fsys.inParent(name, func(dirfd int, base string) error {
		return utimensat(dirfd, base, atime, mtime, atSymlinkNofollow)
	})
}

// futimes is futimens(3): utimensat(2) on the descriptor itself.
func futimes(f *os.File, atime, mtime time.Time) error {
	return withFD(f, func(fd int) error { return utimensat(fd, "", atime, mtime, 0) })
}

// unlink is unlinkat(2) without AT_REMOVEDIR: one syscall, and EISDIR on a
// directory, where os.Root.Remove would remove an empty one.
func (fsys *FS) unlink(name string) error {
	return fsys.inParent(name, func(dirfd int, base string) error {
		return retryEINTR(func() error { return syscall.Unlinkat(dirfd, base) })
	})
}

// openNoFollow is openat(2) with O_NOFOLLOW on name's confined parent: one
// syscall for a top-level name, and ELOOP for a symlink.
func (fsys *FS) openNoFollow(name string, flag int, perm fs.FileMode) (*os.File, error) {
	var f *os.File
	err := fsys.inParent(name, func(dirfd int, base string) error {
		return retryEINTR(func() error {
			fd, err := syscall.Openat(dirfd, base, flag|syscall.O_NOFOLLOW|syscall.O_CLOEXEC, uint32(perm))
			if err != nil {
				return err
			}
			f = os.NewFile(uintptr(fd), name)
			return nil
		})
	})
	return f, err
}

// inParent runs op on the descriptor of name's directory, opened inside the
// root, and name's last element. Opening the directory needs read
// permission on it, which the *at call itself may not.
func (fsys *FS) inParent(name string, op func(dirfd int, base string) error) error {
	base := path.Base(name)
	if path.Dir(name) == "." {
		return withFD(fsys.top, func(fd int) error { return op(fd, base) })
	}
	dir, err := fsys.root.OpenFile(path.Dir(name), os.O_RDONLY|syscall.O_DIRECTORY, 0)
	if err != nil {
		return err
	}
	defer dir.Close()
	return withFD(dir, func(fd int) error { return op(fd, base) })
}

const (
	utimeOmit         = 1<<30 - 2 // UTIME_OMIT: leave this timestamp alone
	atSymlinkNofollow = 0x100     // AT_SYMLINK_NOFOLLOW, which package syscall lacks
)

// utimensat sets times with nanosecond precision; a zero time is left
// alone. An empty name means dirfd itself (futimens).
func utimensat(dirfd int, name string, atime, mtime time.Time, flags int) error {
	ts := [2]syscall.Timespec{timespec(atime), timespec(mtime)}
	var p *byte // NULL for futimens
	if name != "" {
		var err error
		if p, err = syscall.BytePtrFromString(name); err != nil {
			return err
		}
	}
	return retryEINTR(func() error {
		_, _, e := syscall.Syscall6(syscall.SYS_UTIMENSAT, uintptr(dirfd), uintptr(unsafe.Pointer(p)),
			uintptr(unsafe.Pointer(&ts[0])), uintptr(flags), 0, 0)
		if e != 0 {
			return e
		}
		return nil
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
