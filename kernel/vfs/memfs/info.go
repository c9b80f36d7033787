package memfs

import (
	"io/fs"
	"time"

	"github.com/wasmrun/wasmrun/kernel/vfs"
)

// fileInfo is a snapshot of an inode, taken under the lock. It serves as
// both fs.FileInfo and fs.DirEntry, so a directory listing costs one
// allocation per entry.
type fileInfo struct {
	name string
	size int64
	mode fs.FileMode
	sys  vfs.Inode
}

func snapshot(n *inode, name string) *fileInfo {
	return &fileInfo{
		name: name,
		size: n.size(),
		mode: n.mode,
		sys:  vfs.Inode{Ino: n.ino, Nlink: n.nlink, Atime: n.atime, Mtime: n.mtime, Ctime: n.ctime},
	}
}

func (fi *fileInfo) Name() string       { return fi.name }
func (fi *fileInfo) Size() int64        { return fi.size }
func (fi *fileInfo) Mode() fs.FileMode  { return fi.mode }
func (fi *fileInfo) ModTime() time.Time { return fi.sys.Mtime }
func (fi *fileInfo) IsDir() bool        { return fi.mode.IsDir() }

// Sys returns a *vfs.Inode.
func (fi *fileInfo) Sys() any { return &fi.sys }

func (fi *fileInfo) Type() fs.FileMode          { return fi.mode.Type() }
func (fi *fileInfo) Info() (fs.FileInfo, error) { return fi, nil }
func (fi *fileInfo) String() string             { return fs.FormatFileInfo(fi) }
