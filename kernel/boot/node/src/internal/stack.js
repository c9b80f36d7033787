// Stack traces as Node prints them. QuickJS-NG calls Error.prepareStackTrace
// (V8's API) when an error is created; the layer installs one that
//  - writes the V8 format: "Name: message" then "    at fn (file:line:col)";
//  - maps the files qjs really ran (the loader's private copies under the
//    mirror directory, see loader/mirror.js) back to the project's files,
//    correcting the column on line 1, where the copy has a prefix;
//  - names the layer's own frames "node:wasmrun" (the layer is bytecode
//    compiled from one file, which qjs calls "<evalScript>").
// A program that sets its own Error.prepareStackTrace gets call sites whose
// getFileName() etc. are already mapped, so it never sees the copies.

const mapped = new Map(); // copy path -> { file, col1, top }
let mirrorPrefix = "\u0000"; // no file name starts with it until set

/** setMirrorPrefix tells the mapper where the loader's copies live. */
export function setMirrorPrefix(prefix) {
  mirrorPrefix = prefix;
}

/**
 * mapFile records that qjs runs `copy` for the project's `file` (shown as
 * is: a path for CommonJS, a file: URL for ES modules); line 1 of the copy
 * has `col1` extra characters; `top` names its top-level frame as Node does.
 */
export function mapFile(copy, file, col1, top) {
  mapped.set(copy, { file, col1, top });
}

class CallSite {
  constructor(site) {
    this.site = site;
    let file = site.getFileName();
    let line = site.getLineNumber();
    let col = site.getColumnNumber();
    let fn = site.getFunctionName();
    if (file && file.startsWith(mirrorPrefix)) {
      const m = mapped.get(file);
      if (m) {
        file = m.file;
        if (line === 1) col -= m.col1;
        if (m.top !== undefined && (fn === null || fn === "" || fn === WRAPPER_NAME)) fn = m.top;
      }
    } else if (file === "<evalScript>") {
      file = "node:wasmrun";
    }
    this.file = file;
    this.line = line;
    this.col = col;
    this.fn = fn === "<anonymous>" ? null : fn;
    // qjs's sites read the frames they came from: everything is read now,
    // while those frames exist (the stack text may be written later).
    this.native = site.isNative();
  }
  getFileName() { return this.file === null ? undefined : this.file; }
  getScriptNameOrSourceURL() { return this.getFileName(); }
  getLineNumber() { return this.line < 0 ? null : this.line; }
  getColumnNumber() { return this.col < 0 ? null : this.col; }
  getFunctionName() { return this.fn || null; }
  getFunction() { return this.site.getFunction(); }
  getMethodName() { return null; }
  getTypeName() { return null; }
  getThis() { return undefined; }
  getEvalOrigin() { return undefined; }
  isNative() { return this.native; }
  isToplevel() { return false; }
  isEval() { return false; }
  isConstructor() { return false; }
  isAsync() { return false; }
  isPromiseAll() { return false; }
  getPromiseIndex() { return null; }
  toString() {
    const where = this.native ? "<anonymous>"
      : this.file ? `${this.file}:${this.line}:${this.col}` : "<anonymous>";
    if (this.fn === "") return where;
    return this.fn ? `${this.fn} (${where})` : where;
  }
}

/** The name the CommonJS loader gives its wrapper function. */
export const WRAPPER_NAME = "__wasmrun_module__";

function header(err) {
  try {
    // Error.prototype.toString, without calling a user override that throws.
    if (err === null || typeof err !== "object") return String(err);
    const name = err.name === undefined ? "Error" : String(err.name);
    const msg = err.message === undefined ? "" : String(err.message);
    if (!name) return msg;
    if (!msg) return name;
    return `${name}: ${msg}`;
  } catch {
    return "Error";
  }
}

function format(err, sites) {
  let s = header(err);
  for (let i = 0; i < sites.length; i++) {
    // The native call() that runs a CommonJS module's wrapper is the
    // loader's, not the program's: Node shows no such frame.
    if (i > 0 && sites[i].fn === "call" && sites[i - 1].fn === "Object.<anonymous>" && sites[i].isNative()) continue;
    s += `\n    at ${sites[i]}`;
  }
  return s;
}

