package memfs

import (
	"io/fs"
	"sync"
	"sync/atomic"
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
	// Quota, when set, is a byte budget shared with other file systems
	// (the VM's root and its /app draw on one --max-fs), checked besides
	// MaxBytes.
	Quota *Quota
}

// Quota is a byte budget that several file systems draw on together.
type Quota struct {
	max  int64
	used atomic.Int64
}

// NewQuota returns a budget of max bytes; 0 means unlimited.
func NewQuota(max int64) *Quota { return &Quota{max: max} }

// take reserves n bytes, or reports false when they do not fit.
func (q *Quota) take(n int64) bool {
	if q == nil {
		return true
	}
	for {
		u := q.used.Load()
		if q.max > 0 && u+n > q.max {
			return false
		}
		if q.used.CompareAndSwap(u, u+n) {
			return true
		}
	}
}

// give returns n bytes to the budget.
func (q *Quota) give(n int64) {
	if q != nil {
		q.used.Add(-n)
	}
}

// Used is how many bytes the file systems sharing q hold.
func (q *Quota) Used() int64 { return q.used.Load() }

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
