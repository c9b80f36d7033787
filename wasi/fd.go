package wasi

import (
	"encoding/binary"
	"errors"
	"io"
	"io/fs"
	"time"

	"github.com/wasmrun/wasmrun/kernel"
	"github.com/wasmrun/wasmrun/kernel/vfs"
	"github.com/wasmrun/wasmrun/wasi/abi"
)

// getFD returns descriptor fd if it carries the rights in need.
func getFD(p *kernel.Process, fd uint32, need abi.Rights) (*kernel.FD, abi.Errno) {
	d, err := p.FDs.Get(fd)
	if err != nil {
		return nil, abi.ErrnoBadf
	}
	if !d.Rights.Has(need) {
		return nil, abi.ErrnoNotcapable
	}
	return d, abi.ErrnoSuccess
}

// regular returns the descriptor's VFS file, or the errno for a descriptor
// that is not one (a stream cannot seek: ESPIPE).
func regular(d *kernel.FD) (*kernel.OpenFile, abi.Errno) {
	if f, ok := d.File.(*kernel.OpenFile); ok {
		return f, abi.ErrnoSuccess
	}
	return nil, abi.ErrnoSpipe
}

// fdAdvise checks an advice for a file region. Advice is a hint; the kernel's
// file systems gain nothing from it, so accepting it is the whole job.
//
// # Result (Errno)
//   - EBADF: fd is not open; ENOTCAPABLE: it lacks FD_ADVISE.
//   - EINVAL: unknown advice, or a region that overflows.
//   - EISDIR: fd is a directory; ESPIPE: fd is a stream.
func fdAdvise(p *kernel.Process, m Memory, a []uint64) abi.Errno {
	d, errno := getFD(p, uint32(a[0]), abi.RightFdAdvise)
	if errno != 0 {
		return errno
	}
	if a[3] > uint64(abi.AdviceNoreuse) || int64(a[1]) < 0 || int64(a[2]) < 0 || int64(a[1])+int64(a[2]) < 0 {
		return abi.ErrnoInval
	}
	f, errno := regular(d)
	if errno != 0 {
		return errno
	}
	if f.IsDir() {
		return abi.ErrnoIsdir
	}
	return abi.ErrnoSuccess
}

// fdAllocate makes sure the file has storage for offset+len bytes,
// extending it with zeros when it is shorter (posix_fallocate).
//
// # Result (Errno)
//   - EBADF / ENOTCAPABLE (FD_ALLOCATE); EINVAL: len is 0 or the region
//     overflows; EISDIR; ESPIPE on streams; EFBIG/ENOSPC at the limits.
func fdAllocate(p *kernel.Process, m Memory, a []uint64) abi.Errno {
	d, errno := getFD(p, uint32(a[0]), abi.RightFdAllocate)
	if errno != 0 {
		return errno
	}
	off, n := int64(a[1]), int64(a[2])
	if off < 0 || n <= 0 || off+n < 0 {
		return abi.ErrnoInval
	}
	f, errno := regular(d)
	if errno != 0 {
		return errno
	}
	if f.IsDir() {
		return abi.ErrnoIsdir
	}
	info, err := f.Stat()
	if err != nil {
		return ErrnoOf(err)
	}
	if info.Size() >= off+n {
		return abi.ErrnoSuccess
	}
	return ErrnoOf(f.Truncate(off + n))
}

// fdClose closes a descriptor, preopens included.
//
// # Result (Errno)
//   - EBADF: fd is not open.
func fdClose(p *kernel.Process, m Memory, a []uint64) abi.Errno {
	d, err := p.FDs.Remove(uint32(a[0]))
	if err != nil {
		return abi.ErrnoBadf
	}
	return ErrnoOf(d.File.Close())
}

// fdDatasync flushes a file's data.
func fdDatasync(p *kernel.Process, m Memory, a []uint64) abi.Errno {
	return syncFD(p, uint32(a[0]), abi.RightFdDatasync)
}

// fdSync flushes a file's data and metadata.
func fdSync(p *kernel.Process, m Memory, a []uint64) abi.Errno {
	return syncFD(p, uint32(a[0]), abi.RightFdSync)
}

