package vfs_test

import (
	"errors"
	"io/fs"
	"slices"
	"syscall"
	"testing"

	"github.com/wasmrun/wasmrun/kernel/vfs"
	"github.com/wasmrun/wasmrun/kernel/vfs/memfs"
)

// errAny stands for any error in a table.
var errAny = errors.New("any error")

func TestMount(t *testing.T) {
	tests := []struct {
		name  string
		setup []string // files in the root before mounting
		path  string
		err   error
		at    string // where the mount shows up in Mounts
		dir   string // a directory that must exist in the root afterwards
	}{
		{name: "creates a missing mount point", path: "/mnt", at: "/mnt", dir: "mnt"},
		{name: "creates missing parents of the mount point", path: "/opt/deep/mnt", at: "/opt/deep/mnt", dir: "opt/deep/mnt"},
		{name: "uses an existing directory", setup: []string{"mnt/kept/"}, path: "/mnt", at: "/mnt", dir: "mnt/kept"},
		{name: "cleans the path", path: "/x/../mnt/", at: "/mnt", dir: "mnt"},
		{name: "refuses a relative path", path: "mnt", err: errAny},
		{name: "refuses a file as mount point", setup: []string{"file"}, path: "/file", err: syscall.ENOTDIR},
		{name: "refuses a mount point under a file", setup: []string{"file"}, path: "/file/mnt", err: syscall.ENOTDIR},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := memfs.New(memfs.Options{})
			build(t, root, tt.setup...)
			v := vfs.New(root, vfs.MountOptions{Source: "memory"})
			err := v.Mount(tt.path, memfs.New(memfs.Options{}), vfs.MountOptions{Source: "test"})
			if tt.err != nil {
				if err == nil || (tt.err != errAny && !errors.Is(err, tt.err)) {
					t.Fatalf("Mount(%q) = %v, want %v", tt.path, err, tt.err)
				}
				if n := len(v.Mounts()); n != 1 {
					t.Errorf("a refused mount left %d mounts", n)
				}
				return
			}
			if err != nil {
				t.Fatalf("Mount(%q): %v", tt.path, err)
			}
			if !slices.ContainsFunc(v.Mounts(), func(m vfs.Mount) bool { return m.Path == tt.at && m.Source == "test" }) {
				t.Errorf("Mounts() = %+v, want one at %s", v.Mounts(), tt.at)
			}
			if info, err := root.Stat(tt.dir); err != nil || !info.IsDir() {
				t.Errorf("root has no directory %s: %v", tt.dir, err)
			}
		})
	}
}

