// util: the `util` package (promisify, callbackify, inherits, types, the
// deprecated is* helpers), with Node 20's inspect and format from
// node-inspect-extracted (the `util` package's inspect is Node 0.x's), and
// what Node added since: isDeepStrictEqual, parseArgs (@pkgjs/parseargs, the
// upstream of Node's), styleText, stripVTControlCharacters, TextEncoder...
import { TextEncoder, TextDecoder } from "../internal/web.js";

export default function (layer) {
  const base = require("util/util.js");
  const { inspect, format, formatWithOptions, stripVTControlCharacters } = require("node-inspect-extracted");
  const process = layer.process;
  const codesWarned = new Set();

  // Node 20 shows a RegExp in one colour; the extracted inspect (a later
  // Node's) highlights its parts.
  inspect.styles.regexp = "red";
  const util = {
    ...base,
    inspect,
    format,
    formatWithOptions,
    stripVTControlCharacters,
    TextEncoder,
    TextDecoder,
    types: layer.builtin("util/types"),
    isDeepStrictEqual(a, b) {
      return require("assert/build/internal/util/comparisons.js").isDeepStrictEqual(a, b);
    },
    parseArgs(config) {
      return require("@pkgjs/parseargs").parseArgs(config);
    },
    deprecate(fn, msg, code) {
      if (process.noDeprecation === true) return fn;
      let warned = false;
      function deprecated(...args) {
        if (!warned) {
          warned = true;
          // Node warns once per code, whichever function carries it.
          if (code === undefined || !codesWarned.has(code)) {
            if (code !== undefined) codesWarned.add(code);
            process.emitWarning(msg, "DeprecationWarning", code, deprecated);
          }
        }
        return new.target ? Reflect.construct(fn, args, new.target) : fn.apply(this, args);
      }
      Object.setPrototypeOf(deprecated, fn);
      if (fn.prototype) deprecated.prototype = fn.prototype;
      return deprecated;
    },
    debuglog(set, cb) {
      const enabled = new RegExp(`^(${(process.env.NODE_DEBUG || "").replace(/[|\\{}()[\]^$+?.]/g, "\\$&").replace(/\*/g, ".*").replace(/,/g, "$|^")})$`, "i").test(set);
      const name = set.toUpperCase();
      const log = (...args) => {
        if (enabled) process.stderr.write(`${name} ${process.pid}: ${format(...args)}\n`);
      };
      log.enabled = enabled;
      if (cb) cb(log);
      return log;
    },
    styleText(fmt, text) {
      const styles = Array.isArray(fmt) ? fmt : [fmt];
      let out = text;
      for (const s of styles) {
        const codes = inspect.colors[s];
        if (!codes) throw layer.errors.codedError(TypeError, "ERR_INVALID_ARG_VALUE", `The argument 'format' must be one of: ${Object.keys(inspect.colors).join(", ")}. Received '${s}'`);
        out = `\u001b[${codes[0]}m${out}\u001b[${codes[1]}m`;
      }
      return out;
    },
    getSystemErrorName(errno) {
      const names = { [-1]: "EPERM", [-2]: "ENOENT", [-9]: "EBADF", [-13]: "EACCES", [-17]: "EEXIST", [-20]: "ENOTDIR", [-21]: "EISDIR", [-22]: "EINVAL", [-28]: "ENOSPC", [-39]: "ENOTEMPTY" };
      return names[errno] || `Unknown system error ${errno}`;
    },
    toUSVString(s) {
      return String(s).replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd");
    },
    aborted(signal, resource) {
      return new Promise((resolve) => {
        if (signal.aborted) resolve();
        else signal.addEventListener("abort", () => resolve(), { once: true });
      });
    },
  };
  // The package's promisify keys on a symbol of its own; Node's (and the
  // timers') is Symbol.for("nodejs.util.promisify.custom").
  const custom = Symbol.for("nodejs.util.promisify.custom");
  function promisify(original) {
    if (typeof original !== "function") throw layer.errors.invalidArgType("original", "function", original);
    if (original[custom]) {
      const fn = original[custom];
      if (typeof fn !== "function") throw layer.errors.invalidArgType("util.promisify.custom", "function", fn);
      return Object.defineProperty(fn, custom, { value: fn, configurable: true });
    }
    function fn(...args) {
      return new Promise((resolve, reject) => {
        Reflect.apply(original, this, [...args, (err, ...values) => (err ? reject(err) : resolve(values[0]))]);
      });
    }
    Object.setPrototypeOf(fn, Object.getPrototypeOf(original));
    Object.defineProperty(fn, custom, { value: fn, configurable: true });
    const descriptors = Object.getOwnPropertyDescriptors(original);
    delete descriptors.length;
    delete descriptors.name;
    return Object.defineProperties(fn, descriptors);
  }
  promisify.custom = custom;
  util.callbackify = function callbackify(original) {
    if (typeof original !== "function") throw layer.errors.invalidArgType("original", "function", original);
    function callbackified(...args) {
      const cb = args.pop();
      if (typeof cb !== "function") throw layer.errors.invalidArgType("last argument", "function", cb);
      Reflect.apply(original, this, args).then(
        (value) => layer.loop.nextTick(cb, null, value),
        (reason) => {
          if (!reason) {
            const err = layer.errors.codedError(Error, "ERR_FALSY_VALUE_REJECTION", "Promise was rejected with falsy value");
            err.reason = reason;
            reason = err;
          }
          layer.loop.nextTick(cb, reason);
        },
      );
    }
    Object.defineProperties(callbackified, Object.getOwnPropertyDescriptors(original));
    return callbackified;
  };
  const inherits = util.inherits;
  util.inherits = function (ctor, superCtor) {
    if (ctor === undefined || ctor === null) throw layer.errors.invalidArgType("ctor", "function", ctor);
    if (superCtor === undefined || superCtor === null) throw layer.errors.invalidArgType("superCtor", "function", superCtor);
    if (superCtor.prototype === undefined) throw layer.errors.invalidArgType("superCtor.prototype", "object", superCtor.prototype);
    return inherits(ctor, superCtor);
  };
  util.promisify = promisify;
  return util;
}
