// pbkdf2Sync and pbkdf2: RFC 6070's vectors, other digests, key types, the
// callback's order against the loop, and Node's argument errors.
const crypto = require("crypto");
console.log("rfc6070 c=1:", crypto.pbkdf2Sync("password", "salt", 1, 20, "sha1").toString("hex"));
console.log("rfc6070 c=2:", crypto.pbkdf2Sync("password", "salt", 2, 20, "sha1").toString("hex"));
console.log("rfc6070 c=4096:", crypto.pbkdf2Sync("password", "salt", 4096, 20, "sha1").toString("hex"));
console.log("long:", crypto.pbkdf2Sync("passwordPASSWORDpassword", "saltSALTsaltSALTsaltSALTsaltSALTsalt", 4096, 25, "sha1").toString("hex"));
console.log("sha256:", crypto.pbkdf2Sync("pw", "NaCl", 1000, 64, "sha256").toString("base64"));
console.log("sha512:", crypto.pbkdf2Sync(Buffer.from("pw"), new Uint8Array([1, 2, 3]), 10, 16, "SHA512").toString("hex"));
console.log("md5, keylen 0:", crypto.pbkdf2Sync("pw", "s", 1, 0, "md5").length);
for (const args of [
  ["pw", "s", 0, 8, "sha1"],
  ["pw", "s", 1.5, 8, "sha1"],
  ["pw", "s", 1, -1, "sha1"],
  ["pw", "s", 1, 8, "nope"],
  ["pw", "s", 1, 8],
  [1, "s", 1, 8, "sha1"],
]) {
  try {
    crypto.pbkdf2Sync(...args);
    console.log("no error for", args);
  } catch (e) {
    console.log(e.name, e.code, e.message.split("\n")[0]);
  }
}
process.nextTick(() => console.log("nextTick first"));
crypto.pbkdf2("password", "salt", 2, 20, "sha1", (err, key) => {
  console.log("callback:", err, key.toString("hex"));
  crypto.pbkdf2("pw", "s", 1, 8, "sha256", (err2, k2) => console.log("second callback:", err2, k2.length));
});
console.log("sync code goes on");
