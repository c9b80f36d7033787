// The buffer module: the same Buffer, constants, and its other exports.
const buffer = require("buffer");
console.log("same Buffer:", buffer.Buffer === Buffer, require("node:buffer").Buffer === Buffer);
console.log("kMaxLength:", typeof buffer.kMaxLength, buffer.kMaxLength === buffer.constants.MAX_LENGTH);
console.log("MAX_STRING_LENGTH:", typeof buffer.constants.MAX_STRING_LENGTH);
console.log("INSPECT_MAX_BYTES:", buffer.INSPECT_MAX_BYTES);
console.log("atob/btoa:", buffer.btoa("hi"), buffer.atob("aGk="));
console.log("Blob:", typeof buffer.Blob, "SlowBuffer:", typeof buffer.SlowBuffer);
console.log("transcode:", typeof buffer.transcode);
console.log("isUtf8:", buffer.isUtf8(Buffer.from("é")), buffer.isUtf8(Buffer.from([0xff])));
const blob = new buffer.Blob(["ab", Buffer.from("cd")], { type: "text/plain" });
console.log("blob:", blob.size, blob.type);
blob.text().then((t) => console.log("blob text:", t));
