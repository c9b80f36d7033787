package kernel_test

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/hack-pad/hackpadfs"

	"github.com/wasmrun/wasmrun/kernel"
	"github.com/wasmrun/wasmrun/kernel/vfs"
	"github.com/wasmrun/wasmrun/wasi/abi"
)

// devStream opens a device of d as the Stream WASI installs for it.
func devStream(t *testing.T, d *kernel.DevFS, name string) kernel.Stream {
	t.Helper()
	f, err := d.Open(name)
	if err != nil {
		t.Fatalf("open %s: %v", name, err)
	}
	s, ok := f.(kernel.Stream)
	if !ok {
		t.Fatalf("%s opens as %T, not a Stream", name, f)
	}
	return s
}

func TestDeviceReads(t *testing.T) {
	rnd := &fixedRandom{b: 0x5a}
	k := newKernel(t, kernel.Config{Random: rnd})
	d := kernel.NewDevFS(k)
	garbage := func() []byte { return bytes.Repeat([]byte{0xff}, 32) }
	tests := []struct {
		device string
		n      int
		want   []byte
	}{
		{"null", 0, nil},
		{"zero", 32, make([]byte, 32)},
		{"random", 32, bytes.Repeat([]byte{0x5a}, 32)},
		{"urandom", 32, bytes.Repeat([]byte{0x5a}, 32)},
	}
	for _, tt := range tests {
		t.Run(tt.device, func(t *testing.T) {
			s := devStream(t, d, tt.device)
			buf := garbage()
			n, err := s.TryRead(buf)
			if err != nil || n != tt.n || !bytes.Equal(buf[:n], tt.want) {
				t.Errorf("TryRead = %d, %v, % x; want %d bytes % x", n, err, buf[:n], tt.n, tt.want)
			}
			// Writes are taken whole and discarded.
			if n, err := s.TryWrite([]byte("discard")); err != nil || n != 7 {
				t.Errorf("TryWrite = %d, %v; want 7", n, err)
			}
			if r := readinessOf(s); r != (readiness{0, true, true, false}) {
				t.Errorf("Readiness = %+v, want always ready", r)
			}
			if s.Filetype() != abi.FiletypeCharacterDevice || s.Name() != "/dev/"+tt.device {
				t.Errorf("Filetype %v, Name %q", s.Filetype(), s.Name())
			}
			if err := s.Close(); err != nil {
				t.Errorf("Close: %v", err)
			}
		})
	}
	if rnd.calls.Load() == 0 {
		t.Errorf("random and urandom did not read the kernel's CSPRNG")
	}
}

func TestRandomDeviceFailsWithoutACSPRNG(t *testing.T) {
	k := newKernel(t, kernel.Config{Random: failingRandom{}})
	s := devStream(t, kernel.NewDevFS(k), "urandom")
	if _, err := s.TryRead(make([]byte, 8)); !errors.Is(err, errNoRandom) {
		t.Errorf("TryRead: %v, want the CSPRNG's error", err)
	}
}

// /dev/null read through its fs.File (io.Reader) must end: readers such as
// io.ReadAll loop until they see io.EOF.
func TestNullDeviceReadEndsWithEOF(t *testing.T) {
	k := newKernel(t, kernel.Config{})
	f, err := kernel.NewDevFS(k).Open("null")
	if err != nil {
		t.Fatal(err)
	}
	if n, err := f.Read(make([]byte, 8)); n != 0 || err != io.EOF {
		t.Errorf("Read of /dev/null = %d, %v; want 0, io.EOF", n, err)
	}
}

