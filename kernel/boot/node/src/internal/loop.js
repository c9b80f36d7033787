// Node's event loop on QuickJS's. qjs's loop (js_std_loop) drains the
// microtask queue, then polls: it runs one expired os timer or one ready
// read handler, and ends when it has neither. On top of it the layer keeps
//  - its own timers (a heap), with one os timer armed for the earliest, so
//    that unref'd timers can exist without keeping the process alive;
//  - a "tick": a read handler on /dev/zero, always ready, so qjs calls it on
//    its next turn with no sleep (os.setTimeout clamps to 1 ms). Each tick
//    runs one unit of work (an expired timer, an immediate), so microtasks
//    and process.nextTick callbacks run between any two, as in Node;
//  - a count of ref'd handles (timers, stdin, ...): when it is zero and the
//    microtasks are drained, the tick emits 'beforeExit', and if that
//    schedules nothing, exits with process.exitCode (see process.js).
// Every callback the loop runs goes through `callback()`, which sends an
// exception to the uncaught-exception handler and runs the nextTick queue.
import { os } from "./sys.js";
import { validateFunction, codedError } from "./errors.js";
import * as poller from "./poller.js";

const hooks = {
  uncaught: (err) => { throw err; }, // set by process.js
  idle: () => {}, // set by process.js: returns only if 'beforeExit' scheduled work
};

/** setHooks connects the loop to process.js (uncaught errors, exit). */
export function setHooks(h) {
  Object.assign(hooks, h);
}

let refs = 0;
/** ref() counts a handle that keeps the process alive; unref() releases it. */
export function ref() { refs++; schedule(); }
export function unref() { refs--; schedule(); }

// ---- nextTick ----

let ticks = [];
let tickHead = 0;
let ticksQueued = false;

export function nextTick(fn, ...args) {
  validateFunction(fn, "callback");
  ticks.push(fn, args);
  if (!ticksQueued) {
    ticksQueued = true;
    queueMicrotask(runTicks);
  }
}

/** runTicks runs the nextTick queue, including what the callbacks add. */
export function runTicks() {
  ticksQueued = false;
  while (tickHead < ticks.length) {
    const fn = ticks[tickHead];
    const args = ticks[tickHead + 1];
    ticks[tickHead] = ticks[tickHead + 1] = undefined;
    tickHead += 2;
    try {
      if (args.length === 0) fn();
      else fn(...args);
    } catch (err) {
      hooks.uncaught(err);
    }
  }
  ticks = [];
  tickHead = 0;
}

/**
 * callback(fn, thisArg, args) runs a macrotask callback as Node does: an
 * exception is uncaught, and the nextTick queue runs before the microtasks.
 */
let work = 0;
/** workCount() changes whenever a macrotask callback runs. */
export const workCount = () => work;

export function callback(fn, thisArg, args) {
  work++;
  try {
    fn.apply(thisArg, args);
  } catch (err) {
    hooks.uncaught(err);
  }
  if (tickHead < ticks.length) runTicks();
}

// ---- timers ----

const TIMEOUT_MAX = 2 ** 31 - 1;
let seq = 0;
let nextId = 1;
const heap = []; // entries { t, when, seq }, ordered by (when, seq)

function less(a, b) { return a.when < b.when || (a.when === b.when && a.seq < b.seq); }
function heapPush(e) {
  heap.push(e);
  let i = heap.length - 1;
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (!less(heap[i], heap[p])) break;
    [heap[i], heap[p]] = [heap[p], heap[i]];
    i = p;
  }
}
function heapPop() {
  const top = heap[0];
  const last = heap.pop();
  if (heap.length > 0) {
    heap[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1, r = l + 1;
      let m = i;
      if (l < heap.length && less(heap[l], heap[m])) m = l;
      if (r < heap.length && less(heap[r], heap[m])) m = r;
      if (m === i) break;
      [heap[i], heap[m]] = [heap[m], heap[i]];
      i = m;
    }
  }
  return top;
}
/** The earliest live entry, dropping cancelled and rescheduled ones. */
function heapTop() {
  while (heap.length > 0) {
    const e = heap[0];
    if (e.t._entry === e) return e;
    heapPop();
  }
  return undefined;
}

const now = () => os.now() / 1000; // ms, with µs precision

