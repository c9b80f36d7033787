// events: the `events` package (Node's EventEmitter for other engines), with
// what Node added since or does differently: errorMonitor, captureRejections
// (the constructor's option and the static), Node's unhandled 'error' and
// MaxListenersExceededWarning (through process.emitWarning), once() with an
// AbortSignal and on EventTargets, on(), getEventListeners,
// setMaxListeners(n, ...targets), addAbortListener.
//
// The package's constructor takes no options, so the built-in is a
// constructor of its own over the package's prototype: the streams (which
// use the package directly) and programs share one prototype.
export default function (layer) {
  const Base = require("events");
  if (Base[Symbol.for("wasmrun.events")]) return Base[Symbol.for("wasmrun.events")];
  const { abortError, codedError, invalidArgType } = layer.errors;
  const inspect = (v, o) => layer.builtin("util").inspect(v, o);
  const errorMonitor = Symbol("events.errorMonitor");
  const kCapture = Symbol("kCapture");
  const kShapeMode = Symbol("shapeMode");
  const kRejection = Symbol.for("nodejs.rejection");
  const proto = Base.prototype;

  function EventEmitter(opts) {
    EventEmitter.init.call(this, opts);
  }
  EventEmitter.prototype = proto;
  Object.defineProperty(proto, "constructor", { value: EventEmitter, writable: true, configurable: true });
  for (const k of Object.getOwnPropertyNames(Base)) {
    if (!["length", "name", "prototype", "arguments", "caller"].includes(k)) {
      Object.defineProperty(EventEmitter, k, Object.getOwnPropertyDescriptor(Base, k));
    }
  }
  EventEmitter.EventEmitter = EventEmitter;
  Base[Symbol.for("wasmrun.events")] = EventEmitter;

  const baseInit = Base.init;
  EventEmitter.init = Base.init = function init(opts) {
    baseInit.call(this);
    if (!Object.hasOwn(this, kShapeMode)) this[kShapeMode] = false;
    if (opts && opts.captureRejections) {
      if (typeof opts.captureRejections !== "boolean") throw invalidArgType("options.captureRejections", "boolean", opts.captureRejections);
      this[kCapture] = true;
    } else {
      this[kCapture] = proto[kCapture];
    }
  };
  proto[kCapture] = false;
  Object.defineProperty(EventEmitter, "captureRejections", {
    enumerable: true,
    get: () => proto[kCapture],
    set(value) {
      if (typeof value !== "boolean") throw invalidArgType("EventEmitter.captureRejections", "boolean", value);
      proto[kCapture] = value;
    },
  });

  function addCatch(that, promise, type, args) {
    if (!that[kCapture]) return;
    try {
      const then = promise.then;
      if (typeof then === "function") {
        then.call(promise, undefined, (err) => layer.loop.nextTick(emitUnhandledRejectionOrErr, that, err, type, args));
      }
    } catch (err) {
      that.emit("error", err);
    }
  }

  function emitUnhandledRejectionOrErr(ee, err, type, args) {
    if (typeof ee[kRejection] === "function") {
      ee[kRejection](err, type, ...args);
    } else {
      const prev = ee[kCapture];
      try {
        ee[kCapture] = false;
        ee.emit("error", err);
      } finally {
        ee[kCapture] = prev;
      }
    }
  }

  proto.emit = function emit(type, ...args) {
    let doError = type === "error";
    const events = this._events;
    if (events !== undefined) {
      if (doError && events[errorMonitor] !== undefined) this.emit(errorMonitor, ...args);
      doError = doError && events.error === undefined;
    } else if (!doError) {
      return false;
    }
    if (doError) {
      const er = args[0];
      if (er instanceof Error) throw er;
      const err = codedError(Error, "ERR_UNHANDLED_ERROR", `Unhandled error. (${inspect(er)})`);
      err.context = er;
      throw err;
    }
    const handler = events[type];
    if (handler === undefined) return false;
    if (typeof handler === "function") {
      const result = handler.apply(this, args);
      if (result !== undefined && result !== null) addCatch(this, result, type, args);
    } else {
      const listeners = handler.slice();
      for (let i = 0; i < listeners.length; ++i) {
        const result = listeners[i].apply(this, args);
        if (result !== undefined && result !== null) addCatch(this, result, type, args);
      }
    }
    return true;
  };

  // Node's MaxListenersExceededWarning, through process.emitWarning (the
  // package writes its own with console.warn).
  for (const name of ["addListener", "on", "prependListener"]) {
    const add = proto[name];
    proto[name] = { [name](type, listener) {
      const events = this._events;
      const existing = events !== undefined ? events[type] : undefined;
      const m = this.getMaxListeners();
      let warn = false;
      if (m > 0 && Array.isArray(existing) && existing.length + 1 > m && !existing.warned) {
        existing.warned = true; // the package's own warning stays silent
        warn = true;
      }
      const r = add.call(this, type, listener);
      if (warn) {
        const count = this._events[type].length;
        const w = new Error(`Possible EventEmitter memory leak detected. ${count} ${String(type)} listeners added to ${inspect(this, { depth: -1 })}. MaxListeners is ${m}. Use emitter.setMaxListeners() to increase limit`);
        w.name = "MaxListenersExceededWarning";
        w.emitter = this;
        w.type = type;
        w.count = count;
        layer.process.emitWarning(w);
      }
      return r;
    } }[name];
  }

  EventEmitter.errorMonitor = errorMonitor;
  EventEmitter.captureRejectionSymbol = kRejection;
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

  function addAgnostic(emitter, name, listener, flags) {
    if (typeof emitter.on === "function") {
      if (flags && flags.once) emitter.once(name, listener);
      else emitter.on(name, listener);
    } else if (typeof emitter.addEventListener === "function") {
      emitter.addEventListener(name, listener, flags);
    } else {
      throw invalidArgType("emitter", "EventEmitter", emitter);
    }
  }

  function removeAgnostic(emitter, name, listener, flags) {
    if (typeof emitter.removeListener === "function") emitter.removeListener(name, listener);
    else if (typeof emitter.removeEventListener === "function") emitter.removeEventListener(name, listener, flags);
  }

  // events.once(emitter, name, { signal }): the next event's arguments.
  EventEmitter.once = function once(emitter, name, options = {}) {
    if (options === null || typeof options !== "object") return Promise.reject(invalidArgType("options", "Object", options));
    const signal = options.signal;
    if (signal && signal.aborted) return Promise.reject(abortError(signal));
    return new Promise((resolve, reject) => {
      const errorListener = (err) => {
        removeAgnostic(emitter, name, resolver);
        if (signal) removeAgnostic(signal, "abort", abortListener);
        reject(err);
      };
      const resolver = (...args) => {
        if (typeof emitter.removeListener === "function") emitter.removeListener("error", errorListener);
        if (signal) removeAgnostic(signal, "abort", abortListener);
        resolve(args);
      };
      addAgnostic(emitter, name, resolver, { once: true });
      if (name !== "error" && typeof emitter.once === "function") emitter.once("error", errorListener);
      function abortListener() {
        removeAgnostic(emitter, name, resolver);
        removeAgnostic(emitter, "error", errorListener);
        reject(abortError(signal));
      }
      if (signal) addAgnostic(signal, "abort", abortListener, { once: true });
    });
  };

  // events.on(emitter, name): an async iterator of the event's argument arrays.
  EventEmitter.on = function on(emitter, event, options = {}) {
    const queue = [];
    const waiting = [];
    let error = null;
    let done = false;
    const signal = options.signal;
    if (signal && signal.aborted) throw abortError(signal);
    const onEvent = (...args) => {
      if (waiting.length) waiting.shift().resolve({ value: args, done: false });
      else queue.push(args);
    };
    const onError = (err) => {
      if (waiting.length) waiting.shift().reject(err);
      else error = err;
      iterator.return();
    };
    const onClose = () => iterator.return();
    const closeEvents = Array.isArray(options.close) ? options.close : [];
    const cleanup = () => {
      removeAgnostic(emitter, event, onEvent);
      if (event !== "error") removeAgnostic(emitter, "error", onError);
      for (const c of closeEvents) removeAgnostic(emitter, c, onClose);
    };
    addAgnostic(emitter, event, onEvent);
    if (event !== "error" && typeof emitter.on === "function") emitter.on("error", onError);
    for (const c of closeEvents) addAgnostic(emitter, c, onClose);
    if (signal) signal.addEventListener("abort", () => onError(abortError(signal)), { once: true });
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
