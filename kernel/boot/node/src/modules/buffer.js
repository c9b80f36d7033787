// buffer: the `buffer` package (Node's Buffer for other engines), with what
// Node 20 adds or does differently: the base64url encoding, UTF-8 decoding
// as the Encoding standard replaces bad sequences (one U+FFFD per maximal
// subpart, as V8 does), Node's coded argument errors (ERR_INVALID_ARG_TYPE,
// ERR_OUT_OF_RANGE, ERR_BUFFER_OUT_OF_BOUNDS), Node's inspect output,
// atob/btoa, isUtf8/isAscii, Blob and File, constants.
import { atob, btoa, decodeUtf8 } from "../internal/web.js";
import { codedError, invalidArgType, describe } from "../internal/errors.js";

let Blob;
let File;

export default function (layer) {
  const mod = require("buffer");
  const { Buffer } = mod;
  const kMaxLength = 2 ** 32;
  patchBase64url(Buffer);
  patchUtf8(Buffer);
  patchErrors(Buffer, kMaxLength);
  patchInspect(Buffer, mod, layer);
  const exports = {
    Buffer,
    SlowBuffer: mod.SlowBuffer,
    INSPECT_MAX_BYTES: 50,
    kMaxLength,
    kStringMaxLength: 2 ** 29 - 24,
    constants: { MAX_LENGTH: kMaxLength, MAX_STRING_LENGTH: 2 ** 29 - 24 },
    atob,
    btoa,
    isUtf8(input) {
      try {
        decodeUtf8(bytesOf(input), undefined, true);
        return true;
      } catch {
        return false;
      }
    },
    isAscii(input) {
      const bytes = bytesOf(input);
      for (let i = 0; i < bytes.length; i++) if (bytes[i] > 127) return false;
      return true;
    },
    transcode() {
      throw layer.errors.notAvailable("buffer.transcode()", "the VM has no ICU");
    },
    resolveObjectURL: () => undefined,
    get Blob() { return getBlob(); },
    get File() { getBlob(); return File; },
  };
  // INSPECT_MAX_BYTES is read by inspect, and settable as in Node.
  mod.INSPECT_MAX_BYTES = 50;
  Object.defineProperty(exports, "INSPECT_MAX_BYTES", {
    enumerable: true,
    get: () => mod.INSPECT_MAX_BYTES,
    set: (v) => { mod.INSPECT_MAX_BYTES = v; },
  });
  return exports;
}

function bytesOf(input) {
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  throw invalidArgType("input", "an instance of ArrayBuffer, Buffer, or TypedArray", input);
}

// The package predates "base64url": decoding already accepts its alphabet
// through "base64"; encoding and the encoding checks need it added.
function patchBase64url(Buffer) {
  if (Buffer.isEncoding("base64url")) return;
  const isBase64url = (enc) => typeof enc === "string" && enc.toLowerCase() === "base64url";
  const toBase64url = (s) => s.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  const proto = Buffer.prototype;
  const toString = proto.toString;
  proto.toString = function (enc, start, end) {
    if (isBase64url(enc)) return toBase64url(toString.call(this, "base64", start, end));
    return toString.apply(this, arguments);
  };
  const write = proto.write;
  proto.write = function (string, offset, length, enc) {
    for (let i = 1; i < arguments.length; i++) {
      if (isBase64url(arguments[i])) {
        const args = Array.from(arguments);
        args[i] = "base64";
        return write.apply(this, args);
      }
    }
    return write.apply(this, arguments);
  };
  const from = Buffer.from;
  Buffer.from = function (value, enc, length) {
    if (typeof value === "string" && isBase64url(enc)) return from.call(this, value, "base64");
    return from.apply(this, arguments);
  };
  const byteLength = Buffer.byteLength;
  Buffer.byteLength = function (string, enc) {
    if (isBase64url(enc)) return byteLength.call(this, string, "base64");
    return byteLength.apply(this, arguments);
  };
  const isEncoding = Buffer.isEncoding;
  Buffer.isEncoding = function (enc) {
    return isBase64url(enc) || isEncoding.call(this, enc);
  };
}

