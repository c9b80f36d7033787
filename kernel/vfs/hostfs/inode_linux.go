package hostfs

import (
	"io/fs"
	"syscall"
	"time"

	"github.com/wasmrun/wasmrun/kernel/vfs"
)

// toInode fills ino from Linux stat data.
func toInode(fi fs.FileInfo, ino *vfs.Inode) bool {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return false
	}
	*ino = vfs.Inode{
		Ino:   st.Ino,
		Nlink: uint64(st.Nlink),
		Atime: time.Unix(int64(st.Atim.Sec), int64(st.Atim.Nsec)),
		Mtime: time.Unix(int64(st.Mtim.Sec), int64(st.Mtim.Nsec)),
		Ctime: time.Unix(int64(st.Ctim.Sec), int64(st.Ctim.Nsec)),
	}
	return true
}