func syncFD(p *kernel.Process, fd uint32, right abi.Rights) abi.Errno {
	d, errno := getFD(p, fd, right)
	if errno != 0 {
		return errno
	}
	f, ok := d.File.(*kernel.OpenFile)
	if !ok {
		return abi.ErrnoInval // fsync(2) on a pipe or terminal
	}
	return ErrnoOf(f.Sync())
}

// fdFdstatGet writes a descriptor's type, flags and rights.
//
// # Result (Errno)
//   - EBADF: fd is not open; EFAULT: stat is out of bounds.
func fdFdstatGet(p *kernel.Process, m Memory, a []uint64) abi.Errno {
	d, err := p.FDs.Get(uint32(a[0]))
	if err != nil {
		return abi.ErrnoBadf
	}
	var b [abi.FdstatSize]byte
	b[0] = byte(d.File.Filetype())
	flags := d.Flags
	if f, ok := d.File.(*kernel.OpenFile); ok && f.Append() {
		flags |= abi.FdflagAppend
	}
	binary.LittleEndian.PutUint16(b[2:], uint16(flags))
	binary.LittleEndian.PutUint64(b[8:], uint64(d.Rights))
	binary.LittleEndian.PutUint64(b[16:], uint64(d.Inheriting))
	if !m.Write(uint32(a[1]), b[:]) {
		return abi.ErrnoFault
	}
	return abi.ErrnoSuccess
}

// fdFdstatSetFlags changes a descriptor's flags.
//
// # Result (Errno)
//   - EBADF / ENOTCAPABLE (FD_FDSTAT_SET_FLAGS); EINVAL: unknown flag bits.
//
// # Notes
//   - NONBLOCK makes fd_read and fd_write on a stream return EAGAIN instead
//     of waiting. Go's wasip1 runtime sets it on stdio and then polls, which
//     works because poll_oneoff reports stream readiness for real.
func fdFdstatSetFlags(p *kernel.Process, m Memory, a []uint64) abi.Errno {
	d, errno := getFD(p, uint32(a[0]), abi.RightFdFdstatSetFlags)
	if errno != 0 {
		return errno
	}
	flags := abi.Fdflags(a[1])
	if flags&^(abi.FdflagAppend|abi.FdflagDsync|abi.FdflagNonblock|abi.FdflagRsync|abi.FdflagSync) != 0 {
		return abi.ErrnoInval
	}
	if f, ok := d.File.(*kernel.OpenFile); ok {
		f.SetAppend(flags&abi.FdflagAppend != 0)
	}
	d.Flags = flags &^ abi.FdflagAppend
	if _, ok := d.File.(*kernel.OpenFile); !ok {
		d.Flags = flags
	}
	return abi.ErrnoSuccess
}

// fdFdstatSetRights drops rights from a descriptor.
//
// # Result (Errno)
//   - EBADF: fd is not open; ENOTCAPABLE: the new rights add to the old.
func fdFdstatSetRights(p *kernel.Process, m Memory, a []uint64) abi.Errno {
	d, err := p.FDs.Get(uint32(a[0]))
	if err != nil {
		return abi.ErrnoBadf
	}
	base, inh := abi.Rights(a[1]), abi.Rights(a[2])
	if !d.Rights.Has(base) || !d.Inheriting.Has(inh) {
		return abi.ErrnoNotcapable
	}
	d.Rights, d.Inheriting = base, inh
	return abi.ErrnoSuccess
}

// fdFilestatGet writes the attributes of an open file.
//
// # Result (Errno)
//   - EBADF / ENOTCAPABLE (FD_FILESTAT_GET); EFAULT.
func fdFilestatGet(p *kernel.Process, m Memory, a []uint64) abi.Errno {
	d, errno := getFD(p, uint32(a[0]), abi.RightFdFilestatGet)
	if errno != 0 {
		return errno
	}
	var st [abi.FilestatSize]byte
	if f, ok := d.File.(*kernel.OpenFile); ok {
		info, err := f.Stat()
		if err != nil {
			return ErrnoOf(err)
		}
		st = encodeFilestat(info, f.Loc)
	} else {
		st[16] = byte(d.File.Filetype())
		binary.LittleEndian.PutUint64(st[24:], 1)
	}
	if !m.Write(uint32(a[1]), st[:]) {
		return abi.ErrnoFault
	}
	return abi.ErrnoSuccess
}

