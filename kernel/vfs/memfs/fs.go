package memfs

import (
	"io/fs"
	"sync"
	"time"

	"github.com/hack-pad/hackpadfs"

	"github.com/wasmrun/wasmrun/kernel/vfs"
)

// Options bounds what guests can store, so that they cannot exhaust the
// host's memory. Zero means unlimited.
type Options struct {
	// MaxBytes caps the total size of all regular files (ENOSPC).
	MaxBytes int64
	// MaxFileSize caps the size of one regular file (EFBIG).
	MaxFileSize int64
	// MaxInodes caps the number of files, directories and symlinks,
	// the root directory included (ENOSPC).
	MaxInodes int
}

// FS is an in-memory file system. Create one with New.
type FS struct {
	// mu guards the whole tree, every inode and every open handle. One lock
	// keeps rename, link counts and usage accounting trivially consistent;
	// the work done under it is a map lookup or a memmove.
	mu      sync.RWMutex
	root    *inode
	opts    Options
	lastIno uint64
	bytes   int64 // sum of the sizes of live regular files
	inodes  int   // live inodes, linked or held open
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
)

// New returns an empty file system: a root directory with mode 0755.
func New(opts Options) *FS {
	fsys := &FS{opts: opts, inodes: 1}
	t := now()
	fsys.lastIno = 1
	fsys.root = &inode{
		ino:     1,
		mode:    fs.ModeDir | 0o755,
		nlink:   2,
		atime:   t,
		mtime:   t,
		ctime:   t,
		entries: make(map[string]*inode),
	}
	return fsys
}

// Usage reports the bytes held by regular files and the number of inodes,
// the root included. Unlinked files still open are counted.
func (fsys *FS) Usage() (bytes int64, inodes int) {
	fsys.mu.RLock()
	defer fsys.mu.RUnlock()
	return fsys.bytes, fsys.inodes
}

// now is the timestamp for a change. The monotonic reading is stripped so
// that stored times compare and print like the ones Chtimes sets.
func now() time.Time {
	return time.Now().Round(0)
}
