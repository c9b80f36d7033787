package kernel

import (
	"io"
	"io/fs"
	"path"
	"sync"
	"syscall"
	"time"

	"github.com/hack-pad/hackpadfs"

	"github.com/wasmrun/wasmrun/kernel/vfs"
	"github.com/wasmrun/wasmrun/wasi/abi"
)

// OpenFile is a file or directory of the VFS opened by a process.
type OpenFile struct {
	mu     sync.Mutex
	vfs    *vfs.VFS
	f      hackpadfs.File
	Loc    vfs.Loc
	dir    bool
	ftype  abi.Filetype
	append bool
	// listing is the directory snapshot fd_readdir pages through; it is
	// taken when a listing starts at cookie 0 and kept while cookies advance.
	listing []DirEntry
}

// DirEntry is one entry of a directory listing.
type DirEntry struct {
	Name string
	Ino  uint64
	Type abi.Filetype
}

// NewOpenFile wraps an opened VFS file.
func NewOpenFile(v *vfs.VFS, f hackpadfs.File, loc vfs.Loc, info fs.FileInfo, appendMode bool) *OpenFile {
	return &OpenFile{vfs: v, f: f, Loc: loc, dir: info.IsDir(), ftype: FiletypeOf(info.Mode()), append: appendMode}
}

// FiletypeOf maps a Go file mode to a WASI file type.
func FiletypeOf(m fs.FileMode) abi.Filetype {
	switch {
	case m.IsDir():
		return abi.FiletypeDirectory
	case m&fs.ModeSymlink != 0:
		return abi.FiletypeSymbolicLink
	case m.IsRegular():
		return abi.FiletypeRegularFile
	case m&fs.ModeCharDevice != 0:
		return abi.FiletypeCharacterDevice
	case m&fs.ModeDevice != 0:
		return abi.FiletypeBlockDevice
	case m&fs.ModeSocket != 0:
		return abi.FiletypeSocketStream
	}
	return abi.FiletypeUnknown
}

func (o *OpenFile) Filetype() abi.Filetype { return o.ftype }
func (o *OpenFile) IsDir() bool            { return o.dir }
func (o *OpenFile) Close() error           { return o.f.Close() }

// Append reports and sets the append mode (FDFLAGS_APPEND).
func (o *OpenFile) Append() bool { o.mu.Lock(); defer o.mu.Unlock(); return o.append }
func (o *OpenFile) SetAppend(on bool) {
	o.mu.Lock()
	o.append = on
	o.mu.Unlock()
}

func (o *OpenFile) Read(p []byte) (int, error) {
	if o.dir {
		return 0, syscall.EISDIR
	}
	n, err := o.f.Read(p)
	if err == io.EOF {
		err = nil
	}
	return n, err
}

func (o *OpenFile) Write(p []byte) (int, error) {
	if o.dir {
		return 0, syscall.EISDIR
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.append {
		if s, ok := o.f.(io.Seeker); ok {
			if _, err := s.Seek(0, io.SeekEnd); err != nil {
				return 0, err
			}
		}
	}
	w, ok := o.f.(io.Writer)
	if !ok {
		return 0, syscall.EBADF
	}
	n, err := w.Write(p)
	if n > 0 {
		o.vfs.Changed(o.Loc.Path)
	}
	return n, err
}

func (o *OpenFile) Pread(p []byte, off int64) (int, error) {
	if o.dir {
		return 0, syscall.EISDIR
	}
	r, ok := o.f.(io.ReaderAt)
	if !ok {
		return 0, syscall.ESPIPE
	}
	n, err := r.ReadAt(p, off)
	if err == io.EOF {
		err = nil
	}
	return n, err
}

func (o *OpenFile) Pwrite(p []byte, off int64) (int, error) {
	if o.dir {
		return 0, syscall.EISDIR
	}
	w, ok := o.f.(io.WriterAt)
	if !ok {
		return 0, syscall.ESPIPE
	}
	n, err := w.WriteAt(p, off)
	if n > 0 {
		o.vfs.Changed(o.Loc.Path)
	}
	return n, err
}

func (o *OpenFile) Seek(off int64, whence int) (int64, error) {
	s, ok := o.f.(io.Seeker)
	if !ok {
		return 0, syscall.ESPIPE
	}
	return s.Seek(off, whence)
}

func (o *OpenFile) Stat() (fs.FileInfo, error) { return o.f.Stat() }

func (o *OpenFile) Truncate(size int64) error {
	if o.dir {
		return syscall.EISDIR
	}
	if t, ok := o.f.(interface{ Truncate(int64) error }); ok {
		err := t.Truncate(size)
		if err == nil {
			o.vfs.Changed(o.Loc.Path)
		}
		return err
	}
	return syscall.EINVAL
}

func (o *OpenFile) Sync() error {
	if s, ok := o.f.(interface{ Sync() error }); ok {
		return s.Sync()
	}
	return nil
}

// Chtimes sets the file's times through the open handle when the FS
// supports that, else through its path.
func (o *OpenFile) Chtimes(atime, mtime time.Time) error {
	if c, ok := o.f.(interface {
		Chtimes(atime, mtime time.Time) error
	}); ok {
		err := c.Chtimes(atime, mtime)
		if err == nil {
			o.vfs.Changed(o.Loc.Path)
		}
		return err
	}
	return o.vfs.Chtimes(o.Loc, atime, mtime)
}

// Listing returns the directory entries from index start on, including "."
// and "..", taking a fresh snapshot when start is 0.
func (o *OpenFile) Listing(start uint64) ([]DirEntry, error) {
	if !o.dir {
		return nil, syscall.ENOTDIR
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if start == 0 || o.listing == nil {
		entries, err := o.vfs.ReadDir(o.Loc)
		if err != nil {
			return nil, err
		}
		self, _ := o.f.Stat()
		list := make([]DirEntry, 0, len(entries)+2)
		list = append(list, DirEntry{Name: ".", Ino: InodeOf(self, o.Loc.Path), Type: abi.FiletypeDirectory})
		list = append(list, DirEntry{Name: "..", Ino: o.parentIno(), Type: abi.FiletypeDirectory})
		for _, e := range entries {
			de := DirEntry{Name: e.Name(), Type: FiletypeOf(e.Type())}
			if info, err := e.Info(); err == nil {
				de.Ino = InodeOf(info, path.Join(o.Loc.Path, e.Name()))
				de.Type = FiletypeOf(info.Mode())
			}
			list = append(list, de)
		}
		o.listing = list
	}
	if start >= uint64(len(o.listing)) {
		return nil, nil
	}
	return o.listing[start:], nil
}

// InodeOf is the inode number of info: the FS's own when it reports one,
// else a stable hash of the guest path.
func InodeOf(info fs.FileInfo, guestPath string) uint64 {
	if info != nil {
		if in := vfs.Sys(info); in != nil && in.Ino != 0 {
			return in.Ino
		}
	}
	h := uint64(14695981039346656037)
	for i := 0; i < len(guestPath); i++ {
		h ^= uint64(guestPath[i])
		h *= 1099511628211
	}
	return h
}

// parentIno is the inode number of the directory's parent (itself at "/").
func (o *OpenFile) parentIno() uint64 {
	parent := path.Dir(o.Loc.Path)
	loc, err := o.vfs.Resolve(vfs.Lookup{Base: "/"}, parent)
	if err != nil {
		return 0
	}
	info, err := o.vfs.Stat(loc)
	if err != nil {
		return 0
	}
	return InodeOf(info, parent)
}
