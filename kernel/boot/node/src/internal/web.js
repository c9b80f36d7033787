// The web-platform globals Node has and QuickJS-NG does not: DOMException,
// atob/btoa, TextEncoder/TextDecoder, Event/EventTarget (event-target-shim),
// AbortController/AbortSignal, structuredClone (@ungap/structured-clone).
// TextEncoder/TextDecoder are ours: the polyfills on npm install themselves
// as globals or cover UTF-8 only, and Node's decoder also speaks UTF-16LE
// and latin1.
import { codedError, invalidArgType } from "./errors.js";

const DOM_CODES = {
  IndexSizeError: 1, HierarchyRequestError: 3, WrongDocumentError: 4, InvalidCharacterError: 5,
  NoModificationAllowedError: 7, NotFoundError: 8, NotSupportedError: 9, InvalidStateError: 11,
  SyntaxError: 12, InvalidModificationError: 13, NamespaceError: 14, InvalidAccessError: 15,
  TypeMismatchError: 17, SecurityError: 18, NetworkError: 19, AbortError: 20, URLMismatchError: 21,
  QuotaExceededError: 22, TimeoutError: 23, InvalidNodeTypeError: 24, DataCloneError: 25,
};

export class DOMException extends Error {
  constructor(message = "", options = "Error") {
    super(message);
    let name = options;
    if (options !== null && typeof options === "object") {
      name = options.name === undefined ? "Error" : options.name;
      if ("cause" in options) Object.defineProperty(this, "cause", { value: options.cause, writable: true, configurable: true });
    }
    Object.defineProperty(this, "name", { value: String(name), writable: true, configurable: true });
    Object.defineProperty(this, "code", { value: DOM_CODES[name] || 0, writable: true, configurable: true });
  }
}
for (const [name, code] of Object.entries(DOM_CODES)) {
  const constant = name.replace(/Error$/, "").replace(/([a-z])([A-Z])/g, "$1_$2").toUpperCase() + "_ERR";
  Object.defineProperty(DOMException, constant, { value: code, enumerable: true });
}

// ---- base64 ----

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const B64_INDEX = new Int16Array(128).fill(-1);
for (let i = 0; i < 64; i++) B64_INDEX[B64.charCodeAt(i)] = i;

export function btoa(input) {
  if (arguments.length === 0) throw invalidArgType("input", "string", undefined);
  const s = String(input);
  let out = "";
  for (let i = 0; i < s.length; i += 3) {
    const a = s.charCodeAt(i), b = s.charCodeAt(i + 1), c = s.charCodeAt(i + 2);
    if (a > 255 || b > 255 || c > 255) throw new DOMException("Invalid character", "InvalidCharacterError");
    const n = (a << 16) | ((b || 0) << 8) | (c || 0);
    out += B64[n >> 18] + B64[(n >> 12) & 63] + (i + 1 < s.length ? B64[(n >> 6) & 63] : "=") + (i + 2 < s.length ? B64[n & 63] : "=");
  }
  return out;
}

export function atob(input) {
  if (arguments.length === 0) throw invalidArgType("input", "string", undefined);
  let s = String(input).replace(/[\t\n\f\r ]+/g, "");
  if (s.length % 4 === 0) s = s.replace(/==?$/, "");
  if (s.length % 4 === 1 || /[^A-Za-z0-9+/]/.test(s)) {
    throw new DOMException("The string to be decoded is not correctly encoded.", "InvalidCharacterError");
  }
  let out = "";
  let bits = 0, acc = 0;
  for (let i = 0; i < s.length; i++) {
    acc = (acc << 6) | B64_INDEX[s.charCodeAt(i)];
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += String.fromCharCode((acc >> bits) & 255);
    }
  }
  return out;
}

// ---- TextEncoder / TextDecoder ----

