package memfs

import (
	"io"
	"io/fs"
	"syscall"
	"time"

	"github.com/hack-pad/hackpadfs"
)

// file is an open handle. It refers to the inode, not to the path: unlink
// and rename do not affect it. Its fields are guarded by fsys.mu.
type file struct {
	fsys   *FS
	node   *inode
	name   string // as opened; for errors and Stat
	flag   int
	off    int64
	closed bool

	// listing is the directory snapshot ReadDir(n) pages through, taken by
	// its first call and dropped by Seek, as rewinddir does.
	listing []fs.DirEntry
	listed  bool
}

var (
	_ hackpadfs.ReadWriterFile = (*file)(nil)
	_ hackpadfs.ReaderAtFile   = (*file)(nil)
	_ hackpadfs.WriterAtFile   = (*file)(nil)
	_ hackpadfs.SeekerFile     = (*file)(nil)
	_ hackpadfs.TruncaterFile  = (*file)(nil)
	_ hackpadfs.SyncerFile     = (*file)(nil)
	_ hackpadfs.DirReaderFile  = (*file)(nil)
	_ hackpadfs.ChmoderFile    = (*file)(nil)
	_ hackpadfs.ChtimeserFile  = (*file)(nil)
)

// access is what an operation needs from a handle.
type access int

const (
	anyAccess access = iota
	readData         // read a regular file
	writeData        // write a regular file
)

// check returns the error, if any, for doing op with need on f: ErrClosed
// after Close; EBADF for a mode the handle was not opened with; EISDIR to
// read a directory's bytes.
func (f *file) check(op string, need access) error {
	var err error
	acc := f.flag & accessMode
	switch {
	case f.closed:
		err = fs.ErrClosed
	case need == writeData && acc == hackpadfs.FlagReadOnly:
		err = syscall.EBADF
	case need == readData && acc == hackpadfs.FlagWriteOnly:
		err = syscall.EBADF
	case need == readData && f.node.isDir():
		err = syscall.EISDIR
	default:
		return nil
	}
	return pathErr(op, f.name, err)
}

// Read reads at the handle's offset; reads of file data update atime as
// relatime does.
func (f *file) Read(p []byte) (int, error) {
	f.fsys.mu.Lock()
	defer f.fsys.mu.Unlock()
	if err := f.check("read", readData); err != nil {
		return 0, err
	}
	if len(p) == 0 {
		return 0, nil
	}
	n, eof := readAt(f.node, p, f.off)
	f.off += int64(n)
	if n == 0 && eof {
		return 0, io.EOF
	}
	return n, nil
}

// ReadAt reads at off without moving the handle's offset. As io.ReaderAt
// requires, a short read returns io.EOF.
func (f *file) ReadAt(p []byte, off int64) (int, error) {
	f.fsys.mu.Lock()
	defer f.fsys.mu.Unlock()
	if err := f.check("readat", readData); err != nil {
		return 0, err
	}
	if off < 0 {
		return 0, pathErr("readat", f.name, errNegativeOffset)
	}
	n, eof := readAt(f.node, p, off)
	if eof {
		return n, io.EOF
	}
	return n, nil
}

// Write writes at the handle's offset, or at the end in append mode; the
// append is atomic with respect to other writers. Writing past the end
// zero-fills the gap. A write that would break a limit fails whole with
// EFBIG or ENOSPC.
func (f *file) Write(p []byte) (int, error) {
	f.fsys.mu.Lock()
	defer f.fsys.mu.Unlock()
	if err := f.check("write", writeData); err != nil {
		return 0, err
	}
	off := f.off
	if f.flag&hackpadfs.FlagAppend != 0 {
		off = int64(len(f.node.data))
	}
	n, err := f.fsys.writeAt(f.node, p, off)
	if err != nil {
		return 0, pathErr("write", f.name, err)
	}
	f.off = off + int64(n)
	return n, nil
}

// WriteAt writes at off without moving the handle's offset. It is refused
// (EINVAL) in append mode, as os.File refuses it.
func (f *file) WriteAt(p []byte, off int64) (int, error) {
	f.fsys.mu.Lock()
	defer f.fsys.mu.Unlock()
	if err := f.check("writeat", writeData); err != nil {
		return 0, err
	}
	var err error
	switch {
	case off < 0:
		err = errNegativeOffset
	case f.flag&hackpadfs.FlagAppend != 0:
		err = errAppendWriteAt
	}
	if err != nil {
		return 0, pathErr("writeat", f.name, err)
	}
	n, err := f.fsys.writeAt(f.node, p, off)
	if err != nil {
		return 0, pathErr("writeat", f.name, err)
	}
	return n, nil
}

