package wasi

import (
	"fmt"
	"io"
	"runtime"

	"github.com/wasmrun/wasmrun/kernel"
	"github.com/wasmrun/wasmrun/wasi/abi"
)

// procExit ends the process with an exit code. It does not return: the
// binding unwinds the guest.
func procExit(p *kernel.Process, m Memory, a []uint64) abi.Errno {
	p.Exit(kernel.StateExited, int(uint32(a[0])), "")
	return Terminate
}

var signalNames = [...]string{"", "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS",
	"SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGCHLD",
	"SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU", "SIGXFSZ", "SIGVTALRM",
	"SIGPROF", "SIGWINCH", "SIGPOLL", "SIGPWR", "SIGSYS"}

// procRaise sends a signal to the calling process, with its POSIX default
// action, since a guest cannot install handlers in preview1.
//
// # Result (Errno)
//   - EINVAL: not a signal number.
//   - ENOTSUP: a stop signal (SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU): the
//     kernel cannot suspend a guest.
//   - Signals ignored by default (SIGCHLD, SIGCONT, SIGURG, SIGWINCH) and
//     signal 0 succeed and do nothing, which is their POSIX effect. Every
//     other signal ends the process as killed by it, exit code 128+signal.
func procRaise(p *kernel.Process, m Memory, a []uint64) abi.Errno {
	sig := a[0]
	switch {
	case sig >= uint64(len(signalNames)):
		return abi.ErrnoInval
	case sig == abi.SigNone, sig == abi.SigChld, sig == abi.SigCont, sig == abi.SigUrg, sig == abi.SigWinch:
		return abi.ErrnoSuccess
	case sig == abi.SigStop, sig == abi.SigTstp, sig == abi.SigTtin, sig == abi.SigTtou:
		return abi.ErrnoNotsup
	}
	p.Exit(kernel.StateKilled, 128+int(sig), fmt.Sprintf("killed by %s (raised by the process)", signalNames[sig]))
	return Terminate
}

// schedYield lets other host threads run.
func schedYield(p *kernel.Process, m Memory, a []uint64) abi.Errno {
	runtime.Gosched()
	return abi.ErrnoSuccess
}

// randomGet fills a buffer from the host's CSPRNG.
//
// # Result (Errno)
//   - EFAULT: the buffer is out of memory bounds.
func randomGet(p *kernel.Process, m Memory, a []uint64) abi.Errno {
	buf, n := uint32(a[0]), uint32(a[1])
	if uint64(buf)+uint64(n) > uint64(m.Size()) {
		return abi.ErrnoFault
	}
	random := p.Kernel().Random
	_, err := fill(m, iovec{buf, n}, func(b []byte) (int, error) { return io.ReadFull(random, b) })
	if err != nil {
		return abi.ErrnoIo
	}
	return abi.ErrnoSuccess
}
