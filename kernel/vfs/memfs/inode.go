package memfs

import (
	"io/fs"
	"math"
	"syscall"
	"time"
)

const (
	// maxNameLen is NAME_MAX and maxTargetLen is PATH_MAX on Linux. Without
	// them a guest could store unbounded bytes in names and link targets,
	// which MaxBytes does not count.
	maxNameLen   = 255
	maxTargetLen = 4096

	// modeBits are the bits of a FileMode an inode keeps besides its type.
	modeBits = fs.ModePerm | fs.ModeSetuid | fs.ModeSetgid | fs.ModeSticky
)

// An inode is a file, directory or symlink. Exactly one of data, entries and
// target is meaningful, according to the type bits of mode.
type inode struct {
	ino   uint64
	mode  fs.FileMode // type | modeBits
	nlink uint64
	// open counts handles on the inode. An inode whose nlink and open are both
	// zero is gone: its bytes and its inode slot are given back.
	open                int
	atime, mtime, ctime time.Time

	data    []byte            // regular file contents
	entries map[string]*inode // directory entries, without "." and ".."
	parent  *inode            // a directory's parent; nil for the root
	target  string            // symlink target, verbatim
}

func (n *inode) isDir() bool     { return n.mode&fs.ModeDir != 0 }
func (n *inode) isSymlink() bool { return n.mode&fs.ModeSymlink != 0 }

// size is what Stat reports: bytes for a file, entries for a directory, the
// target's length for a symlink.
func (n *inode) size() int64 {
	switch {
	case n.isDir():
		return int64(len(n.entries))
	case n.isSymlink():
		return int64(len(n.target))
	}
	return int64(len(n.data))
}

// mknode creates an inode of the given mode as dir/name, which must not
// exist. It enforces NAME_MAX and MaxInodes.
func (fsys *FS) mknode(dir *inode, name string, mode fs.FileMode) (*inode, error) {
	if len(name) > maxNameLen {
		return nil, syscall.ENAMETOOLONG
	}
	if max := fsys.opts.MaxInodes; max > 0 && fsys.inodes >= max {
		return nil, syscall.ENOSPC
	}
	t := now()
	fsys.lastIno++
	fsys.inodes++
	n := &inode{ino: fsys.lastIno, mode: mode, nlink: 1, atime: t, mtime: t, ctime: t}
	if n.isDir() {
		n.entries = make(map[string]*inode)
		n.parent = dir
		n.nlink = 2 // its entry in dir, and its own "."
		dir.nlink++ // its ".." names dir
	}
	dir.entries[name] = n
	dir.mtime, dir.ctime = t, t
	return n, nil
}

// release frees n once nothing refers to it: no name and no open handle.
func (fsys *FS) release(n *inode) {
	if n.nlink > 0 || n.open > 0 {
		return
	}
	fsys.bytes -= int64(len(n.data))
	fsys.opts.Quota.give(int64(len(n.data)))
	fsys.inodes--
	n.data, n.entries, n.parent = nil, nil, nil
}

// resize sets the size of regular file n, zero-filling any growth. Growth is
// checked against MaxFileSize (EFBIG) and MaxBytes (ENOSPC) before anything
// changes.
func (fsys *FS) resize(n *inode, size int64) error {
	old := int64(len(n.data))
	switch {
	case size == old:
		return nil
	case size < old:
		if size < int64(cap(n.data))/4 {
			// Give memory back rather than pin the old peak forever.
			n.data = append([]byte(nil), n.data[:size]...)
		} else {
			n.data = n.data[:size]
		}
		fsys.bytes -= old - size
		fsys.opts.Quota.give(old - size)
		return nil
	}
	if max := fsys.opts.MaxFileSize; (max > 0 && size > max) || size > math.MaxInt {
		return syscall.EFBIG
	}
	if max := fsys.opts.MaxBytes; max > 0 && fsys.bytes+(size-old) > max {
		return syscall.ENOSPC
	}
	if !fsys.opts.Quota.take(size - old) {
		return syscall.ENOSPC
	}
	if size <= int64(cap(n.data)) {
		// Bytes past len may hold data from before a shrink.
		d := n.data[:size]
		clear(d[old:])
		n.data = d
	} else {
		c := max(size, 2*int64(cap(n.data)))
		if max := fsys.opts.MaxFileSize; max > 0 {
			c = min(c, max)
		}
		d := make([]byte, size, c)
		copy(d, n.data)
		n.data = d
	}
	fsys.bytes += size - old
	return nil
}

// writeAt writes p into regular file n at off, extending it as needed.
func (fsys *FS) writeAt(n *inode, p []byte, off int64) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	end := off + int64(len(p))
	if end < off {
		return 0, syscall.EFBIG
	}
	if end > int64(len(n.data)) {
		if err := fsys.resize(n, end); err != nil {
			return 0, err
		}
	}
	copy(n.data[off:], p)
	t := now()
	n.mtime, n.ctime = t, t
	return len(p), nil
}

// readAt reads from regular file n at off, as io.ReaderAt does.
func readAt(n *inode, p []byte, off int64) (int, bool) {
	if off >= int64(len(n.data)) {
		return 0, true
	}
	c := copy(p, n.data[off:])
	n.touchAtime()
	return c, c < len(p)
}

// touchAtime records an access the way Linux's relatime does: only when
// atime is not already newer than the last change, or is a day old. Repeated
// reads of an unchanged file then leave it alone.
func (n *inode) touchAtime() {
	if n.atime.After(n.mtime) && n.atime.After(n.ctime) {
		t := now()
		if t.Sub(n.atime) < 24*time.Hour {
			return
		}
		n.atime = t
		return
	}
	n.atime = now()
}

// setTimes implements Chtimes: a zero time leaves that timestamp alone, as
// os.Chtimes does; ctime records the change.
func (n *inode) setTimes(atime, mtime time.Time) {
	if !atime.IsZero() {
		n.atime = atime
	}
	if !mtime.IsZero() {
		n.mtime = mtime
	}
	n.ctime = now()
}

// chmod sets the mode bits, keeping the type.
func (n *inode) chmod(mode fs.FileMode) {
	n.mode = n.mode.Type() | mode&modeBits
	n.ctime = now()
}