let userPrepare; // a program's own Error.prepareStackTrace

function stackString(err, sites) {
  if (userPrepare) return userPrepare(err, sites);
  return format(err, sites);
}

/**
 * V8 writes err.stack when it is first read, so a name or message set after
 * `super()` shows in its first line. qjs calls this when the error is made:
 * the layer leaves an accessor that writes the stack on first read (qjs
 * keeps an accessor it finds in place), then becomes a plain property.
 */
let capturing = 0; // inside Error.captureStackTrace: qjs writes what is returned

const lazy = new WeakSet(); // errors whose stack is an accessor not read yet

function prepareStackTrace(err, rawSites) {
  // qjs asks again in each frame an exception unwinds through while the
  // error has no plain stack property: the first answer (where the error
  // was made) stands.
  if (capturing === 0 && lazy.has(err)) return undefined;
  const sites = rawSites.map((site) => new CallSite(site));
  if (capturing > 0) return stackString(err, sites);
  const own = err !== null && typeof err === "object" ? Object.getOwnPropertyDescriptor(err, "stack") : undefined;
  if (err !== null && typeof err === "object" && Object.isExtensible(err) && (own === undefined || own.configurable)) {
    const settle = (value) => {
      lazy.delete(err);
      Object.defineProperty(err, "stack", { value, writable: true, configurable: true, enumerable: false });
      return value;
    };
    try {
      Object.defineProperty(err, "stack", {
        configurable: true,
        enumerable: false,
        get() { return settle(stackString(err, sites)); },
        set(value) { settle(value); },
      });
      lazy.add(err);
      return undefined;
    } catch {
      // Fall through: written now.
    }
  }
  return stackString(err, sites);
}

/**
 * install puts the layer's prepareStackTrace in place. QuickJS-NG keeps the
 * function the engine calls behind a native accessor on Error; the layer
 * sets it to its own, then shadows the property, so a program reads
 * undefined (as in Node) until it sets its own function, which the layer's
 * then calls with mapped call sites.
 */
export function install() {
  const nativeCapture = Error.captureStackTrace;
  if (typeof nativeCapture === "function") {
    Object.defineProperty(Error, "captureStackTrace", {
      configurable: true,
      writable: true,
      enumerable: false,
      value: function captureStackTrace(obj, fn) {
        capturing++;
        try {
          return nativeCapture(obj, typeof fn === "function" ? fn : captureStackTrace);
        } finally {
          capturing--;
        }
      },
    });
  }
  const native = Object.getOwnPropertyDescriptor(Error, "prepareStackTrace");
  if (native && typeof native.set === "function") native.set.call(Error, prepareStackTrace);
  else Error.prepareStackTrace = prepareStackTrace;
  Object.defineProperty(Error, "prepareStackTrace", {
    configurable: true,
    enumerable: false,
    get() { return userPrepare; },
    set(fn) { userPrepare = typeof fn === "function" && fn !== prepareStackTrace ? fn : undefined; },
  });
}

/**
 * stackOf(err) is err.stack with its first line brought up to date: the stack
 * is written when the error is created, V8 writes it on first read, so a name
 * or message changed after `super()` shows in Node but not in qjs.
 */
export function stackOf(err) {
  const stack = err && err.stack;
  if (typeof stack !== "string") return undefined;
  const now = header(err);
  const nl = stack.indexOf("\n    at ");
  if (nl < 0) return stack === "" ? now : stack;
  const first = stack.slice(0, nl);
  if (first === now || first.startsWith(`${err.name} [`)) return stack;
  // Only fix a header that is a stale "Name: message" of this error.
  if (first.endsWith(String(err.message)) || first === String(err.name) || first.startsWith("Error")) {
    return now + stack.slice(nl);
  }
  return stack;
}

/** topFrame(err) is { file, line, col } of the first project frame, if any. */
export function topFrame(err) {
  const stack = err && typeof err.stack === "string" ? err.stack : "";
  const re = /\n {4}at (?:.* \()?((?:file:\/\/)?\/[^():]+):(\d+):(\d+)\)?/g;
  let m;
  while ((m = re.exec(stack))) {
    return { file: m[1], line: Number(m[2]), col: Number(m[3]) };
  }
  return undefined;
}
