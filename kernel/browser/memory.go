//go:build js

package browser

import "unsafe"

// guestMemory is the running guest's linear memory, reached through the
// worker: each access copies between the two instances' memories by
// address, with no JS object per access.
type guestMemory struct{}

func (guestMemory) Size() uint32 { return guestSize() }

func (guestMemory) Read(off, n uint32) ([]byte, bool) {
	if uint64(off)+uint64(n) > uint64(guestSize()) {
		return nil, false
	}
	b := make([]byte, n)
	if n > 0 {
		guestRead(unsafe.Pointer(&b[0]), off, n)
	}
	return b, true
}

func (guestMemory) Write(off uint32, b []byte) bool {
	if uint64(off)+uint64(len(b)) > uint64(guestSize()) {
		return false
	}
	if len(b) > 0 {
		guestWrite(unsafe.Pointer(&b[0]), off, uint32(len(b)))
	}
	return true
}
