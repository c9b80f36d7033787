// Atomics, which this QuickJS-NG build (WASI, no threads) lacks and Node has.
// The VM runs one thread, so plain reads and writes are atomic; wait()
// sleeps (the synchronous-sleep idiom) and notify() wakes no one.
import { os } from "./sys.js";
import { notAvailable } from "./errors.js";

function check(ta, index) {
  if (!ArrayBuffer.isView(ta) || ta instanceof DataView || ta instanceof Float32Array || ta instanceof Float64Array) {
    throw new TypeError("[object Array] is not an integer shared typed array.");
  }
  const i = Number(index);
  if (!Number.isInteger(i) || i < 0 || i >= ta.length) throw new RangeError("Invalid atomic access index");
  return i;
}

function rmw(op) {
  return (ta, index, value) => {
    const i = check(ta, index);
    const old = ta[i];
    ta[i] = op(old, typeof old === "bigint" ? BigInt(value) : Number(value));
    return old;
  };
}

export const Atomics = {
  add: rmw((a, b) => a + b),
  sub: rmw((a, b) => a - b),
  and: rmw((a, b) => a & b),
  or: rmw((a, b) => a | b),
  xor: rmw((a, b) => a ^ b),
  exchange: rmw((a, b) => b),
  compareExchange(ta, index, expected, replacement) {
    const i = check(ta, index);
    const old = ta[i];
    const cast = typeof old === "bigint" ? BigInt : Number;
    const probe = ta.slice(i, i + 1);
    probe[0] = cast(expected);
    if (old === probe[0]) ta[i] = cast(replacement);
    return old;
  },
  load(ta, index) {
    return ta[check(ta, index)];
  },
  store(ta, index, value) {
    const i = check(ta, index);
    ta[i] = typeof ta[i] === "bigint" ? BigInt(value) : Number(value);
    return ta[i];
  },
  isLockFree: (n) => n === 1 || n === 2 || n === 4 || n === 8,
  wait(ta, index, value, timeout = Infinity) {
    const i = check(ta, index);
    if (ta[i] !== (typeof ta[i] === "bigint" ? BigInt(value) : Number(value))) return "not-equal";
    const ms = Number(timeout);
    if (!Number.isFinite(ms)) throw notAvailable("Atomics.wait() without a timeout", "the VM has one thread: nothing could wake it");
    if (ms > 0) os.sleep(Math.ceil(ms));
    return "timed-out";
  },
  waitAsync() {
    throw notAvailable("Atomics.waitAsync()", "the VM has one thread");
  },
  notify(ta, index) {
    check(ta, index);
    return 0;
  },
  pause() {},
  [Symbol.toStringTag]: "Atomics",
};