// encodeFilestat lays out a filestat for the file at l.
func encodeFilestat(info fs.FileInfo, l vfs.Loc) [abi.FilestatSize]byte {
	return kernel.FilestatOf(info, l).Bytes()
}

// fdFilestatSetSize truncates or extends an open file.
//
// # Result (Errno)
//   - EBADF / ENOTCAPABLE (FD_FILESTAT_SET_SIZE); EINVAL: a stream or a
//     size past 2^63; EISDIR: a directory; EFBIG/ENOSPC at the limits.
func fdFilestatSetSize(p *kernel.Process, m Memory, a []uint64) abi.Errno {
	d, errno := getFD(p, uint32(a[0]), abi.RightFdFilestatSetSize)
	if errno != 0 {
		return errno
	}
	if int64(a[1]) < 0 {
		return abi.ErrnoInval
	}
	f, ok := d.File.(*kernel.OpenFile)
	if !ok {
		return abi.ErrnoInval
	}
	return ErrnoOf(f.Truncate(int64(a[1])))
}

// fdFilestatSetTimes sets an open file's access and modification times.
//
// # Result (Errno)
//   - EBADF / ENOTCAPABLE (FD_FILESTAT_SET_TIMES); EINVAL: both a time and
//     "now" given for the same timestamp, or unknown flag bits.
func fdFilestatSetTimes(p *kernel.Process, m Memory, a []uint64) abi.Errno {
	d, errno := getFD(p, uint32(a[0]), abi.RightFdFilestatSetTimes)
	if errno != 0 {
		return errno
	}
	fst := abi.Fstflags(a[3])
	if errno := validFstflags(fst); errno != 0 {
		return errno
	}
	f, ok := d.File.(*kernel.OpenFile)
	if !ok {
		return abi.ErrnoBadf
	}
	info, err := f.Stat()
	if err != nil {
		return ErrnoOf(err)
	}
	atime, mtime := newTimes(p, info, int64(a[1]), int64(a[2]), fst)
	return ErrnoOf(f.Chtimes(atime, mtime))
}

func validFstflags(fst abi.Fstflags) abi.Errno {
	if fst&^(abi.FstflagAtim|abi.FstflagAtimNow|abi.FstflagMtim|abi.FstflagMtimNow) != 0 ||
		fst&(abi.FstflagAtim|abi.FstflagAtimNow) == abi.FstflagAtim|abi.FstflagAtimNow ||
		fst&(abi.FstflagMtim|abi.FstflagMtimNow) == abi.FstflagMtim|abi.FstflagMtimNow {
		return abi.ErrnoInval
	}
	return abi.ErrnoSuccess
}

// newTimes computes the times to set: given, now, or unchanged.
func newTimes(p *kernel.Process, info fs.FileInfo, atim, mtim int64, fst abi.Fstflags) (time.Time, time.Time) {
	atime, mtime := info.ModTime(), info.ModTime()
	if in := vfs.Sys(info); in != nil {
		atime, mtime = in.Atime, in.Mtime
	}
	now := time.Unix(0, p.Kernel().Clock.Realtime())
	switch {
	case fst&abi.FstflagAtimNow != 0:
		atime = now
	case fst&abi.FstflagAtim != 0:
		atime = time.Unix(0, atim)
	}
	switch {
	case fst&abi.FstflagMtimNow != 0:
		mtime = now
	case fst&abi.FstflagMtim != 0:
		mtime = time.Unix(0, mtim)
	}
	return atime, mtime
}

