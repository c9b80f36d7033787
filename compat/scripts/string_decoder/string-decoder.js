// StringDecoder keeps incomplete multi-byte characters between writes, for
// UTF-8, UTF-16LE, base64 and hex; end() flushes what is left.
const { StringDecoder } = require("string_decoder");
const utf8 = new StringDecoder("utf8");
const euro = Buffer.from("€");
console.log(JSON.stringify(utf8.write(euro.subarray(0, 1))), JSON.stringify(utf8.write(euro.subarray(1))), JSON.stringify(utf8.end()));
const emoji = Buffer.from("a😀b");
let s = "";
for (const byte of emoji) s += utf8.write(Buffer.from([byte]));
console.log("byte by byte:", s + utf8.end());
console.log("incomplete at end:", JSON.stringify(utf8.write(Buffer.from([0xe2, 0x82]))), JSON.stringify(utf8.end()));
console.log("end with a buffer:", JSON.stringify(new StringDecoder().end(Buffer.from("x"))));
console.log("invalid byte:", JSON.stringify(new StringDecoder("utf8").write(Buffer.from([0xff, 0x41]))));
const u16 = new StringDecoder("utf16le");
const bytes = Buffer.from("hé", "utf16le");
console.log("utf16le:", JSON.stringify(u16.write(bytes.subarray(0, 3))), JSON.stringify(u16.write(bytes.subarray(3))));
const b64 = new StringDecoder("base64");
console.log("base64:", JSON.stringify(b64.write(Buffer.from("ab"))), JSON.stringify(b64.write(Buffer.from("c"))), JSON.stringify(b64.end()));
const b64b = new StringDecoder("base64");
console.log("base64 remainder:", JSON.stringify(b64b.write(Buffer.from("abcd"))), JSON.stringify(b64b.end()));
const hex = new StringDecoder("hex");
console.log("hex:", hex.write(Buffer.from([1, 255])), JSON.stringify(hex.end()));
console.log("latin1:", new StringDecoder("latin1").write(Buffer.from([0xe9])));
console.log("encoding:", new StringDecoder().encoding, new StringDecoder("UTF-16LE").encoding, new StringDecoder("binary").encoding);
try {
  new StringDecoder("nope");
} catch (err) {
  console.log("unknown encoding:", err.name, err.code);
}
