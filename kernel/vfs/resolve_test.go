package vfs_test

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"syscall"
	"testing"

	"github.com/hack-pad/hackpadfs"

	"github.com/wasmrun/wasmrun/kernel/vfs"
	"github.com/wasmrun/wasmrun/kernel/vfs/memfs"
	"github.com/wasmrun/wasmrun/wasi/abi"
)

// newTree is the namespace most resolution tests walk: a memfs root with
// files, directories and symlinks of every shape, a memfs at /app and
// another at /application (a mount whose path has /app as a string prefix).
func newTree(t *testing.T) *vfs.VFS {
	t.Helper()
	root := memfs.New(memfs.Options{})
	build(t, root,
		"a/b/file", "a/dir/", "file",
		"linkfile -> file",
		"a/linkdir -> b",
		"a/abs -> /a/b",
		"a/up -> ../file",
		"a/updir -> ..",
		"a/out -> /file",
		"a/sneaky -> /a/../file",
		"a/slashlink -> b/",
		"a/fslash -> b/file/",
		"dangling -> nowhere",
		"loop1 -> loop2", "loop2 -> loop1",
		"toapp -> app/x",
	)
	// c0 -> c1 -> ... -> c39 -> file is 40 links, as many as one lookup
	// may expand; d0 ... d40 -> file is one too many.
	for _, chain := range []struct {
		prefix string
		links  int
	}{{"c", vfs.MaxSymlinkHops}, {"d", vfs.MaxSymlinkHops + 1}} {
		for i := range chain.links {
			target := fmt.Sprintf("%s%d", chain.prefix, i+1)
			if i == chain.links-1 {
				target = "file"
			}
			build(t, root, fmt.Sprintf("%s%d -> %s", chain.prefix, i, target))
		}
	}
	v := vfs.New(root, vfs.MountOptions{Source: "memory"})

	app := memfs.New(memfs.Options{})
	build(t, app, "x", "inner/", "escape -> ../file", "absin -> /app/x", "absout -> /application/y")
	application := memfs.New(memfs.Options{})
	build(t, application, "y")
	for _, m := range []struct {
		path string
		fsys hackpadfs.FS
	}{{"/app", app}, {"/application", application}} {
		if err := v.Mount(m.path, m.fsys, vfs.MountOptions{Source: "memory"}); err != nil {
			t.Fatal(err)
		}
	}
	return v
}

// kindOf says what v.Stat reports for l: "dir", "file", "symlink" or
// "missing".
func kindOf(v *vfs.VFS, l vfs.Loc) string {
	info, err := v.Stat(l)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "missing"
	case err != nil:
		return "error: " + err.Error()
	case info.Mode()&fs.ModeSymlink != 0:
		return "symlink"
	case info.IsDir():
		return "dir"
	default:
		return "file"
	}
}

