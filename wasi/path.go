package wasi

import (
	"errors"
	"io/fs"
	"strings"
	"syscall"

	"github.com/hack-pad/hackpadfs"

	"github.com/wasmrun/wasmrun/kernel"
	"github.com/wasmrun/wasmrun/kernel/vfs"
	"github.com/wasmrun/wasmrun/wasi/abi"
)

// lookup resolves a guest path relative to directory descriptor fd, which
// must carry the rights in need. The lookup is confined beneath the
// directory: "..", absolute paths and symlinks cannot leave it.
func lookup(p *kernel.Process, m Memory, fd uint32, need abi.Rights, follow bool, ptr, n uint32) (*kernel.FD, vfs.Loc, string, abi.Errno) {
	d, base, path, errno := dirPath(p, m, fd, need, ptr, n)
	if errno != 0 {
		return nil, vfs.Loc{}, "", errno
	}
	loc, err := p.VFS().Resolve(vfs.Lookup{Base: base, Follow: follow, Beneath: true}, path)
	if err != nil {
		return nil, vfs.Loc{}, "", ErrnoOf(err)
	}
	return d, loc, path, abi.ErrnoSuccess
}

// dirPath checks that fd is a directory carrying the rights in need, and
// reads the path argument: what every path_* lookup starts with.
func dirPath(p *kernel.Process, m Memory, fd uint32, need abi.Rights, ptr, n uint32) (*kernel.FD, string, string, abi.Errno) {
	d, errno := getFD(p, fd, need)
	if errno != 0 {
		return nil, "", "", errno
	}
	dir, ok := d.File.(*kernel.OpenFile)
	if !ok || !dir.IsDir() {
		return nil, "", "", abi.ErrnoNotdir
	}
	path, ok := readString(m, ptr, n)
	if !ok {
		return nil, "", "", abi.ErrnoFault
	}
	return d, dir.Loc.Path, path, abi.ErrnoSuccess
}

// lookupName resolves a path whose final component is a name to remove or
// rename: it is never followed, even when the path ends in a slash (for
// reading lookups a trailing slash follows a symlink). The slash is kept in
// Loc.Slash, so "link/" naming a symlink is ENOTDIR for path_unlink_file,
// path_remove_directory and path_rename, as on Linux, and never acts on
// the directory the link points to.
func lookupName(p *kernel.Process, m Memory, fd uint32, need abi.Rights, ptr, n uint32) (*kernel.FD, vfs.Loc, string, abi.Errno) {
	d, base, path, errno := dirPath(p, m, fd, need, ptr, n)
	if errno != 0 {
		return nil, vfs.Loc{}, "", errno
	}
	name := strings.TrimRight(path, "/")
	if name == "" {
		name = path // "/": refused as absolute
	}
	loc, err := p.VFS().Resolve(vfs.Lookup{Base: base, Beneath: true}, name)
	if err != nil {
		return nil, vfs.Loc{}, "", ErrnoOf(err)
	}
	loc.Slash = name != path
	return d, loc, path, abi.ErrnoSuccess
}

func follows(flags uint64) bool { return abi.Lookupflags(flags)&abi.LookupflagSymlinkFollow != 0 }

func notExist(err error) bool { return errors.Is(err, fs.ErrNotExist) }

// lastComponent is the final element of a guest path, ignoring trailing
// slashes.
func lastComponent(path string) string {
	path = strings.TrimRight(path, "/")
	if i := strings.LastIndexByte(path, '/'); i >= 0 {
		return path[i+1:]
	}
	return path
}

// pathCreateDirectory creates a directory.
//
// # Result (Errno)
//   - EBADF / ENOTCAPABLE (PATH_CREATE_DIRECTORY); ENOTDIR: fd is not a
//     directory; EEXIST: something is there; ENOENT: a parent is missing;
//     ENOTCAPABLE: the path leaves the directory; EROFS: read-only mount.
func pathCreateDirectory(p *kernel.Process, m Memory, a []uint64) abi.Errno {
	// The new name is not followed: "dangling/" is EEXIST, never a
	// directory made where the link points.
	_, loc, _, errno := lookupName(p, m, uint32(a[0]), abi.RightPathCreateDirectory, uint32(a[1]), uint32(a[2]))
	if errno != 0 {
		return errno
	}
	if _, err := p.VFS().Stat(loc); err == nil {
		return abi.ErrnoExist
	}
	return ErrnoOf(p.VFS().Mkdir(loc, 0o755))
}

