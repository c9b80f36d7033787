package vfs_test

import (
	"errors"
	"io"
	"io/fs"
	"slices"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/hack-pad/hackpadfs"

	"github.com/wasmrun/wasmrun/kernel/vfs"
	"github.com/wasmrun/wasmrun/kernel/vfs/memfs"
)

var someTime = time.Date(2020, 2, 2, 0, 0, 0, 0, time.UTC)

// opsVFS is a memfs root that can open without following (so OpenNoFollow
// works), holding a file, a directory, an empty directory and a symlink,
// with a plain memfs mounted at /mnt holding a file.
func opsVFS(t *testing.T) *vfs.VFS {
	t.Helper()
	root := &noFollowFS{countingFS: countingFS{FS: memfs.New(memfs.Options{})}}
	build(t, root.FS, "f", "d/inside", "empty/", "link -> f")
	v := vfs.New(root, vfs.MountOptions{})
	mnt := memfs.New(memfs.Options{})
	build(t, mnt, "x")
	if err := v.Mount("/mnt", mnt, vfs.MountOptions{}); err != nil {
		t.Fatal(err)
	}
	return v
}

func open(v *vfs.VFS, p string, flag int) error {
	l, err := v.Resolve(vfs.Lookup{Base: "/", Follow: true}, p)
	if err != nil {
		return err
	}
	f, err := v.OpenFile(l, flag, 0o644)
	if err == nil {
		f.Close()
	}
	return err
}

func openNoFollow(v *vfs.VFS, p string, flag int) error {
	l, err := v.Resolve(vfs.Lookup{Base: "/", Follow: true, Lazy: true}, p)
	if err != nil {
		return err
	}
	if !l.Unexamined {
		return errors.New("lookup examined the final component: no NoFollowOpenFS here")
	}
	f, err := v.OpenNoFollow(l, flag, 0o644)
	if err == nil {
		f.Close()
	}
	return err
}

// at resolves p, without following a final symlink, for an operation.
func at(v *vfs.VFS, p string) vfs.Loc {
	l, err := v.Resolve(vfs.Lookup{Base: "/"}, p)
	if err != nil {
		panic(p + ": " + err.Error())
	}
	return l
}

