package wasi

import (
	"github.com/wasmrun/wasmrun/kernel"
	"github.com/wasmrun/wasmrun/wasi/abi"
)

// argsGet writes the process's arguments: pointers at argv, NUL-terminated
// strings packed at argv_buf.
//
// # Result (Errno)
//   - EFAULT: argv or argv_buf is out of memory bounds.
func argsGet(p *kernel.Process, m Memory, a []uint64) abi.Errno {
	return writeStrings(m, p.Argv, uint32(a[0]), uint32(a[1]))
}

// argsSizesGet writes the argument count and the size of the buffer
// args_get needs.
//
// # Result (Errno)
//   - EFAULT: a result pointer is out of memory bounds.
func argsSizesGet(p *kernel.Process, m Memory, a []uint64) abi.Errno {
	return writeSizes(m, p.Argv, uint32(a[0]), uint32(a[1]))
}

// environGet writes the process's environment as args_get does its
// arguments. The guest sees only what it was given, never the host's.
func environGet(p *kernel.Process, m Memory, a []uint64) abi.Errno {
	return writeStrings(m, p.Env, uint32(a[0]), uint32(a[1]))
}

// environSizesGet writes the environment's count and buffer size.
func environSizesGet(p *kernel.Process, m Memory, a []uint64) abi.Errno {
	return writeSizes(m, p.Env, uint32(a[0]), uint32(a[1]))
}

func writeStrings(m Memory, list []string, ptrs, buf uint32) abi.Errno {
	for i, s := range list {
		if !writeU32(m, ptrs+uint32(i)*4, buf) {
			return abi.ErrnoFault
		}
		b := make([]byte, len(s)+1)
		copy(b, s)
		if !m.Write(buf, b) {
			return abi.ErrnoFault
		}
		buf += uint32(len(b))
	}
	return abi.ErrnoSuccess
}

func writeSizes(m Memory, list []string, countPtr, sizePtr uint32) abi.Errno {
	size := 0
	for _, s := range list {
		size += len(s) + 1
	}
	if !writeU32(m, countPtr, uint32(len(list))) || !writeU32(m, sizePtr, uint32(size)) {
		return abi.ErrnoFault
	}
	return abi.ErrnoSuccess
}
