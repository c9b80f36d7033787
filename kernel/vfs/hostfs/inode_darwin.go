package hostfs

import (
	"io/fs"
	"syscall"
	"time"

	"github.com/wasmrun/wasmrun/kernel/vfs"
)

// toInode fills ino from macOS stat data.
func toInode(fi fs.FileInfo, ino *vfs.Inode) bool {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return false
	}
	*ino = vfs.Inode{
		Ino:   st.Ino,
		Nlink: uint64(st.Nlink),
		Atime: time.Unix(st.Atimespec.Sec, st.Atimespec.Nsec),
		Mtime: time.Unix(st.Mtimespec.Sec, st.Mtimespec.Nsec),
		Ctime: time.Unix(st.Ctimespec.Sec, st.Ctimespec.Nsec),
	}
	return true
}