// fdPrestatGet describes a preopened directory: its tag and name length.
//
// # Result (Errno)
//   - EBADF: fd is not open or is not a preopen (libc stops scanning there).
//
// # Notes
//   - A listening socket, and a free number of the socket block, answer a
//     preopen of type 1, not a directory: runtimes that scan from 3 until
//     EBADF then see them (see preopentypeSocket and docs/network.md).
func fdPrestatGet(p *kernel.Process, m Memory, a []uint64) abi.Errno {
	d, err := p.FDs.Get(uint32(a[0]))
	if isSocketPreopen(p, uint32(a[0]), d) {
		return prestatSocket(m, uint32(a[1]))
	}
	if err != nil || d.Preopen == "" {
		return abi.ErrnoBadf
	}
	var b [abi.PrestatSize]byte
	b[0] = abi.PreopentypeDir
	binary.LittleEndian.PutUint32(b[4:], uint32(len(d.Preopen)))
	if !m.Write(uint32(a[1]), b[:]) {
		return abi.ErrnoFault
	}
	return abi.ErrnoSuccess
}

// fdPrestatDirName writes a preopen's name (no NUL).
//
// # Result (Errno)
//   - EBADF: not a preopen; ENAMETOOLONG: path_len is shorter than the name.
func fdPrestatDirName(p *kernel.Process, m Memory, a []uint64) abi.Errno {
	d, err := p.FDs.Get(uint32(a[0]))
	if err != nil || d.Preopen == "" {
		return abi.ErrnoBadf
	}
	if uint32(a[2]) < uint32(len(d.Preopen)) {
		return abi.ErrnoNametoolong
	}
	if !m.Write(uint32(a[1]), []byte(d.Preopen)) {
		return abi.ErrnoFault
	}
	return abi.ErrnoSuccess
}

// fdRead reads into the iovecs. A stream waits for input unless the
// descriptor is NONBLOCK; a file reads from its offset.
//
// # Result (Errno)
//   - EBADF / ENOTCAPABLE (FD_READ); EISDIR: a directory; EAGAIN: NONBLOCK
//     stream with nothing to read; EFAULT; EINVAL: more than 1024 iovecs.
func fdRead(p *kernel.Process, m Memory, a []uint64) abi.Errno {
	d, errno := getFD(p, uint32(a[0]), abi.RightFdRead)
	if errno != 0 {
		return errno
	}
	iovs, errno := readIovecs(m, uint32(a[1]), uint32(a[2]))
	if errno != 0 {
		return errno
	}
	var total int
	switch f := d.File.(type) {
	case *kernel.OpenFile:
		if f.IsDir() {
			return abi.ErrnoIsdir
		}
		for _, iov := range iovs {
			n, err := fill(m, iov, f.Read)
			total += n
			if err != nil {
				return ErrnoOf(err)
			}
			if n < int(iov.len) {
				break
			}
		}
	case kernel.Stream:
		// A stream read returns what is available now: fill the first
		// non-empty iovec, then the next ones only while data keeps coming.
		for i, iov := range iovs {
			if iov.len == 0 {
				continue
			}
			nonblock := d.Flags&abi.FdflagNonblock != 0 || i > 0 && total > 0
			n, err := fill(m, iov, func(b []byte) (int, error) { return p.Read(f, b, nonblock) })
			total += n
			if err == kernel.ErrWouldBlock && total > 0 {
				break
			}
			if err != nil {
				return streamErrno(p, err)
			}
			if n < int(iov.len) {
				break
			}
		}
	default:
		return abi.ErrnoBadf
	}
	if !writeU32(m, uint32(a[3]), uint32(total)) {
		return abi.ErrnoFault
	}
	return abi.ErrnoSuccess
}

// streamErrno maps a stream error, turning a kill during a wait into the
// termination of the guest.
func streamErrno(p *kernel.Process, err error) abi.Errno {
	if p.Killed() {
		return Terminate
	}
	var le *kernel.LimitError
	if errors.As(err, &le) {
		p.Kill(le.Error())
		return Terminate
	}
	return ErrnoOf(err)
}

