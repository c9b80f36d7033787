package memfs

import (
	"io/fs"
	"syscall"

	"github.com/hack-pad/hackpadfs"
)

// accessMode masks the read/write part of open flags (O_ACCMODE, which
// GOOS=js lacks).
const accessMode = hackpadfs.FlagReadOnly | hackpadfs.FlagWriteOnly | hackpadfs.FlagReadWrite

// Open opens name for reading.
func (fsys *FS) Open(name string) (fs.File, error) {
	return fsys.OpenFile(name, hackpadfs.FlagReadOnly, 0)
}

// OpenFile opens name as open(2) does, with hackpadfs flags (FlagReadOnly,
// FlagWriteOnly or FlagReadWrite, and any of FlagAppend, FlagCreate,
// FlagExclusive, FlagTruncate; FlagSync is accepted and means nothing here).
// A created file gets perm's permission, setuid, setgid and sticky bits.
//
// Errors: EINVAL for an invalid path or access mode; ENOENT if name (or,
// when creating, its directory) is missing; ENOTDIR if a directory in the
// path is not one; EEXIST for FlagCreate|FlagExclusive on anything that
// exists, a dangling symlink included; EISDIR to write or truncate a
// directory; ELOOP, EXDEV as in resolve; ENOSPC, ENAMETOOLONG when creating.
//
// As on Linux, FlagTruncate truncates even with FlagReadOnly, and FlagCreate
// through a dangling symlink creates the link's target.
func (fsys *FS) OpenFile(name string, flag int, perm fs.FileMode) (hackpadfs.File, error) {
	if !fs.ValidPath(name) || flag&accessMode == accessMode {
		return nil, pathErr("open", name, syscall.EINVAL)
	}
	create := flag&hackpadfs.FlagCreate != 0
	excl := create && flag&hackpadfs.FlagExclusive != 0
	trunc := flag&hackpadfs.FlagTruncate != 0
	writable := flag&accessMode != hackpadfs.FlagReadOnly

	fsys.mu.Lock()
	defer fsys.mu.Unlock()
	r, err := fsys.resolve(name, !excl)
	if err != nil {
		return nil, pathErr("open", name, err)
	}
	n := r.node
	switch {
	case n == nil && !create:
		return nil, pathErr("open", name, syscall.ENOENT)
	case n == nil:
		if n, err = fsys.mknode(r.dir, r.base, perm&modeBits); err != nil {
			return nil, pathErr("open", name, err)
		}
	case excl:
		return nil, pathErr("open", name, syscall.EEXIST)
	case n.isDir():
		if writable || trunc {
			return nil, pathErr("open", name, syscall.EISDIR)
		}
	case trunc:
		_ = fsys.resize(n, 0) // shrinking cannot fail
		t := now()
		n.mtime, n.ctime = t, t
	}
	n.open++
	return &file{fsys: fsys, node: n, name: name, flag: flag}, nil
}