func TestReadOnlyMount(t *testing.T) {
	newVFS := func(t *testing.T) *vfs.VFS {
		v := vfs.New(memfs.New(memfs.Options{}), vfs.MountOptions{})
		ro := memfs.New(memfs.Options{})
		build(t, ro, "f", "d/inside", "empty/", "link -> f")
		nf := &noFollowFS{countingFS: countingFS{FS: memfs.New(memfs.Options{})}}
		build(t, nf.FS, "f")
		un := &unlinkFS{FS: memfs.New(memfs.Options{})}
		build(t, un.FS, "f")
		for _, m := range []struct {
			path string
			fsys hackpadfs.FS
		}{{"/ro", ro}, {"/ronf", nf}, {"/rou", un}} {
			if err := v.Mount(m.path, m.fsys, vfs.MountOptions{ReadOnly: true}); err != nil {
				t.Fatal(err)
			}
		}
		return v
	}
	changing := []struct {
		name string
		op   func(v *vfs.VFS) error
	}{
		{"mkdir", func(v *vfs.VFS) error { return v.Mkdir(at(v, "/ro/new"), 0o755) }},
		{"unlink a file", func(v *vfs.VFS) error { return v.Unlink(at(v, "/ro/f")) }},
		{"unlink a symlink", func(v *vfs.VFS) error { return v.Unlink(at(v, "/ro/link")) }},
		{"unlink through an UnlinkFS", func(v *vfs.VFS) error { return v.Unlink(at(v, "/rou/f")) }},
		{"rmdir", func(v *vfs.VFS) error { return v.Rmdir(at(v, "/ro/empty")) }},
		{"rename", func(v *vfs.VFS) error { return v.Rename(at(v, "/ro/f"), at(v, "/ro/g")) }},
		{"rename over a file", func(v *vfs.VFS) error { return v.Rename(at(v, "/ro/f"), at(v, "/ro/d/inside")) }},
		{"symlink", func(v *vfs.VFS) error { return v.Symlink("f", at(v, "/ro/s")) }},
		{"link", func(v *vfs.VFS) error { return v.Link(at(v, "/ro/f"), at(v, "/ro/h")) }},
		{"chtimes", func(v *vfs.VFS) error { return v.Chtimes(at(v, "/ro/f"), someTime, someTime) }},
		{"lchtimes", func(v *vfs.VFS) error { return v.Lchtimes(at(v, "/ro/link"), someTime, someTime) }},
		{"open write-only", func(v *vfs.VFS) error { return open(v, "/ro/f", hackpadfs.FlagWriteOnly) }},
		{"open read-write", func(v *vfs.VFS) error { return open(v, "/ro/f", hackpadfs.FlagReadWrite) }},
		{"open to create", func(v *vfs.VFS) error { return open(v, "/ro/new", hackpadfs.FlagReadOnly|hackpadfs.FlagCreate) }},
		{"open to truncate", func(v *vfs.VFS) error { return open(v, "/ro/f", hackpadfs.FlagReadOnly|hackpadfs.FlagTruncate) }},
		{"open to append", func(v *vfs.VFS) error { return open(v, "/ro/f", hackpadfs.FlagReadOnly|hackpadfs.FlagAppend) }},
		{"open without following, to write", func(v *vfs.VFS) error { return openNoFollow(v, "/ronf/f", hackpadfs.FlagWriteOnly) }},
		{"open without following, to create", func(v *vfs.VFS) error {
			return openNoFollow(v, "/ronf/new", hackpadfs.FlagReadWrite|hackpadfs.FlagCreate)
		}},
		{"open without following, to truncate", func(v *vfs.VFS) error {
			return openNoFollow(v, "/ronf/f", hackpadfs.FlagReadOnly|hackpadfs.FlagTruncate)
		}},
	}
	for _, tt := range changing {
		t.Run(tt.name+" is EROFS", func(t *testing.T) {
			v := newVFS(t)
			seen := listen(v)
			if err := tt.op(v); !errors.Is(err, syscall.EROFS) {
				t.Fatalf("%v, want EROFS", err)
			}
			for _, p := range []string{"/ro/f", "/ro/d/inside", "/ro/empty", "/ro/link", "/ronf/f", "/rou/f"} {
				if !exists(t, v, p) {
					t.Errorf("%s is gone", p)
				}
			}
			for _, p := range []string{"/ro/new", "/ro/g", "/ro/s", "/ro/h", "/ronf/new"} {
				if exists(t, v, p) {
					t.Errorf("%s was made", p)
				}
			}
			if b, _ := hackpadfs.ReadFile(at(v, "/ro/f").Mount.FS, "f"); string(b) != "f" {
				t.Errorf("/ro/f holds %q, want it untouched", b)
			}
			if c := seen.take(); len(c) != 0 {
				t.Errorf("OnChange heard %v", c)
			}
		})
	}

	reading := []struct {
		name string
		op   func(v *vfs.VFS) error
	}{
		{"open read-only", func(v *vfs.VFS) error {
			f, err := v.OpenFile(at(v, "/ro/f"), hackpadfs.FlagReadOnly, 0)
			if err != nil {
				return err
			}
			defer f.Close()
			b, err := io.ReadAll(f)
			if err == nil && string(b) != "f" {
				err = errors.New("read " + string(b))
			}
			return err
		}},
		{"open read-only through a symlink", func(v *vfs.VFS) error { return open(v, "/ro/link", hackpadfs.FlagReadOnly) }},
		{"open exclusive without create", func(v *vfs.VFS) error { return open(v, "/ro/f", hackpadfs.FlagReadOnly|hackpadfs.FlagExclusive) }},
		{"open read-only without following", func(v *vfs.VFS) error { return openNoFollow(v, "/ronf/f", hackpadfs.FlagReadOnly) }},
		{"stat", func(v *vfs.VFS) error { _, err := v.Stat(at(v, "/ro/f")); return err }},
		{"readdir", func(v *vfs.VFS) error { _, err := v.ReadDir(at(v, "/ro/d")); return err }},
		{"readlink", func(v *vfs.VFS) error { _, err := v.Readlink(at(v, "/ro/link")); return err }},
	}
	for _, tt := range reading {
		t.Run(tt.name+" is allowed", func(t *testing.T) {
			v := newVFS(t)
			seen := listen(v)
			if err := tt.op(v); err != nil {
				t.Fatal(err)
			}
			if c := seen.take(); len(c) != 0 {
				t.Errorf("OnChange heard %v", c)
			}
		})
	}
}