func TestMountRefusesADuplicate(t *testing.T) {
	v := vfs.New(memfs.New(memfs.Options{}), vfs.MountOptions{})
	first := memfs.New(memfs.Options{})
	if err := v.Mount("/mnt", first, vfs.MountOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := v.Mount("/mnt/", memfs.New(memfs.Options{}), vfs.MountOptions{}); !errors.Is(err, fs.ErrExist) {
		t.Fatalf("second mount at /mnt: %v, want EEXIST", err)
	}
	if l := resolve(t, v, false, "/mnt"); l.Mount.FS != first {
		t.Errorf("the first mount was replaced")
	}
}

func TestMountInsideAMount(t *testing.T) {
	v := vfs.New(memfs.New(memfs.Options{}), vfs.MountOptions{})
	outer, inner := memfs.New(memfs.Options{}), memfs.New(memfs.Options{})
	build(t, inner, "f")
	if err := v.Mount("/outer", outer, vfs.MountOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := v.Mount("/outer/inner", inner, vfs.MountOptions{}); err != nil {
		t.Fatal(err)
	}
	if info, err := outer.Stat("inner"); err != nil || !info.IsDir() {
		t.Errorf("the mount point was not made in the outer mount: %v", err)
	}
	l := resolve(t, v, true, "/outer/inner/f")
	if l.Mount.FS != inner || l.Rel != "f" {
		t.Errorf("/outer/inner/f is %q in the mount at %s, want f in the inner one", l.Rel, l.Mount.Path)
	}
	l = resolve(t, v, true, "/outer/inner/..")
	if l.Mount.FS != outer || l.Rel != "." {
		t.Errorf("/outer/inner/.. is %q in the mount at %s, want the outer root", l.Rel, l.Mount.Path)
	}
}

func TestMountRootReplacesTheRoot(t *testing.T) {
	old, repl := memfs.New(memfs.Options{}), memfs.New(memfs.Options{})
	build(t, old, "old")
	build(t, repl, "new")
	v := vfs.New(old, vfs.MountOptions{Source: "old"})
	if err := v.Mount("/app", memfs.New(memfs.Options{}), vfs.MountOptions{}); err != nil {
		t.Fatal(err)
	}
	before := v.Mounts()[0].Dev
	if err := v.Mount("/", repl, vfs.MountOptions{Source: "new", ReadOnly: true}); err != nil {
		t.Fatal(err)
	}
	ms := v.Mounts()
	var roots []vfs.Mount
	for _, m := range ms {
		if m.Path == "/" {
			roots = append(roots, m)
		}
	}
	if len(roots) != 1 || roots[0].FS != repl || roots[0].Source != "new" || !roots[0].ReadOnly {
		t.Fatalf("root mounts = %+v, want only the new one, read-only", roots)
	}
	if roots[0].Dev == before {
		t.Errorf("the new root kept the old device number %d", before)
	}
	if !exists(t, v, "/new") || exists(t, v, "/old") {
		t.Errorf("paths still resolve in the old root")
	}
	if len(ms) != 2 || ms[1].Path != "/app" {
		t.Errorf("Mounts() = %+v, want / and /app", ms)
	}
}

func TestMountsAreListedShortestFirstWithTheirOwnDevices(t *testing.T) {
	v := vfs.New(memfs.New(memfs.Options{}), vfs.MountOptions{})
	for _, p := range []string{"/app", "/a", "/application", "/app/sub"} {
		if err := v.Mount(p, memfs.New(memfs.Options{}), vfs.MountOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	var paths []string
	devs := map[uint64]bool{}
	for _, m := range v.Mounts() {
		paths = append(paths, m.Path)
		devs[m.Dev] = true
	}
	if want := []string{"/", "/a", "/app", "/app/sub", "/application"}; !slices.Equal(paths, want) {
		t.Errorf("Mounts() = %v, want %v", paths, want)
	}
	if len(devs) != len(paths) {
		t.Errorf("device numbers %v are not one per mount", devs)
	}
}

// mountOf picks the longest mount whose path is a whole-component prefix of
// the guest path, whatever order the mounts were made in.
func TestMountOfLongestPrefix(t *testing.T) {
	for _, order := range [][]string{{"/app", "/application", "/app/sub"}, {"/app/sub", "/application", "/app"}} {
		t.Run(order[0]+" first", func(t *testing.T) {
			v := vfs.New(memfs.New(memfs.Options{}), vfs.MountOptions{})
			for _, p := range order {
				if err := v.Mount(p, memfs.New(memfs.Options{}), vfs.MountOptions{}); err != nil {
					t.Fatal(err)
				}
			}
			for _, tt := range []struct{ path, mount, rel string }{
				{"/app", "/app", "."},
				{"/app/x", "/app", "x"},
				{"/application", "/application", "."},
				{"/application/x", "/application", "x"},
				{"/applications", "/", "applications"},
				{"/ap", "/", "ap"},
				{"/app/sub", "/app/sub", "."},
				{"/app/subway", "/app", "subway"},
				{"/app/sub/x", "/app/sub", "x"},
				{"/", "/", "."},
			} {
				l := resolve(t, v, false, tt.path)
				if l.Mount.Path != tt.mount || l.Rel != tt.rel {
					t.Errorf("%s: %q in the mount at %s, want %q in %s", tt.path, l.Rel, l.Mount.Path, tt.rel, tt.mount)
				}
			}
		})
	}
}
