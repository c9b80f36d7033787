// One descriptor to wait on for every socket, lookup and stdin: a kernel
// poll set (/dev/poll, kernel/pollset.go), the only read handler the layer
// gives qjs. QuickJS-NG's loop examines only the first N of its handlers'
// descriptors when poll() reports N ready, so with several handlers a ready
// socket behind an idle listener would never be served (and the loop would
// spin). Here qjs waits on the set; the set lists what is ready, and every
// ready interest's callback runs in the same turn.
//
// watch(fd, "r"|"w", fn) calls fn() (as it is: wrap it in loop.callback
// where Node's semantics want it) while fd is ready, until unwatch. Without
// /dev/poll (a kernel without it) it falls back to qjs's handlers.
import { os } from "./sys.js";

const watchers = new Map(); // "fd r" / "fd w" -> fn
let setFd = -2;
let armed = false;
const buf = new ArrayBuffer(16 * 1024);

function send(text) {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  os.write(setFd, bytes.buffer, 0, bytes.length);
}

function open() {
  if (setFd === -2) {
    setFd = os.open("/dev/poll", os.O_RDWR);
    if (setFd < 0) setFd = -1;
  }
  return setFd >= 0;
}

function arm() {
  const want = watchers.size > 0;
  if (want === armed) return;
  armed = want;
  os.setReadHandler(setFd, want ? onReady : null);
}

function onReady() {
  const n = os.read(setFd, buf, 0, buf.byteLength);
  if (n <= 0) return;
  const bytes = new Uint8Array(buf, 0, n);
  let line = "";
  const ready = [];
  for (let i = 0; i < n; i++) {
    const c = bytes[i];
    if (c === 10) { ready.push(line); line = ""; } else line += String.fromCharCode(c);
  }
  // The loop's tick first: what it runs (immediates, and the 'close'
  // events they carry) belongs to the turn that is ending, before the I/O
  // of the next one, as libuv's check and close phases come before its
  // next poll.
  if (first !== null && ready.includes(first)) {
    const fn = watchers.get(first);
    if (fn !== undefined) fn();
  }
  for (const key of ready) {
    if (key === first) continue;
    const fn = watchers.get(key);
    if (fn !== undefined) fn();
  }
}

let first = null;
/** runFirst(fd) makes fd's read interest run before the others of a turn (the loop's tick). */
export function runFirst(fd) {
  first = `${fd} r`;
}

export function watch(fd, kind, fn) {
  if (!open()) {
    (kind === "r" ? os.setReadHandler : os.setWriteHandler)(fd, fn);
    return;
  }
  const key = `${fd} ${kind}`;
  if (!watchers.has(key)) send(`+${key}\n`);
  watchers.set(key, fn);
  arm();
}

export function unwatch(fd, kind) {
  if (!open()) {
    (kind === "r" ? os.setReadHandler : os.setWriteHandler)(fd, null);
    return;
  }
  const key = `${fd} ${kind}`;
  if (watchers.delete(key)) send(`-${key}\n`);
  arm();
}
