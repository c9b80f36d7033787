// Node's globals. The ones that need a polyfill (Buffer, URL, the abort and
// event classes, crypto) are getters that build the value on first use and
// then become plain writable properties, as Node's are; a program that
// never touches them does not pay for them.
// QuickJS-NG's globals that Node lacks: navigator (libraries take it for a
// browser), gc, execArgv and argv0 are removed; print, std, os, bjson and
// scriptArgs stay (non-enumerable) for programs written for plain qjs.
import * as loop from "./loop.js";
import { validateFunction } from "./errors.js";
import { fatal } from "./process.js";
import { createGlobalConsole } from "./console.js";
import { builtin } from "../builtins.js";
import { getURL } from "./urls.js";
import { qjsOs } from "./qjsos.js";
import { getFetch, getHeaders, getRequest, getResponse } from "./fetch.js";
import { Atomics } from "./atomics.js";
import { DOMException, atob, btoa, TextEncoder, TextDecoder, getEventTarget, getEvent, getAbort, structuredClone } from "./web.js";

const g = globalThis;

function define(name, value, enumerable = false) {
  Object.defineProperty(g, name, { value, writable: true, configurable: true, enumerable });
}

function lazy(name, make, enumerable = false) {
  Object.defineProperty(g, name, {
    configurable: true,
    enumerable,
    get() {
      const value = make();
      // undefined: the polyfill is loading and looked for the global itself
      // (event-target-shim does); answer "absent" and stay lazy.
      if (value !== undefined) define(name, value, enumerable);
      return value;
    },
    set(value) {
      define(name, value, enumerable);
    },
  });
}

function extendPerformance(qjsPerf) {
  const entries = [];
  // qjs's timeOrigin (not configurable) is its monotonic clock's, not the
  // epoch's: the global is an object of the layer's, over qjs's now().
  const now = qjsPerf.now.bind(qjsPerf);
  const perf = Object.create(Object.getPrototypeOf(qjsPerf));
  for (const key of Reflect.ownKeys(qjsPerf)) {
    if (key !== "timeOrigin" && key !== "now") Object.defineProperty(perf, key, Object.getOwnPropertyDescriptor(qjsPerf, key));
  }
  perf.now = function now_() { return now(); };
  Object.defineProperty(perf.now, "name", { value: "now" });
  const origin = Date.now() - now();
  Object.defineProperty(perf, "timeOrigin", { configurable: true, enumerable: true, value: origin });
  if (!(Symbol.toStringTag in perf)) Object.defineProperty(perf, Symbol.toStringTag, { value: "Performance", configurable: true });
  const entry = (name, entryType, startTime, duration, detail) => ({
    name, entryType, startTime, duration, detail: detail === undefined ? null : detail,
    toJSON() { return { name, entryType, startTime, duration, detail: this.detail }; },
  });
  const find = (name) => {
    for (let i = entries.length - 1; i >= 0; i--) if (entries[i].name === name && entries[i].entryType === "mark") return entries[i].startTime;
    throw new DOMException(`The "${name}" performance mark has not been set`, "SyntaxError");
  };
  Object.assign(perf, {
    mark(name, options = {}) {
      const e = entry(String(name), "mark", options.startTime === undefined ? perf.now() : options.startTime, 0, options.detail);
      entries.push(e);
      return e;
    },
    measure(name, start, end) {
      let detail;
      if (start !== null && typeof start === "object") {
        ({ detail, end } = start);
        start = start.start;
      }
      const t0 = start === undefined ? 0 : typeof start === "number" ? start : find(start);
      const t1 = end === undefined ? perf.now() : typeof end === "number" ? end : find(end);
      const e = entry(String(name), "measure", t0, t1 - t0, detail);
      entries.push(e);
      return e;
    },
    getEntries: () => entries.slice(),
    getEntriesByName: (name, type) => entries.filter((e) => e.name === name && (type === undefined || e.entryType === type)),
    getEntriesByType: (type) => entries.filter((e) => e.entryType === type),
    clearMarks(name) { removeEntries("mark", name); },
    clearMeasures(name) { removeEntries("measure", name); },
    timerify: (fn) => fn,
    eventLoopUtilization: () => ({ idle: 0, active: 0, utilization: 0 }),
    toJSON: () => ({ timeOrigin: perf.timeOrigin }),
  });
  function removeEntries(type, name) {
    for (let i = entries.length - 1; i >= 0; i--) {
      if (entries[i].entryType === type && (name === undefined || entries[i].name === name)) entries.splice(i, 1);
    }
  }
  return perf;
}