export class TextEncoder {
  get encoding() { return "utf-8"; }
  encode(input = "") {
    const s = String(input);
    const out = new Uint8Array(s.length * 3);
    return out.slice(0, encodeUtf8(s, out, 0).written);
  }
  encodeInto(src, dest) {
    return encodeUtf8(String(src), dest, 0);
  }
}

/** encodeUtf8 writes s into out from pos; stops before a character that does not fit. */
function encodeUtf8(s, out, pos) {
  let read = 0;
  const n = s.length, cap = out.length;
  let i = 0;
  for (; i < n; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      if (pos >= cap) break;
      out[pos++] = c;
      read++;
      continue;
    }
    let units = 1;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        units = 2;
      } else c = 0xfffd;
    } else if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
    if (c < 0x800) {
      if (pos + 2 > cap) break;
      out[pos++] = 0xc0 | (c >> 6);
      out[pos++] = 0x80 | (c & 63);
    } else if (c < 0x10000) {
      if (pos + 3 > cap) break;
      out[pos++] = 0xe0 | (c >> 12);
      out[pos++] = 0x80 | ((c >> 6) & 63);
      out[pos++] = 0x80 | (c & 63);
    } else {
      if (pos + 4 > cap) break;
      out[pos++] = 0xf0 | (c >> 18);
      out[pos++] = 0x80 | ((c >> 12) & 63);
      out[pos++] = 0x80 | ((c >> 6) & 63);
      out[pos++] = 0x80 | (c & 63);
    }
    read += units;
    i += units - 1;
  }
  return { read, written: pos };
}

const LABELS = {
  "utf-8": "utf-8", utf8: "utf-8", "unicode-1-1-utf-8": "utf-8",
  "utf-16le": "utf-16le", "utf-16": "utf-16le", ucs2: "utf-16le", "ucs-2": "utf-16le",
  latin1: "windows-1252", "iso-8859-1": "windows-1252", "windows-1252": "windows-1252", ascii: "windows-1252",
  "us-ascii": "windows-1252", "iso8859-1": "windows-1252", l1: "windows-1252", cp1252: "windows-1252",
};

function toBytes(input) {
  if (input === undefined) return new Uint8Array(0);
  if (input instanceof ArrayBuffer || (typeof SharedArrayBuffer !== "undefined" && input instanceof SharedArrayBuffer)) return new Uint8Array(input);
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  throw invalidArgType("input", "an instance of ArrayBuffer or ArrayBufferView", input);
}

