// TextEncoder and TextDecoder: UTF-8 round trips, encodeInto, streaming
// decode of split sequences, BOM, fatal mode and UTF-16LE.
const enc = new TextEncoder();
console.log("encoding:", enc.encoding);
const bytes = enc.encode("héllo 中文 😀");
console.log("encode:", bytes.constructor.name, Array.from(bytes).join(","));
console.log("empty:", enc.encode().length, enc.encode("").length);
const target = new Uint8Array(5);
console.log("encodeInto:", JSON.stringify(enc.encodeInto("中文abc", target)), Array.from(target).join(","));
const dec = new TextDecoder();
console.log("decoder:", dec.encoding, dec.fatal, dec.ignoreBOM);
console.log("decode:", dec.decode(bytes));
console.log("decode ArrayBuffer:", dec.decode(bytes.buffer));
console.log("decode DataView:", dec.decode(new DataView(bytes.buffer, 0, 6)));
console.log("decode nothing:", JSON.stringify(dec.decode()));
const euro = enc.encode("€");
const stream = new TextDecoder();
let out = stream.decode(euro.subarray(0, 1), { stream: true });
out += stream.decode(euro.subarray(1, 2), { stream: true });
out += stream.decode(euro.subarray(2));
console.log("streamed:", out);
console.log("BOM removed:", JSON.stringify(new TextDecoder().decode(new Uint8Array([0xef, 0xbb, 0xbf, 0x41]))));
console.log("BOM kept:", JSON.stringify(new TextDecoder("utf-8", { ignoreBOM: true }).decode(new Uint8Array([0xef, 0xbb, 0xbf, 0x41]))));
console.log("invalid replaced:", JSON.stringify(dec.decode(new Uint8Array([0x61, 0xff, 0x62]))));
try {
  new TextDecoder("utf-8", { fatal: true }).decode(new Uint8Array([0xff]));
} catch (err) {
  console.log("fatal:", err.name, err.code);
}
console.log("utf-16le:", new TextDecoder("utf-16le").decode(new Uint8Array([0x68, 0, 0x69, 0])));
console.log("label utf8:", new TextDecoder("utf8").encoding, new TextDecoder("UTF-8").encoding);
