// createHash for md5, sha1, sha256 and sha512: known digests in hex,
// base64 and as Buffers, several updates, input encodings, copy().
const crypto = require("crypto");
for (const alg of ["md5", "sha1", "sha256", "sha512"]) {
  console.log(alg, crypto.createHash(alg).update("").digest("hex"));
  console.log(alg, crypto.createHash(alg).update("The quick brown fox jumps over the lazy dog").digest("hex"));
}
console.log("base64:", crypto.createHash("sha256").update("abc").digest("base64"));
console.log("base64url:", crypto.createHash("sha256").update("abc").digest("base64url"));
const d = crypto.createHash("sha1").update("abc").digest();
console.log("Buffer digest:", Buffer.isBuffer(d), d.length);
console.log("several updates:", crypto.createHash("md5").update("a").update(Buffer.from("b")).update(new Uint8Array([99])).digest("hex"));
console.log("input encoding:", crypto.createHash("md5").update("616263", "hex").digest("hex"));
console.log("unicode input:", crypto.createHash("sha256").update("héllo 中文").digest("hex"));
const big = Buffer.alloc(1 << 20, 7);
console.log("1 MiB:", crypto.createHash("sha256").update(big).digest("hex"));
const h = crypto.createHash("sha256").update("part one");
const copy = h.copy();
console.log("copy:", h.update(" and two").digest("hex") === crypto.createHash("sha256").update("part one and two").digest("hex"), copy.digest("hex") === crypto.createHash("sha256").update("part one").digest("hex"));
try {
  h.update("after digest");
} catch (err) {
  console.log("update after digest:", err.code);
}
try {
  crypto.createHash("not-a-hash");
} catch (err) {
  console.log("unknown algorithm throws an Error:", err instanceof Error);
}
console.log("one-shot hash:", typeof crypto.hash === "function" ? crypto.hash("sha1", "abc") : crypto.createHash("sha1").update("abc").digest("hex"));
