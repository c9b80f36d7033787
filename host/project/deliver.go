package project

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// delivery takes a Manifest's entries from the host for CopyTo and WriteTar:
// it opens regular files, re-checks every entry against the limits Scan
// applied, and records what was delivered.
type delivery struct {
	m       *Manifest
	root    *os.Root
	src     fs.FS
	b       budget
	files   []File
	skipped []Skip
}

func deliver(m *Manifest) (*delivery, error) {
	r, err := os.OpenRoot(m.Root)
	if err != nil {
		return nil, fmt.Errorf("project: %w", err)
	}
	return &delivery{m: m, root: r, src: r.FS(), b: budget{lim: m.limits.withDefaults()}}, nil
}

func (d *delivery) close() { d.root.Close() }

// open admits f. A regular file is opened, and f updated to what it is now:
// its size, mode and times when opened, which is what is delivered. ok is
// false if f is skipped (and recorded so).
func (d *delivery) open(f File) (_ File, content fs.File, ok bool) {
	if !f.Mode.IsRegular() {
		if reason := d.b.admit(false, 0); reason != "" {
			d.skip(f, reason)
			return f, nil, false
		}
		return f, nil, true
	}
	file, err := d.src.Open(f.Path)
	if err != nil {
		d.skip(f, errReason(err))
		return f, nil, false
	}
	info, err := file.Stat()
	if err == nil && !info.Mode().IsRegular() {
		err = errors.New("no longer a regular file")
	}
	if err != nil {
		file.Close()
		d.skip(f, errReason(err))
		return f, nil, false
	}
	f.Size, f.Mode, f.ModTime = info.Size(), info.Mode()&modeBits, info.ModTime()
	if reason := d.b.admit(true, f.Size); reason != "" {
		file.Close()
		d.skip(f, reason)
		return f, nil, false
	}
	return f, file, true
}

// delivered records f as delivered.
func (d *delivery) delivered(f File) { d.files = append(d.files, f) }

// undo takes back an admitted f that could not be delivered after all.
func (d *delivery) undo(f File, reason string) {
	d.b.release(f.Mode.IsRegular(), f.Size)
	d.skip(f, reason)
}

func (d *delivery) skip(f File, reason string) {
	d.skipped = append(d.skipped, Skip{Path: f.Path, Reason: reason})
}

// finish makes the Manifest tell what was delivered.
func (d *delivery) finish() {
	d.m.Files = d.files
	d.m.Skipped = append(d.m.Skipped, d.skipped...)
	d.m.Bytes = d.b.bytes
}
