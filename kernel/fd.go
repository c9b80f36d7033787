package kernel

import (
	"sort"
	"sync"
	"syscall"

	"github.com/wasmrun/wasmrun/wasi/abi"
)

// File is an open file description: what a file descriptor refers to.
// What it can do beyond this is discovered by type assertion: *OpenFile for
// VFS files and directories, Stream for stdio and, later, pipes and sockets.
type File interface {
	Filetype() abi.Filetype
	Close() error
}

// FD is one entry of a process's descriptor table.
type FD struct {
	File       File
	Rights     abi.Rights // what this descriptor permits
	Inheriting abi.Rights // what descriptors opened through it may get
	Flags      abi.Fdflags
	// Preopen is the name a preopened directory is announced under
	// (fd_prestat_dir_name); empty for everything else.
	Preopen string
}

// MaxFDs bounds a process's descriptor table; opening more fails with EMFILE.
const MaxFDs = 4096

// FDTable maps descriptor numbers to open files. Numbers are allocated
// lowest first, as POSIX does, except in the socket block (ReserveSockets).
type FDTable struct {
	mu    sync.Mutex
	fds   []*FD
	count int
	// The socket block: sockN numbers from sockFirst that only sockets
	// take; a free one holds the reserved marker.
	sockFirst, sockN int
}

// reserved marks a free number of the socket block.
var reserved = &FD{}

// Get returns the descriptor fd, or EBADF.
func (t *FDTable) Get(fd uint32) (*FD, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if int(fd) >= len(t.fds) || t.fds[fd] == nil || t.fds[fd] == reserved {
		return nil, syscall.EBADF
	}
	return t.fds[fd], nil
}

// ReserveSockets keeps the n descriptor numbers from the lowest free one
// for sockets (InsertSocket): they look closed to everything else, and a
// socket closed there gives its number back to the block. It exists for
// runtimes that keep a descriptor table of their own, built at startup by
// scanning from 3 until EBADF (CPython's wasi-vfs, see docs/network.md):
// fd_prestat_get answers for the block's numbers (IsReserved), so the scan
// includes them, and sockets created later land on numbers the runtime
// already knows. It returns the first number.
func (t *FDTable) ReserveSockets(n int) uint32 {
	t.mu.Lock()
	defer t.mu.Unlock()
	first := len(t.fds)
	for i, f := range t.fds {
		if f == nil {
			first = i
			break
		}
	}
	for i := first; i < first+n; i++ {
		for i >= len(t.fds) {
			t.fds = append(t.fds, nil)
		}
		if t.fds[i] == nil {
			t.fds[i] = reserved
		}
	}
	t.sockFirst, t.sockN = first, n
	return uint32(first)
}

// IsReserved reports whether fd is a free number of the socket block.
func (t *FDTable) IsReserved(fd uint32) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return int(fd) < len(t.fds) && t.fds[fd] == reserved
}

// InsertSocket adds a socket at the lowest free number of the socket block,
// or, when there is none, where Insert would.
func (t *FDTable) InsertSocket(d *FD) (uint32, error) {
	t.mu.Lock()
	for i := t.sockFirst; i < t.sockFirst+t.sockN && i < len(t.fds); i++ {
		if t.fds[i] == reserved {
			t.fds[i] = d
			t.count++
			t.mu.Unlock()
			return uint32(i), nil
		}
	}
	t.mu.Unlock()
	return t.Insert(d)
}

// free empties number i, which goes back to the socket block if it is in it.
// Called with t.mu held.
func (t *FDTable) free(i int) {
	if i >= t.sockFirst && i < t.sockFirst+t.sockN {
		t.fds[i] = reserved
		return
	}
	t.fds[i] = nil
}

// Insert adds d at the lowest free number.
func (t *FDTable) Insert(d *FD) (uint32, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for i, f := range t.fds {
		if f == nil {
			t.fds[i] = d
			t.count++
			return uint32(i), nil
		}
	}
	if len(t.fds) >= MaxFDs {
		return 0, syscall.EMFILE
	}
	t.fds = append(t.fds, d)
	t.count++
	return uint32(len(t.fds) - 1), nil
}

// Set places d at number fd, which must be free.
func (t *FDTable) Set(fd uint32, d *FD) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for int(fd) >= len(t.fds) {
		t.fds = append(t.fds, nil)
	}
	if t.fds[fd] == nil || t.fds[fd] == reserved {
		t.count++
	}
	t.fds[fd] = d
}

// Remove takes fd out of the table and returns it; the caller closes it.
func (t *FDTable) Remove(fd uint32) (*FD, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if int(fd) >= len(t.fds) || t.fds[fd] == nil || t.fds[fd] == reserved {
		return nil, syscall.EBADF
	}
	d := t.fds[fd]
	t.free(int(fd))
	t.count--
	return d, nil
}

// Renumber moves from onto to, closing what to referred to. Both must be
// open (WASI has no dup2 onto a free number).
func (t *FDTable) Renumber(from, to uint32) error {
	t.mu.Lock()
	open := func(fd uint32) bool { return int(fd) < len(t.fds) && t.fds[fd] != nil && t.fds[fd] != reserved }
	if !open(from) || !open(to) {
		t.mu.Unlock()
		return syscall.EBADF
	}
	if from == to {
		t.mu.Unlock()
		return nil
	}
	old := t.fds[to]
	t.fds[to] = t.fds[from]
	t.free(int(from))
	t.count--
	t.mu.Unlock()
	return old.File.Close()
}

// Len is the number of open descriptors.
func (t *FDTable) Len() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.count
}

// FDEntry is a descriptor as listed by Snapshot.
type FDEntry struct {
	FD   uint32
	Desc *FD
}

// Snapshot lists the open descriptors in order.
func (t *FDTable) Snapshot() []FDEntry {
	t.mu.Lock()
	defer t.mu.Unlock()
	var out []FDEntry
	for i, d := range t.fds {
		if d != nil && d != reserved {
			out = append(out, FDEntry{uint32(i), d})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].FD < out[j].FD })
	return out
}

// CloseAll closes every descriptor; it runs when a process ends.
func (t *FDTable) CloseAll() {
	t.mu.Lock()
	fds := t.fds
	t.fds = nil
	t.count = 0
	t.mu.Unlock()
	for _, d := range fds {
		if d != nil && d != reserved {
			_ = d.File.Close()
		}
	}
}
