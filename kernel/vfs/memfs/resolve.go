package memfs

import (
	"strings"
	"syscall"
)

// maxSymlinkHops is Linux's MAXSYMLINKS: more links than this in one lookup
// fail with ELOOP.
const maxSymlinkHops = 40

// resolved is where a path leads.
type resolved struct {
	dir  *inode // directory holding the final component; nil if the path names the root
	base string // the final component's name in dir
	node *inode // what the path names; nil if the final component does not exist
}

// resolve walks name, an io/fs path, from the root. Symlinks in non-final
// components are always followed, the final one only if follow is set. A
// missing final component is not an error: node is nil and dir/base say
// where it would be created.
//
// Symlinks are resolved as POSIX does, relative to the directory holding the
// link, with ".." meaning the physical parent. A link whose target is absolute
// or climbs above the root fails with EXDEV: memfs cannot know what lies
// outside itself. This is a safety net, not the main path: the VFS above
// resolves links across mounts itself and hands memfs symlink-free paths.
//
// resolve does not allocate unless it follows a symlink.
func (fsys *FS) resolve(name string, follow bool) (resolved, error) {
	cur := fsys.root
	if name == "." {
		return resolved{node: cur}, nil
	}
	rest := name
	hops := 0
	for {
		var comp string
		if i := strings.IndexByte(rest, '/'); i >= 0 {
			comp, rest = rest[:i], rest[i+1:]
		} else {
			comp, rest = rest, ""
		}
		// Only symlink targets bring "", "." and ".." components or a
		// trailing slash; io/fs paths have none of them.
		last := onlyDots(rest)
		if !cur.isDir() {
			return resolved{}, syscall.ENOTDIR
		}
		switch comp {
		case "", ".":
			if last {
				return resolved{node: cur}, nil
			}
			continue
		case "..":
			if cur.parent == nil {
				return resolved{}, syscall.EXDEV
			}
			cur = cur.parent
			if last {
				return resolved{node: cur}, nil
			}
			continue
		}
		child := cur.entries[comp]
		if child == nil {
			if last {
				return resolved{dir: cur, base: comp}, nil
			}
			return resolved{}, syscall.ENOENT
		}
		// A trailing slash ("dir/") forces the final link to be followed.
		if child.isSymlink() && (!last || follow || rest != "") {
			hops++
			if hops > maxSymlinkHops {
				return resolved{}, syscall.ELOOP
			}
			target := child.target
			if target[0] == '/' {
				return resolved{}, syscall.EXDEV
			}
			if rest != "" {
				target += "/" + rest
			}
			rest = target // resolved from cur, the link's directory
			continue
		}
		if last {
			if rest != "" && !child.isDir() {
				return resolved{}, syscall.ENOTDIR
			}
			return resolved{dir: cur, base: comp, node: child}, nil
		}
		cur = child
	}
}

// onlyDots reports whether path has no component besides "" and ".".
func onlyDots(path string) bool {
	for i := 0; i < len(path); {
		j := strings.IndexByte(path[i:], '/')
		if j < 0 {
			j = len(path) - i
		}
		if c := path[i : i+j]; c != "" && c != "." {
			return false
		}
		i += j + 1
	}
	return true
}

// baseName is the last element of an io/fs path, the name Stat reports.
func baseName(name string) string {
	if i := strings.LastIndexByte(name, '/'); i >= 0 {
		return name[i+1:]
	}
	return name
}
