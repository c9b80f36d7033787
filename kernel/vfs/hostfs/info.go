package hostfs

import (
	"io/fs"

	"github.com/wasmrun/wasmrun/kernel/vfs"
)

// fileInfo is a host FileInfo whose Sys() is a *vfs.Inode where the
// platform's stat data converts (see inode_*.go), and whose name is the
// FS-relative one.
type fileInfo struct {
	fs.FileInfo
	name     string
	inode    vfs.Inode
	hasInode bool
}

func newInfo(fi fs.FileInfo, name string) *fileInfo {
	info := &fileInfo{FileInfo: fi, name: name}
	info.hasInode = toInode(fi, &info.inode)
	return info
}

func (fi *fileInfo) Name() string { return fi.name }

// Sys returns a *vfs.Inode, or on platforms without a conversion whatever
// the host reports.
func (fi *fileInfo) Sys() any {
	if fi.hasInode {
		return &fi.inode
	}
	return fi.FileInfo.Sys()
}

func (fi *fileInfo) String() string { return fs.FormatFileInfo(fi) }

// dirEntry is a host DirEntry whose Info is a *fileInfo.
type dirEntry struct {
	fs.DirEntry
}

func (e dirEntry) Info() (fs.FileInfo, error) {
	fi, err := e.DirEntry.Info()
	if err != nil {
		return nil, err
	}
	return newInfo(fi, e.Name()), nil
}

func (e dirEntry) String() string { return fs.FormatDirEntry(e) }