func TestRenameAndLinkAcrossMountsAreEXDEV(t *testing.T) {
	tests := []struct {
		name string
		op   func(v *vfs.VFS) error
	}{
		{"rename into a mount", func(v *vfs.VFS) error { return v.Rename(at(v, "/f"), at(v, "/mnt/f")) }},
		{"rename out of a mount", func(v *vfs.VFS) error { return v.Rename(at(v, "/mnt/x"), at(v, "/x")) }},
		{"rename a mount point away", func(v *vfs.VFS) error { return v.Rename(at(v, "/mnt"), at(v, "/mnt2")) }},
		{"link into a mount", func(v *vfs.VFS) error { return v.Link(at(v, "/f"), at(v, "/mnt/f")) }},
		{"link out of a mount", func(v *vfs.VFS) error { return v.Link(at(v, "/mnt/x"), at(v, "/x")) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := opsVFS(t)
			if err := tt.op(v); !errors.Is(err, syscall.EXDEV) {
				t.Fatalf("%v, want EXDEV", err)
			}
			for p, want := range map[string]bool{"/f": true, "/mnt/x": true, "/mnt": true, "/mnt/f": false, "/x": false, "/mnt2": false} {
				if exists(t, v, p) != want {
					t.Errorf("%s exists: %v, want %v", p, !want, want)
				}
			}
		})
	}
}

func TestRenameOfAMountRootIsEBUSY(t *testing.T) {
	v := opsVFS(t)
	if err := v.Rename(at(v, "/mnt"), at(v, "/mnt/y")); !errors.Is(err, syscall.EBUSY) {
		t.Errorf("rename of a mount root: %v, want EBUSY", err)
	}
	if err := v.Rename(at(v, "/mnt/x"), at(v, "/mnt")); !errors.Is(err, syscall.EBUSY) {
		t.Errorf("rename onto a mount root: %v, want EBUSY", err)
	}
}

func TestRmdir(t *testing.T) {
	tests := []struct {
		name string
		path string
		err  error
		gone bool
	}{
		{name: "an empty directory", path: "/empty", gone: true},
		{name: "a mount point is EBUSY", path: "/mnt", err: syscall.EBUSY},
		{name: "the root is EBUSY", path: "/", err: syscall.EBUSY},
		{name: "a file is ENOTDIR", path: "/f", err: syscall.ENOTDIR},
		{name: "a symlink to a file is ENOTDIR", path: "/link", err: syscall.ENOTDIR},
		{name: "a non-empty directory is ENOTEMPTY", path: "/d", err: syscall.ENOTEMPTY},
		{name: "a missing directory is ENOENT", path: "/nope", err: syscall.ENOENT},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := opsVFS(t)
			err := v.Rmdir(at(v, tt.path))
			if !check(t, "Rmdir("+tt.path+")", err, tt.err) {
				return
			}
			if tt.err == nil && exists(t, v, tt.path) {
				t.Errorf("%s is still there", tt.path)
			}
			if tt.err != nil && tt.path != "/nope" && !exists(t, v, tt.path) {
				t.Errorf("%s was removed", tt.path)
			}
		})
	}
}

