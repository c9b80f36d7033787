// events: the `events` package (Node's EventEmitter for other engines), with
// what Node added since: errorMonitor, on(), getEventListeners,
// setMaxListeners(n, ...targets), addAbortListener.
export default function (layer) {
  const EventEmitter = require("events");
  if (EventEmitter.errorMonitor) return EventEmitter;
  const errorMonitor = Symbol("events.errorMonitor");
  const emit = EventEmitter.prototype.emit;
  EventEmitter.prototype.emit = function emit_(type, ...args) {
    if (type === "error") {
      const events = this._events;
      if (events !== undefined && events[errorMonitor] !== undefined) emit.call(this, errorMonitor, ...args);
      if (events === undefined || events.error === undefined) {
        // Node's unhandled 'error': the error itself, or ERR_UNHANDLED_ERROR
        // naming the value (the package says "(undefined)" for non-errors).
        const er = args[0];
        if (er instanceof Error) throw er;
        const { inspect } = layer.builtin("util");
        const err = layer.errors.codedError(Error, "ERR_UNHANDLED_ERROR", `Unhandled error. (${inspect(er)})`);
        err.context = er;
        throw err;
      }
    }
    return emit.call(this, type, ...args);
  };
  EventEmitter.errorMonitor = errorMonitor;
  EventEmitter.captureRejectionSymbol = Symbol.for("nodejs.rejection");
  EventEmitter.captureRejections = false;
  EventEmitter.usingDomains = false;
  EventEmitter.getEventListeners = (target, name) => {
    if (typeof target.listeners === "function") return target.listeners(name);
    throw layer.errors.notAvailable("events.getEventListeners() of an EventTarget");
  };
  EventEmitter.getMaxListeners = (target) => (typeof target.getMaxListeners === "function" ? target.getMaxListeners() : EventEmitter.defaultMaxListeners);
  EventEmitter.setMaxListeners = (n = EventEmitter.defaultMaxListeners, ...targets) => {
    if (targets.length === 0) EventEmitter.defaultMaxListeners = n;
    for (const t of targets) if (typeof t.setMaxListeners === "function") t.setMaxListeners(n);
  };
  EventEmitter.addAbortListener = (signal, listener) => {
    if (signal.aborted) queueMicrotask(() => listener());
    else signal.addEventListener("abort", listener, { once: true });
    return { [Symbol.dispose || Symbol.for("Symbol.dispose")]() { signal.removeEventListener("abort", listener); } };
  };
  // events.on(emitter, name): an async iterator of the event's argument arrays.
  EventEmitter.on = function on(emitter, event, options = {}) {
    const queue = [];
    const waiting = [];
    let error = null;
    let done = false;
    const onEvent = (...args) => {
      if (waiting.length) waiting.shift().resolve({ value: args, done: false });
      else queue.push(args);
    };
    const onError = (err) => {
      if (waiting.length) waiting.shift().reject(err);
      else error = err;
      iterator.return();
    };
    const cleanup = () => {
      emitter.removeListener(event, onEvent);
      if (event !== "error") emitter.removeListener("error", onError);
    };
    emitter.on(event, onEvent);
    if (event !== "error") emitter.on("error", onError);
    const signal = options.signal;
    if (signal) signal.addEventListener("abort", () => onError(signal.reason), { once: true });
    const iterator = {
      next() {
        if (queue.length) return Promise.resolve({ value: queue.shift(), done: false });
        if (error) {
          const e = error;
          error = null;
          return Promise.reject(e);
        }
        if (done) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
      },
      return() {
        cleanup();
        done = true;
        for (const w of waiting.splice(0)) w.resolve({ value: undefined, done: true });
        return Promise.resolve({ value: undefined, done: true });
      },
      throw(err) {
        error = err;
        cleanup();
        return Promise.reject(err);
      },
      [Symbol.asyncIterator]() { return this; },
    };
    return iterator;
  };
  return EventEmitter;
}
