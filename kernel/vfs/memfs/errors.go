package memfs

import (
	"io/fs"
	"syscall"

	"github.com/hack-pad/hackpadfs"
)

// Errors wrap a syscall.Errno, so that the WASI layer can read the exact
// errno with errors.As and callers can still test errors.Is(err,
// fs.ErrNotExist) and friends.

func pathErr(op, name string, err error) error {
	return &fs.PathError{Op: op, Path: name, Err: err}
}

func linkErr(op, oldname, newname string, err error) error {
	return &hackpadfs.LinkError{Op: op, Old: oldname, New: newname, Err: err}
}

// errnoText is an errno worded as os.File words it, for the errors whose
// text callers (and fstest) compare.
type errnoText struct {
	text  string
	errno syscall.Errno
}

func (e *errnoText) Error() string { return e.text }
func (e *errnoText) Unwrap() error { return e.errno }

var (
	errNegativeOffset = &errnoText{"negative offset", syscall.EINVAL}
	// os.File refuses WriteAt in append mode too: the offset would be ignored.
	errAppendWriteAt = &errnoText{"invalid use of WriteAt on file opened with O_APPEND", syscall.EINVAL}
)
