package project

import (
	"archive/tar"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"time"
)

// WriteTar writes the entries of m to w as a tar stream, for ReadTar: a
// directory ("name/") before what it holds, regular files and symlinks,
// with their mode bits and modification times in whole seconds (truncated),
// and no owner. Long or non-ASCII names get PAX records. It streams: one
// file's buffer at a time is held in memory.
//
// Entries are re-checked as CopyTo does, and m updated the same way. A file
// that shrinks while it is read cannot be skipped once its header is
// written: WriteTar then fails, and the stream is unusable.
func WriteTar(m *Manifest, w io.Writer) error {
	d, err := deliver(m)
	if err != nil {
		return err
	}
	defer d.close()
	tw := tar.NewWriter(w)
	for _, f := range m.Files {
		f, content, ok := d.open(f)
		if !ok {
			continue
		}
		err := tw.WriteHeader(tarHeader(f))
		if err == nil && content != nil {
			var n int64
			n, err = io.Copy(tw, io.LimitReader(sourceReader{content}, f.Size))
			if err == nil && n < f.Size {
				err = errShrank
			}
			content.Close()
		}
		if err != nil {
			if src := (*sourceError)(nil); errors.As(err, &src) || errors.Is(err, errShrank) {
				return fmt.Errorf("project: %s changed while it was read (%w): try again", f.Path, err)
			}
			return fmt.Errorf("project: write tar: %s: %w", f.Path, err)
		}
		d.delivered(f)
	}
	if err := tw.Close(); err != nil {
		return fmt.Errorf("project: write tar: %w", err)
	}
	d.finish()
	return nil
}

func tarHeader(f File) *tar.Header {
	h := &tar.Header{
		Name:    f.Path,
		Mode:    int64(f.Mode.Perm()),
		ModTime: f.ModTime.Truncate(time.Second),
	}
	// The tar mode bits for setuid, setgid and sticky (c_ISUID and so on).
	if f.Mode&fs.ModeSetuid != 0 {
		h.Mode |= 0o4000
	}
	if f.Mode&fs.ModeSetgid != 0 {
		h.Mode |= 0o2000
	}
	if f.Mode&fs.ModeSticky != 0 {
		h.Mode |= 0o1000
	}
	switch {
	case f.Mode.IsDir():
		h.Typeflag, h.Name = tar.TypeDir, f.Path+"/"
	case f.Mode&fs.ModeSymlink != 0:
		h.Typeflag, h.Linkname = tar.TypeSymlink, f.Link
	default:
		h.Typeflag, h.Size = tar.TypeReg, f.Size
	}
	return h
}
