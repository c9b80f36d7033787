// buffer: the `buffer` package (Node's Buffer for other engines), with what
// Node 20 adds: the base64url encoding, atob/btoa, isUtf8/isAscii, constants.
import { atob, btoa } from "../internal/web.js";

export default function (layer) {
  const mod = require("buffer");
  const { Buffer } = mod;
  patchBase64url(Buffer);
  return {
    Buffer,
    SlowBuffer: mod.SlowBuffer,
    INSPECT_MAX_BYTES: mod.INSPECT_MAX_BYTES,
    kMaxLength: mod.kMaxLength,
    kStringMaxLength: 2 ** 29 - 24,
    constants: { MAX_LENGTH: mod.kMaxLength, MAX_STRING_LENGTH: 2 ** 29 - 24 },
    atob,
    btoa,
    isUtf8(input) {
      try {
        new TextDecoder("utf-8", { fatal: true }).decode(input);
        return true;
      } catch {
        return false;
      }
    },
    isAscii(input) {
      const bytes = ArrayBuffer.isView(input) ? new Uint8Array(input.buffer, input.byteOffset, input.byteLength) : new Uint8Array(input);
      for (let i = 0; i < bytes.length; i++) if (bytes[i] > 127) return false;
      return true;
    },
    transcode() {
      throw layer.errors.notAvailable("buffer.transcode()");
    },
  };
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