func TestPipe(t *testing.T) {
	k := newKernel(t, kernel.Config{})
	d := kernel.NewDevFS(k)
	p := devStream(t, d, "pipe")
	other := devStream(t, d, "pipe")

	buf := make([]byte, 8)
	if n, err := p.TryRead(buf); !errors.Is(err, kernel.ErrWouldBlock) || n != 0 {
		t.Errorf("TryRead of an empty pipe = %d, %v; want EAGAIN", n, err)
	}
	if r := readinessOf(p); r != (readiness{0, false, true, false}) {
		t.Errorf("empty pipe Readiness = %+v", r)
	}

	// One descriptor is both ends.
	seq := k.Events.Seq()
	if n, err := p.TryWrite([]byte("ping")); err != nil || n != 4 {
		t.Fatalf("TryWrite = %d, %v", n, err)
	}
	if k.Events.Seq() == seq {
		t.Errorf("a write did not wake waiters")
	}
	if r := readinessOf(p); r != (readiness{4, true, true, false}) {
		t.Errorf("Readiness with 4 bytes = %+v", r)
	}
	if _, err := other.TryRead(buf); !errors.Is(err, kernel.ErrWouldBlock) {
		t.Errorf("another open of /dev/pipe shares the buffer: %v", err)
	}
	seq = k.Events.Seq()
	if n, err := p.TryRead(buf); err != nil || string(buf[:n]) != "ping" {
		t.Errorf("TryRead = %q, %v; want ping", buf[:n], err)
	}
	if k.Events.Seq() == seq {
		t.Errorf("a read did not wake writers")
	}

	// Capacity: a write takes what fits, then would block.
	big := bytes.Repeat([]byte("x"), kernel.PipeCapacity+100)
	if n, err := p.TryWrite(big); err != nil || n != kernel.PipeCapacity {
		t.Errorf("TryWrite of more than fits = %d, %v; want %d", n, err, kernel.PipeCapacity)
	}
	if n, err := p.TryWrite([]byte("y")); !errors.Is(err, kernel.ErrWouldBlock) || n != 0 {
		t.Errorf("TryWrite into a full pipe = %d, %v; want EAGAIN", n, err)
	}
	if r := readinessOf(p); r != (readiness{kernel.PipeCapacity, true, false, false}) {
		t.Errorf("full pipe Readiness = %+v", r)
	}
	if n, _ := p.TryRead(make([]byte, 100)); n != 100 {
		t.Errorf("TryRead from a full pipe = %d, want 100", n)
	}
	if n, err := p.TryWrite([]byte("yz")); err != nil || n != 2 {
		t.Errorf("TryWrite after room was made = %d, %v", n, err)
	}

	if p.Filetype() != abi.FiletypeUnknown || p.Name() != "pipe" {
		t.Errorf("Filetype %v, Name %q", p.Filetype(), p.Name())
	}
	info, err := p.(fs.File).Stat()
	if err != nil || info.Mode().Type() != fs.ModeNamedPipe {
		t.Errorf("Stat = %v, %v; want a named pipe", info, err)
	}
}

