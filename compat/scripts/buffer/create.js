// Making Buffers: from strings, arrays, ArrayBuffers (shared memory) and
// other Buffers (copied); alloc, allocUnsafe, concat, byteLength.
const b1 = Buffer.from("héllo");
console.log(b1, b1.length, Buffer.byteLength("héllo"), "héllo".length);
console.log(Buffer.from([1, 2, 256, -1, 3.7]));
const ab = new ArrayBuffer(8);
const view = Buffer.from(ab, 2, 4);
new Uint8Array(ab)[3] = 0x7f;
console.log("shares the ArrayBuffer:", view, view.byteOffset);
const copy = Buffer.from(b1);
copy[0] = 0x48;
console.log("copy is independent:", b1.toString(), copy.toString());
console.log(Buffer.alloc(4), Buffer.alloc(5, "ab"), Buffer.alloc(3, 0xff), Buffer.alloc(4, "aGk=", "base64"));
console.log("allocUnsafe length:", Buffer.allocUnsafe(10).length, Buffer.allocUnsafeSlow(3).length);
const cat = Buffer.concat([Buffer.from("ab"), new Uint8Array([0x63]), Buffer.from("de")]);
console.log(cat.toString(), Buffer.concat([Buffer.from("abc")], 2).toString(), Buffer.concat([]).length);
console.log("isBuffer:", Buffer.isBuffer(b1), Buffer.isBuffer(new Uint8Array(1)), Buffer.isBuffer("x"));
console.log("isEncoding:", Buffer.isEncoding("utf8"), Buffer.isEncoding("UTF-8"), Buffer.isEncoding("nope"));
console.log("instanceof Uint8Array:", b1 instanceof Uint8Array);
console.log("byteLength:", Buffer.byteLength("aGk=", "base64"), Buffer.byteLength("abcd", "hex"), Buffer.byteLength(new ArrayBuffer(7)));
console.log("poolSize:", typeof Buffer.poolSize);
try {
  Buffer.from(42);
} catch (err) {
  console.log("from a number:", err.name, err.code);
}
try {
  Buffer.alloc(-1);
} catch (err) {
  console.log("negative size:", err.code);
}