/** utf8(bytes, start, end): ASCII through fromCharCode, the rest through the standard decoder. */
function utf8(buf, start, end) {
  let ascii = true;
  for (let i = start; i < end; i++) {
    if (buf[i] > 127) {
      ascii = false;
      break;
    }
  }
  if (ascii) {
    let out = "";
    for (let i = start; i < end; i += 8192) out += String.fromCharCode.apply(null, buf.subarray(i, Math.min(end, i + 8192)));
    return out;
  }
  return decodeUtf8(buf.subarray(start, end));
}

function patchUtf8(Buffer) {
  const proto = Buffer.prototype;
  const toString = proto.toString;
  proto.toString = function (encoding, start, end) {
    if (encoding === undefined || encoding === "utf8" || encoding === "utf-8" || (typeof encoding === "string" && /^utf-?8$/i.test(encoding))) {
      const len = this.length;
      start = start === undefined || start < 0 ? 0 : start | 0;
      end = end === undefined || end > len ? len : end | 0;
      if (end <= start) return "";
      return utf8(this, start, end);
    }
    return toString.apply(this, arguments);
  };
  proto.utf8Slice = function (start = 0, end = this.length) {
    return utf8(this, start, Math.min(end, this.length));
  };
}

function outOfRange(name, range, value) {
  let received;
  if (typeof value === "number" && Number.isInteger(value) && Math.abs(value) > 2 ** 32) received = separated(String(value));
  else if (typeof value === "bigint") received = (value > 2n ** 32n || value < -(2n ** 32n) ? separated(String(value)) : String(value)) + "n";
  else received = typeof value === "string" ? `'${value}'` : String(value);
  return codedError(RangeError, "ERR_OUT_OF_RANGE", `The value of "${name}" is out of range. It must be ${range}. Received ${received}`);
}

function separated(s) {
  let res = "";
  let i = s.length;
  const start = s[0] === "-" ? 1 : 0;
  for (; i >= start + 4; i -= 3) res = `_${s.slice(i - 3, i)}${res}`;
  return `${s.slice(0, i)}${res}`;
}

function validateNumber(value, name) {
  if (typeof value !== "number") throw invalidArgType(name, "number", value);
}

function boundsError(value, length) {
  if (Math.floor(value) !== value) throw outOfRange("offset", "an integer", value);
  if (length < 0) throw codedError(RangeError, "ERR_BUFFER_OUT_OF_BOUNDS", "Attempt to access memory outside buffer bounds");
  return outOfRange("offset", `>= 0 and <= ${length}`, value);
}

function checkBounds(buf, offset, size) {
  validateNumber(offset, "offset");
  if (buf[offset] === undefined || buf[offset + size - 1] === undefined) throw boundsError(offset, buf.length - size);
}

