package kernel

import (
	"encoding/binary"
	"io/fs"
	"strings"
	"syscall"
	"time"

	"github.com/wasmrun/wasmrun/kernel/vfs"
	"github.com/wasmrun/wasmrun/wasi/abi"
)

// The path operations that WASI's path_* functions (wasi/path.go) and
// /dev/fs (fs_dev.go) share once a path is resolved: one implementation, so
// a guest gets the same answer and the same errno whichever way it asks.

// Symlink creates at l a symbolic link holding target, verbatim. EEXIST
// when something is there (a dangling link included); ENOENT when the
// path ends in a slash; ENOTSUP when the file system has no symlinks.
func Symlink(v *vfs.VFS, target string, l vfs.Loc) error {
	if _, err := v.Stat(l); err == nil {
		return syscall.EEXIST
	}
	if l.Slash {
		return syscall.ENOENT
	}
	return v.Symlink(target, l)
}

// Link makes to a new name for the file at from. EPERM when from is a
// directory; ENOTDIR when from ends in a slash; EEXIST when to exists;
// ENOENT when to ends in a slash; EXDEV across mounts; ENOTSUP when the
// file system has no hard links.
func Link(v *vfs.VFS, from, to vfs.Loc) error {
	info, err := v.Stat(from)
	if err != nil {
		return err
	}
	if info.IsDir() {
		return syscall.EPERM
	}
	if from.Slash {
		return syscall.ENOTDIR
	}
	if _, err := v.Stat(to); err == nil {
		return syscall.EEXIST
	}
	if to.Slash {
		return syscall.ENOENT
	}
	return v.Link(from, to)
}

// StatAt describes the file at l (the link itself when l was resolved
// without following one). ENOTDIR when the path ends in a slash and names
// no directory.
func StatAt(v *vfs.VFS, l vfs.Loc) (Filestat, error) {
	info, err := v.Stat(l)
	if err != nil {
		return Filestat{}, err
	}
	if l.Slash && !info.IsDir() {
		return Filestat{}, syscall.ENOTDIR
	}
	return FilestatOf(info, l), nil
}

// Filestat is preview1's filestat: what path_filestat_get and
// fd_filestat_get answer. Times are nanoseconds since the epoch (0 when
// unknown).
type Filestat struct {
	Dev, Ino         uint64
	Filetype         abi.Filetype
	Nlink, Size      uint64
	Atim, Mtim, Ctim uint64
}

// FilestatOf describes the file at l, whose FileInfo is info.
func FilestatOf(info fs.FileInfo, l vfs.Loc) Filestat {
	st := Filestat{Dev: l.Mount.Dev, Ino: InodeOf(info, l.Path), Filetype: FiletypeOf(info.Mode()), Nlink: 1, Size: uint64(info.Size())}
	atim, mtim, ctim := info.ModTime(), info.ModTime(), info.ModTime()
	if in := vfs.Sys(info); in != nil {
		// 0 is a real count: a file unlinked while open.
		st.Nlink = in.Nlink
		atim, mtim, ctim = in.Atime, in.Mtime, in.Ctime
	}
	st.Atim, st.Mtim, st.Ctim = nanos(atim), nanos(mtim), nanos(ctim)
	return st
}

// Bytes lays the filestat out as preview1 does in guest memory.
func (st Filestat) Bytes() [abi.FilestatSize]byte {
	var b [abi.FilestatSize]byte
	binary.LittleEndian.PutUint64(b[0:], st.Dev)
	binary.LittleEndian.PutUint64(b[8:], st.Ino)
	b[16] = byte(st.Filetype)
	binary.LittleEndian.PutUint64(b[24:], st.Nlink)
	binary.LittleEndian.PutUint64(b[32:], st.Size)
	binary.LittleEndian.PutUint64(b[40:], st.Atim)
	binary.LittleEndian.PutUint64(b[48:], st.Mtim)
	binary.LittleEndian.PutUint64(b[56:], st.Ctim)
	return b
}

func nanos(t time.Time) uint64 {
	if t.IsZero() {
		return 0
	}
	return uint64(t.UnixNano())
}

// LookupPath resolves path for p as wasi-libc resolves a path before a
// path_* call, and as that call then resolves it: a relative path is
// joined to p's working directory; the preopened directory whose name is
// the longest prefix of the path (whole components) is the base, and must
// carry the rights in need; the rest is resolved beneath it (vfs.Lookup
// with Beneath), following a symlink in the final component only when
// follow is set. ENOENT when no preopen holds the path, as wasi-libc
// answers; EBADF / ENOTCAPABLE for a preopen without the rights;
// ENOTCAPABLE for a path that leaves its preopen.
func (p *Process) LookupPath(path string, need abi.Rights, follow bool) (vfs.Loc, error) {
	if path == "" {
		return vfs.Loc{}, syscall.ENOENT
	}
	if !strings.HasPrefix(path, "/") {
		cwd := p.Cwd()
		if !strings.HasSuffix(cwd, "/") {
			cwd += "/"
		}
		path = cwd + path
	}
	var dir *FD
	var base, rel string
	best := -1
	for _, e := range p.FDs.Snapshot() {
		f, ok := e.Desc.File.(*OpenFile)
		if e.Desc.Preopen == "" || !ok || !f.IsDir() {
			continue
		}
		prefix := strings.TrimRight(e.Desc.Preopen, "/")
		if !strings.HasPrefix(path, prefix) || len(prefix) <= best {
			continue
		}
		if rest := path[len(prefix):]; rest != "" && rest[0] != '/' {
			continue // a prefix of a component, not of the path
		}
		best, dir, base = len(prefix), e.Desc, f.Loc.Path
		rel = strings.TrimLeft(path[len(prefix):], "/")
	}
	if dir == nil {
		return vfs.Loc{}, syscall.ENOENT
	}
	if !dir.Rights.Has(need) {
		return vfs.Loc{}, abi.ErrnoNotcapable
	}
	if rel == "" {
		rel = "."
	}
	return p.VFS().Resolve(vfs.Lookup{Base: base, Follow: follow, Beneath: true}, rel)
}