export class TextDecoder {
  #encoding;
  #fatal;
  #ignoreBOM;
  #pending = null; // bytes of an incomplete sequence kept by stream: true
  #bomSeen = false;
  constructor(label = "utf-8", options = {}) {
    const enc = LABELS[String(label).trim().toLowerCase()];
    if (!enc) throw codedError(RangeError, "ERR_ENCODING_NOT_SUPPORTED", `The "${label}" encoding is not supported`);
    this.#encoding = enc;
    this.#fatal = Boolean(options && options.fatal);
    this.#ignoreBOM = Boolean(options && options.ignoreBOM);
  }
  get encoding() { return this.#encoding; }
  get fatal() { return this.#fatal; }
  get ignoreBOM() { return this.#ignoreBOM; }
  decode(input, options = {}) {
    let bytes = toBytes(input);
    const stream = Boolean(options && options.stream);
    if (this.#pending) {
      const joined = new Uint8Array(this.#pending.length + bytes.length);
      joined.set(this.#pending);
      joined.set(bytes, this.#pending.length);
      bytes = joined;
      this.#pending = null;
    }
    let out;
    if (this.#encoding === "utf-8") {
      const keep = stream ? incompleteTail(bytes) : 0;
      if (keep) this.#pending = bytes.slice(bytes.length - keep);
      out = decodeUtf8(bytes, bytes.length - keep, this.#fatal);
    } else if (this.#encoding === "utf-16le") {
      let n = bytes.length;
      if (n & 1) {
        if (stream) this.#pending = bytes.slice(n - 1);
        else if (this.#fatal) throw codedError(TypeError, "ERR_ENCODING_INVALID_ENCODED_DATA", "The encoded data was not valid for encoding utf-16le");
        n--;
      }
      out = "";
      for (let i = 0; i < n; i += 2) out += String.fromCharCode(bytes[i] | (bytes[i + 1] << 8));
      if (!stream && bytes.length & 1) out += "\ufffd";
    } else {
      out = decodeLatin1(bytes);
    }
    if (!this.#ignoreBOM && !this.#bomSeen && out.length > 0) {
      if (out.charCodeAt(0) === 0xfeff && this.#encoding !== "windows-1252") out = out.slice(1);
    }
    if (out.length > 0 || !stream) this.#bomSeen = stream;
    return out;
  }
}

/** How many bytes at the end of b start a UTF-8 sequence that is not complete. */
function incompleteTail(b) {
  const n = b.length;
  for (let k = 1; k <= 3 && k <= n; k++) {
    const c = b[n - k];
    if ((c & 0xc0) === 0x80) continue; // continuation byte
    const need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
    return need > k ? k : 0;
  }
  return 0;
}

function decodeLatin1(b) {
  let out = "";
  for (let i = 0; i < b.length; i += 8192) out += String.fromCharCode.apply(null, b.subarray(i, i + 8192));
  return out;
}

/** decodeUtf8 decodes b[0:end], replacing bad sequences with U+FFFD as the Encoding standard does. */
export function decodeUtf8(b, end = b.length, fatal = false) {
  let out = "";
  const units = [];
  let i = 0;
  const bad = () => {
    if (fatal) throw codedError(TypeError, "ERR_ENCODING_INVALID_ENCODED_DATA", "The encoded data was not valid for encoding utf-8");
    units.push(0xfffd);
  };
  while (i < end) {
    const c = b[i];
    if (c < 0x80) {
      units.push(c);
      i++;
    } else {
      let need, min, cp;
      if (c >= 0xc2 && c <= 0xdf) { need = 1; cp = c & 0x1f; min = 0x80; }
      else if (c >= 0xe0 && c <= 0xef) { need = 2; cp = c & 0x0f; min = 0x800; }
      else if (c >= 0xf0 && c <= 0xf4) { need = 3; cp = c & 0x07; min = 0x10000; }
      else { bad(); i++; continue; }
      let j = 1;
      for (; j <= need; j++) {
        const d = b[i + j];
        if (i + j >= end || (d & 0xc0) !== 0x80) break;
        // The second byte's range rules out overlongs and surrogates early.
        if (j === 1 && ((c === 0xe0 && d < 0xa0) || (c === 0xed && d > 0x9f) || (c === 0xf0 && d < 0x90) || (c === 0xf4 && d > 0x8f))) break;
        cp = (cp << 6) | (d & 0x3f);
      }
      if (j <= need || cp < min) {
        bad();
        i += Math.max(1, j);
        continue;
      }
      i += need + 1;
      if (cp >= 0x10000) {
        cp -= 0x10000;
        units.push(0xd800 + (cp >> 10), 0xdc00 + (cp & 0x3ff));
      } else units.push(cp);
    }
    if (units.length >= 8192) {
      out += String.fromCharCode.apply(null, units);
      units.length = 0;
    }
  }
  return out + String.fromCharCode.apply(null, units);
}

// ---- events, abort ----

let shim;
let EventClass;
let shimLoading = false;
function eventTargetShim() {
  if (!shim) {
    // The package looks for a global Event while it loads: answer "none".
    if (shimLoading) return {};
    shimLoading = true;
    try {
      shim = require("event-target-shim");
    } finally {
      shimLoading = false;
    }
    // Node warns about nothing (a listener added twice, preventDefault of
    // an event that cannot be cancelled); an exception in a listener is
    // uncaught, on the next tick.
    shim.setWarningHandler(() => {});
    shim.setErrorHandler((err) => {
      globalThis.process.nextTick(() => { throw err; });
    });
    // Node's Event needs its type.
    const Base = shim.Event;
    EventClass = class Event extends Base {
      constructor(type, init) {
        if (arguments.length === 0) throw codedError(TypeError, "ERR_MISSING_ARGS", 'The "type" argument must be specified');
        super(type, init);
      }
    };
  }
  return shim;
}
export const getEventTarget = () => eventTargetShim().EventTarget;
export const getEvent = () => (eventTargetShim(), EventClass);

let abortClasses;
/** AbortController and AbortSignal, on event-target-shim's EventTarget. */
export function getAbort() {
  if (abortClasses) return abortClasses;
  const { EventTarget } = eventTargetShim();
  const Event = EventClass;
  const kInit = Symbol("init");
  class AbortSignal extends EventTarget {
    #aborted = false;
    #reason = undefined;
    #onabort = null;
    #handler = null;
    constructor(key) {
      if (key !== kInit) throw codedError(TypeError, "ERR_ILLEGAL_CONSTRUCTOR", "Illegal constructor");
      super();
    }
    // An event handler attribute, as in Node: a listener added when first
    // set, in its place among the others.
    get onabort() { return this.#onabort; }
    set onabort(fn) {
      this.#onabort = typeof fn === "function" ? fn : null;
      if (this.#onabort && !this.#handler) {
        this.#handler = (ev) => { if (this.#onabort) this.#onabort.call(this, ev); };
        this.addEventListener("abort", this.#handler);
      }
    }
    get aborted() { return this.#aborted; }
    get reason() { return this.#reason; }
    throwIfAborted() {
      if (this.#aborted) throw this.#reason;
    }
    [kInit](reason) {
      if (this.#aborted) return;
      this.#aborted = true;
      this.#reason = reason === undefined ? new DOMException("This operation was aborted", "AbortError") : reason;
      this.dispatchEvent(new Event("abort"));
    }
    static abort(reason) {
      const s = new AbortSignal(kInit);
      s[kInit](reason);
      return s;
    }
    static timeout(ms) {
      const s = new AbortSignal(kInit);
      globalThis.setTimeout(() => s[kInit](new DOMException("The operation was aborted due to timeout", "TimeoutError")), ms).unref();
      return s;
    }
    static any(signals) {
      const s = new AbortSignal(kInit);
      for (const other of signals) {
        if (other.aborted) {
          s[kInit](other.reason);
          return s;
        }
      }
      for (const other of signals) other.addEventListener("abort", () => s[kInit](other.reason), { once: true });
      return s;
    }
    get [Symbol.toStringTag]() { return "AbortSignal"; }
  }
  class AbortController {
    #signal = new AbortSignal(kInit);
    get signal() { return this.#signal; }
    abort(reason) { this.#signal[kInit](reason); }
    get [Symbol.toStringTag]() { return "AbortController"; }
  }
  abortClasses = { AbortController, AbortSignal };
  return abortClasses;
}

let ungap;
export function structuredClone(value, options) {
  if (arguments.length === 0) throw invalidArgType("value", "any", undefined);
  // serialize/deserialize, not the package's default export: that one calls
  // the global structuredClone when there is one, which is this function.
  if (!ungap) ungap = require("@ungap/structured-clone");
  let copy;
  try {
    copy = ungap.deserialize(ungap.serialize(value, options));
  } catch (err) {
    if (err instanceof TypeError) throw new DOMException(err.message, "DataCloneError");
    throw err;
  }
  // Transferred buffers: the copy has the bytes, the original is detached.
  const transfer = options && options.transfer;
  if (transfer) {
    for (const t of transfer) if (t instanceof ArrayBuffer && typeof t.transfer === "function") t.transfer();
  }
  return copy;
}
