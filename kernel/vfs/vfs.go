package vfs

import (
	"errors"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"
	"syscall"

	"github.com/hack-pad/hackpadfs"

	"github.com/wasmrun/wasmrun/wasi/abi"
)

// MaxSymlinkHops bounds symlink expansion during one lookup, as Linux does.
const MaxSymlinkHops = 40

// Mount is a file system attached at a guest path.
type Mount struct {
	Path     string // absolute guest path, cleaned
	FS       hackpadfs.FS
	ReadOnly bool
	Source   string // what backs it, for humans: "memory", "host:/src", "runtime"
	Dev      uint64 // device number reported by stat
}

// MountOptions configure a new mount.
type MountOptions struct {
	ReadOnly bool
	Source   string
}

// VFS is the kernel's file namespace: a tree of mounts. It resolves guest
// paths itself (".." and symlinks, component by component) so that a lookup
// can be confined beneath a directory and a mounted FS only ever receives a
// clean path inside itself.
type VFS struct {
	mu       sync.RWMutex
	mounts   []*Mount // longest path first, so the first prefix match wins
	dev      uint64
	onChange func(path string)
}

// OnChange registers fn to hear of every change made through the VFS: the
// guest path of a file written, created, removed or renamed (both names).
// The browser kernel uses it to keep the Files panel live.
func (v *VFS) OnChange(fn func(path string)) { v.onChange = fn }

// Changed reports a change at guest path p to the OnChange listener.
func (v *VFS) Changed(p string) {
	if v.onChange != nil {
		v.onChange(p)
	}
}

// New returns a VFS whose root is root.
func New(root hackpadfs.FS, opts MountOptions) *VFS {
	v := &VFS{}
	v.add("/", root, opts)
	return v
}

func (v *VFS) add(p string, fsys hackpadfs.FS, opts MountOptions) {
	v.dev++
	v.mounts = append(v.mounts, &Mount{Path: p, FS: fsys, ReadOnly: opts.ReadOnly, Source: opts.Source, Dev: v.dev})
	sort.SliceStable(v.mounts, func(i, j int) bool { return len(v.mounts[i].Path) > len(v.mounts[j].Path) })
}

// Mount attaches fsys at the absolute guest path p. The mount point is
// created in the parent mount when it is missing; mounting "/" replaces the
// root.
func (v *VFS) Mount(p string, fsys hackpadfs.FS, opts MountOptions) error {
	if !path.IsAbs(p) {
		return &fs.PathError{Op: "mount", Path: p, Err: errors.New("mount point must be an absolute path")}
	}
	p = path.Clean(p)
	v.mu.Lock()
	defer v.mu.Unlock()
	if p == "/" {
		for i, m := range v.mounts {
			if m.Path == "/" {
				v.dev++
				v.mounts[i] = &Mount{Path: "/", FS: fsys, ReadOnly: opts.ReadOnly, Source: opts.Source, Dev: v.dev}
			}
		}
		return nil
	}
	for _, m := range v.mounts {
		if m.Path == p {
			return &fs.PathError{Op: "mount", Path: p, Err: fs.ErrExist}
		}
	}
	parent := v.mountOf(p)
	rel := relIn(parent, p)
	if info, err := hackpadfs.Stat(parent.FS, rel); err == nil {
		if !info.IsDir() {
			return &fs.PathError{Op: "mount", Path: p, Err: syscall.ENOTDIR}
		}
	} else if err := hackpadfs.MkdirAll(parent.FS, rel, 0o755); err != nil {
		return &fs.PathError{Op: "mount", Path: p, Err: err}
	}
	v.add(p, fsys, opts)
	return nil
}

// Mounts lists the mounts, shortest path first.
func (v *VFS) Mounts() []Mount {
	v.mu.RLock()
	defer v.mu.RUnlock()
	out := make([]Mount, 0, len(v.mounts))
	for i := len(v.mounts) - 1; i >= 0; i-- {
		out = append(out, *v.mounts[i])
	}
	return out
}

// mountOf returns the mount holding the clean absolute guest path p.
func (v *VFS) mountOf(p string) *Mount {
	for _, m := range v.mounts {
		if m.Path == "/" || p == m.Path || (strings.HasPrefix(p, m.Path) && p[len(m.Path)] == '/') {
			return m
		}
	}
	panic("vfs: no root mount")
}

// relIn converts a guest path inside m to the io/fs path m.FS expects.
func relIn(m *Mount, p string) string {
	if p == m.Path {
		return "."
	}
	if m.Path == "/" {
		return p[1:]
	}
	return p[len(m.Path)+1:]
}

// isMountPoint reports whether p is where a mount other than the root is attached.
func (v *VFS) isMountPoint(p string) bool {
	for _, m := range v.mounts {
		if m.Path == p {
			return true
		}
	}
	return false
}

// Loc is a resolved location: a guest path and where it lives.
type Loc struct {
	Path  string // absolute guest path, cleaned
	Mount *Mount
	Rel   string // path inside Mount.FS
	// Slash records that the path was written with a trailing slash, which
	// POSIX reads as "this must be a directory".
	Slash bool
	// info is what the lookup learned of the final component, when it had
	// to look at it; Stat reuses it instead of asking the FS again. A Loc
	// lives for one syscall, so it cannot go stale in between.
	info    fs.FileInfo
	missing bool // the lookup found that the final component does not exist
	// Unexamined: a Lazy lookup did not look at the final component; open
	// it with OpenNoFollow.
	Unexamined bool
}

