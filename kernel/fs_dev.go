package kernel

import (
	"bytes"
	"io/fs"
	"strconv"
	"sync"
	"syscall"

	"github.com/wasmrun/wasmrun/wasi/abi"
)

// /dev/fs is the file system's calls for guests that cannot make them:
// QuickJS-NG's WASI build compiles out symlink(), readlink() and lstat()
// and has no link(), though preview1 has path_symlink, path_readlink,
// path_link and path_filestat_get without SYMLINK_FOLLOW. Opening it gives
// the caller a descriptor of its own; each write to it is one request, a
// NUL between the operation and each path:
//
//	symlink\0TARGET\0PATH  makes PATH a symbolic link holding TARGET, verbatim
//	link\0OLD\0NEW         makes NEW a hard link to OLD (OLD not followed)
//	readlink\0PATH         answers the link's target
//	lstat\0PATH            answers "DEV INO FILETYPE NLINK SIZE ATIM MTIM CTIM\n",
//	                       preview1's filestat of PATH itself (a link is not
//	                       followed), in decimal: FILETYPE is preview1's
//	                       number (7 a symbolic link), times are nanoseconds
//	realpath\0PATH         answers PATH with every link resolved, absolute
//
// A write that does the work returns the request's length, and the next
// read gets its answer (nothing, for symlink and link; a later request
// replaces an answer not read). A write that cannot fails with the errno
// of the WASI call that does the same: path_symlink, path_link,
// path_readlink, path_filestat_get (realpath: with SYMLINK_FOLLOW), as
// Plan 9's ctl files answer a command. A malformed request is EINVAL. A
// request is one write (one fd_write, its iovecs gathered).
//
// Paths are resolved for the process that opened the device exactly as
// wasi-libc and the WASI call resolve them (Process.LookupPath): relative
// to the kernel's working directory of the process (PWD at its start: a
// guest whose libc changed directory sends absolute paths), beneath the
// preopened directory holding them, whose rights must allow the call. A
// path outside every preopen is ENOENT, one leaving its preopen through
// ".." or a link ENOTCAPABLE.
//
// One difference from path_symlink: an absolute TARGET is stored, not
// refused with EPERM. path_symlink refuses it (as wasmtime does) because
// its caller speaks in paths relative to a directory descriptor, where "/"
// has no meaning; here paths are the guest's absolute paths, which is what
// Node's fs.symlink is given. Following such a link is confined as any
// lookup is: from the guest's root, and beneath a directory descriptor
// only when the target spells a path inside it (vfs.Resolve).
const devFS = "fs"

// A DeviceRequest is an opened name in /dev that becomes a descriptor only
// for the process that opened it: path_open calls OpenFor with the caller.
// SocketRequest and /dev/fs are such names.
type DeviceRequest interface {
	OpenFor(p *Process, nonblock bool) (File, error)
}

// fsRequest is /dev/fs opened, not yet bound to a process.
type fsRequest struct{ dev *DevFS }

func (r *fsRequest) Stat() (fs.FileInfo, error) { return r.dev.Stat(devFS) }
func (r *fsRequest) Read([]byte) (int, error)   { return 0, syscall.EBADF }
func (r *fsRequest) Close() error               { return nil }

// OpenFor gives p its own /dev/fs descriptor.
func (r *fsRequest) OpenFor(p *Process, _ bool) (File, error) {
	return &FSDevice{p: p}, nil
}

// FSDevice is an open /dev/fs: a stream whose writes are requests made as
// its process, and whose reads are their answers.
type FSDevice struct {
	p      *Process
	mu     sync.Mutex
	answer []byte
}

func (d *FSDevice) Filetype() abi.Filetype { return abi.FiletypeCharacterDevice }
func (d *FSDevice) Name() string           { return "/dev/fs" }
func (d *FSDevice) Close() error           { return nil }

// TryRead reads the last request's answer; 0 (the end) when there is none
// left.
func (d *FSDevice) TryRead(b []byte) (int, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	n := copy(b, d.answer)
	d.answer = d.answer[n:]
	return n, nil
}

// TryWrite does the request b and keeps its answer, or fails with its errno.
func (d *FSDevice) TryWrite(b []byte) (int, error) {
	answer, err := d.do(b)
	d.mu.Lock()
	d.answer = answer
	d.mu.Unlock()
	if err != nil {
		return 0, err
	}
	return len(b), nil
}

func (d *FSDevice) Readiness() (int64, bool, bool, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return int64(len(d.answer)), true, true, false
}

// do carries out one request.
func (d *FSDevice) do(req []byte) ([]byte, error) {
	f := bytes.Split(req, []byte{0})
	op, args := string(f[0]), make([]string, len(f)-1)
	for i, a := range f[1:] {
		args[i] = string(a)
	}
	p := d.p
	v := p.VFS()
	switch {
	case op == "symlink" && len(args) == 2:
		l, err := p.LookupPath(args[1], abi.RightPathSymlink, false)
		if err != nil {
			return nil, err
		}
		return nil, Symlink(v, args[0], l)
	case op == "link" && len(args) == 2:
		from, err := p.LookupPath(args[0], abi.RightPathLinkSource, false)
		if err != nil {
			return nil, err
		}
		to, err := p.LookupPath(args[1], abi.RightPathLinkTarget, false)
		if err != nil {
			return nil, err
		}
		return nil, Link(v, from, to)
	case op == "readlink" && len(args) == 1:
		l, err := p.LookupPath(args[0], abi.RightPathReadlink, false)
		if err != nil {
			return nil, err
		}
		target, err := v.Readlink(l)
		return []byte(target), err
	case (op == "lstat" || op == "realpath") && len(args) == 1:
		l, err := p.LookupPath(args[0], abi.RightPathFilestatGet, op == "realpath")
		if err != nil {
			return nil, err
		}
		st, err := StatAt(v, l)
		if err != nil {
			return nil, err
		}
		if op == "realpath" {
			return []byte(l.Path), nil
		}
		return st.text(), nil
	}
	return nil, syscall.EINVAL
}

// text writes the filestat as /dev/fs answers lstat.
func (st Filestat) text() []byte {
	b := make([]byte, 0, 128)
	for i, n := range []uint64{st.Dev, st.Ino, uint64(st.Filetype), st.Nlink, st.Size, st.Atim, st.Mtim, st.Ctim} {
		if i > 0 {
			b = append(b, ' ')
		}
		b = strconv.AppendUint(b, n, 10)
	}
	return append(b, '\n')
}
