// jsonwebtoken: HS256/HS512 sign and verify with fixed times, a secret
// KeyObject, expiry, a wrong secret, a tampered token, decode.
const jwt = require("jsonwebtoken");
const crypto = require("crypto");
const now = 1700000000;
const tok = jwt.sign({ sub: "u1", role: "admin", iat: now }, "s3cret");
console.log(tok);
console.log(jwt.verify(tok, "s3cret", { clockTimestamp: now + 10 }));
const t512 = jwt.sign({ sub: "u2", iat: now, exp: now + 60 }, crypto.createSecretKey(Buffer.from("k".repeat(64))), { algorithm: "HS512", issuer: "wasmrun" });
console.log(t512.split(".").length, jwt.decode(t512, { complete: true }).header);
console.log(jwt.verify(t512, Buffer.from("k".repeat(64)), { clockTimestamp: now + 30, issuer: "wasmrun" }).sub);
for (const [what, f] of [
  ["expired", () => jwt.verify(t512, Buffer.from("k".repeat(64)), { clockTimestamp: now + 120 })],
  ["wrong secret", () => jwt.verify(tok, "other", { clockTimestamp: now })],
  ["tampered", () => jwt.verify(tok.replace(/\.[^.]+\./, "." + Buffer.from('{"sub":"root","iat":1700000000}').toString("base64url") + "."), "s3cret", { clockTimestamp: now })],
  ["wrong issuer", () => jwt.verify(t512, Buffer.from("k".repeat(64)), { clockTimestamp: now, issuer: "x" })],
]) {
  try {
    f();
    console.log(what, "verified?!");
  } catch (e) {
    console.log(what, "->", e.name, e.message);
  }
}
jwt.sign({ a: 1, iat: now }, "s", { algorithm: "HS256" }, (err, t) => {
  console.log("async sign:", err, t);
  jwt.verify(t, "s", { clockTimestamp: now }, (err2, p) => console.log("async verify:", err2, p));
});