func (v *VFS) loc(p string) Loc {
	m := v.mountOf(p)
	return Loc{Path: p, Mount: m, Rel: relIn(m, p)}
}

// Lookup directs how a path is resolved.
type Lookup struct {
	// Base is the absolute guest path of the directory relative paths start
	// from.
	Base string
	// Follow expands a symlink in the final component.
	Follow bool
	// Beneath confines the lookup to Base: ".." above it, an absolute path,
	// or a symlink leading out of it fails with ENOTCAPABLE. WASI lookups
	// relative to a directory descriptor are always beneath it.
	Beneath bool
	// Lazy leaves the final component unexamined, even with Follow, when
	// the file system can open without following it (NoFollowOpenFS): the
	// caller opens the Loc with OpenNoFollow and, if that fails with ELOOP
	// (the component is a symlink), resolves again without Lazy. It saves a
	// host syscall per open.
	Lazy bool
}

// Resolve turns p into a location. The final component need not exist (the
// caller may be about to create it), but every directory on the way must.
// A trailing slash requires the final component to be a directory, and makes
// Follow true for it, as POSIX does.
func (v *VFS) Resolve(lk Lookup, p string) (Loc, error) {
	v.mu.RLock()
	defer v.mu.RUnlock()
	if p == "" {
		return Loc{}, syscall.ENOENT
	}
	if strings.IndexByte(p, 0) >= 0 {
		return Loc{}, syscall.EINVAL
	}
	base := path.Clean(lk.Base)
	floor := 0
	baseComps := splitPath(base)
	stack := append(make([]string, 0, len(baseComps)+8), baseComps...)
	if lk.Beneath {
		floor = len(stack)
	}
	if path.IsAbs(p) {
		if lk.Beneath {
			return Loc{}, abi.ErrnoNotcapable
		}
		stack = stack[:0]
	}
	trailingSlash := strings.HasSuffix(p, "/")
	rest := splitPath(p)
	hops := 0
	var known fs.FileInfo
	missing := false
	for len(rest) > 0 {
		name := rest[0]
		rest = rest[1:]
		switch name {
		case ".":
			continue
		case "..":
			if len(stack) <= floor {
				if lk.Beneath {
					return Loc{}, abi.ErrnoNotcapable
				}
				continue // ".." at "/" stays at "/"
			}
			stack = stack[:len(stack)-1]
			continue
		}
		if len(name) > 255 {
			return Loc{}, syscall.ENAMETOOLONG
		}
		stack = append(stack, name)
		last := len(rest) == 0
		if last && !lk.Follow && !trailingSlash {
			break
		}
		cur := v.loc(joinStack(stack))
		if last && lk.Lazy && !trailingSlash && cur.Rel != "." {
			// (A mount point is the root of its FS: there is nothing to
			// open without following there, so it is looked at below.)
			if _, ok := cur.Mount.FS.(NoFollowOpenFS); ok {
				cur.Unexamined = true
				return cur, nil
			}
		}
		info, err := lstat(cur)
		if err != nil {
			if last && errors.Is(err, fs.ErrNotExist) {
				missing = true
				break // a final component that does not exist yet
			}
			return Loc{}, err
		}
		if info.Mode()&fs.ModeSymlink != 0 {
			hops++
			if hops > MaxSymlinkHops {
				return Loc{}, syscall.ELOOP
			}
			target, err := readlink(cur)
			if err != nil {
				return Loc{}, err
			}
			if target == "" {
				return Loc{}, syscall.ENOENT
			}
			stack = stack[:len(stack)-1]
			tail := splitPath(target)
			if path.IsAbs(target) {
				// An absolute target names the guest's root. Beneath a
				// directory it may only lead back inside it, spelled out
				// literally; what follows is resolved, and confined, as usual.
				stack = stack[:0]
				if lk.Beneath {
					if !hasPrefix(tail, baseComps) {
						return Loc{}, abi.ErrnoNotcapable
					}
					stack = append(stack, baseComps...)
					tail = tail[len(baseComps):]
				}
			}
			if strings.HasSuffix(target, "/") && len(rest) == 0 {
				trailingSlash = true
			}
			rest = append(tail, rest...)
			continue
		}
		if !info.IsDir() && (!last || trailingSlash) {
			return Loc{}, syscall.ENOTDIR
		}
		if last {
			known = info
		}
	}
	l := v.loc(joinStack(stack))
	l.Slash = trailingSlash
	l.info, l.missing = known, missing
	return l, nil
}

// hasPrefix reports whether comps begins with prefix.
func hasPrefix(comps, prefix []string) bool {
	if len(comps) < len(prefix) {
		return false
	}
	for i := range prefix {
		if comps[i] != prefix[i] {
			return false
		}
	}
	return true
}

func splitPath(p string) []string {
	parts := strings.Split(p, "/")
	out := parts[:0]
	for _, s := range parts {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

func joinStack(stack []string) string {
	if len(stack) == 0 {
		return "/"
	}
	return "/" + strings.Join(stack, "/")
}

func lstat(l Loc) (fs.FileInfo, error) {
	return hackpadfs.LstatOrStat(l.Mount.FS, l.Rel)
}

func readlink(l Loc) (string, error) {
	if r, ok := l.Mount.FS.(ReadlinkFS); ok {
		return r.Readlink(l.Rel)
	}
	return "", syscall.EINVAL
}