// pathFilestatGet writes the attributes of the file at a path.
//
// # Result (Errno)
//   - EBADF / ENOTCAPABLE (PATH_FILESTAT_GET); ENOENT; ENOTDIR; ELOOP;
//     EFAULT.
func pathFilestatGet(p *kernel.Process, m Memory, a []uint64) abi.Errno {
	_, loc, _, errno := lookup(p, m, uint32(a[0]), abi.RightPathFilestatGet, follows(a[1]), uint32(a[2]), uint32(a[3]))
	if errno != 0 {
		return errno
	}
	st, err := kernel.StatAt(p.VFS(), loc)
	if err != nil {
		return ErrnoOf(err)
	}
	b := st.Bytes()
	if !m.Write(uint32(a[4]), b[:]) {
		return abi.ErrnoFault
	}
	return abi.ErrnoSuccess
}

// pathFilestatSetTimes sets the times of the file at a path.
//
// # Result (Errno)
//   - EBADF / ENOTCAPABLE (PATH_FILESTAT_SET_TIMES); EINVAL: conflicting
//     flags; ENOENT; ENOTSUP: a symlink's own times (no SYMLINK_FOLLOW) on
//     a file system that cannot set them.
func pathFilestatSetTimes(p *kernel.Process, m Memory, a []uint64) abi.Errno {
	fst := abi.Fstflags(a[6])
	if errno := validFstflags(fst); errno != 0 {
		return errno
	}
	_, loc, _, errno := lookup(p, m, uint32(a[0]), abi.RightPathFilestatSetTimes, follows(a[1]), uint32(a[2]), uint32(a[3]))
	if errno != 0 {
		return errno
	}
	info, err := p.VFS().Stat(loc)
	if err != nil {
		return ErrnoOf(err)
	}
	atime, mtime := newTimes(p, info, int64(a[4]), int64(a[5]), fst)
	if info.Mode()&fs.ModeSymlink != 0 {
		return ErrnoOf(p.VFS().Lchtimes(loc, atime, mtime))
	}
	return ErrnoOf(p.VFS().Chtimes(loc, atime, mtime))
}

// pathLink creates a hard link.
//
// # Result (Errno)
//   - EBADF / ENOTCAPABLE (PATH_LINK_SOURCE, PATH_LINK_TARGET); ENOENT:
//     the source is missing; EEXIST: the target exists; EPERM: the source
//     is a directory; EXDEV: across mounts; ENOTSUP: the file system has
//     no hard links.
func pathLink(p *kernel.Process, m Memory, a []uint64) abi.Errno {
	_, from, _, errno := lookup(p, m, uint32(a[0]), abi.RightPathLinkSource, follows(a[1]), uint32(a[2]), uint32(a[3]))
	if errno != 0 {
		return errno
	}
	_, to, _, errno := lookup(p, m, uint32(a[4]), abi.RightPathLinkTarget, false, uint32(a[5]), uint32(a[6]))
	if errno != 0 {
		return errno
	}
	return ErrnoOf(kernel.Link(p.VFS(), from, to))
}

