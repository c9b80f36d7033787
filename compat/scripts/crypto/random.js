// Random values: lengths, ranges and formats (never the values).
const crypto = require("crypto");
const a = crypto.randomBytes(16);
const b = crypto.randomBytes(16);
console.log("randomBytes:", Buffer.isBuffer(a), a.length, !a.equals(b));
console.log("randomBytes(0):", crypto.randomBytes(0).length);
crypto.randomBytes(8, (err, buf) => console.log("randomBytes callback:", err, buf.length));
const uuid = crypto.randomUUID();
console.log("randomUUID v4 format:", /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(uuid), uuid !== crypto.randomUUID());
const arr = new Uint32Array(4);
console.log("getRandomValues returns its argument:", crypto.getRandomValues(arr) === arr);
const u8 = new Uint8Array(1000);
crypto.webcrypto.getRandomValues(u8);
console.log("not all zero:", u8.some((x) => x !== 0));
console.log("globalThis.crypto:", globalThis.crypto === crypto.webcrypto, typeof globalThis.crypto.getRandomValues, typeof globalThis.crypto.randomUUID());
try {
  crypto.getRandomValues(new Uint8Array(65537));
} catch (err) {
  console.log("too many bytes:", err.name);
}
try {
  crypto.getRandomValues(new Float32Array(1));
} catch (err) {
  console.log("float array:", err.name);
}
let inRange = true;
for (let i = 0; i < 100; i++) {
  const n = crypto.randomInt(10, 20);
  if (!Number.isInteger(n) || n < 10 || n >= 20) inRange = false;
}
console.log("randomInt in range:", inRange);
const filled = crypto.randomFillSync(Buffer.alloc(4));
console.log("randomFillSync:", filled.length);
