package project

import (
	"errors"
	"fmt"
	"io/fs"
	"syscall"

	"github.com/hack-pad/hackpadfs"
)

// CopyTo writes the entries of m into dst, typically a fresh memfs:
// directories, regular files (content, mode bits, times) and symlinks
// (times too if dst is a vfs.LchtimesFS).
//
// An entry the host cannot give as Scan saw it (gone, unreadable, no longer
// a regular file, grown past a limit, or shrunk while read) is skipped, and
// so is a symlink if dst has no symlinks: m is updated to what dst holds,
// with these in m.Skipped.
//
// An error from dst stops the copy and names the entry; dst then holds a
// partial copy, and m is unchanged. Names that exist in dst already are not
// overwritten (an error), except directories.
func CopyTo(m *Manifest, dst hackpadfs.FS) error {
	d, err := deliver(m)
	if err != nil {
		return err
	}
	defer d.close()
	t := newTree(dst)
	for _, f := range m.Files {
		f, content, ok := d.open(f)
		if !ok {
			continue
		}
		switch {
		case f.Mode.IsDir():
			err = t.mkdir(f)
		case f.Mode&fs.ModeSymlink != 0:
			err = t.symlink(f)
			if errors.Is(err, hackpadfs.ErrNotImplemented) {
				d.undo(f, "the destination file system has no symlinks")
				continue
			}
		default:
			err = t.file(f, content)
			content.Close()
			if src := (*sourceError)(nil); errors.As(err, &src) {
				d.undo(f, errReason(err))
				continue
			}
		}
		if err != nil {
			return copyError(f, err)
		}
		d.delivered(f)
	}
	if err := t.finish(); err != nil {
		return fmt.Errorf("project: copy: %w", err)
	}
	d.finish()
	return nil
}

func copyError(f File, err error) error {
	switch {
	case errors.Is(err, syscall.ENOSPC):
		return fmt.Errorf("project: copy %s: the VM's file system is full (%w): raise --max-fs, or leave files out with .wasmrunignore", f.Path, err)
	case errors.Is(err, syscall.EFBIG):
		return fmt.Errorf("project: copy %s: too large for the VM's file system (%w): raise its file size limit, or leave it out with .wasmrunignore", f.Path, err)
	}
	return fmt.Errorf("project: copy %s: %w", f.Path, err)
}
