// Secret KeyObjects: createSecretKey, export, equals, and HMACs keyed by
// one (as jsonwebtoken does); asymmetric keys are absent.
const crypto = require("crypto");
const { KeyObject, createSecretKey, createHmac } = crypto;
const k = createSecretKey(Buffer.from("Jefe"));
console.log(typeof KeyObject, k instanceof KeyObject, k.type, k.symmetricKeySize, k.asymmetricKeyType);
console.log("export:", k.export().toString(), k.export({ format: "buffer" }).length, JSON.stringify(k.export({ format: "jwk" })));
console.log("from a string with encoding:", createSecretKey("4a656665", "hex").export().toString());
console.log("equals:", k.equals(createSecretKey(Buffer.from("Jefe"))), k.equals(createSecretKey(Buffer.from("jefe"))));
console.log("hmac with a KeyObject:", createHmac("sha256", k).update("what do ya want for nothing?").digest("hex"));
console.log("toStringTag:", Object.prototype.toString.call(k));
try {
  createSecretKey(42);
} catch (e) {
  console.log(e.code);
}
