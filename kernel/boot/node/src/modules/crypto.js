// crypto: random bytes from the kernel's /dev/urandom; hashes and HMACs from
// create-hash/create-hmac (md5, sha1, sha224, sha256, sha384, sha512,
// ripemd160); PBKDF2 from pbkdf2; secret KeyObjects (createSecretKey), which
// HMACs take. Ciphers, signatures, key exchange, asymmetric keys and the Web
// Crypto subtle API are absent: each throws, naming itself.
import { randomFill as fillRandom } from "../internal/random.js";

export default function (layer) {
  const { Buffer } = layer.builtin("buffer");
  const { notAvailable, codedError, invalidArgType } = layer.errors;
  const HASHES = ["md5", "ripemd160", "rmd160", "sha1", "sha224", "sha256", "sha384", "sha512"];

  const normalize = (alg) => {
    const a = String(alg).toLowerCase().replace(/^rsa-/, "");
    return a === "sha-1" ? "sha1" : a === "sha-256" ? "sha256" : a === "sha-384" ? "sha384" : a === "sha-512" ? "sha512" : a;
  };
  const digestIn = (buf, enc) => {
    if (enc === undefined || enc === "buffer") return buf;
    return buf.toString(enc);
  };
  // create-hash returns a stream-based object; wrap it so digest() speaks
  // every Node encoding (base64url too) and copy() exists.
  // copy(): a fresh hash of the same kind, given a clone of the running
  // state (the packages keep it in plain fields: numbers, arrays, buffers,
  // an inner hash object), leaving the stream machinery of the fresh one.
  const STREAM_KEYS = new Set(["_readableState", "_writableState", "_events", "_eventsCount", "_maxListeners"]);
  function cloneValue(v) {
    if (ArrayBuffer.isView(v)) return Buffer.isBuffer(v) ? Buffer.from(v) : v.slice();
    if (Array.isArray(v)) return v.map(cloneValue);
    if (v !== null && typeof v === "object") {
      const o = Object.create(Object.getPrototypeOf(v));
      for (const k of Object.keys(v)) o[k] = cloneValue(v[k]);
      return o;
    }
    return v;
  }
  function cloneInto(fresh, inner) {
    for (const k of Object.keys(inner)) if (!STREAM_KEYS.has(k)) fresh[k] = cloneValue(inner[k]);
    return fresh;
  }
  function wrap(inner, algorithm, make) {
    const { Transform } = layer.builtin("stream");
    class Hash extends Transform {
      constructor() {
        super();
        this._inner = inner;
        this._done = false;
      }
      update(data, enc) {
        if (this._done) throw codedError(Error, "ERR_CRYPTO_HASH_FINALIZED", "Digest already called");
        if (typeof data === "string") data = Buffer.from(data, enc || "utf8");
        else if (!ArrayBuffer.isView(data)) throw invalidArgType("data", "string or an instance of Buffer, TypedArray, or DataView", data);
        else if (!Buffer.isBuffer(data)) data = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
        this._inner.update(data);
        return this;
      }
      digest(enc) {
        if (this._done) throw codedError(Error, "ERR_CRYPTO_HASH_FINALIZED", "Digest already called");
        this._done = true;
        return digestIn(this._inner.digest(), enc);
      }
      copy() {
        if (this._done) throw codedError(Error, "ERR_CRYPTO_HASH_FINALIZED", "Digest already called");
        if (!make) throw notAvailable(`crypto.Hmac.copy() (${algorithm})`);
        return wrap(cloneInto(make(), this._inner), algorithm, make);
      }
      _transform(chunk, enc, cb) {
        this.update(chunk, enc);
        cb();
      }
      _flush(cb) {
        this.push(this.digest());
        cb();
      }
    }
    return new Hash();
  }
  function createHash(algorithm) {
    const a = normalize(algorithm);
    if (!HASHES.includes(a)) throw notAvailable(`crypto.createHash('${algorithm}')`, `the digests are ${HASHES.join(", ")}`);
    const make = () => require("create-hash/browser.js")(a === "rmd160" ? "ripemd160" : a);
    return wrap(make(), a, make);
  }
  function createHmac(algorithm, key) {
    const a = normalize(algorithm);
    if (!HASHES.includes(a)) throw notAvailable(`crypto.createHmac('${algorithm}')`, `the digests are ${HASHES.join(", ")}`);
    if (typeof key === "string") key = Buffer.from(key);
    else if (key && key.type === "secret" && typeof key.export === "function") key = key.export();
    else if (ArrayBuffer.isView(key)) key = Buffer.from(key.buffer, key.byteOffset, key.byteLength);
    return wrap(require("create-hmac/browser.js")(a === "rmd160" ? "ripemd160" : a, key), a);
  }

  // KeyObject: secret keys only. Asymmetric keys (createPrivateKey,
  // createPublicKey) need the asymmetric algorithms, which are absent.
  const kKey = Symbol("kKey");
  const toBytes = (name, v, enc) => {
    if (typeof v === "string") return Buffer.from(v, enc || "utf8");
    if (v instanceof ArrayBuffer || v instanceof SharedArrayBuffer) return Buffer.from(new Uint8Array(v));
    if (ArrayBuffer.isView(v)) return Buffer.from(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
    throw invalidArgType(name, "string or an instance of ArrayBuffer, Buffer, TypedArray, or DataView", v);
  };
  class KeyObject {
    constructor(type, handle) {
      if (type !== "secret" || !Buffer.isBuffer(handle)) throw codedError(TypeError, "ERR_INVALID_ARG_VALUE", `The argument 'type' is invalid. Received '${type}'`);
      this[kKey] = handle;
    }
    get type() { return "secret"; }
    get symmetricKeySize() { return this[kKey].length; }
    get asymmetricKeyType() { return undefined; }
    get asymmetricKeyDetails() { return undefined; }
    export(options) {
      if (options && options.format === "jwk") return { kty: "oct", k: this[kKey].toString("base64url") };
      return Buffer.from(this[kKey]);
    }
    equals(other) {
      if (!(other instanceof KeyObject)) throw invalidArgType("otherKeyObject", "an instance of KeyObject", other);
      const a = this[kKey];
      const b = other[kKey];
      return a.length === b.length && timingSafeEqual(a, b);
    }
    static from() { throw notAvailable("KeyObject.from()", "there is no Web Crypto"); }
  }
  Object.defineProperty(KeyObject.prototype, Symbol.toStringTag, { value: "KeyObject", configurable: true });
  class SecretKeyObject extends KeyObject {}
  function createSecretKey(key, encoding) {
    return new SecretKeyObject("secret", toBytes("key", key, encoding));
  }

  const PBKDF2_DIGESTS = ["md5", "sha1", "sha224", "sha256", "sha384", "sha512", "ripemd160", "rmd160"];
  function pbkdf2Args(password, salt, iterations, keylen, digest) {
    const p = toBytes("password", password);
    const sa = toBytes("salt", salt);
    const int32 = (name, v, min) => {
      if (typeof v !== "number") throw invalidArgType(name, "number", v);
      if (!Number.isInteger(v)) throw codedError(RangeError, "ERR_OUT_OF_RANGE", `The value of "${name}" is out of range. It must be an integer. Received ${v}`);
      if (v < min || v > 2147483647) throw codedError(RangeError, "ERR_OUT_OF_RANGE", `The value of "${name}" is out of range. It must be >= ${min} && <= 2147483647. Received ${v}`);
    };
    int32("iterations", iterations, 1);
    int32("keylen", keylen, 0);
    if (typeof digest !== "string") throw invalidArgType("digest", "string", digest);
    const d = normalize(digest);
    if (!PBKDF2_DIGESTS.includes(d)) throw codedError(TypeError, "ERR_CRYPTO_INVALID_DIGEST", `Invalid digest: ${digest}`);
    return [p, sa, iterations, keylen, d === "rmd160" ? "ripemd160" : d];
  }
  function pbkdf2Sync(password, salt, iterations, keylen, digest) {
    const args = pbkdf2Args(password, salt, iterations, keylen, digest);
    return Buffer.from(require("pbkdf2/lib/sync-browser.js")(...args));
  }
  function pbkdf2(password, salt, iterations, keylen, digest, callback) {
    if (typeof digest === "function") {
      callback = digest;
      digest = undefined;
    }
    if (typeof callback !== "function") throw invalidArgType("callback", "function", callback);
    const args = pbkdf2Args(password, salt, iterations, keylen, digest);
    // Node derives the key on its thread pool and calls back from the loop.
    layer.builtin("timers").setImmediate(() => {
      let key;
      try {
        key = Buffer.from(require("pbkdf2/lib/sync-browser.js")(...args));
      } catch (err) {
        callback(err);
        return;
      }
      callback(null, key);
    });
  }

  function randomBytes(size, callback) {
    if (typeof size !== "number" || !(size >= 0) || size > 2 ** 31 - 1) {
      throw codedError(RangeError, "ERR_OUT_OF_RANGE", `The value of "size" is out of range. It must be >= 0 && <= 2147483647. Received ${size}`);
    }
    const buf = Buffer.alloc(size);
    fillRandom(buf);
    if (typeof callback === "function") {
      layer.loop.nextTick(callback, null, buf);
      return undefined;
    }
    return buf;
  }
  function randomFillSync(buf, offset = 0, size) {
    const view = ArrayBuffer.isView(buf) ? new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength) : new Uint8Array(buf);
    fillRandom(view.subarray(offset, size === undefined ? undefined : offset + size));
    return buf;
  }
  function randomFill(buf, offset, size, callback) {
    if (typeof offset === "function") { callback = offset; offset = 0; size = undefined; }
    else if (typeof size === "function") { callback = size; size = undefined; }
    randomFillSync(buf, offset, size);
    layer.loop.nextTick(callback, null, buf);
  }
  function randomInt(min, max, callback) {
    if (max === undefined || typeof max === "function") { callback = max; max = min; min = 0; }
    if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || max <= min) {
      throw codedError(RangeError, "ERR_OUT_OF_RANGE", `The value of "max" is out of range. It must be greater than the value of "min" (${min}). Received ${max}`);
    }
    const range = max - min;
    const limit = 2 ** 48 - (2 ** 48 % range);
    const bytes = new Uint8Array(6);
    let x;
    do {
      fillRandom(bytes);
      x = bytes.reduce((acc, b) => acc * 256 + b, 0);
    } while (x >= limit);
    const n = min + (x % range);
    if (typeof callback === "function") {
      layer.loop.nextTick(callback, null, n);
      return undefined;
    }
    return n;
  }
  function randomUUID() {
    const b = new Uint8Array(16);
    fillRandom(b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }
  function getRandomValues(array) {
    if (!ArrayBuffer.isView(array) || array instanceof Float32Array || array instanceof Float64Array || array instanceof DataView) {
      throw new (globalThis.DOMException)("The data argument must be an integer-type TypedArray", "TypeMismatchError");
    }
    if (array.byteLength > 65536) {
      throw new (globalThis.DOMException)(`The ArrayBufferView's byte length (${array.byteLength}) exceeds the number of bytes of entropy available via this API (65536)`, "QuotaExceededError");
    }
    fillRandom(new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
    return array;
  }
  function timingSafeEqual(a, b) {
    if (a.byteLength !== b.byteLength) {
      throw codedError(RangeError, "ERR_CRYPTO_TIMING_SAFE_EQUAL_LENGTH", "Input buffers must have the same byte length");
    }
    const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
    let diff = 0;
    for (let i = 0; i < x.length; i++) diff |= x[i] ^ y[i];
    return diff === 0;
  }
  function hash(algorithm, data, enc = "hex") {
    return createHash(algorithm).update(data).digest(enc);
  }

  const absent = (name) => () => { throw notAvailable(`crypto.${name}()`); };
  const subtle = new Proxy({}, {
    get(_, prop) {
      if (typeof prop === "symbol") return undefined;
      return () => Promise.reject(notAvailable(`crypto.subtle.${prop}()`, "there is no Web Crypto"));
    },
  });
  const webcrypto = { getRandomValues, randomUUID, subtle };

  const mod = {
    createHash,
    createHmac,
    hash,
    getHashes: () => HASHES.slice(),
    randomBytes,
    pseudoRandomBytes: randomBytes,
    prng: randomBytes,
    rng: randomBytes,
    randomFill,
    randomFillSync,
    randomInt,
    randomUUID,
    getRandomValues,
    timingSafeEqual,
    KeyObject,
    createSecretKey,
    pbkdf2,
    pbkdf2Sync,
    webcrypto,
    subtle,
    constants: {},
    getCiphers: () => [],
    getCurves: () => [],
    getFips: () => 0,
    setFips: absent("setFips"),
  };
  for (const name of [
    "createCipheriv", "createDecipheriv", "createCipher", "createDecipher", "createSign", "createVerify",
    "createDiffieHellman", "createDiffieHellmanGroup", "createECDH", "getDiffieHellman", "generateKeyPair",
    "generateKeyPairSync", "generateKey", "generateKeySync", "createPrivateKey", "createPublicKey",
    "publicEncrypt", "privateDecrypt", "privateEncrypt", "publicDecrypt", "sign", "verify",
    "scrypt", "scryptSync", "hkdf", "hkdfSync", "diffieHellman", "generatePrime",
    "generatePrimeSync", "checkPrime", "checkPrimeSync", "secureHeapUsed",
  ]) mod[name] = absent(name);
  return mod;
}
