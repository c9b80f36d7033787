// The crypto module's shape: what it exports that programs look for.
const crypto = require("crypto");
console.log("node:crypto:", require("node:crypto") === crypto);
for (const k of ["createHash", "createHmac", "randomBytes", "randomUUID", "getRandomValues", "randomInt", "timingSafeEqual", "webcrypto", "subtle"]) {
  console.log(k, typeof crypto[k]);
}
const hashes = crypto.getHashes();
console.log("getHashes has the four:", ["md5", "sha1", "sha256", "sha512"].every((h) => hashes.includes(h)));
