package wasi

import (
	"github.com/wasmrun/wasmrun/kernel"
	"github.com/wasmrun/wasmrun/wasi/abi"
)

// The socket functions act on sockets the kernel hands a process; none
// exists until wasmnet provides listening sockets, so on every open
// descriptor they answer ENOTSOCK, and EBADF on a closed one.

func notSocket(p *kernel.Process, fd uint32) abi.Errno {
	if _, err := p.FDs.Get(fd); err != nil {
		return abi.ErrnoBadf
	}
	return abi.ErrnoNotsock
}

// sockAccept accepts a connection on a listening socket.
//
// # Result (Errno)
//   - EBADF: fd is not open; ENOTSOCK: fd is not a socket.
func sockAccept(p *kernel.Process, m Memory, a []uint64) abi.Errno {
	return notSocket(p, uint32(a[0]))
}

// sockRecv receives from a connected socket.
//
// # Result (Errno)
//   - EBADF: fd is not open; ENOTSOCK: fd is not a socket.
func sockRecv(p *kernel.Process, m Memory, a []uint64) abi.Errno {
	return notSocket(p, uint32(a[0]))
}

// sockSend sends on a connected socket.
//
// # Result (Errno)
//   - EBADF: fd is not open; ENOTSOCK: fd is not a socket.
func sockSend(p *kernel.Process, m Memory, a []uint64) abi.Errno {
	return notSocket(p, uint32(a[0]))
}

// sockShutdown shuts down one or both directions of a socket.
//
// # Result (Errno)
//   - EBADF: fd is not open; ENOTSOCK: fd is not a socket; EINVAL: how has
//     unknown bits.
func sockShutdown(p *kernel.Process, m Memory, a []uint64) abi.Errno {
	if a[1]&^uint64(abi.SdflagRd|abi.SdflagWr) != 0 || a[1] == 0 {
		if _, err := p.FDs.Get(uint32(a[0])); err != nil {
			return abi.ErrnoBadf
		}
		return abi.ErrnoInval
	}
	return notSocket(p, uint32(a[0]))
}
