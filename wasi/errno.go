package wasi

import (
	"errors"
	"io"
	"io/fs"
	"syscall"

	"github.com/wasmrun/wasmrun/wasi/abi"
)

var fromSyscall = map[syscall.Errno]abi.Errno{
	syscall.E2BIG: abi.Errno2big, syscall.EACCES: abi.ErrnoAcces, syscall.EADDRINUSE: abi.ErrnoAddrinuse,
	syscall.EADDRNOTAVAIL: abi.ErrnoAddrnotavail, syscall.EAFNOSUPPORT: abi.ErrnoAfnosupport,
	syscall.EAGAIN: abi.ErrnoAgain, syscall.EALREADY: abi.ErrnoAlready, syscall.EBADF: abi.ErrnoBadf,
	syscall.EBUSY: abi.ErrnoBusy, syscall.ECANCELED: abi.ErrnoCanceled, syscall.ECHILD: abi.ErrnoChild,
	syscall.ECONNABORTED: abi.ErrnoConnaborted, syscall.ECONNREFUSED: abi.ErrnoConnrefused,
	syscall.ECONNRESET: abi.ErrnoConnreset, syscall.EDEADLK: abi.ErrnoDeadlk,
	syscall.EDESTADDRREQ: abi.ErrnoDestaddrreq, syscall.EDOM: abi.ErrnoDom, syscall.EDQUOT: abi.ErrnoDquot,
	syscall.EEXIST: abi.ErrnoExist, syscall.EFAULT: abi.ErrnoFault, syscall.EFBIG: abi.ErrnoFbig,
	syscall.EHOSTUNREACH: abi.ErrnoHostunreach, syscall.EILSEQ: abi.ErrnoIlseq,
	syscall.EINPROGRESS: abi.ErrnoInprogress, syscall.EINTR: abi.ErrnoIntr, syscall.EINVAL: abi.ErrnoInval,
	syscall.EIO: abi.ErrnoIo, syscall.EISCONN: abi.ErrnoIsconn, syscall.EISDIR: abi.ErrnoIsdir,
	syscall.ELOOP: abi.ErrnoLoop, syscall.EMFILE: abi.ErrnoMfile, syscall.EMLINK: abi.ErrnoMlink,
	syscall.EMSGSIZE: abi.ErrnoMsgsize, syscall.ENAMETOOLONG: abi.ErrnoNametoolong,
	syscall.ENETDOWN: abi.ErrnoNetdown, syscall.ENETRESET: abi.ErrnoNetreset,
	syscall.ENETUNREACH: abi.ErrnoNetunreach, syscall.ENFILE: abi.ErrnoNfile, syscall.ENOBUFS: abi.ErrnoNobufs,
	syscall.ENODEV: abi.ErrnoNodev, syscall.ENOENT: abi.ErrnoNoent, syscall.ENOEXEC: abi.ErrnoNoexec,
	syscall.ENOMEM: abi.ErrnoNomem, syscall.ENOSPC: abi.ErrnoNospc, syscall.ENOSYS: abi.ErrnoNosys,
	syscall.ENOTCONN: abi.ErrnoNotconn, syscall.ENOTDIR: abi.ErrnoNotdir, syscall.ENOTEMPTY: abi.ErrnoNotempty,
	syscall.ENOTSOCK: abi.ErrnoNotsock, syscall.ENOTSUP: abi.ErrnoNotsup, syscall.ENOTTY: abi.ErrnoNotty,
	syscall.ENXIO: abi.ErrnoNxio, syscall.EOVERFLOW: abi.ErrnoOverflow, syscall.EPERM: abi.ErrnoPerm,
	syscall.EPIPE: abi.ErrnoPipe, syscall.EPROTO: abi.ErrnoProto, syscall.EPROTONOSUPPORT: abi.ErrnoProtonosupport,
	syscall.ERANGE: abi.ErrnoRange, syscall.EROFS: abi.ErrnoRofs,
	syscall.ESPIPE: abi.ErrnoSpipe, syscall.ESRCH: abi.ErrnoSrch, syscall.ETIMEDOUT: abi.ErrnoTimedout,
	syscall.EXDEV: abi.ErrnoXdev,
}

// ErrnoOf maps a Go error from the kernel or a file system to a WASI errno.
func ErrnoOf(err error) abi.Errno {
	if err == nil {
		return abi.ErrnoSuccess
	}
	var e abi.Errno
	if errors.As(err, &e) {
		return e
	}
	var se syscall.Errno
	if errors.As(err, &se) {
		if e, ok := fromSyscall[se]; ok {
			return e
		}
		if se == syscall.EOPNOTSUPP {
			return abi.ErrnoNotsup
		}
		return abi.ErrnoIo
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return abi.ErrnoNoent
	case errors.Is(err, fs.ErrExist):
		return abi.ErrnoExist
	case errors.Is(err, fs.ErrPermission):
		return abi.ErrnoAcces
	case errors.Is(err, fs.ErrClosed):
		return abi.ErrnoBadf
	case errors.Is(err, fs.ErrInvalid):
		return abi.ErrnoInval
	case errors.Is(err, io.ErrUnexpectedEOF):
		return abi.ErrnoIo
	}
	return abi.ErrnoIo
}
