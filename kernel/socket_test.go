package kernel_test

import (
	"errors"
	"io/fs"
	"syscall"
	"testing"

	"github.com/hack-pad/hackpadfs"

	"github.com/wasmrun/wasmrun/kernel"
	"github.com/wasmrun/wasmrun/wasi/abi"
)

type nopFile struct{ name string }

func (nopFile) Filetype() abi.Filetype { return abi.FiletypeSocketStream }
func (nopFile) Close() error           { return nil }

func TestSocketBlock(t *testing.T) {
	var ft kernel.FDTable
	for i := 0; i < 4; i++ { // stdio and a preopen
		ft.Insert(&kernel.FD{File: nopFile{}})
	}
	first := ft.ReserveSockets(3)
	if first != 4 {
		t.Fatalf("the block starts at %d, want 4", first)
	}
	for fd := uint32(4); fd < 7; fd++ {
		if !ft.IsReserved(fd) {
			t.Errorf("%d is not reserved", fd)
		}
		if _, err := ft.Get(fd); !errors.Is(err, syscall.EBADF) {
			t.Errorf("Get(%d) on a free number of the block: %v, want EBADF", fd, err)
		}
	}
	if ft.IsReserved(7) || ft.IsReserved(3) {
		t.Error("reserved outside the block")
	}
	// Other descriptors go after the block; sockets into it.
	if fd, _ := ft.Insert(&kernel.FD{File: nopFile{}}); fd != 7 {
		t.Errorf("a file got %d, want 7 (after the block)", fd)
	}
	s1, _ := ft.InsertSocket(&kernel.FD{File: nopFile{}})
	s2, _ := ft.InsertSocket(&kernel.FD{File: nopFile{}})
	if s1 != 4 || s2 != 5 {
		t.Errorf("sockets at %d and %d, want 4 and 5", s1, s2)
	}
	if n := ft.Len(); n != 7 {
		t.Errorf("Len %d, want 7 (reserved numbers do not count)", n)
	}
	if n := len(ft.Snapshot()); n != 7 {
		t.Errorf("Snapshot lists %d, want 7", n)
	}
	// A socket closed in the block gives its number back to the block.
	if _, err := ft.Remove(4); err != nil {
		t.Fatal(err)
	}
	if !ft.IsReserved(4) {
		t.Error("4 did not go back to the block")
	}
	if _, err := ft.Remove(4); !errors.Is(err, syscall.EBADF) {
		t.Errorf("Remove of a free number of the block: %v", err)
	}
	if fd, _ := ft.InsertSocket(&kernel.FD{File: nopFile{}}); fd != 4 {
		t.Errorf("the next socket got %d, want 4", fd)
	}
	// A full block: sockets go where Insert would.
	ft.InsertSocket(&kernel.FD{File: nopFile{}})
	if fd, _ := ft.InsertSocket(&kernel.FD{File: nopFile{}}); fd != 8 {
		t.Errorf("a socket past the block got %d, want 8", fd)
	}
	if err := ft.Renumber(6, 7); err != nil {
		t.Fatal(err)
	}
	if !ft.IsReserved(6) {
		t.Error("renumbering out of the block did not give the number back")
	}
}

func TestDevTCPNames(t *testing.T) {
	d := kernel.NewDevFS(newKernel(t, kernel.Config{}))
	for _, tt := range []struct {
		name string
		mode fs.FileMode // 0: an error
		err  error
	}{
		{"tcp", fs.ModeDir | 0o555, nil},
		{"tcp-listen", fs.ModeDir | 0o555, nil},
		{"tcp/example.com", fs.ModeDir | 0o555, nil},
		{"tcp/example.com/443", fs.ModeSocket | 0o666, nil},
		{"tcp/[::1]/443", fs.ModeSocket | 0o666, nil},
		{"tcp-listen/3000", fs.ModeSocket | 0o666, nil},
		{"tcp/example.com/http", 0, fs.ErrNotExist},
		{"tcp/example.com/0", 0, fs.ErrNotExist},
		{"tcp/example.com/65536", 0, fs.ErrNotExist},
		{"tcp/example.com/0443", 0, fs.ErrNotExist},
		{"tcp-listen/x", 0, fs.ErrNotExist},
		{"tcp/example.com/443/x", 0, syscall.ENOTDIR},
		{"tcp-listen/3000/x", 0, syscall.ENOTDIR},
		{"tcp-accept", fs.ModeDir | 0o555, nil},
		{"tcp-accept/3000", fs.ModeSocket | 0o666, nil},
		{"tcp-accept/0", 0, fs.ErrNotExist},
		{"tls/example.com/443", fs.ModeSocket | 0o666, nil},
		{"tls/example.com", fs.ModeDir | 0o555, nil},
		{"tls/example.com/https", 0, fs.ErrNotExist},
		{"dns", fs.ModeDir | 0o555, nil},
		{"dns/example.com", fs.ModeSocket | 0o666, nil},
		{"dns/example.com/x", 0, syscall.ENOTDIR},
		{"sock", fs.ModeDir | 0o555, nil},
		{"sock/3/shutdown", fs.ModeSocket | 0o666, nil},
		{"sock/x/shutdown", 0, fs.ErrNotExist},
		{"sock/3/close", 0, fs.ErrNotExist},
		{"poll", fs.ModeDevice | fs.ModeCharDevice | 0o666, nil},
		{"poll/x", 0, syscall.ENOTDIR},
	} {
		info, err := d.Stat(tt.name)
		if tt.err != nil {
			if !errors.Is(err, tt.err) {
				t.Errorf("Stat(%s): %v, want %v", tt.name, err, tt.err)
			}
			continue
		}
		if err != nil || info.Mode() != tt.mode {
			t.Errorf("Stat(%s): %v, %v; want mode %v", tt.name, info, err, tt.mode)
		}
	}
	if entries, err := d.ReadDir("tcp"); err != nil || len(entries) != 0 {
		t.Errorf("ReadDir(tcp): %v, %v; want nothing listed", entries, err)
	}
	f, err := hackpadfs.OpenFile(d, "tcp/example.com/443", hackpadfs.FlagReadWrite, 0)
	if err != nil {
		t.Fatal(err)
	}
	r, ok := f.(*kernel.SocketRequest)
	if !ok {
		t.Fatalf("opens as %T", f)
	}
	if got := r.Target(); got != "example.com:443" {
		t.Errorf("Target %q", got)
	}
	// A kernel without a network refuses.
	p := newKernel(t, kernel.Config{}).Spawn(kernel.Spec{})
	if _, err := r.OpenFor(p, false); !errors.Is(err, syscall.EACCES) {
		t.Errorf("without a network: %v, want EACCES", err)
	}
	if got := kernel.JoinHostPort("::1", 80); got != "[::1]:80" {
		t.Errorf("JoinHostPort %q", got)
	}
}
