package vfs

import (
	"io/fs"
	"time"

	"github.com/hack-pad/hackpadfs"
)

// A file system mounted in the VFS is a hackpadfs.FS. What it can do beyond
// opening files is discovered by type assertion on the hackpadfs capability
// interfaces (OpenFileFS, MkdirFS, RemoveFS, RenameFS, StatFS, LstatFS,
// SymlinkFS, ChmodFS, ChtimesFS) and on the few that hackpadfs v0.2.4 lacks,
// declared here. A file system without a capability makes the matching
// syscall fail with an honest errno (ENOTSUP or EROFS), never a silent success.
//
// Paths given to a mounted FS follow io/fs rules: slash-separated, no leading
// slash, no "." or ".." elements, the root is ".". The VFS resolves "..",
// symlinks and mount points itself before it calls a mounted FS, so a mounted
// FS never sees a path that could leave it.

// ReadlinkFS is an FS that can read the target of a symbolic link.
type ReadlinkFS interface {
	hackpadfs.FS
	Readlink(name string) (string, error)
}

// LinkFS is an FS that can create hard links.
type LinkFS interface {
	hackpadfs.FS
	Link(oldname, newname string) error
}

// Inode is what a mounted FS reports beyond io/fs.FileInfo, through
// FileInfo.Sys(). A FileInfo whose Sys() is not an *Inode gets a synthesized
// inode number and link count from the VFS.
type Inode struct {
	Ino   uint64
	Nlink uint64
	Atime time.Time
	Mtime time.Time
	Ctime time.Time
}

// LchtimesFS is an FS that can set the times of a symbolic link itself.
type LchtimesFS interface {
	hackpadfs.FS
	Lchtimes(name string, atime, mtime time.Time) error
}

// UnlinkFS is an FS that removes a non-directory in one step, failing with
// EISDIR on a directory (unlinkat(2) without AT_REMOVEDIR). Without it the
// VFS looks at the file first and then calls hackpadfs.Remove.
type UnlinkFS interface {
	hackpadfs.FS
	Unlink(name string) error
}

// NoFollowOpenFS is an FS that can open a file without following a symlink
// in its final component, failing with ELOOP instead (O_NOFOLLOW). With it
// the VFS can open a path it has resolved all but the last component of,
// saving a look at that component first (see Lookup.Lazy).
type NoFollowOpenFS interface {
	hackpadfs.FS
	OpenFileNoFollow(name string, flag int, perm fs.FileMode) (hackpadfs.File, error)
}
