package project

import (
	"fmt"
	"math"
)

// Options bounds what Scan selects and what ReadTar accepts.
type Options struct {
	// MaxFiles caps the number of entries: files, directories and symlinks.
	MaxFiles int
	// MaxBytes caps the total size of regular files.
	MaxBytes int64
	// MaxFileSize caps the size of one regular file.
	MaxFileSize int64
	// Ignore holds extra gitignore-style patterns, relative to the project
	// root. They are applied after .wasmrunignore, and win over it.
	Ignore []string
}

// DefaultOptions are the limits used for any Options field that is zero or
// negative.
var DefaultOptions = Options{
	MaxFiles:    50_000,
	MaxBytes:    512 << 20,
	MaxFileSize: 100 << 20,
}

func (o Options) withDefaults() Options {
	if o.MaxFiles <= 0 {
		o.MaxFiles = DefaultOptions.MaxFiles
	}
	if o.MaxBytes <= 0 {
		o.MaxBytes = DefaultOptions.MaxBytes
	}
	if o.MaxFileSize <= 0 {
		o.MaxFileSize = DefaultOptions.MaxFileSize
	}
	return o
}

// budget applies the limits to a sequence of entries. Scan, CopyTo, WriteTar
// and ReadTar all count with it, so that they agree on what fits and say so
// in the same words.
type budget struct {
	lim     Options
	entries int
	bytes   int64
	// full is why the budget is spent: every later entry is refused with it,
	// so that a selection cut by a limit is a prefix of the walk.
	full string
}

// admit counts an entry, a regular file of the given size or anything else,
// or returns why it does not fit.
func (b *budget) admit(regular bool, size int64) (reason string) {
	switch {
	case b.full != "":
		return b.full
	case regular && size > b.lim.MaxFileSize:
		have, limit := sizes(size, b.lim.MaxFileSize)
		return fmt.Sprintf("file is %s, over the %s per-file limit, raise with --max-file-size", have, limit)
	case b.entries >= b.lim.MaxFiles:
		b.full = fmt.Sprintf("file limit (%d) reached, raise with --max-files", b.lim.MaxFiles)
		return b.full
	case regular && b.bytes+size > b.lim.MaxBytes:
		b.full = fmt.Sprintf("size limit (%s) reached, raise with --max-bytes", ibytes(uint64(b.lim.MaxBytes)))
		return b.full
	}
	b.entries++
	if regular {
		b.bytes += size
	}
	return ""
}

// release takes back an admitted entry that was not delivered after all.
func (b *budget) release(regular bool, size int64) {
	b.entries--
	if regular {
		b.bytes -= size
	}
}

// sizes words two sizes for a message, in bytes when rounding would make
// them look equal.
func sizes(a, b int64) (string, string) {
	ha, hb := ibytes(uint64(a)), ibytes(uint64(b))
	if ha == hb {
		return fmt.Sprintf("%d bytes", a), fmt.Sprintf("%d-byte", b)
	}
	return ha, hb
}

// ibytes writes a size in binary units ("512 MiB", "1.5 KiB"). Written here
// rather than imported: this package is linked into kernel.wasm, where every
// dependency's init costs start-up time.
func ibytes(n uint64) string {
	if n < 1024 {
		return fmt.Sprintf("%d B", n)
	}
	e := math.Floor(math.Log(float64(n)) / math.Log(1024))
	v := math.Floor(float64(n)/math.Pow(1024, e)*10+0.5) / 10
	f := "%.0f %ciB"
	if v < 10 {
		f = "%.1f %ciB"
	}
	return fmt.Sprintf(f, v, "KMGTPE"[int(e)-1])
}