func TestResolve(t *testing.T) {
	v := newTree(t)
	long := strings.Repeat("n", 255)
	tooLong := strings.Repeat("n", 256)
	follow := vfs.Lookup{Base: "/", Follow: true}
	noFollow := vfs.Lookup{Base: "/"}
	inA := vfs.Lookup{Base: "/a", Follow: true}
	beneathA := vfs.Lookup{Base: "/a", Follow: true, Beneath: true}
	beneathApp := vfs.Lookup{Base: "/app", Follow: true, Beneath: true}

	tests := []struct {
		name  string
		lk    vfs.Lookup
		path  string
		want  string // Loc.Path
		kind  string // what Stat says of it
		slash bool
		mount string // Loc.Mount.Path; "/" when empty
		rel   string // Loc.Rel, when checked
		err   error
	}{
		// Plain paths.
		{name: "relative path starts at the base", lk: inA, path: "b/file", want: "/a/b/file", kind: "file", rel: "a/b/file"},
		{name: "absolute path ignores the base", lk: inA, path: "/file", want: "/file", kind: "file"},
		{name: "root", lk: inA, path: "/", want: "/", kind: "dir", rel: ".", slash: true},
		{name: "dot is the base", lk: inA, path: ".", want: "/a", kind: "dir"},
		{name: "dot components are skipped", lk: inA, path: "./b/./file", want: "/a/b/file", kind: "file"},
		{name: "repeated slashes are one", lk: inA, path: "b//file", want: "/a/b/file", kind: "file"},
		{name: "dot-dot goes up", lk: inA, path: "b/../dir", want: "/a/dir", kind: "dir"},
		{name: "dot-dot above the root stays at the root", lk: follow, path: "../../file", want: "/file", kind: "file"},
		{name: "dot-dot above a relative base stops at the root", lk: inA, path: "../../../file", want: "/file", kind: "file"},
		{name: "missing final component resolves", lk: inA, path: "b/new", want: "/a/b/new", kind: "missing"},
		{name: "missing directory on the way is ENOENT", lk: inA, path: "nope/x", err: syscall.ENOENT},
		{name: "file on the way is ENOTDIR", lk: inA, path: "b/file/x", err: syscall.ENOTDIR},
		{name: "file then dot is ENOTDIR", lk: inA, path: "b/file/.", err: syscall.ENOTDIR},
		{name: "file then dot-dot is ENOTDIR", lk: inA, path: "b/file/..", err: syscall.ENOTDIR},
		{name: "empty path is ENOENT", lk: inA, path: "", err: syscall.ENOENT},
		{name: "NUL in a path is EINVAL", lk: inA, path: "b/fi\x00le", err: syscall.EINVAL},
		{name: "NUL in a directory is EINVAL", lk: inA, path: "b\x00/file", err: syscall.EINVAL},
		{name: "255-byte name is allowed", lk: inA, path: long, want: "/a/" + long, kind: "missing"},
		{name: "256-byte final name is ENAMETOOLONG", lk: inA, path: tooLong, err: syscall.ENAMETOOLONG},
		{name: "256-byte final name is ENAMETOOLONG without Follow", lk: vfs.Lookup{Base: "/a"}, path: tooLong, err: syscall.ENAMETOOLONG},
		{name: "256-byte directory name is ENAMETOOLONG", lk: inA, path: tooLong + "/x", err: syscall.ENAMETOOLONG},

		// Trailing slashes.
		{name: "trailing slash on a directory", lk: noFollow, path: "/a/b/", want: "/a/b", kind: "dir", slash: true},
		{name: "trailing slash on a file is ENOTDIR", lk: noFollow, path: "/a/b/file/", err: syscall.ENOTDIR},
		{name: "trailing slash on a missing name", lk: noFollow, path: "/a/new/", want: "/a/new", kind: "missing", slash: true},
		{name: "trailing slash follows a final symlink to a directory", lk: noFollow, path: "/a/linkdir/", want: "/a/b", kind: "dir", slash: true},
		{name: "trailing slash on a symlink to a file is ENOTDIR", lk: noFollow, path: "/linkfile/", err: syscall.ENOTDIR},
		{name: "dot-dot then slash", lk: inA, path: "b/../", want: "/a", kind: "dir", slash: true},

		// Symlinks.
		{name: "final symlink is kept without Follow", lk: noFollow, path: "/linkfile", want: "/linkfile", kind: "symlink"},
		{name: "final symlink is expanded with Follow", lk: follow, path: "/linkfile", want: "/file", kind: "file"},
		{name: "symlink in the middle is expanded without Follow", lk: noFollow, path: "/a/linkdir/file", want: "/a/b/file", kind: "file"},
		{name: "absolute symlink in the middle", lk: noFollow, path: "/a/abs/file", want: "/a/b/file", kind: "file"},
		{name: "symlink target with dot-dot", lk: follow, path: "/a/up", want: "/file", kind: "file"},
		{name: "dot-dot after a symlink leaves the target", lk: noFollow, path: "/a/linkdir/..", want: "/a", kind: "dir"},
		{name: "final symlink whose target ends in a slash", lk: follow, path: "/a/slashlink", want: "/a/b", kind: "dir", slash: true},
		{name: "final symlink to a file written with a slash is ENOTDIR", lk: follow, path: "/a/fslash", err: syscall.ENOTDIR},
		{name: "dangling final symlink with Follow names its target", lk: follow, path: "/dangling", want: "/nowhere", kind: "missing"},
		{name: "dangling final symlink without Follow is the link", lk: noFollow, path: "/dangling", want: "/dangling", kind: "symlink"},
		{name: "dangling symlink on the way is ENOENT", lk: noFollow, path: "/dangling/x", err: syscall.ENOENT},
		{name: "symlink loop with Follow is ELOOP", lk: follow, path: "/loop1", err: syscall.ELOOP},
		{name: "symlink loop without Follow is the link", lk: noFollow, path: "/loop1", want: "/loop1", kind: "symlink"},
		{name: "symlink loop on the way is ELOOP", lk: noFollow, path: "/loop1/x", err: syscall.ELOOP},
		{name: "40 symlinks are followed", lk: follow, path: "/c0", want: "/file", kind: "file"},
		{name: "41 symlinks are ELOOP", lk: follow, path: "/d0", err: syscall.ELOOP},
		{name: "41 symlinks on the way are ELOOP", lk: noFollow, path: "/d0/x", err: syscall.ELOOP},

		// Confinement beneath the base.
		{name: "beneath: a path inside", lk: beneathA, path: "b/file", want: "/a/b/file", kind: "file"},
		{name: "beneath: dot-dot back to the base", lk: beneathA, path: "b/..", want: "/a", kind: "dir"},
		{name: "beneath: dot-dot above the base", lk: beneathA, path: "..", err: abi.ErrnoNotcapable},
		{name: "beneath: dot-dot above the base after a descent", lk: beneathA, path: "b/../../file", err: abi.ErrnoNotcapable},
		{name: "beneath: absolute path", lk: beneathA, path: "/a/b/file", err: abi.ErrnoNotcapable},
		{name: "beneath: relative symlink out", lk: beneathA, path: "up", err: abi.ErrnoNotcapable},
		{name: "beneath: relative symlink out, not followed", lk: vfs.Lookup{Base: "/a", Beneath: true}, path: "up", want: "/a/up", kind: "symlink"},
		{name: "beneath: relative symlink out on the way", lk: beneathA, path: "updir/file", err: abi.ErrnoNotcapable},
		{name: "beneath: absolute symlink out", lk: beneathA, path: "out", err: abi.ErrnoNotcapable},
		{name: "beneath: absolute symlink spelled inside is allowed", lk: beneathA, path: "abs/file", want: "/a/b/file", kind: "file"},
		{name: "beneath: absolute symlink inside that climbs out", lk: beneathA, path: "sneaky", err: abi.ErrnoNotcapable},
		{name: "beneath: relative symlink that stays inside", lk: beneathA, path: "linkdir/file", want: "/a/b/file", kind: "file"},
		{name: "beneath the root: absolute symlink allowed", lk: vfs.Lookup{Base: "/", Follow: true, Beneath: true}, path: "a/abs/file", want: "/a/b/file", kind: "file"},
		{name: "beneath the root: dot-dot is ENOTCAPABLE", lk: vfs.Lookup{Base: "/", Beneath: true}, path: "..", err: abi.ErrnoNotcapable},

		// Mounts.
		{name: "mount point is the mounted root", lk: noFollow, path: "/app", want: "/app", kind: "dir", mount: "/app", rel: "."},
		{name: "path inside a mount", lk: noFollow, path: "/app/x", want: "/app/x", kind: "file", mount: "/app", rel: "x"},
		{name: "dot-dot out of a mount root into the parent mount", lk: noFollow, path: "/app/..", want: "/", kind: "dir", mount: "/", rel: "."},
		{name: "dot-dot out of a mount and down again", lk: noFollow, path: "/app/inner/../../file", want: "/file", kind: "file", mount: "/"},
		{name: "symlink out of a mount into the parent", lk: follow, path: "/app/escape", want: "/file", kind: "file", mount: "/"},
		{name: "symlink from the parent into a mount", lk: follow, path: "/toapp", want: "/app/x", kind: "file", mount: "/app", rel: "x"},
		{name: "longest mount prefix wins", lk: noFollow, path: "/application/y", want: "/application/y", kind: "file", mount: "/application", rel: "y"},
		{name: "a string prefix is not a path prefix", lk: noFollow, path: "/apps", want: "/apps", kind: "missing", mount: "/", rel: "apps"},
		{name: "beneath a mount: dot-dot out is ENOTCAPABLE", lk: beneathApp, path: "../file", err: abi.ErrnoNotcapable},
		{name: "beneath a mount: symlink out is ENOTCAPABLE", lk: beneathApp, path: "escape", err: abi.ErrnoNotcapable},
		{name: "beneath a mount: absolute symlink inside", lk: beneathApp, path: "absin", want: "/app/x", kind: "file", mount: "/app"},
		{name: "beneath /app: a symlink to /application is out", lk: beneathApp, path: "absout", err: abi.ErrnoNotcapable},
		{name: "absolute symlink to another mount", lk: follow, path: "/app/absout", want: "/application/y", kind: "file", mount: "/application"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := v.Resolve(tt.lk, tt.path)
			if tt.err != nil {
				if !errors.Is(err, tt.err) {
					t.Fatalf("Resolve(%+v, %q) = %+v, %v; want %v", tt.lk, tt.path, l.Path, err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Resolve(%+v, %q): %v", tt.lk, tt.path, err)
			}
			if l.Path != tt.want {
				t.Errorf("Path = %q, want %q", l.Path, tt.want)
			}
			if l.Slash != tt.slash {
				t.Errorf("Slash = %v, want %v", l.Slash, tt.slash)
			}
			mount := tt.mount
			if mount == "" {
				mount = "/"
			}
			if l.Mount == nil || l.Mount.Path != mount {
				t.Errorf("Mount = %+v, want the mount at %s", l.Mount, mount)
			}
			if tt.rel != "" && l.Rel != tt.rel {
				t.Errorf("Rel = %q, want %q", l.Rel, tt.rel)
			}
			if l.Unexamined {
				t.Errorf("Unexamined without Lazy")
			}
			if got := kindOf(v, l); got != tt.kind {
				t.Errorf("Stat says %s, want %s", got, tt.kind)
			}
		})
	}
}

// A mounted FS only ever receives clean io/fs paths: whatever a guest path
// looks like, Loc.Rel is valid for the mount's FS.
func TestResolveGivesMountsValidPaths(t *testing.T) {
	v := newTree(t)
	for _, p := range []string{"/", "/a", "/a/b/", "//a//b//file", "/a/./b/../b/file", "/app", "/app/", "/app/./x", "/application/../app/x", "/a/linkdir/", "/c0"} {
		for _, follow := range []bool{false, true} {
			l, err := v.Resolve(vfs.Lookup{Base: "/", Follow: follow}, p)
			if err != nil {
				t.Errorf("%s: %v", p, err)
				continue
			}
			if !fs.ValidPath(l.Rel) {
				t.Errorf("%s (follow %v): Rel %q is not a valid io/fs path", p, follow, l.Rel)
			}
		}
	}
}

func TestResolveLazy(t *testing.T) {
	// The root can open without following (like hostfs); /plain cannot.
	root := &noFollowFS{countingFS: countingFS{FS: memfs.New(memfs.Options{})}}
	build(t, root.FS, "dir/file", "link -> dir/file", "dirlink -> dir")
	v := vfs.New(root, vfs.MountOptions{})
	plain := &countingFS{FS: memfs.New(memfs.Options{})}
	build(t, plain.FS, "file")
	if err := v.Mount("/plain", plain, vfs.MountOptions{}); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name       string
		lk         vfs.Lookup
		path       string
		want       string
		unexamined bool
		lookups    int64 // lookups the resolution asks of the file systems
	}{
		{name: "final component is left unexamined", lk: vfs.Lookup{Base: "/", Follow: true, Lazy: true}, path: "/dir/file", want: "/dir/file", unexamined: true, lookups: 1},
		{name: "a missing final component is left unexamined", lk: vfs.Lookup{Base: "/", Follow: true, Lazy: true}, path: "/dir/new", want: "/dir/new", unexamined: true, lookups: 1},
		{name: "a final symlink is left unexamined", lk: vfs.Lookup{Base: "/", Follow: true, Lazy: true}, path: "/link", want: "/link", unexamined: true, lookups: 0},
		{name: "a symlink on the way is still expanded", lk: vfs.Lookup{Base: "/", Follow: true, Lazy: true}, path: "/dirlink/file", want: "/dir/file", unexamined: true, lookups: 2},
		{name: "without Lazy the final component is examined", lk: vfs.Lookup{Base: "/", Follow: true}, path: "/dir/file", want: "/dir/file", lookups: 2},
		{name: "a trailing slash needs a look", lk: vfs.Lookup{Base: "/", Follow: true, Lazy: true}, path: "/dir/", want: "/dir", lookups: 1},
		{name: "an FS that cannot open without following is examined", lk: vfs.Lookup{Base: "/", Follow: true, Lazy: true}, path: "/plain/file", want: "/plain/file", lookups: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := root.lookups.Load() + plain.lookups.Load()
			l, err := v.Resolve(tt.lk, tt.path)
			if err != nil {
				t.Fatal(err)
			}
			if l.Path != tt.want || l.Unexamined != tt.unexamined {
				t.Errorf("Resolve = %s unexamined %v, want %s unexamined %v", l.Path, l.Unexamined, tt.want, tt.unexamined)
			}
			if got := root.lookups.Load() + plain.lookups.Load() - before; got != tt.lookups {
				t.Errorf("the file systems were asked %d lookups, want %d", got, tt.lookups)
			}
		})
	}

	t.Run("an unexamined file opens without following", func(t *testing.T) {
		l, err := v.Resolve(vfs.Lookup{Base: "/", Follow: true, Lazy: true}, "dir/file")
		if err != nil {
			t.Fatal(err)
		}
		f, err := v.OpenNoFollow(l, hackpadfs.FlagReadOnly, 0)
		if err != nil {
			t.Fatal(err)
		}
		f.Close()
	})
	t.Run("an unexamined symlink is ELOOP, and resolving again without Lazy follows it", func(t *testing.T) {
		lk := vfs.Lookup{Base: "/", Follow: true, Lazy: true}
		l, err := v.Resolve(lk, "link")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := v.OpenNoFollow(l, hackpadfs.FlagReadOnly, 0); !errors.Is(err, syscall.ELOOP) {
			t.Fatalf("OpenNoFollow on a symlink: %v, want ELOOP", err)
		}
		lk.Lazy = false
		if l, err = v.Resolve(lk, "link"); err != nil || l.Path != "/dir/file" || l.Unexamined {
			t.Fatalf("Resolve without Lazy = %s unexamined %v, %v; want /dir/file", l.Path, l.Unexamined, err)
		}
	})
	t.Run("OpenNoFollow on an FS that cannot is ELOOP, the long way", func(t *testing.T) {
		l := resolve(t, v, true, "/plain/file")
		if _, err := v.OpenNoFollow(l, hackpadfs.FlagReadOnly, 0); !errors.Is(err, syscall.ELOOP) {
			t.Fatalf("OpenNoFollow: %v, want ELOOP", err)
		}
	})
	t.Run("an unexamined mount point opens", func(t *testing.T) {
		// A mount root is never a symlink: opening it must not fail.
		mnt := &noFollowFS{countingFS: countingFS{FS: memfs.New(memfs.Options{})}}
		if err := v.Mount("/mnt", mnt, vfs.MountOptions{}); err != nil {
			t.Fatal(err)
		}
		l, err := v.Resolve(vfs.Lookup{Base: "/", Follow: true, Lazy: true, Beneath: true}, "mnt")
		if err != nil {
			t.Fatal(err)
		}
		f, err := v.OpenNoFollow(l, hackpadfs.FlagReadOnly, 0)
		if err != nil {
			t.Fatalf("OpenNoFollow of the mount point: %v", err)
		}
		f.Close()
	})
}

