// The SharedArrayBuffer the page and the kernel worker share: a control
// block of Int32 words, a one-request mailbox, and the stdin ring. The page
// writes requests and input; the worker reads them when the kernel asks
// (kernel/browser/imports.go). Every write bumps ATTN and notifies it, which
// wakes a guest waiting in the kernel (Atomics.wait on ATTN).

export const ATTN = 0; // attention counter
export const MB_STATE = 1; // 0: mailbox free, 1: a request waits
export const MB_LEN = 2; // the request's length in bytes
export const IN_HEAD = 3; // stdin ring: next byte to read (consumer)
export const IN_TAIL = 4; // stdin ring: next byte to write (producer)
export const IN_CLOSED = 5; // 1: input ended (Ctrl-D)
export const CTL_WORDS = 16;

export const MAILBOX_BYTES = 4 << 20;
export const STDIN_BYTES = 64 << 10;

export interface Shared {
  sab: SharedArrayBuffer;
  ctl: Int32Array;
  mailbox: Uint8Array;
  stdin: Uint8Array;
}

export function createShared(): Shared {
  const sab = new SharedArrayBuffer(CTL_WORDS * 4 + MAILBOX_BYTES + STDIN_BYTES);
  return viewShared(sab);
}

export function viewShared(sab: SharedArrayBuffer): Shared {
  return {
    sab,
    ctl: new Int32Array(sab, 0, CTL_WORDS),
    mailbox: new Uint8Array(sab, CTL_WORDS * 4, MAILBOX_BYTES),
    stdin: new Uint8Array(sab, CTL_WORDS * 4 + MAILBOX_BYTES, STDIN_BYTES),
  };
}

/** Wakes whoever waits on ATTN (a blocked guest). */
export function bump(ctl: Int32Array): void {
  Atomics.add(ctl, ATTN, 1);
  Atomics.notify(ctl, ATTN);
}

/** Bytes waiting in the stdin ring. */
export function stdinAvailable(s: Shared): number {
  const head = Atomics.load(s.ctl, IN_HEAD);
  const tail = Atomics.load(s.ctl, IN_TAIL);
  return (tail - head + STDIN_BYTES) % STDIN_BYTES;
}

/** Appends to the stdin ring; returns how many bytes fit. */
export function stdinWrite(s: Shared, data: Uint8Array): number {
  let tail = Atomics.load(s.ctl, IN_TAIL);
  const room = STDIN_BYTES - 1 - stdinAvailable(s);
  const n = Math.min(room, data.length);
  for (let i = 0; i < n; i++) {
    s.stdin[tail] = data[i];
    tail = (tail + 1) % STDIN_BYTES;
  }
  Atomics.store(s.ctl, IN_TAIL, tail);
  return n;
}

/** Takes up to dst.length bytes from the stdin ring. */
export function stdinTake(s: Shared, dst: Uint8Array): number {
  let head = Atomics.load(s.ctl, IN_HEAD);
  const n = Math.min(dst.length, stdinAvailable(s));
  for (let i = 0; i < n; i++) {
    dst[i] = s.stdin[head];
    head = (head + 1) % STDIN_BYTES;
  }
  Atomics.store(s.ctl, IN_HEAD, head);
  return n;
}