// pathOpen opens a file or directory beneath a directory descriptor.
//
// # Result (Errno)
//   - EBADF / ENOTCAPABLE: PATH_OPEN missing, or PATH_CREATE_FILE for
//     CREAT, or PATH_FILESTAT_SET_SIZE for TRUNC.
//   - ENOENT: missing without CREAT; EEXIST: CREAT|EXCL on an existing
//     file; ENOTDIR: DIRECTORY (or a trailing slash) on a non-directory;
//     EISDIR: a directory opened for writing or truncation; ELOOP: the
//     final component is a symlink and SYMLINK_FOLLOW is not set; EINVAL:
//     unknown flags or CREAT with DIRECTORY; ENOTCAPABLE: the path leaves
//     the directory; EROFS: writing on a read-only mount; EMFILE.
//
// # Notes
//   - The new descriptor's rights are those requested, masked by the
//     directory's inheriting rights and by what the file type allows.
func pathOpen(p *kernel.Process, m Memory, a []uint64) abi.Errno {
	oflags := abi.Oflags(a[4])
	rbase, rinh := abi.Rights(a[5]), abi.Rights(a[6])
	fdflags := abi.Fdflags(a[7])
	if oflags&^(abi.OflagCreat|abi.OflagDirectory|abi.OflagExcl|abi.OflagTrunc) != 0 ||
		oflags&(abi.OflagCreat|abi.OflagDirectory) == abi.OflagCreat|abi.OflagDirectory {
		return abi.ErrnoInval
	}
	need := abi.RightPathOpen
	if oflags&abi.OflagCreat != 0 {
		need |= abi.RightPathCreateFile
	}
	if oflags&abi.OflagTrunc != 0 {
		need |= abi.RightPathFilestatSetSize
	}
	parent, base, path, errno := dirPath(p, m, uint32(a[0]), need, uint32(a[2]), uint32(a[3]))
	if errno != 0 {
		return errno
	}
	v := p.VFS()
	read := rbase&(abi.RightFdRead|abi.RightFdReaddir) != 0
	// Rights that change the file need it open for writing, as in wasmtime:
	// fd_filestat_set_size and fd_allocate work without FD_WRITE.
	write := rbase&(abi.RightFdWrite|abi.RightFdDatasync|abi.RightFdAllocate|abi.RightFdFilestatSetSize) != 0 ||
		fdflags&abi.FdflagAppend != 0
	flag := openFlags(oflags, read, write)
	lk := vfs.Lookup{Base: base, Follow: follows(a[1]), Beneath: true, Lazy: true}
	loc, err := v.Resolve(lk, path)
	if err != nil {
		return ErrnoOf(err)
	}
	if loc.Unexamined {
		// The host opens the final component without following it, and
		// its errors are the POSIX ones path_open owes; a symlink there
		// (ELOOP) takes the long way below.
		f, err := v.OpenNoFollow(loc, flag, 0o644)
		if err == nil {
			return install(p, m, v, parent, loc, f, oflags, rbase, rinh, fdflags, uint32(a[8]))
		}
		if !errors.Is(err, syscall.ELOOP) {
			return ErrnoOf(err)
		}
		lk.Lazy = false
		if loc, err = v.Resolve(lk, path); err != nil {
			return ErrnoOf(err)
		}
	}
	info, err := v.Stat(loc)
	switch {
	case err == nil:
		if oflags&(abi.OflagCreat|abi.OflagExcl) == abi.OflagCreat|abi.OflagExcl {
			return abi.ErrnoExist
		}
		if info.Mode()&fs.ModeSymlink != 0 {
			return abi.ErrnoLoop
		}
		if info.IsDir() {
			if write || oflags&abi.OflagTrunc != 0 {
				return abi.ErrnoIsdir
			}
		} else if oflags&abi.OflagDirectory != 0 || loc.Slash {
			return abi.ErrnoNotdir
		}
	case notExist(err):
		if oflags&abi.OflagCreat == 0 {
			return abi.ErrnoNoent
		}
		if loc.Slash {
			return abi.ErrnoIsdir
		}
	default:
		return ErrnoOf(err)
	}
	f, err := v.OpenFile(loc, flag, 0o644)
	if err != nil {
		return ErrnoOf(err)
	}
	return install(p, m, v, parent, loc, f, oflags, rbase, rinh, fdflags, uint32(a[8]))
}

