package wasi_test

import (
	"encoding/binary"
	"fmt"
	"strings"
	"testing"

	"github.com/wasmrun/wasmrun/wasi/abi"
)

// A guest without symlink(), readlink(), link() or lstat() (QuickJS: open,
// read, write, close) makes and reads links through /dev/fs, opened with
// path_open as wasi-libc's open() opens it, and gets what the WASI calls
// give a guest that has them: the same filestat as path_filestat_get
// without SYMLINK_FOLLOW, the same target as path_readlink, the same errno
// (from fd_write) as path_symlink. docs/kernel.md, "/dev/fs".
func TestFSDeviceGivesAGuestWithoutLinkCallsTheWASIAnswers(t *testing.T) {
	p, root, m := devGuest(t, nil)
	str := func(at uint32, s string) (uint64, uint64) { copy(m[at:], s); return uint64(at), uint64(len(s)) }
	ptr, n := str(2048, "tmp")
	if errno := call(p, m, "path_create_directory", uint64(root), ptr, n); errno != 0 {
		t.Fatal(errno)
	}
	ptr, n = str(2048, "tmp/file")
	if errno := call(p, m, "path_open", uint64(root), 0, ptr, n, uint64(abi.OflagCreat), uint64(abi.RightFdWrite), 0, 0, outFD); errno != 0 {
		t.Fatal(errno)
	}

	ptr, n = str(2048, "dev/fs")
	if errno := call(p, m, "path_open", uint64(root), 0, ptr, n, 0, uint64(abi.RightFdRead|abi.RightFdWrite), 0, 0, outFD); errno != 0 {
		t.Fatalf("open /dev/fs: %v", errno)
	}
	dev := m.u32(outFD)
	ask := func(req ...string) (string, abi.Errno) {
		s := strings.Join(req, "\x00")
		copy(m[1024:], s)
		ptr, n := m.iovecs(uint32(len(s)))
		if errno := call(p, m, "fd_write", uint64(dev), ptr, n, outN); errno != 0 {
			return "", errno
		}
		if got := m.u32(outN); got != uint32(len(s)) {
			t.Fatalf("fd_write of %q wrote %d", s, got)
		}
		ptr, n = m.iovecs(4096)
		errno := call(p, m, "fd_read", uint64(dev), ptr, n, outN)
		return string(m[1024 : 1024+m.u32(outN)]), errno
	}

	if got, errno := ask("symlink", "file", "/tmp/link"); errno != 0 || got != "" {
		t.Fatalf("symlink = %q, %v", got, errno)
	}
	if _, errno := ask("symlink", "file", "/tmp/link"); errno != abi.ErrnoExist {
		t.Errorf("symlink over a link: %v, want EEXIST", errno)
	}
	if _, errno := ask("symlink", "file", "/tmp/none/link"); errno != abi.ErrnoNoent {
		t.Errorf("symlink in a missing directory: %v, want ENOENT", errno)
	}
	// The same errno path_symlink gives.
	from, fromN := str(2048, "file")
	to, toN := str(2100, "tmp/link")
	if errno := call(p, m, "path_symlink", from, fromN, uint64(root), to, toN); errno != abi.ErrnoExist {
		t.Errorf("path_symlink over a link: %v, want EEXIST", errno)
	}

	if got, errno := ask("readlink", "/tmp/link"); errno != 0 || got != "file" {
		t.Errorf("readlink = %q, %v; want \"file\"", got, errno)
	}
	ptr, n = str(2048, "tmp/link")
	if errno := call(p, m, "path_readlink", uint64(root), ptr, n, 3000, 100, outN); errno != 0 || string(m[3000:3000+m.u32(outN)]) != "file" {
		t.Errorf("path_readlink = %q, %v", m[3000:3000+m.u32(outN)], errno)
	}

	for _, path := range []string{"tmp/link", "tmp/file", "tmp"} {
		got, errno := ask("lstat", "/"+path)
		if errno != 0 {
			t.Fatalf("lstat %s: %v", path, errno)
		}
		ptr, n = str(2048, path)
		if errno := call(p, m, "path_filestat_get", uint64(root), 0, ptr, n, 3000); errno != 0 {
			t.Fatal(errno)
		}
		b := m[3000 : 3000+abi.FilestatSize]
		u := func(off int) uint64 { return binary.LittleEndian.Uint64(b[off:]) }
		want := fmt.Sprintf("%d %d %d %d %d %d %d %d\n", u(0), u(8), b[16], u(24), u(32), u(40), u(48), u(56))
		if got != want {
			t.Errorf("lstat %s = %q; path_filestat_get says %q", path, got, want)
		}
	}

	if _, errno := ask("link", "/tmp/file", "/tmp/hard"); errno != 0 {
		t.Fatalf("link: %v", errno)
	}
	if got, _ := ask("lstat", "/tmp/hard"); len(strings.Fields(got)) != 8 || strings.Fields(got)[3] != "2" {
		t.Errorf("nlink after link: %q", got)
	}
	if _, errno := ask("link", "/tmp", "/tmp/d"); errno != abi.ErrnoPerm {
		t.Errorf("link of a directory: %v, want EPERM", errno)
	}
	if got, errno := ask("realpath", "/tmp/../tmp/link"); errno != 0 || got != "/tmp/file" {
		t.Errorf("realpath = %q, %v", got, errno)
	}
	if _, errno := ask("bogus"); errno != abi.ErrnoInval {
		t.Errorf("a malformed request: %v, want EINVAL", errno)
	}
}