export function setupGlobals(process) {
  for (const name of ["execArgv", "argv0", "gc", "navigator"]) delete g[name];
  // QuickJS's own globals stay, hidden from enumeration, so that programs
  // written for plain qjs (print, std, os, bjson, scriptArgs) keep running:
  // scriptArgs is what qjs gave them, [entry, ...args].
  for (const name of ["print", "std", "bjson"]) {
    if (name in g) Object.defineProperty(g, name, { enumerable: false });
  }
  // qjs's os, with timers and handlers that keep the process alive.
  if ("os" in g) lazy("os", qjsOs);
  define("scriptArgs", process.argv.slice(1));
  define("global", g);
  if (typeof g.Atomics === "undefined") define("Atomics", Atomics);
  define("process", process);
  define("setTimeout", loop.setTimeout, true);
  define("clearTimeout", loop.clearTimeout, true);
  define("setInterval", loop.setInterval, true);
  define("clearInterval", loop.clearInterval, true);
  define("setImmediate", loop.setImmediate, true);
  define("clearImmediate", loop.clearImmediate, true);
  define("structuredClone", structuredClone, true);
  // qjs's queueMicrotask: with Node's argument check, and an exception in
  // the callback is uncaught (qjs would end its loop on it).
  const enqueue = g.queueMicrotask;
  define("queueMicrotask", function queueMicrotask(callback) {
    validateFunction(callback, "callback");
    enqueue(() => {
      try {
        callback();
      } catch (err) {
        fatal(err);
      }
    });
  }, true);
  const custom = Symbol.for("nodejs.util.promisify.custom");
  for (const [fn, name] of [[loop.setTimeout, "setTimeout"], [loop.setImmediate, "setImmediate"]]) {
    Object.defineProperty(fn, custom, { configurable: true, get: () => builtin("timers/promises")[name] });
  }
  define("atob", atob, true);
  define("btoa", btoa, true);
  define("DOMException", DOMException);
  define("TextEncoder", TextEncoder);
  define("TextDecoder", TextDecoder);
  define("console", createGlobalConsole(process));
  if (g.performance) define("performance", extendPerformance(g.performance), true);
  lazy("Buffer", () => builtin("buffer").Buffer);
  lazy("URL", () => getURL().URL);
  lazy("URLSearchParams", () => getURL().URLSearchParams);
  lazy("EventTarget", getEventTarget);
  lazy("Event", getEvent);
  lazy("AbortController", () => getAbort().AbortController);
  lazy("AbortSignal", () => getAbort().AbortSignal);
  lazy("CustomEvent", () => {
    const Event = getEvent();
    return class CustomEvent extends Event {
      #detail;
      constructor(type, options = {}) {
        super(type, options);
        this.#detail = options.detail === undefined ? null : options.detail;
      }
      get detail() { return this.#detail; }
    };
  });
  lazy("crypto", () => builtin("crypto").webcrypto, true);
  lazy("Blob", () => builtin("buffer").Blob);
  lazy("File", () => builtin("buffer").File);
  lazy("fetch", getFetch, true);
  lazy("Headers", getHeaders);
  lazy("Request", getRequest);
  lazy("Response", getResponse);
  // The WHATWG streams (stream/web).
  for (const name of [
    "ReadableStream", "ReadableStreamDefaultReader", "ReadableStreamBYOBReader", "ReadableStreamBYOBRequest",
    "ReadableByteStreamController", "ReadableStreamDefaultController", "TransformStream",
    "TransformStreamDefaultController", "WritableStream", "WritableStreamDefaultWriter",
    "WritableStreamDefaultController", "ByteLengthQueuingStrategy", "CountQueuingStrategy",
    "TextEncoderStream", "TextDecoderStream", "CompressionStream", "DecompressionStream",
  ]) lazy(name, () => builtin("stream/web")[name]);
}
