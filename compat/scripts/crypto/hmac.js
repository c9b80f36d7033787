// createHmac: known values (RFC 4231 test case 2 and others), key types,
// several updates.
const crypto = require("crypto");
console.log("rfc4231 sha256:", crypto.createHmac("sha256", "Jefe").update("what do ya want for nothing?").digest("hex"));
console.log("rfc4231 sha512:", crypto.createHmac("sha512", "Jefe").update("what do ya want for nothing?").digest("hex"));
console.log("md5:", crypto.createHmac("md5", "key").update("The quick brown fox jumps over the lazy dog").digest("hex"));
console.log("sha1:", crypto.createHmac("sha1", "key").update("The quick brown fox jumps over the lazy dog").digest("hex"));
console.log("Buffer key:", crypto.createHmac("sha256", Buffer.from("Jefe")).update("what do ya want ").update("for nothing?").digest("base64"));
console.log("long key:", crypto.createHmac("sha256", "k".repeat(200)).update("data").digest("hex"));
console.log("empty:", crypto.createHmac("sha256", "").digest("hex"));
console.log("timingSafeEqual:", crypto.timingSafeEqual(Buffer.from("abc"), Buffer.from("abc")), crypto.timingSafeEqual(Buffer.from("abc"), Buffer.from("abd")));
