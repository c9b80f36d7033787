package kernel_test

import (
	"errors"
	"io/fs"
	"strings"
	"syscall"
	"testing"

	"github.com/hack-pad/hackpadfs"

	"github.com/wasmrun/wasmrun/kernel"
	"github.com/wasmrun/wasmrun/kernel/vfs"
	"github.com/wasmrun/wasmrun/wasi/abi"
)

// openFSDev opens /dev/fs for p, as path_open does.
func openFSDev(t *testing.T, d *kernel.DevFS, p *kernel.Process) kernel.Stream {
	t.Helper()
	f, err := d.Open("fs")
	if err != nil {
		t.Fatalf("open fs: %v", err)
	}
	r, ok := f.(kernel.DeviceRequest)
	if !ok {
		t.Fatalf("fs opens as %T, not a DeviceRequest", f)
	}
	s, err := r.OpenFor(p, false)
	if err != nil {
		t.Fatalf("OpenFor: %v", err)
	}
	return s.(kernel.Stream)
}

// ask writes one request to /dev/fs and reads its answer.
func ask(s kernel.Stream, req ...string) (string, error) {
	b := []byte(strings.Join(req, "\x00"))
	n, err := s.TryWrite(b)
	if err != nil {
		return "", err
	}
	if n != len(b) {
		return "", errors.New("short write")
	}
	buf := make([]byte, 4096)
	n, err = s.TryRead(buf)
	return string(buf[:n]), err
}

// A process whose only preopen is /data, with cwd /data, asks /dev/fs for
// what symlink(), link(), readlink(), lstat() and realpath() do; each answer
// and errno is the WASI call's, the path resolved beneath the preopen.
func TestFSDeviceDoesLinkCallsBeneathThePreopens(t *testing.T) {
	k := newKernel(t, kernel.Config{})
	v := k.VFS
	for _, dir := range []string{"/data", "/data/dir", "/outside"} {
		mkdir(t, v, dir)
	}
	writeFile(t, v, "/data/file", "hello")
	p := k.Spawn(kernel.Spec{Argv: []string{"qjs"}, Cwd: "/data"})
	if _, err := p.Preopen("/data", "/data"); err != nil {
		t.Fatal(err)
	}
	s := openFSDev(t, kernel.NewDevFS(k), p)

	// The links the table reads, made first.
	for _, l := range [][2]string{{"file", "/data/rel"}, {"/data/file", "/data/abs"}, {"nowhere", "/data/dangling"},
		{"../outside", "/data/escape"}, {"/outside", "/data/abs-escape"}, {"dir", "dirlink"}} {
		if _, err := ask(s, "symlink", l[0], l[1]); err != nil {
			t.Fatalf("symlink %s -> %s: %v", l[1], l[0], err)
		}
	}
	tests := []struct {
		name    string
		req     []string
		want    string // the answer; for lstat, the fields after DEV INO
		wantErr error
	}{
		{"readlink of a relative link", []string{"readlink", "/data/rel"}, "file", nil},
		{"readlink of an absolute link", []string{"readlink", "/data/abs"}, "/data/file", nil},
		{"readlink relative to the cwd", []string{"readlink", "dangling"}, "nowhere", nil},
		{"readlink of a file", []string{"readlink", "/data/file"}, "", syscall.EINVAL},
		{"readlink of nothing", []string{"readlink", "/data/none"}, "", fs.ErrNotExist},
		{"lstat of a link", []string{"lstat", "/data/rel"}, "7 1 4", nil},
		{"lstat of a dangling link", []string{"lstat", "/data/dangling"}, "7 1 7", nil},
		{"lstat of a file", []string{"lstat", "/data/file"}, "4 1 5", nil},
		{"lstat through a directory link", []string{"lstat", "/data/dirlink/"}, "3 ", nil},
		{"lstat of a file with a slash", []string{"lstat", "/data/file/"}, "", syscall.ENOTDIR},
		{"lstat of nothing", []string{"lstat", "/data/none"}, "", fs.ErrNotExist},
		{"realpath through links", []string{"realpath", "/data/dirlink/../rel"}, "/data/file", nil},
		{"realpath of an absolute link", []string{"realpath", "abs"}, "/data/file", nil},
		{"realpath of a dangling link", []string{"realpath", "/data/dangling"}, "", fs.ErrNotExist},
		{"realpath of a link leaving the preopen", []string{"realpath", "/data/escape"}, "", abi.ErrnoNotcapable},
		{"realpath of an absolute link leaving it", []string{"realpath", "/data/abs-escape"}, "", abi.ErrnoNotcapable},
		{"symlink over a link", []string{"symlink", "x", "/data/dangling"}, "", syscall.EEXIST},
		{"symlink in a missing directory", []string{"symlink", "x", "/data/none/l"}, "", fs.ErrNotExist},
		{"symlink with a trailing slash", []string{"symlink", "x", "/data/l/"}, "", fs.ErrNotExist},
		{"symlink outside every preopen", []string{"symlink", "x", "/outside/l"}, "", fs.ErrNotExist},
		{"symlink leaving the preopen", []string{"symlink", "x", "/data/../outside/l"}, "", abi.ErrnoNotcapable},
		{"link", []string{"link", "/data/file", "/data/hard"}, "", nil},
		{"lstat of a hard-linked file", []string{"lstat", "/data/hard"}, "4 2 5", nil},
		{"link over a file", []string{"link", "/data/file", "/data/hard"}, "", syscall.EEXIST},
		{"link of a directory", []string{"link", "/data/dir", "/data/d2"}, "", syscall.EPERM},
		{"link of nothing", []string{"link", "/data/none", "/data/h2"}, "", fs.ErrNotExist},
		{"link of a link, not followed", []string{"link", "/data/dangling", "/data/h3"}, "", nil},
		{"readlink of the hard-linked link", []string{"readlink", "/data/h3"}, "nowhere", nil},
		{"an unknown operation", []string{"chmod", "/data/file"}, "", syscall.EINVAL},
		{"a missing path", []string{"readlink"}, "", syscall.EINVAL},
		{"an extra path", []string{"readlink", "/data/rel", "/data/abs"}, "", syscall.EINVAL},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ask(s, tt.req...)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("%q: error %v, want %v", tt.req, err, tt.wantErr)
			}
			if tt.req[0] == "lstat" && err == nil {
				f := strings.Fields(got)
				if len(f) != 8 || !strings.HasSuffix(got, "\n") {
					t.Fatalf("lstat answer %q: want 8 fields and a newline", got)
				}
				got = strings.Join(f[2:5], " ")
				if strings.HasSuffix(tt.want, " ") {
					got = f[2] + " "
				}
			}
			if got != tt.want {
				t.Errorf("%q = %q, want %q", tt.req, got, tt.want)
			}
		})
	}
}

