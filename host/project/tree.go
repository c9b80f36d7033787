package project

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"

	"github.com/hack-pad/hackpadfs"

	"github.com/wasmrun/wasmrun/kernel/vfs"
)

// errEscapes marks an entry refused because it could write outside the
// destination, or through something already there.
var errEscapes = errors.New("escapes the destination")

// tree writes entries, a directory before what it holds, into a
// hackpadfs.FS. CopyTo and ReadTar both write through it, so both are safe
// against a hostile list of entries:
//   - an entry goes only into a directory the tree created itself (or the
//     root), never through a symlink;
//   - files and symlinks are created exclusively, never over or through an
//     existing name;
//   - a directory is made writable while it fills, and gets its own mode
//     and times last (writing into it would change its mtime).
type tree struct {
	dst   hackpadfs.FS
	dirs  map[string]bool // directories created, and the root "."
	links map[string]bool // symlinks created, to word the error
	made  []File          // directories, to finish
}

func newTree(dst hackpadfs.FS) *tree {
	return &tree{dst: dst, dirs: map[string]bool{".": true}, links: map[string]bool{}}
}

// parent checks that name's directory is one the tree made.
func (t *tree) parent(name string) error {
	dir := path.Dir(name)
	if t.dirs[dir] {
		return nil
	}
	for d := dir; d != "."; d = path.Dir(d) {
		if t.links[d] {
			return fmt.Errorf("%w: goes through symlink %s", errEscapes, d)
		}
	}
	return fmt.Errorf("%w: its directory %s is not an earlier entry", errEscapes, dir)
}

func (t *tree) mkdir(f File) error {
	if err := t.parent(f.Path); err != nil {
		return err
	}
	if err := hackpadfs.Mkdir(t.dst, f.Path, f.Mode.Perm()|0o700); err != nil {
		// An existing directory (not a symlink to one) will do.
		info, lerr := hackpadfs.Lstat(t.dst, f.Path)
		if !errors.Is(err, fs.ErrExist) || lerr != nil || !info.IsDir() {
			return err
		}
	}
	t.dirs[f.Path] = true
	t.made = append(t.made, f)
	return nil
}

// file writes the regular file f with exactly f.Size bytes of content. If
// content fails (or ends early), the partial file is removed and the error
// returned is content's, wrapped in a *sourceError.
func (t *tree) file(f File, content io.Reader) error {
	if err := t.parent(f.Path); err != nil {
		return err
	}
	file, err := hackpadfs.OpenFile(t.dst, f.Path, hackpadfs.FlagWriteOnly|hackpadfs.FlagCreate|hackpadfs.FlagExclusive, f.Mode.Perm())
	if err != nil {
		return err
	}
	w, ok := file.(io.Writer)
	if !ok {
		file.Close()
		return &fs.PathError{Op: "write", Path: f.Path, Err: hackpadfs.ErrNotImplemented}
	}
	n, err := io.Copy(w, io.LimitReader(sourceReader{content}, f.Size))
	if err == nil && n < f.Size {
		err = &sourceError{errShrank}
	}
	if cerr := file.Close(); err == nil {
		err = cerr
	}
	if src := (*sourceError)(nil); errors.As(err, &src) {
		if rerr := hackpadfs.Remove(t.dst, f.Path); rerr != nil {
			return rerr
		}
		return err
	}
	if err != nil {
		return err
	}
	return t.setAttrs(f)
}

func (t *tree) symlink(f File) error {
	if err := t.parent(f.Path); err != nil {
		return err
	}
	if err := hackpadfs.Symlink(t.dst, f.Link, f.Path); err != nil {
		return err
	}
	t.links[f.Path] = true
	if lfs, ok := t.dst.(vfs.LchtimesFS); ok {
		return lfs.Lchtimes(f.Path, f.ModTime, f.ModTime)
	}
	return nil
}

// finish gives the directories their mode and times.
func (t *tree) finish() error {
	for i := len(t.made) - 1; i >= 0; i-- {
		if err := t.setAttrs(t.made[i]); err != nil {
			return err
		}
	}
	return nil
}

// setAttrs sets f's mode bits and times (its atime to its mtime), as far as
// the destination can.
func (t *tree) setAttrs(f File) error {
	err := hackpadfs.Chmod(t.dst, f.Path, f.Mode&(fs.ModePerm|fs.ModeSetuid|fs.ModeSetgid|fs.ModeSticky))
	if err == nil || errors.Is(err, hackpadfs.ErrNotImplemented) {
		err = hackpadfs.Chtimes(t.dst, f.Path, f.ModTime, f.ModTime)
	}
	if errors.Is(err, hackpadfs.ErrNotImplemented) {
		return nil
	}
	return err
}

// sourceError is an error reading the content of a file, as opposed to
// writing it: for CopyTo, the difference between a file to skip and a
// destination that fails.
type sourceError struct{ err error }

func (e *sourceError) Error() string { return e.err.Error() }
func (e *sourceError) Unwrap() error { return e.err }

// sourceReader marks r's errors as a sourceError.
type sourceReader struct{ r io.Reader }

func (s sourceReader) Read(p []byte) (int, error) {
	n, err := s.r.Read(p)
	if err != nil && err != io.EOF {
		err = &sourceError{err}
	}
	return n, err
}

var errShrank = errors.New("file shrank while it was copied")
