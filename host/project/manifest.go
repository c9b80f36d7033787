package project

import (
	"errors"
	"io/fs"
	"path"
	"strings"
	"time"
)

// Manifest is a project's selection: what Scan chose, and after CopyTo or
// WriteTar, what they delivered; or what ReadTar wrote.
type Manifest struct {
	// Root is the project directory on the host, absolute; "" for a
	// Manifest from ReadTar.
	Root string
	// Files lists the entries in walk order, a directory before what it
	// holds. The root itself is not listed.
	Files []File
	// Skipped lists what the user may expect in the VM but is not there,
	// with why. Ignored entries are not listed.
	Skipped []Skip
	// Bytes is the total size of the regular files in Files.
	Bytes int64

	// limits are the Options Scan applied, for delivery to re-check.
	limits Options
}

// File is one entry of a Manifest.
type File struct {
	// Path is slash-separated and relative to the project root.
	Path string
	// Size is the size of a regular file, 0 for anything else.
	Size int64
	// Mode holds the type (ModeDir, ModeSymlink, or none for a regular
	// file), permission, setuid, setgid and sticky bits.
	Mode fs.FileMode
	// ModTime is the modification time.
	ModTime time.Time
	// Link is a symlink's target, verbatim.
	Link string
}

// Skip is an entry left out of the VM, and why.
type Skip struct {
	Path, Reason string
}

// modeBits are the bits of a fs.FileMode a File keeps.
const modeBits = fs.ModeDir | fs.ModeSymlink | fs.ModePerm | fs.ModeSetuid | fs.ModeSetgid | fs.ModeSticky

const reasonLinkLeaves = "symlink leaves the project"

// linkLeaves reports whether the symlink name, with the slash-separated
// target, names something outside the tree it is in: an absolute target, or
// one that climbs above the root from the link's directory. It judges the
// text only: a target inside the tree may still dangle.
func linkLeaves(name, target string) bool {
	if path.IsAbs(target) {
		return true
	}
	p := path.Join(path.Dir(name), target)
	return p == ".." || strings.HasPrefix(p, "../")
}

// errReason words an error reading an entry as a Skip reason: the Skip names
// the entry already, so a *fs.PathError gives its cause only.
func errReason(err error) string {
	if pe := (*fs.PathError)(nil); errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
