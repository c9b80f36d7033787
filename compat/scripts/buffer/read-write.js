// Reading and writing numbers of every width and byte order.
const b = Buffer.alloc(16);
b.writeUInt8(0xfe, 0);
b.writeInt8(-2, 1);
b.writeUInt16LE(0x1234, 2);
b.writeUInt16BE(0x1234, 4);
b.writeInt32LE(-123456, 6);
b.writeUInt32BE(0xdeadbeef, 10);
console.log(b);
console.log(b.readUInt8(0), b.readInt8(1), b.readUInt16LE(2).toString(16), b.readUInt16BE(4).toString(16));
console.log(b.readInt32LE(6), b.readUInt32BE(10).toString(16), b.readInt32BE(10));
console.log(b.readUIntBE(10, 3), b.readIntLE(6, 6), b.readUIntLE(0, 2));
const f = Buffer.alloc(12);
f.writeFloatLE(1.5, 0);
f.writeDoubleBE(Math.PI, 4);
console.log(f, f.readFloatLE(0), f.readDoubleBE(4));
const big = Buffer.alloc(16);
big.writeBigInt64LE(-5n, 0);
big.writeBigUInt64BE(2n ** 63n + 7n, 8);
console.log(big.readBigInt64LE(0), big.readBigUInt64BE(8), big.readBigInt64BE(8));
console.log("write returns the next offset:", b.writeUInt32LE(1, 0), b.write("xyz", 4), b.write("abc", 14, "latin1"));
try {
  b.readUInt32LE(14);
} catch (err) {
  console.log("out of range:", err.name, err.code);
}
try {
  b.writeUInt8(300, 0);
} catch (err) {
  console.log("value out of range:", err.code);
}
console.log("aliases:", typeof b.readUint16LE, typeof b.writeUint32BE);