func TestDevFSStat(t *testing.T) {
	d := kernel.NewDevFS(newKernel(t, kernel.Config{}))
	tests := []struct {
		name  string
		mode  fs.FileMode
		ftype abi.Filetype
		err   error
	}{
		{name: ".", mode: fs.ModeDir | 0o755, ftype: abi.FiletypeDirectory},
		{name: "null", mode: fs.ModeDevice | fs.ModeCharDevice | 0o666, ftype: abi.FiletypeCharacterDevice},
		{name: "zero", mode: fs.ModeDevice | fs.ModeCharDevice | 0o666, ftype: abi.FiletypeCharacterDevice},
		{name: "random", mode: fs.ModeDevice | fs.ModeCharDevice | 0o666, ftype: abi.FiletypeCharacterDevice},
		{name: "urandom", mode: fs.ModeDevice | fs.ModeCharDevice | 0o666, ftype: abi.FiletypeCharacterDevice},
		{name: "pipe", mode: fs.ModeDevice | fs.ModeCharDevice | 0o666, ftype: abi.FiletypeCharacterDevice},
		{name: "tty", err: fs.ErrNotExist},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			info, err := d.Stat(tt.name)
			if tt.err != nil {
				if !errors.Is(err, tt.err) {
					t.Errorf("Stat = %v, want %v", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if info.Mode() != tt.mode || kernel.FiletypeOf(info.Mode()) != tt.ftype {
				t.Errorf("mode %v (%v), want %v (%v)", info.Mode(), kernel.FiletypeOf(info.Mode()), tt.mode, tt.ftype)
			}
			if info.IsDir() != (tt.name == ".") || info.Size() != 0 {
				t.Errorf("IsDir %v, Size %d", info.IsDir(), info.Size())
			}
			// An open file says the same.
			if tt.name != "pipe" {
				f, err := d.Open(tt.name)
				if err != nil {
					t.Fatal(err)
				}
				if fi, err := f.Stat(); err != nil || fi.Mode() != tt.mode {
					t.Errorf("open file Stat = %v, %v; want mode %v", fi, err, tt.mode)
				}
			}
		})
	}
}

func TestDevFSReadDir(t *testing.T) {
	d := kernel.NewDevFS(newKernel(t, kernel.Config{}))
	want := []string{"dns", "fs", "null", "pipe", "poll", "random", "sock", "tcp", "tcp-accept", "tcp-listen", "tls", "urandom", "zero"}
	entries, err := d.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
		if strings.HasPrefix(e.Name(), "tcp") || e.Name() == "tls" || e.Name() == "dns" || e.Name() == "sock" {
			if !e.IsDir() {
				t.Errorf("%s lists as %v, want a directory", e.Name(), e.Type())
			}
			continue
		}
		if e.Type() != fs.ModeDevice|fs.ModeCharDevice || e.IsDir() {
			t.Errorf("%s lists as %v, want a character device", e.Name(), e.Type())
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("ReadDir = %v, want %v", got, want)
	}
	// The directory, opened, lists the same; read as a file it is EISDIR.
	f, err := d.Open(".")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Read(make([]byte, 1)); !errors.Is(err, syscall.EISDIR) {
		t.Errorf("Read of /dev: %v, want EISDIR", err)
	}
	rd, ok := f.(fs.ReadDirFile)
	if !ok {
		t.Fatalf("/dev opens as %T, not a ReadDirFile", f)
	}
	if entries, err := rd.ReadDir(-1); err != nil || len(entries) != len(want) {
		t.Errorf("ReadDir of the open directory = %d entries, %v", len(entries), err)
	}
	if _, err := d.ReadDir("null"); !errors.Is(err, syscall.ENOTDIR) {
		t.Errorf("ReadDir(null): %v, want ENOTDIR", err)
	}
}

func TestDevFSOpen(t *testing.T) {
	d := kernel.NewDevFS(newKernel(t, kernel.Config{}))
	tests := []struct {
		name string
		file string
		flag int
		err  error
	}{
		{"the directory", ".", hackpadfs.FlagReadOnly, nil},
		{"a device for writing", "null", hackpadfs.FlagWriteOnly, nil},
		{"a device with create, as it exists", "zero", hackpadfs.FlagReadWrite | hackpadfs.FlagCreate, nil},
		{"the directory for writing is EISDIR", ".", hackpadfs.FlagWriteOnly, syscall.EISDIR},
		{"the directory read-write is EISDIR", ".", hackpadfs.FlagReadWrite, syscall.EISDIR},
		{"a missing device is ENOENT", "tty", hackpadfs.FlagReadOnly, fs.ErrNotExist},
		{"creating a file is EACCES", "new", hackpadfs.FlagReadWrite | hackpadfs.FlagCreate, syscall.EACCES},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := d.OpenFile(tt.file, tt.flag, 0o644)
			if tt.err == nil && err == nil {
				f.Close()
				return
			}
			if !errors.Is(err, tt.err) {
				t.Errorf("OpenFile = %v, want %v", err, tt.err)
			}
		})
	}
}

// Mounted as the kernel's /dev, the devices are reached through the VFS,
// open as Streams, and nothing new can be made there.
func TestDevFSMountedAtDev(t *testing.T) {
	k := newKernel(t, kernel.Config{})
	v := k.VFS
	if err := v.Mount("/dev", kernel.NewDevFS(k), vfs.MountOptions{Source: "devices"}); err != nil {
		t.Fatal(err)
	}
	at := func(p string) vfs.Loc {
		l, err := v.Resolve(vfs.Lookup{Base: "/", Follow: true}, p)
		if err != nil {
			t.Fatalf("resolve %s: %v", p, err)
		}
		return l
	}
	f, err := v.OpenFile(at("/dev/zero"), hackpadfs.FlagReadOnly, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := f.(kernel.Stream); !ok {
		t.Errorf("/dev/zero opens as %T, not a Stream", f)
	}
	info, err := v.Stat(at("/dev/null"))
	if err != nil || kernel.FiletypeOf(info.Mode()) != abi.FiletypeCharacterDevice {
		t.Errorf("Stat /dev/null = %v, %v; want a character device", info, err)
	}
	if _, err := v.OpenFile(at("/dev/new"), hackpadfs.FlagWriteOnly|hackpadfs.FlagCreate, 0o644); !errors.Is(err, syscall.EACCES) {
		t.Errorf("creating /dev/new: %v, want EACCES", err)
	}
	if err := v.Mkdir(at("/dev/sub"), 0o755); err == nil {
		t.Errorf("mkdir /dev/sub succeeded")
	}
	if err := v.Rmdir(at("/dev")); !errors.Is(err, syscall.EBUSY) {
		t.Errorf("rmdir /dev: %v, want EBUSY", err)
	}
	if _, err := v.Resolve(vfs.Lookup{Base: "/"}, "/dev/null/x"); !errors.Is(err, syscall.ENOTDIR) {
		t.Errorf("/dev/null/x: %v, want ENOTDIR", err)
	}
}