function patchErrors(Buffer, kMaxLength) {
  const FIRST_ARG = "The first argument must be of type string or an instance of Buffer, ArrayBuffer, or Array or an Array-like Object.";
  const from = Buffer.from;
  Buffer.from = function (value, encodingOrOffset, length) {
    if (value === null || value === undefined || typeof value === "number" || typeof value === "boolean" || typeof value === "symbol" || typeof value === "bigint" || typeof value === "function") {
      throw codedError(TypeError, "ERR_INVALID_ARG_TYPE", `${FIRST_ARG} Received ${describe(value)}`);
    }
    if (typeof value === "string" && encodingOrOffset !== undefined && typeof encodingOrOffset === "string" && !Buffer.isEncoding(encodingOrOffset)) {
      throw codedError(TypeError, "ERR_UNKNOWN_ENCODING", `Unknown encoding: ${encodingOrOffset}`);
    }
    try {
      return from.apply(this, arguments);
    } catch (err) {
      if (err instanceof TypeError && !err.code) throw codedError(TypeError, "ERR_INVALID_ARG_TYPE", `${FIRST_ARG} Received ${describe(value)}`);
      throw err;
    }
  };
  for (const name of ["alloc", "allocUnsafe", "allocUnsafeSlow"]) {
    const orig = Buffer[name];
    Buffer[name] = function (size) {
      if (typeof size !== "number") throw invalidArgType("size", "number", size);
      if (!(size >= 0 && size <= kMaxLength)) throw outOfRange("size", `>= 0 && <= ${kMaxLength}`, size);
      return orig.apply(this, arguments);
    };
    Object.defineProperty(Buffer[name], "name", { value: name });
  }
  const concat = Buffer.concat;
  Buffer.concat = function (list, length) {
    if (!Array.isArray(list)) throw invalidArgType("list", "an instance of Array", list);
    for (let i = 0; i < list.length; i++) {
      if (!(list[i] instanceof Uint8Array)) throw invalidArgType(`list[${i}]`, "an instance of Buffer or Uint8Array", list[i]);
    }
    return concat.call(this, list, length);
  };
  const proto = Buffer.prototype;
  const toString = proto.toString;
  proto.toString = function (encoding) {
    if (encoding !== undefined && encoding !== null && typeof encoding === "string" && !Buffer.isEncoding(encoding)) {
      throw codedError(TypeError, "ERR_UNKNOWN_ENCODING", `Unknown encoding: ${encoding}`);
    }
    return toString.apply(this, arguments);
  };
  // The fixed-size reads and writes: Node's checks, then the package's code.
  const ints = { Int8: [1, -0x80, 0x7f], UInt8: [1, 0, 0xff], Int16: [2, -0x8000, 0x7fff], UInt16: [2, 0, 0xffff], Int32: [4, -0x80000000, 0x7fffffff], UInt32: [4, 0, 0xffffffff] };
  const kinds = [];
  for (const [k, spec] of Object.entries(ints)) {
    const ends = spec[0] === 1 ? [""] : ["LE", "BE"];
    for (const e of ends) kinds.push([k + e, spec[0], spec[1], spec[2]]);
  }
  for (const e of ["LE", "BE"]) {
    kinds.push([`Float${e}`, 4], [`Double${e}`, 8], [`BigInt64${e}`, 8, -(2n ** 63n), 2n ** 63n - 1n], [`BigUInt64${e}`, 8, 0n, 2n ** 64n - 1n]);
  }
  for (const [kind, size, min, max] of kinds) {
    const read = proto[`read${kind}`];
    const write = proto[`write${kind}`];
    if (read) {
      const checked = function (offset = 0) {
        checkBounds(this, offset, size);
        return read.call(this, offset);
      };
      Object.defineProperty(checked, "name", { value: `read${kind}` });
      proto[`read${kind}`] = checked;
      if (kind.includes("UInt")) proto[`read${kind.replace("UInt", "Uint")}`] = checked;
    }
    if (write) {
      const checked = function (value, offset = 0) {
        if (min !== undefined) {
          if (typeof min === "bigint") {
            if (typeof value !== "bigint") throw invalidArgType("value", "bigint", value);
          } else {
            validateNumber(value, "value");
          }
          if (value > max || value < min) {
            const n = typeof min === "bigint" ? "n" : "";
            const range = size > 4
              ? (min === 0n ? `>= 0${n} and < 2${n} ** ${size * 8}${n}` : `>= -(2${n} ** ${size * 8 - 1}${n}) and < 2 ** ${size * 8 - 1}${n}`)
              : `>= ${min}${n} and <= ${max}${n}`;
            throw outOfRange("value", range, value);
          }
        }
        checkBounds(this, offset, size);
        return write.call(this, value, offset, true);
      };
      Object.defineProperty(checked, "name", { value: `write${kind}` });
      proto[`write${kind}`] = checked;
      if (kind.includes("UInt")) proto[`write${kind.replace("UInt", "Uint")}`] = checked;
    }
  }
}