// fdPread reads at an offset without moving the file's offset.
//
// # Result (Errno)
//   - EBADF / ENOTCAPABLE (FD_READ and FD_SEEK); ESPIPE: a stream; EISDIR;
//     EINVAL: a negative offset.
func fdPread(p *kernel.Process, m Memory, a []uint64) abi.Errno {
	d, errno := getFD(p, uint32(a[0]), abi.RightFdRead|abi.RightFdSeek)
	if errno != 0 {
		return errno
	}
	f, errno := regular(d)
	if errno != 0 {
		return errno
	}
	if f.IsDir() {
		return abi.ErrnoIsdir
	}
	iovs, errno := readIovecs(m, uint32(a[1]), uint32(a[2]))
	if errno != 0 {
		return errno
	}
	off := int64(a[3])
	if off < 0 {
		return abi.ErrnoInval
	}
	total := 0
	for _, iov := range iovs {
		n, err := fill(m, iov, func(b []byte) (int, error) { return f.Pread(b, off) })
		total += n
		off += int64(n)
		if err != nil {
			return ErrnoOf(err)
		}
		if n < int(iov.len) {
			break
		}
	}
	if !writeU32(m, uint32(a[4]), uint32(total)) {
		return abi.ErrnoFault
	}
	return abi.ErrnoSuccess
}

// fdWrite writes the iovecs. Stdout and stderr receive them as one write.
//
// # Result (Errno)
//   - EBADF / ENOTCAPABLE (FD_WRITE); EISDIR; ENOSPC/EFBIG at the file
//     system's limits; EFAULT; EAGAIN: NONBLOCK stream that is full.
func fdWrite(p *kernel.Process, m Memory, a []uint64) abi.Errno {
	d, errno := getFD(p, uint32(a[0]), abi.RightFdWrite)
	if errno != 0 {
		return errno
	}
	iovs, errno := readIovecs(m, uint32(a[1]), uint32(a[2]))
	if errno != 0 {
		return errno
	}
	var total int
	switch f := d.File.(type) {
	case *kernel.OpenFile:
		if f.IsDir() {
			return abi.ErrnoIsdir
		}
		// One write for all the iovecs, as writev(2) does, so that a
		// buffered guest's flush is one write on a host file too.
		n, err := f.Write(gather(m, iovs))
		total = n
		if err != nil && total == 0 {
			return ErrnoOf(err)
		}
		if d.Flags&(abi.FdflagSync|abi.FdflagDsync) != 0 {
			if err := f.Sync(); err != nil {
				return ErrnoOf(err)
			}
		}
	case kernel.Stream:
		n, err := p.Write(f, gather(m, iovs), d.Flags&abi.FdflagNonblock != 0)
		total = n
		if err != nil && !(err == kernel.ErrWouldBlock && n > 0) {
			return streamErrno(p, err)
		}
	default:
		return abi.ErrnoBadf
	}
	if !writeU32(m, uint32(a[3]), uint32(total)) {
		return abi.ErrnoFault
	}
	return abi.ErrnoSuccess
}

// fdPwrite writes at an offset without moving the file's offset.
//
// # Result (Errno)
//   - EBADF / ENOTCAPABLE (FD_WRITE and FD_SEEK); ESPIPE: a stream; EISDIR;
//     EINVAL: a negative offset.
func fdPwrite(p *kernel.Process, m Memory, a []uint64) abi.Errno {
	d, errno := getFD(p, uint32(a[0]), abi.RightFdWrite|abi.RightFdSeek)
	if errno != 0 {
		return errno
	}
	f, errno := regular(d)
	if errno != 0 {
		return errno
	}
	if f.IsDir() {
		return abi.ErrnoIsdir
	}
	iovs, errno := readIovecs(m, uint32(a[1]), uint32(a[2]))
	if errno != 0 {
		return errno
	}
	off := int64(a[3])
	if off < 0 {
		return abi.ErrnoInval
	}
	total := 0
	for _, iov := range iovs {
		b, _ := m.Read(iov.buf, iov.len)
		n, err := f.Pwrite(b, off)
		total += n
		off += int64(n)
		if err != nil {
			return ErrnoOf(err)
		}
	}
	if !writeU32(m, uint32(a[4]), uint32(total)) {
		return abi.ErrnoFault
	}
	return abi.ErrnoSuccess
}