func TestUnlink(t *testing.T) {
	filesystems := []struct {
		name string
		new  func() (hackpadfs.FS, *memfs.FS, *atomic.Int64)
	}{
		{"without UnlinkFS", func() (hackpadfs.FS, *memfs.FS, *atomic.Int64) {
			m := memfs.New(memfs.Options{})
			return m, m, nil
		}},
		{"with UnlinkFS", func() (hackpadfs.FS, *memfs.FS, *atomic.Int64) {
			u := &unlinkFS{FS: memfs.New(memfs.Options{})}
			return u, u.FS, &u.unlinks
		}},
	}
	tests := []struct {
		name      string
		path      string
		err       error
		gone      []string
		kept      []string
		delegated bool // an UnlinkFS is asked to do it in one step
	}{
		{name: "a file", path: "/f", gone: []string{"/f"}, delegated: true},
		{name: "a symlink, not its target", path: "/link", gone: []string{"/link"}, kept: []string{"/f"}, delegated: true},
		{name: "a dangling symlink", path: "/dangling", gone: []string{"/dangling"}, delegated: true},
		{name: "a directory is EISDIR", path: "/d", err: syscall.EISDIR, kept: []string{"/d", "/d/inside"}, delegated: true},
		{name: "an empty directory is EISDIR", path: "/empty", err: syscall.EISDIR, kept: []string{"/empty"}, delegated: true},
		{name: "a directory written with a slash is EISDIR", path: "/empty/", err: syscall.EISDIR, kept: []string{"/empty"}},
		{name: "a symlink to a directory written with a slash is EISDIR", path: "/dlink/", err: syscall.EISDIR, kept: []string{"/dlink", "/d"}},
		{name: "a missing file is ENOENT", path: "/nope", err: syscall.ENOENT, delegated: true},
	}
	for _, fsys := range filesystems {
		for _, tt := range tests {
			t.Run(fsys.name+"/"+tt.name, func(t *testing.T) {
				outer, m, unlinks := fsys.new()
				build(t, m, "f", "d/inside", "empty/", "link -> f", "dangling -> nowhere", "dlink -> d")
				v := vfs.New(outer, vfs.MountOptions{})
				check(t, "Unlink("+tt.path+")", v.Unlink(at(v, tt.path)), tt.err)
				for _, p := range tt.gone {
					if exists(t, v, p) {
						t.Errorf("%s is still there", p)
					}
				}
				for _, p := range tt.kept {
					if !exists(t, v, p) {
						t.Errorf("%s was removed", p)
					}
				}
				if unlinks != nil && tt.delegated && unlinks.Load() != 1 {
					t.Errorf("the UnlinkFS was asked %d times, want once", unlinks.Load())
				}
			})
		}
	}
}

func TestReadlink(t *testing.T) {
	tests := []struct {
		name   string
		path   string
		follow bool
		want   string
		err    error
	}{
		{name: "a symlink", path: "/link", want: "f"},
		{name: "a file is EINVAL", path: "/f", err: syscall.EINVAL},
		{name: "a directory is EINVAL", path: "/d", err: syscall.EINVAL},
		{name: "a followed symlink is its target, EINVAL", path: "/link", follow: true, err: syscall.EINVAL},
		{name: "a missing name is ENOENT", path: "/nope", err: syscall.ENOENT},
	}
	v := opsVFS(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := v.Readlink(resolve(t, v, tt.follow, tt.path))
			if check(t, "Readlink", err, tt.err) && got != tt.want {
				t.Errorf("Readlink = %q, want %q", got, tt.want)
			}
		})
	}
}