function patchInspect(Buffer, mod, layer) {
  const custom = Symbol.for("nodejs.util.inspect.custom");
  function inspect(recurseTimes, ctx) {
    const max = mod.INSPECT_MAX_BYTES;
    const actualMax = Math.min(max, this.length);
    const remaining = this.length - max;
    let str = this.toString("hex", 0, actualMax).replace(/(.{2})/g, "$1 ").trim();
    if (remaining > 0) str += ` ... ${remaining} more byte${remaining > 1 ? "s" : ""}`;
    if (ctx) {
      const obj = Object.create(null);
      let extras = false;
      for (const key of Object.keys(this)) {
        if (/^\d+$/.test(key)) continue;
        extras = true;
        obj[key] = this[key];
      }
      if (extras) {
        if (this.length !== 0) str += ", ";
        str += layer.builtin("util").inspect(obj, { ...ctx, breakLength: Infinity, compact: true }).slice(27, -2);
      }
    }
    return `<${this.constructor.name} ${str}>`;
  }
  Buffer.prototype[custom] = inspect;
  Buffer.prototype.inspect = inspect;
}

// ---- Blob and File: bytes in memory ----

function getBlob() {
  if (Blob) return Blob;
  const kBytes = Symbol("bytes");
  const kType = Symbol("type");
  const encoder = new TextEncoder();
  Blob = class Blob {
    constructor(sources = [], options = {}) {
      if (sources === null || typeof sources !== "object" || typeof sources[Symbol.iterator] !== "function") {
        throw invalidArgType("sources", "a sequence", sources);
      }
      const parts = [];
      let size = 0;
      for (const s of sources) {
        let b;
        if (s instanceof Blob) b = s[kBytes];
        else if (ArrayBuffer.isView(s)) b = new Uint8Array(s.buffer, s.byteOffset, s.byteLength);
        else if (s instanceof ArrayBuffer) b = new Uint8Array(s);
        else b = encoder.encode(String(s));
        parts.push(b);
        size += b.byteLength;
      }
      const bytes = new Uint8Array(size);
      let off = 0;
      for (const p of parts) {
        bytes.set(p, off);
        off += p.byteLength;
      }
      this[kBytes] = bytes;
      const type = options && options.type !== undefined ? String(options.type) : "";
      this[kType] = /[^\u0020-\u007e]/.test(type) ? "" : type.toLowerCase();
    }
    get size() { return this[kBytes].byteLength; }
    get type() { return this[kType]; }
    slice(start = 0, end = this.size, type = "") {
      const n = this.size;
      const s = start < 0 ? Math.max(n + start, 0) : Math.min(start, n);
      const e = end < 0 ? Math.max(n + end, 0) : Math.min(end, n);
      const b = new Blob([], { type });
      b[kBytes] = this[kBytes].slice(s, Math.max(s, e));
      return b;
    }
    async text() { return decodeUtf8(this[kBytes]); }
    async arrayBuffer() { return this[kBytes].slice().buffer; }
    async bytes() { return this[kBytes].slice(); }
    stream() {
      const err = new Error("Blob.stream() is not available in the wasmrun VM (there are no web streams)");
      err.code = "ERR_WASMRUN_NOT_AVAILABLE";
      throw err;
    }
    get [Symbol.toStringTag]() { return "Blob"; }
  };
  File = class File extends Blob {
    #name;
    #lastModified;
    constructor(bits, name, options = {}) {
      super(bits, options);
      if (arguments.length < 2) throw codedError(TypeError, "ERR_MISSING_ARGS", 'The "fileBits" and "fileName" arguments must be specified');
      this.#name = String(name);
      this.#lastModified = options.lastModified === undefined ? Date.now() : Number(options.lastModified);
    }
    get name() { return this.#name; }
    get lastModified() { return this.#lastModified; }
    get [Symbol.toStringTag]() { return "File"; }
  };
  return Blob;
}

export { getBlob };
