//go:build js

package browser

import "unsafe"

// The worker's services to the kernel. Pointers are addresses in the
// kernel's own memory; offsets are in the guest's.

//go:wasmimport wasmrun_worker guest_read
func guestRead(dst unsafe.Pointer, off, n uint32) uint32

//go:wasmimport wasmrun_worker guest_write
func guestWrite(src unsafe.Pointer, off, n uint32) uint32

//go:wasmimport wasmrun_worker guest_size
func guestSize() uint32

// attnLoad reads the attention counter, which the page bumps for every
// request, stdin chunk or stop.
//
//go:wasmimport wasmrun_worker attn_load
func attnLoad() int32

// attnWait blocks (Atomics.wait) while the counter equals seq, at most
// timeoutMs milliseconds (negative: no limit).
//
//go:wasmimport wasmrun_worker attn_wait
func attnWait(seq int32, timeoutMs float64)

//go:wasmimport wasmrun_worker attn_notify
func attnNotify()

// mailboxTake copies the pending request into dst and frees the mailbox; it
// returns the request's length, 0 when there is none, or minus the length
// when dst is too small (the request stays).
//
//go:wasmimport wasmrun_worker mailbox_take
func mailboxTake(dst unsafe.Pointer, cap uint32) int32

// stdinRead copies typed input into dst: the count, 0 when none is
// waiting, -1 when input has ended.
//
//go:wasmimport wasmrun_worker stdin_read
func stdinRead(dst unsafe.Pointer, cap uint32) int32

// stdinAvailable is how many input bytes wait, or -1 when input has ended.
//
//go:wasmimport wasmrun_worker stdin_available
func stdinAvailable() int32

// post sends the page a message: JSON text, and optional bytes that travel
// beside it as a Uint8Array.
//
//go:wasmimport wasmrun_worker post
func post(json unsafe.Pointer, jsonLen uint32, data unsafe.Pointer, dataLen uint32)

// nowMs is performance.now(): the worker's monotonic clock.
//
//go:wasmimport wasmrun_worker now_ms
func nowMs() float64

// randomFill fills dst from crypto.getRandomValues.
//
//go:wasmimport wasmrun_worker random_fill
func randomFill(dst unsafe.Pointer, n uint32)
