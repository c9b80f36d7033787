//go:build !linux && !darwin

package hostfs

import (
	"io/fs"

	"github.com/wasmrun/wasmrun/kernel/vfs"
)

// toInode has no conversion here: Sys() is what the platform reports, and
// the VFS synthesizes inode numbers and link counts.
func toInode(fs.FileInfo, *vfs.Inode) bool { return false }
