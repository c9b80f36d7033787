//go:build !js

package vfs_test

import (
	"errors"
	"syscall"
	"testing"

	"github.com/hack-pad/hackpadfs"

	"github.com/wasmrun/wasmrun/kernel/vfs"
	"github.com/wasmrun/wasmrun/kernel/vfs/hostfs"
	"github.com/wasmrun/wasmrun/kernel/vfs/memfs"
)

// hostVFS is a memfs root with a host directory mounted at /host, holding
// a file, a directory and a symlink: hostfs is the FS that implements
// NoFollowOpenFS and UnlinkFS for real.
func hostVFS(t *testing.T) *vfs.VFS {
	t.Helper()
	h, err := hostfs.New(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	if err := hackpadfs.WriteFullFile(h, "f", []byte("f"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := h.Mkdir("d", 0o755); err != nil {
		t.Fatal(err)
	}
	if err := h.Symlink("f", "link"); err != nil {
		t.Skipf("no symlinks on this host: %v", err)
	}
	v := vfs.New(memfs.New(memfs.Options{}), vfs.MountOptions{})
	if err := v.Mount("/host", h, vfs.MountOptions{Source: "host"}); err != nil {
		t.Fatal(err)
	}
	return v
}

func TestLazyOpenOnAHostDirectory(t *testing.T) {
	v := hostVFS(t)
	lk := vfs.Lookup{Base: "/host", Follow: true, Beneath: true, Lazy: true}
	tests := []struct {
		name string
		path string
		flag int
		err  error
	}{
		{name: "a file opens", path: "f", flag: hackpadfs.FlagReadOnly},
		{name: "a directory opens", path: "d", flag: hackpadfs.FlagReadOnly},
		{name: "a missing file is created", path: "new", flag: hackpadfs.FlagReadWrite | hackpadfs.FlagCreate},
		{name: "a missing file is ENOENT", path: "nope", flag: hackpadfs.FlagReadOnly, err: syscall.ENOENT},
		{name: "a symlink is ELOOP", path: "link", flag: hackpadfs.FlagReadOnly, err: syscall.ELOOP},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := v.Resolve(lk, tt.path)
			if err != nil {
				t.Fatal(err)
			}
			if !l.Unexamined {
				t.Fatalf("Resolve left nothing unexamined on hostfs")
			}
			f, err := v.OpenNoFollow(l, tt.flag, 0o644)
			if check(t, "OpenNoFollow", err, tt.err) && err == nil {
				f.Close()
			}
		})
	}
}

func TestUnlinkOfAHostDirectoryIsEISDIR(t *testing.T) {
	v := hostVFS(t)
	if err := v.Unlink(at(v, "/host/d")); !errors.Is(err, syscall.EISDIR) {
		t.Errorf("Unlink of a directory: %v, want EISDIR", err)
	}
	if !exists(t, v, "/host/d") {
		t.Errorf("the directory was removed")
	}
	if err := v.Unlink(at(v, "/host/link")); err != nil {
		t.Errorf("Unlink of a symlink: %v", err)
	}
	if !exists(t, v, "/host/f") {
		t.Errorf("unlinking a symlink removed its target")
	}
}

// path_open of a host directory's mount point relative to "/" (what
// `wasmrun run --dir src:/data` then opendir("/data") does: the only preopen
// is "/") resolves Lazily, leaves the mount root unexamined and opens it
// without following, as ".".
func TestLazyOpenOfAHostMountPoint(t *testing.T) {
	v := hostVFS(t)
	l, err := v.Resolve(vfs.Lookup{Base: "/", Follow: true, Beneath: true, Lazy: true}, "host")
	if err != nil {
		t.Fatal(err)
	}
	if !l.Unexamined {
		return // the lookup looked: an ordinary open follows
	}
	f, err := v.OpenNoFollow(l, hackpadfs.FlagReadOnly, 0)
	if err != nil {
		t.Fatalf("OpenNoFollow of the mount point /host (Rel %q): %v, want the mounted directory", l.Rel, err)
	}
	f.Close()
}
