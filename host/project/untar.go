package project

import (
	"archive/tar"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"

	"github.com/hack-pad/hackpadfs"
)

// ReadTar writes the tar stream r, as WriteTar makes it, into dst (a fresh
// memfs in the kernel) and returns what it wrote; Root is "". It builds for
// GOOS=js and uses nothing of the host.
//
// The host is trusted, but nothing in the stream can make ReadTar write
// outside dst or past limits (zero fields take DefaultOptions; Ignore is
// not used). It fails on the first entry that:
//   - has a name that is not a clean relative path (absolute, "..", ".");
//   - is to go into a directory that is not an earlier entry, or through a
//     symlink (an entry "link" -> "sub", then "link/passwd");
//   - names something that exists already, unless both are directories
//     (nothing is written over or through an existing name);
//   - is a symlink whose target is absolute or climbs out of dst;
//   - is not a directory, regular file or symlink (hard links, devices...);
//   - does not fit the limits (the error gives the same reason Scan would).
//
// On error, dst holds the entries before the failing one, and the returned
// Manifest lists them.
func ReadTar(r io.Reader, dst hackpadfs.FS, limits Options) (*Manifest, error) {
	lim := limits.withDefaults()
	m := &Manifest{limits: lim}
	b := budget{lim: lim}
	t := newTree(dst)
	tr := tar.NewReader(r)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return m, fmt.Errorf("project: read tar: %w", err)
		}
		if h.Typeflag == tar.TypeXGlobalHeader {
			continue
		}
		f, err := tarEntry(h)
		if err == nil {
			if reason := b.admit(f.Mode.IsRegular(), f.Size); reason != "" {
				err = errors.New(reason)
			}
		}
		if err == nil {
			switch {
			case f.Mode.IsDir():
				err = t.mkdir(f)
			case f.Mode&fs.ModeSymlink != 0:
				err = t.symlink(f)
			default:
				err = t.file(f, tr)
			}
		}
		if err != nil {
			return m, fmt.Errorf("project: tar entry %q: %w", h.Name, err)
		}
		m.Files = append(m.Files, f)
	}
	if err := t.finish(); err != nil {
		return m, fmt.Errorf("project: read tar: %w", err)
	}
	m.Bytes = b.bytes
	return m, nil
}

// tarEntry checks a header on its own and returns its File.
func tarEntry(h *tar.Header) (File, error) {
	name := h.Name
	if h.Typeflag == tar.TypeDir {
		name = strings.TrimSuffix(name, "/")
	}
	switch {
	case strings.HasPrefix(name, "/"):
		return File{}, fmt.Errorf("%w: absolute name", errEscapes)
	case name == ".." || strings.HasPrefix(name, "../") || strings.HasSuffix(name, "/..") || strings.Contains(name, "/../"):
		return File{}, fmt.Errorf("%w: \"..\" in the name", errEscapes)
	case !fs.ValidPath(name) || name == ".":
		return File{}, fmt.Errorf("%w: not a clean relative path", errEscapes)
	}
	f := File{Path: name, Mode: h.FileInfo().Mode() & modeBits, ModTime: h.ModTime}
	switch h.Typeflag {
	case tar.TypeDir:
	case tar.TypeReg:
		f.Size = h.Size
	case tar.TypeSymlink:
		if h.Linkname == "" {
			return File{}, errors.New("symlink without a target")
		}
		if linkLeaves(name, h.Linkname) {
			return File{}, fmt.Errorf("%w: %s (%s)", errEscapes, reasonLinkLeaves, h.Linkname)
		}
		f.Link = h.Linkname
	default:
		kind, ok := tarTypes[h.Typeflag]
		if !ok {
			kind = fmt.Sprintf("entry type %q", h.Typeflag)
		}
		return File{}, fmt.Errorf("%s: only directories, regular files and symlinks are accepted", kind)
	}
	return f, nil
}

var tarTypes = map[byte]string{
	tar.TypeLink:  "hard link",
	tar.TypeChar:  "character device",
	tar.TypeBlock: "block device",
	tar.TypeFifo:  "FIFO",
}