// A file system without a capability makes the operation fail with an
// honest errno, and a read-only mount says so first.
func TestMissingCapabilitiesAreENOTSUP(t *testing.T) {
	bare := bareFS{memfs.New(memfs.Options{})}
	build(t, bare.m, "f")
	v := vfs.New(bare, vfs.MountOptions{})
	robare := bareFS{memfs.New(memfs.Options{})}
	build(t, robare.m, "f")
	if err := v.Mount("/ro", robare, vfs.MountOptions{ReadOnly: true}); err != nil {
		t.Fatal(err)
	}
	seen := listen(v)
	tests := []struct {
		name string
		op   func() error
		err  error
	}{
		{"symlink", func() error { return v.Symlink("f", at(v, "/s")) }, syscall.ENOTSUP},
		{"link", func() error { return v.Link(at(v, "/f"), at(v, "/h")) }, syscall.ENOTSUP},
		{"lchtimes", func() error { return v.Lchtimes(at(v, "/f"), someTime, someTime) }, syscall.ENOTSUP},
		{"symlink on a read-only mount", func() error { return v.Symlink("f", at(v, "/ro/s")) }, syscall.EROFS},
		{"link on a read-only mount", func() error { return v.Link(at(v, "/ro/f"), at(v, "/ro/h")) }, syscall.EROFS},
		{"lchtimes on a read-only mount", func() error { return v.Lchtimes(at(v, "/ro/f"), someTime, someTime) }, syscall.EROFS},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			check(t, tt.name, tt.op(), tt.err)
		})
	}
	if c := seen.take(); len(c) != 0 {
		t.Errorf("OnChange heard %v", c)
	}
	if exists(t, v, "/s") || exists(t, v, "/h") {
		t.Errorf("an unsupported operation made a file")
	}
}

func TestOnChange(t *testing.T) {
	tests := []struct {
		name string
		op   func(v *vfs.VFS) error
		want []string
	}{
		{"mkdir", func(v *vfs.VFS) error { return v.Mkdir(at(v, "/new"), 0o755) }, []string{"/new"}},
		{"mkdir in a mount names the guest path", func(v *vfs.VFS) error { return v.Mkdir(at(v, "/mnt/new"), 0o755) }, []string{"/mnt/new"}},
		{"unlink", func(v *vfs.VFS) error { return v.Unlink(at(v, "/f")) }, []string{"/f"}},
		{"rmdir", func(v *vfs.VFS) error { return v.Rmdir(at(v, "/empty")) }, []string{"/empty"}},
		{"rename names both", func(v *vfs.VFS) error { return v.Rename(at(v, "/f"), at(v, "/d/g")) }, []string{"/f", "/d/g"}},
		{"symlink", func(v *vfs.VFS) error { return v.Symlink("f", at(v, "/s")) }, []string{"/s"}},
		{"link names the new name", func(v *vfs.VFS) error { return v.Link(at(v, "/f"), at(v, "/h")) }, []string{"/h"}},
		{"chtimes", func(v *vfs.VFS) error { return v.Chtimes(at(v, "/f"), someTime, someTime) }, []string{"/f"}},
		{"lchtimes", func(v *vfs.VFS) error { return v.Lchtimes(at(v, "/link"), someTime, someTime) }, []string{"/link"}},
		{"open to create", func(v *vfs.VFS) error { return open(v, "/new", hackpadfs.FlagWriteOnly|hackpadfs.FlagCreate) }, []string{"/new"}},
		{"open to create through a symlink names the target", func(v *vfs.VFS) error {
			return open(v, "/dangling", hackpadfs.FlagWriteOnly|hackpadfs.FlagCreate)
		}, []string{"/nowhere"}},
		{"open to truncate", func(v *vfs.VFS) error { return open(v, "/f", hackpadfs.FlagWriteOnly|hackpadfs.FlagTruncate) }, []string{"/f"}},
		{"open without following, to create", func(v *vfs.VFS) error {
			return openNoFollow(v, "/new", hackpadfs.FlagReadWrite|hackpadfs.FlagCreate)
		}, []string{"/new"}},
		{"open without following, to truncate", func(v *vfs.VFS) error {
			return openNoFollow(v, "/f", hackpadfs.FlagReadWrite|hackpadfs.FlagTruncate)
		}, []string{"/f"}},

		// What fails changes nothing.
		{"mkdir of an existing name", func(v *vfs.VFS) error { return ignore(v.Mkdir(at(v, "/d"), 0o755), syscall.EEXIST) }, nil},
		{"unlink of a missing name", func(v *vfs.VFS) error { return ignore(v.Unlink(at(v, "/nope")), syscall.ENOENT) }, nil},
		{"rmdir of a non-empty directory", func(v *vfs.VFS) error { return ignore(v.Rmdir(at(v, "/d")), syscall.ENOTEMPTY) }, nil},
		{"rename across mounts", func(v *vfs.VFS) error { return ignore(v.Rename(at(v, "/f"), at(v, "/mnt/f")), syscall.EXDEV) }, nil},
		{"exclusive create of an existing file", func(v *vfs.VFS) error {
			return ignore(open(v, "/f", hackpadfs.FlagWriteOnly|hackpadfs.FlagCreate|hackpadfs.FlagExclusive), syscall.EEXIST)
		}, nil},

		// Reads change nothing.
		{"resolve and stat", func(v *vfs.VFS) error { _, err := v.Stat(at(v, "/f")); return err }, nil},
		{"readdir", func(v *vfs.VFS) error { _, err := v.ReadDir(at(v, "/d")); return err }, nil},
		{"readlink", func(v *vfs.VFS) error { _, err := v.Readlink(at(v, "/link")); return err }, nil},
		{"open read-only and read", func(v *vfs.VFS) error {
			f, err := v.OpenFile(at(v, "/f"), hackpadfs.FlagReadOnly, 0)
			if err != nil {
				return err
			}
			defer f.Close()
			_, err = io.ReadAll(f)
			return err
		}, nil},
		{"open for writing without create or truncate", func(v *vfs.VFS) error { return open(v, "/f", hackpadfs.FlagReadWrite) }, nil},
		{"open without following, read-only", func(v *vfs.VFS) error { return openNoFollow(v, "/f", hackpadfs.FlagReadOnly) }, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := opsVFS(t)
			build(t, v.Mounts()[0].FS.(*noFollowFS).FS, "dangling -> nowhere")
			seen := listen(v)
			if err := tt.op(v); err != nil {
				t.Fatal(err)
			}
			if got := seen.take(); !slices.Equal(got, tt.want) {
				t.Errorf("OnChange heard %q, want %q", got, tt.want)
			}
		})
	}
}