// The lookup remembers what it learned of the final component; Stat answers
// from it instead of asking the FS again (a host syscall natively).
func TestStatAnswersFromTheLookup(t *testing.T) {
	root := &countingFS{FS: memfs.New(memfs.Options{})}
	build(t, root.FS, "dir/file", "link -> dir/file")
	v := vfs.New(root, vfs.MountOptions{})

	tests := []struct {
		name    string
		lk      vfs.Lookup
		path    string
		kind    string
		lookups int64 // asked of the FS by Stat
	}{
		{name: "followed file", lk: vfs.Lookup{Base: "/", Follow: true}, path: "dir/file", kind: "file", lookups: 0},
		{name: "followed symlink gives its target", lk: vfs.Lookup{Base: "/", Follow: true}, path: "link", kind: "file", lookups: 0},
		{name: "missing final component", lk: vfs.Lookup{Base: "/", Follow: true}, path: "dir/new", kind: "missing", lookups: 0},
		{name: "trailing slash without Follow", lk: vfs.Lookup{Base: "/"}, path: "dir/", kind: "dir", lookups: 0},
		{name: "unfollowed final component is looked at by Stat", lk: vfs.Lookup{Base: "/"}, path: "link", kind: "symlink", lookups: 1},
		{name: "a path ending in dot-dot is looked at by Stat", lk: vfs.Lookup{Base: "/", Follow: true}, path: "dir/..", kind: "dir", lookups: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := v.Resolve(tt.lk, tt.path)
			if err != nil {
				t.Fatal(err)
			}
			before := root.lookups.Load()
			if got := kindOf(v, l); got != tt.kind {
				t.Errorf("Stat says %s, want %s", got, tt.kind)
			}
			if got := root.lookups.Load() - before; got != tt.lookups {
				t.Errorf("Stat asked the FS %d times, want %d", got, tt.lookups)
			}
		})
	}

	t.Run("the remembered result is the one returned", func(t *testing.T) {
		l, err := v.Resolve(vfs.Lookup{Base: "/", Follow: true}, "dir/file")
		if err != nil {
			t.Fatal(err)
		}
		first, _ := v.Stat(l)
		// Within one syscall nothing else changes the file; here the test
		// does, to see that Stat did not look again.
		if err := root.FS.Remove("dir/file"); err != nil {
			t.Fatal(err)
		}
		second, err := v.Stat(l)
		if err != nil || second != first {
			t.Fatalf("Stat after the lookup = %v, %v; want the lookup's result %v", second, err, first)
		}
	})
}