const byId = new Map(); // ids a program obtained with +timeout

// What Timeout and Immediate share: while live (not destroyed) and refed,
// a handle keeps the process alive.
class Handle {
  ref() {
    if (!this._ref) {
      this._ref = true;
      if (!this._destroyed) ref();
    }
    return this;
  }
  unref() {
    if (this._ref) {
      this._ref = false;
      if (!this._destroyed) unref();
    }
    return this;
  }
  hasRef() { return this._ref; }
}

export class Timeout extends Handle {
  constructor(callback, after, args, isRepeat) {
    super();
    after *= 1;
    if (!(after >= 1 && after <= TIMEOUT_MAX)) {
      if (after > TIMEOUT_MAX) {
        process.emitWarning(`${after} does not fit into a 32-bit signed integer.\nTimeout duration was set to 1.`, "TimeoutOverflowWarning");
      }
      after = 1;
    }
    this._idleTimeout = after;
    this._onTimeout = callback;
    this._timerArgs = args;
    this._repeat = isRepeat ? after : null;
    this._destroyed = false;
    this._ref = true;
    this._id = nextId++;
    this._entry = null;
    refs++;
    arm(this);
  }
  refresh() {
    if (!this._destroyed) arm(this);
    return this;
  }
  close() {
    clearTimeout(this);
    return this;
  }
  [Symbol.toPrimitive]() {
    byId.set(this._id, this);
    return this._id;
  }
  [Symbol.dispose]() { clearTimeout(this); }
}

function arm(t) {
  const e = { t, when: now() + t._idleTimeout, seq: seq++ };
  t._entry = e;
  heapPush(e);
  schedule();
}

function destroy(t) {
  if (t._destroyed) return;
  t._destroyed = true;
  t._entry = null;
  byId.delete(t._id);
  if (t._ref) refs--;
}

export function setTimeout(callback, after, ...args) {
  validateFunction(callback, "callback");
  return new Timeout(callback, after, args, false);
}

export function setInterval(callback, repeat, ...args) {
  validateFunction(callback, "callback");
  return new Timeout(callback, repeat, args, true);
}

export function clearTimeout(timer) {
  if (timer && timer._onTimeout) {
    destroy(timer);
    schedule();
  } else if (typeof timer === "number" || typeof timer === "string") {
    const t = byId.get(Number(timer));
    if (t) clearTimeout(t);
  }
}

export const clearInterval = clearTimeout;

function runTimer(e) {
  const t = e.t;
  heapPop();
  t._entry = null;
  if (t._repeat !== null) arm(t);
  else destroy(t);
  callback(t._onTimeout, t, t._timerArgs);
}

// ---- immediates ----

let immediates = [];
let immHead = 0;

export class Immediate extends Handle {
  constructor(callback, args) {
    super();
    this._onImmediate = callback;
    this._argv = args;
    this._destroyed = false;
    this._ref = true;
    refs++;
    immediates.push(this);
    schedule();
  }
  [Symbol.dispose]() { clearImmediate(this); }
}

export function setImmediate(callback, ...args) {
  validateFunction(callback, "callback");
  return new Immediate(callback, args);
}

export function clearImmediate(imm) {
  if (!imm || imm._destroyed || !imm._onImmediate) return;
  imm._destroyed = true;
  if (imm._ref) refs--;
  schedule();
}

function liveImmediate() {
  while (immHead < immediates.length) {
    const imm = immediates[immHead];
    if (!imm._destroyed) return imm;
    immediates[immHead++] = undefined;
  }
  if (immHead > 0) {
    immediates = [];
    immHead = 0;
    checkEnd = 0;
  }
  return undefined;
}

// ---- I/O completions ----
// What Node's thread pool would complete: the fs callbacks and promises,
// file stream reads and writes. io(fn, thisArg, args) runs fn in the poll
// phase of a later turn (as Node runs I/O callbacks), keeping the process
// alive until then.

let ioQueue = [];
let ioHead = 0;
let pollEnd = 0;
let checkEnd = 0;

export function io(fn, thisArg, args) {
  ioQueue.push(fn, thisArg, args);
  refs++;
  schedule();
}

