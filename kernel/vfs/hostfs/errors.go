package hostfs

import (
	"errors"
	"io/fs"
	"os"
	"syscall"

	"github.com/hack-pad/hackpadfs"
)

// escapeText is the text of os.Root's unexported errPathEscapes, returned
// when a path or a symlink would leave the root. TestEscapesFail catches
// a Go release that rewords it.
const escapeText = "path escapes from parent"

// pathErr returns nil for a nil err, else err as an *fs.PathError with our
// op and the FS-relative name: os errors carry the host path, which a guest
// must not see, and os.Root's own op names ("openat", "statat").
func pathErr(op, name string, err error) error {
	if err == nil {
		return nil
	}
	return &fs.PathError{Op: op, Path: name, Err: cause(err)}
}

func linkErr(op, oldname, newname string, err error) error {
	if err == nil {
		return nil
	}
	return &hackpadfs.LinkError{Op: op, Old: oldname, New: newname, Err: cause(err)}
}

// cause strips os's wrappers down to the errno, mapping an escape to EXDEV.
func cause(err error) error {
	for {
		var pe *fs.PathError
		var le *os.LinkError
		var se *os.SyscallError
		switch {
		case errors.As(err, &pe):
			err = pe.Err
		case errors.As(err, &le):
			err = le.Err
		case errors.As(err, &se):
			err = se.Err
		default:
			if err.Error() == escapeText {
				return syscall.EXDEV
			}
			return err
		}
	}
}

// errnoText is an errno worded as os.File words it, for the errors whose
// text callers compare. memfs returns the same.
type errnoText struct {
	text  string
	errno syscall.Errno
}

func (e *errnoText) Error() string { return e.text }
func (e *errnoText) Unwrap() error { return e.errno }

var (
	errNegativeOffset = &errnoText{"negative offset", syscall.EINVAL}
	errAppendWriteAt  = &errnoText{"invalid use of WriteAt on file opened with O_APPEND", syscall.EINVAL}
)
