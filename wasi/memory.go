package wasi

import (
	"encoding/binary"

	"github.com/wasmrun/wasmrun/wasi/abi"
)

// Memory is a guest's linear memory. Read may return a view of the memory
// itself or a copy: callers treat the result as read-only and use it before
// the next call that may let the guest run or grow its memory. Out-of-range
// accesses report false. wazero's api.Memory satisfies it as is.
type Memory interface {
	Read(offset, byteCount uint32) ([]byte, bool)
	Write(offset uint32, v []byte) bool
	Size() uint32
}

func readU32(m Memory, off uint32) (uint32, bool) {
	b, ok := m.Read(off, 4)
	if !ok {
		return 0, false
	}
	return binary.LittleEndian.Uint32(b), true
}

func writeU32(m Memory, off, v uint32) bool {
	var b [4]byte
	binary.LittleEndian.PutUint32(b[:], v)
	return m.Write(off, b[:])
}

func writeU64(m Memory, off uint32, v uint64) bool {
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], v)
	return m.Write(off, b[:])
}

// readString copies a guest string (not NUL-terminated) of n bytes.
func readString(m Memory, off, n uint32) (string, bool) {
	b, ok := m.Read(off, n)
	if !ok {
		return "", false
	}
	return string(b), true
}

// iovec is one decoded (c)iovec: a guest buffer.
type iovec struct{ buf, len uint32 }

// readIovecs decodes n iovecs at off, checking each buffer lies in memory.
func readIovecs(m Memory, off, n uint32) ([]iovec, abi.Errno) {
	if n > 1024 {
		return nil, abi.ErrnoInval // IOV_MAX
	}
	raw, ok := m.Read(off, n*abi.IovecSize)
	if !ok {
		return nil, abi.ErrnoFault
	}
	iovs := make([]iovec, n)
	for i := range iovs {
		iovs[i].buf = binary.LittleEndian.Uint32(raw[i*8:])
		iovs[i].len = binary.LittleEndian.Uint32(raw[i*8+4:])
		if uint64(iovs[i].buf)+uint64(iovs[i].len) > uint64(m.Size()) {
			return nil, abi.ErrnoFault
		}
	}
	return iovs, abi.ErrnoSuccess
}

func totalLen(iovs []iovec) uint64 {
	var t uint64
	for _, v := range iovs {
		t += uint64(v.len)
	}
	return t
}

// View is implemented by memories whose Read returns the guest's memory
// itself (wazero's does), so that reads can fill guest buffers in place
// instead of through a copy.
type View interface {
	Memory
	View(offset, byteCount uint32) ([]byte, bool)
}

// fill reads into the guest buffer iov with read.
func fill(m Memory, iov iovec, read func([]byte) (int, error)) (int, error) {
	if v, ok := m.(View); ok {
		b, _ := v.View(iov.buf, iov.len)
		return read(b)
	}
	b := make([]byte, iov.len)
	n, err := read(b)
	if n > 0 {
		m.Write(iov.buf, b[:n])
	}
	return n, err
}

// gather returns the bytes of the iovecs, in order: a view of guest memory
// for one iovec, a copy for several.
func gather(m Memory, iovs []iovec) []byte {
	if len(iovs) == 1 {
		b, _ := m.Read(iovs[0].buf, iovs[0].len)
		return b
	}
	buf := make([]byte, 0, totalLen(iovs))
	for _, iov := range iovs {
		b, _ := m.Read(iov.buf, iov.len)
		buf = append(buf, b...)
	}
	return buf
}