function runIo() {
  const fn = ioQueue[ioHead];
  const thisArg = ioQueue[ioHead + 1];
  const args = ioQueue[ioHead + 2];
  ioQueue[ioHead] = ioQueue[ioHead + 1] = ioQueue[ioHead + 2] = undefined;
  ioHead += 3;
  if (ioHead >= ioQueue.length) {
    ioQueue = [];
    ioHead = 0;
    pollEnd = 0;
  }
  refs--;
  callback(fn, thisArg, args);
}

// ---- the tick ----

let zeroFd = -2; // /dev/zero, opened on first use; -1 if it cannot be
let ticking = false;
let osTimer = null;
let osTimerWhen = 0;
let started = false;

function setTicking(on) {
  if (on === ticking) return;
  ticking = on;
  if (zeroFd === -2) zeroFd = os.open("/dev/zero", os.O_RDONLY);
  if (zeroFd >= 0) {
    // In the poll set with the sockets (internal/poller.js): a read handler
    // of its own could starve behind theirs, or they behind it.
    if (on) {
      poller.runFirst(zeroFd);
      poller.watch(zeroFd, "r", tick);
    }
    else poller.unwatch(zeroFd, "r");
  } else if (on) {
    // No /dev/zero: a 1 ms timer is the next best.
    os.setTimeout(function fallbackTick() { if (ticking) { tick(); if (ticking) os.setTimeout(fallbackTick, 0); } }, 0);
  }
}

/** schedule re-arms the tick and the os timer after any change. */
function schedule() {
  if (!started) return;
  const e = heapTop();
  const due = e !== undefined && e.when <= now();
  const work = due || ioHead < ioQueue.length || liveImmediate() !== undefined || refs <= 0;
  setTicking(work);
  const want = !work && e !== undefined ? e.when : 0;
  if (want !== osTimerWhen) {
    if (osTimer !== null) os.clearTimeout(osTimer);
    osTimer = null;
    osTimerWhen = want;
    if (want) osTimer = os.setTimeout(onOsTimer, Math.max(1, Math.ceil(want - now())));
  }
}

function onOsTimer() {
  osTimer = null;
  osTimerWhen = 0;
  schedule();
}

// The phases of one turn, as in libuv: due timers, then the I/O
// completions queued before the poll phase began (fs callbacks, stream
// reads), then the immediates queued before the check phase began. Each
// tick runs one unit of work, so microtasks and nextTick run between any two.
const TIMERS = 0, POLL = 1, CHECK = 2;
let phase = TIMERS;

function tick() {
  for (let pass = 0; pass < 4; pass++) {
    if (phase === TIMERS) {
      const e = heapTop();
      if (e !== undefined && e.when <= now()) {
        runTimer(e);
        schedule();
        return;
      }
      phase = POLL;
      pollEnd = ioQueue.length;
    }
    if (phase === POLL) {
      if (ioHead < pollEnd) {
        runIo();
        schedule();
        return;
      }
      phase = CHECK;
      checkEnd = immediates.length;
    }
    if (immHead < checkEnd) {
      const imm = liveImmediate();
      if (imm !== undefined && immHead < checkEnd) {
        immediates[immHead++] = undefined;
        imm._destroyed = true;
        if (imm._ref) refs--;
        callback(imm._onImmediate, imm, imm._argv);
        schedule();
        return;
      }
    }
    phase = TIMERS;
  }
  if (refs <= 0) {
    // Nothing keeps the process alive and the microtasks are drained:
    // process.js emits 'beforeExit', and exits unless that scheduled work.
    hooks.idle();
  }
  schedule();
}

/** start begins the loop once the entry has run (it ran synchronously). */
export function start() {
  started = true;
  if (tickHead < ticks.length) runTicks();
  schedule();
}

/** active lists the kinds of the live handles (process.getActiveResourcesInfo). */
export function active() {
  const out = [];
  for (const e of heap) if (e.t._entry === e) out.push("Timeout");
  for (let i = ioHead; i < ioQueue.length; i += 3) out.push("FSReqCallback");
  for (let i = immHead; i < immediates.length; i++) if (!immediates[i]._destroyed) out.push("Immediate");
  return out;
}

export function validateDelay(ms, name) {
  if (typeof ms !== "number") {
    throw codedError(TypeError, "ERR_INVALID_ARG_TYPE", `The "${name}" argument must be of type number. Received type ${typeof ms}`);
  }
}