// fdReaddir writes directory entries from cookie on into buf: each a
// 24-byte dirent then its name, the last one truncated when the buffer ends
// (bufused == buf_len tells the caller to ask again with a larger buffer or
// the next cookie).
//
// # Result (Errno)
//   - EBADF / ENOTCAPABLE (FD_READDIR); ENOTDIR: not a directory.
func fdReaddir(p *kernel.Process, m Memory, a []uint64) abi.Errno {
	d, errno := getFD(p, uint32(a[0]), abi.RightFdReaddir)
	if errno != 0 {
		return errno
	}
	f, ok := d.File.(*kernel.OpenFile)
	if !ok || !f.IsDir() {
		return abi.ErrnoNotdir
	}
	buf, bufLen, cookie := uint32(a[1]), uint32(a[2]), a[3]
	entries, err := f.Listing(cookie)
	if err != nil {
		return ErrnoOf(err)
	}
	out := make([]byte, 0, bufLen)
	for i, e := range entries {
		if uint32(len(out)) >= bufLen {
			break
		}
		var h [abi.DirentSize]byte
		binary.LittleEndian.PutUint64(h[0:], cookie+uint64(i)+1)
		binary.LittleEndian.PutUint64(h[8:], e.Ino)
		binary.LittleEndian.PutUint32(h[16:], uint32(len(e.Name)))
		h[20] = byte(e.Type)
		out = append(out, h[:]...)
		out = append(out, e.Name...)
	}
	if uint32(len(out)) > bufLen {
		out = out[:bufLen]
	}
	if !m.Write(buf, out) || !writeU32(m, uint32(a[4]), uint32(len(out))) {
		return abi.ErrnoFault
	}
	return abi.ErrnoSuccess
}

// fdRenumber moves descriptor fd onto to, closing what to was.
//
// # Result (Errno)
//   - EBADF: either descriptor is not open.
func fdRenumber(p *kernel.Process, m Memory, a []uint64) abi.Errno {
	return ErrnoOf(p.FDs.Renumber(uint32(a[0]), uint32(a[1])))
}

// fdSeek moves a file's offset.
//
// # Result (Errno)
//   - EBADF; ENOTCAPABLE: FD_SEEK missing (FD_TELL suffices to read the
//     offset with a zero CUR seek); ESPIPE: a stream; EINVAL: bad whence or
//     a negative result.
func fdSeek(p *kernel.Process, m Memory, a []uint64) abi.Errno {
	off, whence := int64(a[1]), abi.Whence(a[2])
	need := abi.RightFdSeek
	if off == 0 && whence == abi.WhenceCur {
		need = abi.RightFdTell
	}
	d, errno := getFD(p, uint32(a[0]), need)
	if errno != 0 {
		return errno
	}
	f, errno := regular(d)
	if errno != 0 {
		return errno
	}
	if f.IsDir() {
		return abi.ErrnoBadf
	}
	var w int
	switch whence {
	case abi.WhenceSet:
		w = io.SeekStart
	case abi.WhenceCur:
		w = io.SeekCurrent
	case abi.WhenceEnd:
		w = io.SeekEnd
	default:
		return abi.ErrnoInval
	}
	pos, err := f.Seek(off, w)
	if err != nil {
		return ErrnoOf(err)
	}
	if !writeU64(m, uint32(a[3]), uint64(pos)) {
		return abi.ErrnoFault
	}
	return abi.ErrnoSuccess
}

// fdTell writes a file's offset.
//
// # Result (Errno)
//   - EBADF / ENOTCAPABLE (FD_TELL); ESPIPE: a stream.
func fdTell(p *kernel.Process, m Memory, a []uint64) abi.Errno {
	d, errno := getFD(p, uint32(a[0]), abi.RightFdTell)
	if errno != 0 {
		return errno
	}
	f, errno := regular(d)
	if errno != 0 {
		return errno
	}
	if f.IsDir() {
		return abi.ErrnoBadf
	}
	pos, err := f.Seek(0, io.SeekCurrent)
	if err != nil {
		return ErrnoOf(err)
	}
	if !writeU64(m, uint32(a[1]), uint64(pos)) {
		return abi.ErrnoFault
	}
	return abi.ErrnoSuccess
}
