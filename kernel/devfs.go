package kernel

import (
	"io"
	"io/fs"
	"sort"
	"sync"
	"syscall"
	"time"

	"github.com/hack-pad/hackpadfs"

	"github.com/wasmrun/wasmrun/wasi/abi"
)

// DevFS is the kernel's /dev: character devices whose open files are
// Streams, not stored bytes.
//
//   - null: reads end at once, writes are discarded.
//   - zero: reads return zeros, writes are discarded.
//   - random, urandom: reads come from the host CSPRNG.
//   - pipe: every open creates a new anonymous pipe whose one descriptor is
//     both its read and its write end, as a FIFO opened O_RDWR is. WASI has
//     no pipe(); this is the kernel's wake-up mechanism for event loops
//     (CPython's asyncio self-pipe; see docs/asyncio.md).
//   - tcp/HOST/PORT, tcp-listen/PORT, tcp-accept/PORT, tls/HOST/PORT and
//     dns/NAME: sockets and name lookups of the kernel's network
//     (socket_dev.go).
//   - fs: symlink, link, readlink, lstat and realpath for guests without
//     those calls (fs_dev.go).
type DevFS struct {
	k       *Kernel
	events  Events
	random  io.Reader
	created time.Time
}

// NewDevFS returns the /dev of kernel k: its pipes wake waiters through the
// kernel's events, random and urandom read its CSPRNG, and tcp reaches its
// network.
func NewDevFS(k *Kernel) *DevFS {
	return &DevFS{k: k, events: k.Events, random: k.Random, created: time.Now()}
}

var devices = map[string]bool{"null": true, "zero": true, "random": true, "urandom": true, "pipe": true, devFS: true}

// Open opens a device, or the directory itself.
func (d *DevFS) Open(name string) (hackpadfs.File, error) {
	return d.OpenFile(name, hackpadfs.FlagReadOnly, 0)
}

// OpenFile opens a device; creating files in /dev is not possible.
func (d *DevFS) OpenFile(name string, flag int, perm fs.FileMode) (hackpadfs.File, error) {
	if name == "." {
		if flag&(hackpadfs.FlagWriteOnly|hackpadfs.FlagReadWrite) != 0 {
			return nil, &fs.PathError{Op: "open", Path: name, Err: syscall.EISDIR}
		}
		return &devDir{fs: d}, nil
	}
	if node, host, port := parseNetName(name); node != notNet {
		return d.netOpen(name, node, host, port)
	}
	if !devices[name] {
		if flag&hackpadfs.FlagCreate != 0 {
			return nil, &fs.PathError{Op: "open", Path: name, Err: syscall.EACCES}
		}
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	switch name {
	case "pipe":
		return &Pipe{name: "pipe", events: d.events}, nil
	case devFS:
		return &fsRequest{dev: d}, nil
	}
	return &device{name: name, fs: d}, nil
}

// Stat describes a device or the directory.
func (d *DevFS) Stat(name string) (fs.FileInfo, error) {
	if name == "." {
		return devInfo{name: "dev", mode: fs.ModeDir | 0o755, t: d.created}, nil
	}
	if node, _, _ := parseNetName(name); node != notNet {
		return d.netStat(name, node)
	}
	if !devices[name] {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrNotExist}
	}
	return devInfo{name: name, mode: fs.ModeDevice | fs.ModeCharDevice | 0o666, t: d.created}, nil
}

// ReadDir lists the devices.
func (d *DevFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if node, _, _ := parseNetName(name); node == netDir {
		return nil, nil
	}
	if name != "." {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: syscall.ENOTDIR}
	}
	names := make([]string, 0, len(devices)+2)
	for n := range devices {
		names = append(names, n)
	}
	names = append(names, netDevs...)
	sort.Strings(names)
	out := make([]fs.DirEntry, len(names))
	for i, n := range names {
		info, _ := d.Stat(n)
		out[i] = fs.FileInfoToDirEntry(info)
	}
	return out, nil
}

type devInfo struct {
	name string
	mode fs.FileMode
	t    time.Time
}

func (i devInfo) Name() string       { return i.name }
func (i devInfo) Size() int64        { return 0 }
func (i devInfo) Mode() fs.FileMode  { return i.mode }
func (i devInfo) ModTime() time.Time { return i.t }
func (i devInfo) IsDir() bool        { return i.mode.IsDir() }
func (i devInfo) Sys() any           { return nil }

type devDir struct{ fs *DevFS }

func (d *devDir) Stat() (fs.FileInfo, error) { return d.fs.Stat(".") }
func (d *devDir) Read([]byte) (int, error)   { return 0, syscall.EISDIR }
func (d *devDir) Close() error               { return nil }
func (d *devDir) ReadDir(n int) ([]fs.DirEntry, error) {
	return d.fs.ReadDir(".")
}

// device is null, zero, random or urandom: a stream that never blocks.
type device struct {
	name string
	fs   *DevFS
}

func (d *device) Stat() (fs.FileInfo, error) { return d.fs.Stat(d.name) }

// Read is TryRead as an io.Reader: /dev/null's end of stream is io.EOF.
func (d *device) Read(p []byte) (int, error) {
	n, err := d.TryRead(p)
	if n == 0 && err == nil && len(p) > 0 {
		return 0, io.EOF
	}
	return n, err
}
func (d *device) Close() error           { return nil }
func (d *device) Filetype() abi.Filetype { return abi.FiletypeCharacterDevice }
func (d *device) Name() string           { return "/dev/" + d.name }

func (d *device) TryRead(p []byte) (int, error) {
	switch d.name {
	case "null":
		return 0, nil
	case "zero":
		clear(p)
		return len(p), nil
	default:
		return io.ReadFull(d.fs.random, p)
	}
}

func (d *device) TryWrite(p []byte) (int, error) { return len(p), nil }

func (d *device) Readiness() (int64, bool, bool, bool) { return 0, true, true, false }

// PipeCapacity is how many bytes a pipe holds before writes wait, as on
// Linux.
const PipeCapacity = 64 << 10

// Pipe is an in-kernel byte channel. Opened from /dev/pipe, one descriptor
// is both of its ends.
type Pipe struct {
	name   string
	events Events
	mu     sync.Mutex
	buf    []byte
}

func (p *Pipe) Stat() (fs.FileInfo, error) {
	return devInfo{name: "pipe", mode: fs.ModeNamedPipe | 0o600}, nil
}
func (p *Pipe) Read(b []byte) (int, error) { return p.TryRead(b) }
func (p *Pipe) Close() error               { return nil }
func (p *Pipe) Filetype() abi.Filetype     { return abi.FiletypeUnknown }
func (p *Pipe) Name() string               { return p.name }

func (p *Pipe) TryRead(b []byte) (int, error) {
	p.mu.Lock()
	if len(p.buf) == 0 {
		p.mu.Unlock()
		return 0, ErrWouldBlock
	}
	n := copy(b, p.buf)
	p.buf = p.buf[n:]
	p.mu.Unlock()
	p.events.Notify()
	return n, nil
}

func (p *Pipe) TryWrite(b []byte) (int, error) {
	p.mu.Lock()
	room := PipeCapacity - len(p.buf)
	if room <= 0 {
		p.mu.Unlock()
		return 0, ErrWouldBlock
	}
	if len(b) > room {
		b = b[:room]
	}
	p.buf = append(p.buf, b...)
	p.mu.Unlock()
	p.events.Notify()
	return len(b), nil
}

func (p *Pipe) Readiness() (int64, bool, bool, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return int64(len(p.buf)), len(p.buf) > 0, len(p.buf) < PipeCapacity, false
}
