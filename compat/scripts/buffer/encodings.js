// Every encoding Buffer knows, both directions.
const text = "Hi ü €😀";
const b = Buffer.from(text);
for (const enc of ["utf8", "utf-8", "hex", "base64", "base64url", "latin1", "binary", "ascii", "ucs2", "utf16le"]) {
  const s = b.toString(enc);
  console.log(enc.padEnd(9), JSON.stringify(s), Buffer.from(s, enc).equals(b));
}
console.log(Buffer.from("68656c6c6f", "hex").toString(), Buffer.from("zz", "hex").length, Buffer.from("abc", "hex").length);
console.log(Buffer.from("aGVsbG8", "base64").toString(), Buffer.from("aGVsbG8-_w", "base64url"));
console.log(Buffer.from("héllo", "latin1"), Buffer.from("héllo", "ascii"));
console.log(Buffer.from("hi", "utf16le"), Buffer.from([0xe2, 0x82]).toString(), Buffer.from([0xff, 0x41]).toString());
console.log("toString range:", b.toString("utf8", 0, 2), b.toString("hex", 3, 5));