// openFlags turns path_open's flags and the access the rights need into
// hackpadfs open flags.
func openFlags(oflags abi.Oflags, read, write bool) int {
	flag := hackpadfs.FlagReadOnly
	switch {
	case write && read:
		flag = hackpadfs.FlagReadWrite
	case write:
		flag = hackpadfs.FlagWriteOnly
	case oflags&abi.OflagTrunc != 0:
		// Truncation needs write access to the file even when the
		// descriptor will not carry FD_WRITE.
		flag = hackpadfs.FlagReadWrite
	}
	if oflags&abi.OflagCreat != 0 {
		flag |= hackpadfs.FlagCreate
		if flag&(hackpadfs.FlagWriteOnly|hackpadfs.FlagReadWrite) == 0 {
			flag |= hackpadfs.FlagReadWrite
		}
	}
	if oflags&abi.OflagExcl != 0 {
		flag |= hackpadfs.FlagExclusive
	}
	if oflags&abi.OflagTrunc != 0 {
		flag |= hackpadfs.FlagTruncate
	}
	return flag
}

// install makes the descriptor for an opened file: a device's stream, or a
// VFS file whose rights are those asked for, masked by the directory's
// inheriting rights and by what its type allows.
func install(p *kernel.Process, m Memory, v *vfs.VFS, parent *kernel.FD, loc vfs.Loc, f hackpadfs.File, oflags abi.Oflags, rbase, rinh abi.Rights, fdflags abi.Fdflags, out uint32) abi.Errno {
	if r, ok := f.(*kernel.SocketRequest); ok {
		// /dev/tcp, /dev/tcp-listen: a socket made for the caller.
		return openSocket(p, m, r, parent, rbase, fdflags, out)
	}
	if r, ok := f.(kernel.DeviceRequest); ok {
		// /dev/fs: a descriptor made for the caller.
		s, err := r.OpenFor(p, fdflags&abi.FdflagNonblock != 0)
		if err != nil {
			return streamErrno(p, err)
		}
		return installFD(p, m, &kernel.FD{File: s, Rights: rbase & abi.RightsStream & parent.Inheriting, Flags: fdflags &^ abi.FdflagAppend}, out)
	}
	if s, ok := f.(kernel.Stream); ok {
		// A device: the descriptor is the stream itself.
		return installFD(p, m, &kernel.FD{File: s, Rights: rbase & abi.RightsStream & parent.Inheriting, Flags: fdflags}, out)
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return ErrnoOf(err)
	}
	if !info.IsDir() && (oflags&abi.OflagDirectory != 0 || loc.Slash) {
		f.Close()
		return abi.ErrnoNotdir
	}
	of := kernel.NewOpenFile(v, f, loc, info, fdflags&abi.FdflagAppend != 0)
	d := &kernel.FD{File: of, Flags: fdflags &^ abi.FdflagAppend}
	if info.IsDir() {
		d.Rights = rbase & abi.RightsDirectory & parent.Inheriting
		d.Inheriting = rinh & parent.Inheriting
	} else {
		d.Rights = rbase & abi.RightsFile & parent.Inheriting
		d.Inheriting = rinh & parent.Inheriting & abi.RightsFile
	}
	return installFD(p, m, d, out)
}

// installFD adds d to the table and writes its number to out.
func installFD(p *kernel.Process, m Memory, d *kernel.FD, out uint32) abi.Errno {
	fd, err := p.FDs.Insert(d)
	return installed(m, d, fd, err, out)
}

// installed finishes an insertion of d into a table: its number fd goes to
// out, or, when the insertion failed with err, d's file is closed.
func installed(m Memory, d *kernel.FD, fd uint32, err error, out uint32) abi.Errno {
	if err != nil {
		d.File.Close()
		return ErrnoOf(err)
	}
	if !writeU32(m, out, fd) {
		return abi.ErrnoFault
	}
	return abi.ErrnoSuccess
}

// pathReadlink writes the target of a symbolic link, truncated to the
// buffer as readlink(2) truncates.
//
// # Result (Errno)
//   - EBADF / ENOTCAPABLE (PATH_READLINK); ENOENT; EINVAL: not a symlink.
func pathReadlink(p *kernel.Process, m Memory, a []uint64) abi.Errno {
	_, loc, _, errno := lookup(p, m, uint32(a[0]), abi.RightPathReadlink, false, uint32(a[1]), uint32(a[2]))
	if errno != 0 {
		return errno
	}
	target, err := p.VFS().Readlink(loc)
	if err != nil {
		return ErrnoOf(err)
	}
	b := []byte(target)
	if uint32(len(b)) > uint32(a[4]) {
		b = b[:a[4]]
	}
	if !m.Write(uint32(a[3]), b) || !writeU32(m, uint32(a[5]), uint32(len(b))) {
		return abi.ErrnoFault
	}
	return abi.ErrnoSuccess
}