// ignore turns the expected error into success, and anything else into a
// failure.
func ignore(err, want error) error {
	if errors.Is(err, want) {
		return nil
	}
	if err == nil {
		return errors.New("succeeded, want " + want.Error())
	}
	return err
}

func TestReadDirIsSorted(t *testing.T) {
	v := opsVFS(t)
	entries, err := v.ReadDir(at(v, "/"))
	if err != nil {
		t.Fatal(err)
	}
	got := make([]string, len(entries))
	for i, e := range entries {
		got[i] = e.Name()
	}
	if want := []string{"d", "empty", "f", "link", "mnt"}; !slices.Equal(got, want) {
		t.Errorf("ReadDir(/) = %v, want %v", got, want)
	}
}

func TestSys(t *testing.T) {
	v := opsVFS(t)
	info, err := v.Stat(at(v, "/f"))
	if err != nil {
		t.Fatal(err)
	}
	if in := vfs.Sys(info); in == nil || in.Ino == 0 || in.Nlink != 1 {
		t.Errorf("Sys of a memfs file = %+v, want its inode", in)
	}
	if in := vfs.Sys(plainInfo{}); in != nil {
		t.Errorf("Sys of a FileInfo without an Inode = %+v, want nil", in)
	}
}

type plainInfo struct{}

func (plainInfo) Name() string       { return "plain" }
func (plainInfo) Size() int64        { return 0 }
func (plainInfo) Mode() fs.FileMode  { return 0 }
func (plainInfo) ModTime() time.Time { return time.Time{} }
func (plainInfo) IsDir() bool        { return false }
func (plainInfo) Sys() any           { return nil }
