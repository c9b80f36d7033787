package hostfs

import (
	"io"
	"io/fs"
	"os"
	"time"

	"github.com/hack-pad/hackpadfs"
)

// file is an open host file. It wraps *os.File so that errors name the
// FS-relative path and Stat and ReadDir report *vfs.Inode.
type file struct {
	f      *os.File
	name   string // as opened
	append bool
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

// err rewrites an *os.File error; io.EOF passes untouched.
func (f *file) err(op string, err error) error {
	if err == nil || err == io.EOF {
		return err
	}
	return pathErr(op, f.name, err)
}

func (f *file) Read(p []byte) (int, error) {
	n, err := f.f.Read(p)
	return n, f.err("read", err)
}

func (f *file) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, pathErr("readat", f.name, errNegativeOffset)
	}
	n, err := f.f.ReadAt(p, off)
	return n, f.err("readat", err)
}

func (f *file) Write(p []byte) (int, error) {
	n, err := f.f.Write(p)
	return n, f.err("write", err)
}

// WriteAt is refused (EINVAL) in append mode, as os.File refuses it.
func (f *file) WriteAt(p []byte, off int64) (int, error) {
	switch {
	case off < 0:
		return 0, pathErr("writeat", f.name, errNegativeOffset)
	case f.append:
		return 0, pathErr("writeat", f.name, errAppendWriteAt)
	}
	n, err := f.f.WriteAt(p, off)
	return n, f.err("writeat", err)
}

func (f *file) Seek(offset int64, whence int) (int64, error) {
	off, err := f.f.Seek(offset, whence)
	return off, f.err("seek", err)
}

func (f *file) Truncate(size int64) error {
	return f.err("truncate", f.f.Truncate(size))
}

func (f *file) Sync() error {
	return f.err("sync", f.f.Sync())
}

func (f *file) ReadDir(n int) ([]fs.DirEntry, error) {
	entries, err := readDir(f.f, n)
	return entries, f.err("readdir", err)
}

// Stat is fstat, named by the last element of the path the file was opened
// with.
func (f *file) Stat() (fs.FileInfo, error) {
	fi, err := f.f.Stat()
	if err != nil {
		return nil, f.err("stat", err)
	}
	return newInfo(fi, baseName(f.name)), nil
}

func (f *file) Chmod(mode fs.FileMode) error {
	return f.err("chmod", f.f.Chmod(mode))
}

// Chtimes is futimens; a zero time leaves that time unchanged.
func (f *file) Chtimes(atime, mtime time.Time) error {
	return f.err("chtimes", futimes(f.f, atime, mtime))
}

func (f *file) Close() error {
	return f.err("close", f.f.Close())
}

// readDir is (*os.File).ReadDir with entries that report *vfs.Inode. For a
// file opened in an os.Root, os reads each entry's info with fstatat on the
// directory's descriptor, so Info never walks a host path.
func readDir(f *os.File, n int) ([]fs.DirEntry, error) {
	entries, err := f.ReadDir(n)
	for i, e := range entries {
		entries[i] = dirEntry{e}
	}
	return entries, err
}