// pathRemoveDirectory removes an empty directory.
//
// # Result (Errno)
//   - EBADF / ENOTCAPABLE (PATH_REMOVE_DIRECTORY); ENOENT; ENOTDIR: not a
//     directory; ENOTEMPTY; EINVAL: the path ends in "."; EBUSY: a mount
//     point.
func pathRemoveDirectory(p *kernel.Process, m Memory, a []uint64) abi.Errno {
	_, loc, path, errno := lookupName(p, m, uint32(a[0]), abi.RightPathRemoveDirectory, uint32(a[1]), uint32(a[2]))
	if errno != 0 {
		return errno
	}
	switch lastComponent(path) {
	case ".":
		return abi.ErrnoInval
	case "..":
		return abi.ErrnoNotempty
	}
	return ErrnoOf(p.VFS().Rmdir(loc))
}

// pathRename renames a file or directory.
//
// # Result (Errno)
//   - EBADF / ENOTCAPABLE (PATH_RENAME_SOURCE, PATH_RENAME_TARGET); ENOENT;
//     ENOTDIR: a trailing slash on a non-directory, or a directory over a
//     file; EISDIR: a file over a directory; ENOTEMPTY: over a non-empty
//     directory; EINVAL: a directory into itself; EXDEV: across mounts.
func pathRename(p *kernel.Process, m Memory, a []uint64) abi.Errno {
	_, from, _, errno := lookupName(p, m, uint32(a[0]), abi.RightPathRenameSource, uint32(a[1]), uint32(a[2]))
	if errno != 0 {
		return errno
	}
	_, to, _, errno := lookupName(p, m, uint32(a[3]), abi.RightPathRenameTarget, uint32(a[4]), uint32(a[5]))
	if errno != 0 {
		return errno
	}
	v := p.VFS()
	info, err := v.Stat(from)
	if err != nil {
		return ErrnoOf(err)
	}
	if (from.Slash || to.Slash) && !info.IsDir() {
		return abi.ErrnoNotdir
	}
	if to.Slash {
		// "target/" must be a directory if it exists (a symlink is not).
		if ti, err := v.Stat(to); err == nil && !ti.IsDir() {
			return abi.ErrnoNotdir
		}
	}
	return ErrnoOf(v.Rename(from, to))
}

// pathSymlink creates a symbolic link holding old_path, verbatim.
//
// # Result (Errno)
//   - EBADF / ENOTCAPABLE (PATH_SYMLINK); EEXIST: something is there;
//     ENOENT: a parent is missing or the new path ends in a slash;
//     ENOTSUP: the file system has no symlinks.
func pathSymlink(p *kernel.Process, m Memory, a []uint64) abi.Errno {
	target, ok := readString(m, uint32(a[0]), uint32(a[1]))
	if !ok {
		return abi.ErrnoFault
	}
	if strings.HasPrefix(target, "/") {
		// An absolute target would name whatever the guest root is; like
		// wasmtime, links are confined to relative targets.
		return abi.ErrnoPerm
	}
	_, loc, _, errno := lookup(p, m, uint32(a[2]), abi.RightPathSymlink, false, uint32(a[3]), uint32(a[4]))
	if errno != 0 {
		return errno
	}
	return ErrnoOf(kernel.Symlink(p.VFS(), target, loc))
}

// pathUnlinkFile removes a file or symlink.
//
// # Result (Errno)
//   - EBADF / ENOTCAPABLE (PATH_UNLINK_FILE); ENOENT; EISDIR: a directory;
//     ENOTDIR: a trailing slash on a file.
func pathUnlinkFile(p *kernel.Process, m Memory, a []uint64) abi.Errno {
	_, loc, _, errno := lookupName(p, m, uint32(a[0]), abi.RightPathUnlinkFile, uint32(a[1]), uint32(a[2]))
	if errno != 0 {
		return errno
	}
	return ErrnoOf(p.VFS().Unlink(loc))
}