// Seek sets the offset for the next Read or Write. Seeking past the end is
// allowed; EINVAL for a bad whence or a negative result. Any seek on a
// directory restarts ReadDir from the first entry.
func (f *file) Seek(offset int64, whence int) (int64, error) {
	f.fsys.mu.Lock()
	defer f.fsys.mu.Unlock()
	if err := f.check("seek", anyAccess); err != nil {
		return 0, err
	}
	var base int64
	switch whence {
	case io.SeekStart:
	case io.SeekCurrent:
		base = f.off
	case io.SeekEnd:
		base = f.node.size()
	default:
		return 0, pathErr("seek", f.name, syscall.EINVAL)
	}
	pos := base + offset
	if pos < 0 || (offset > 0 && pos < base) {
		return 0, pathErr("seek", f.name, syscall.EINVAL)
	}
	f.off = pos
	f.listing, f.listed = nil, false
	return pos, nil
}

// Truncate sets the file's size, zero-filling growth. EINVAL for a negative
// size or a handle not open for writing (as Linux's ftruncate); EFBIG,
// ENOSPC for limits.
func (f *file) Truncate(size int64) error {
	f.fsys.mu.Lock()
	defer f.fsys.mu.Unlock()
	if err := f.check("truncate", anyAccess); err != nil {
		return err
	}
	if size < 0 || f.flag&accessMode == hackpadfs.FlagReadOnly {
		return pathErr("truncate", f.name, syscall.EINVAL)
	}
	if err := f.fsys.resize(f.node, size); err != nil {
		return pathErr("truncate", f.name, err)
	}
	t := now()
	f.node.mtime, f.node.ctime = t, t
	return nil
}

// Sync does nothing: memory is all the durability memfs has.
func (f *file) Sync() error {
	f.fsys.mu.RLock()
	defer f.fsys.mu.RUnlock()
	return f.check("sync", anyAccess)
}

// ReadDir pages through a directory as fs.ReadDirFile specifies: with n > 0
// at most n entries and io.EOF at the end, with n <= 0 all remaining
// entries. Entries are sorted by name and reflect the directory when the
// listing started. ENOTDIR on a non-directory.
func (f *file) ReadDir(n int) ([]fs.DirEntry, error) {
	f.fsys.mu.Lock()
	defer f.fsys.mu.Unlock()
	if err := f.check("readdir", anyAccess); err != nil {
		return nil, err
	}
	if !f.node.isDir() {
		return nil, pathErr("readdir", f.name, syscall.ENOTDIR)
	}
	if !f.listed {
		f.listing, f.listed = f.node.list(), true
	}
	rest := f.listing
	if n > 0 {
		if len(rest) == 0 {
			return nil, io.EOF
		}
		rest = rest[:min(n, len(rest))]
	}
	f.listing = f.listing[len(rest):]
	return rest[:len(rest):len(rest)], nil
}

// Stat describes the inode, named by the last element of the path it was
// opened with.
func (f *file) Stat() (fs.FileInfo, error) {
	f.fsys.mu.RLock()
	defer f.fsys.mu.RUnlock()
	if err := f.check("stat", anyAccess); err != nil {
		return nil, err
	}
	return snapshot(f.node, baseName(f.name)), nil
}

// Chmod is fchmod: it works on any handle, read-only included.
func (f *file) Chmod(mode fs.FileMode) error {
	f.fsys.mu.Lock()
	defer f.fsys.mu.Unlock()
	if err := f.check("chmod", anyAccess); err != nil {
		return err
	}
	f.node.chmod(mode)
	return nil
}

// Chtimes is futimens; a zero time leaves that time unchanged.
func (f *file) Chtimes(atime, mtime time.Time) error {
	f.fsys.mu.Lock()
	defer f.fsys.mu.Unlock()
	if err := f.check("chtimes", anyAccess); err != nil {
		return err
	}
	f.node.setTimes(atime, mtime)
	return nil
}

// Close releases the handle; a second Close fails with ErrClosed. Closing
// the last handle on an unlinked inode frees it.
func (f *file) Close() error {
	f.fsys.mu.Lock()
	defer f.fsys.mu.Unlock()
	if err := f.check("close", anyAccess); err != nil {
		return err
	}
	f.closed = true
	f.listing = nil
	f.node.open--
	f.fsys.release(f.node)
	return nil
}