// The preopen's rights decide, as they do for the WASI call.
func TestFSDeviceNeedsThePreopensRights(t *testing.T) {
	k := newKernel(t, kernel.Config{})
	mkdir(t, k.VFS, "/data")
	p := k.Spawn(kernel.Spec{Argv: []string{"qjs"}})
	fd, err := p.Preopen("/data", "/data")
	if err != nil {
		t.Fatal(err)
	}
	d, _ := p.FDs.Get(fd)
	d.Rights &^= abi.RightPathSymlink
	s := openFSDev(t, kernel.NewDevFS(k), p)
	if _, err := ask(s, "symlink", "x", "/data/l"); !errors.Is(err, abi.ErrnoNotcapable) {
		t.Errorf("symlink without PATH_SYMLINK: %v, want ENOTCAPABLE", err)
	}
}

// A read with no request before it, or after the answer was read, is the end.
func TestFSDeviceAnswersOnce(t *testing.T) {
	k := newKernel(t, kernel.Config{})
	mkdir(t, k.VFS, "/data")
	p := k.Spawn(kernel.Spec{Argv: []string{"qjs"}})
	if _, err := p.Preopen("/", "/"); err != nil {
		t.Fatal(err)
	}
	s := openFSDev(t, kernel.NewDevFS(k), p)
	buf := make([]byte, 16)
	if n, err := s.TryRead(buf); n != 0 || err != nil {
		t.Errorf("read before a request = %d, %v; want 0, nil", n, err)
	}
	if got, err := ask(s, "realpath", "/data/."); got != "/data" || err != nil {
		t.Errorf("realpath = %q, %v", got, err)
	}
	if n, err := s.TryRead(buf); n != 0 || err != nil {
		t.Errorf("read after the answer = %d, %v; want 0, nil", n, err)
	}
	// A failed request leaves no answer from the one before.
	if _, err := s.TryWrite([]byte("realpath\x00/data")); err != nil {
		t.Fatal(err)
	}
	if _, err := s.TryWrite([]byte("realpath\x00/none")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("realpath of nothing: %v, want ENOENT", err)
	}
	if n, _ := s.TryRead(buf); n != 0 {
		t.Errorf("after a failed request, read %q", buf[:n])
	}
}

func mkdir(t *testing.T, v *vfs.VFS, p string) {
	t.Helper()
	l, err := v.Resolve(vfs.Lookup{Base: "/"}, p)
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Mkdir(l, 0o755); err != nil {
		t.Fatal(err)
	}
}

func writeFile(t *testing.T, v *vfs.VFS, p, data string) {
	t.Helper()
	l, err := v.Resolve(vfs.Lookup{Base: "/"}, p)
	if err != nil {
		t.Fatal(err)
	}
	f, err := v.OpenFile(l, hackpadfs.FlagWriteOnly|hackpadfs.FlagCreate, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := hackpadfs.WriteFile(f, []byte(data)); err != nil {
		t.Fatal(err)
	}
	f.Close()
}
