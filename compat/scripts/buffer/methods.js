// Buffer methods: slice/subarray share memory, copy, fill, indexOf,
// includes, equals, compare, swap, toJSON, iteration, and inspection.
const b = Buffer.from("hello world");
const s = b.subarray(0, 5);
s[0] = 0x48;
console.log(b.toString(), b.slice(-5).toString(), b.subarray(6).toString());
const dst = Buffer.alloc(8, ".");
console.log("copy:", b.copy(dst, 2, 0, 5), dst.toString());
console.log("fill:", Buffer.alloc(6).fill("ab", 1, 5), Buffer.alloc(3).fill(0x41).toString());
console.log("indexOf:", b.indexOf("o"), b.indexOf("o", 5), b.lastIndexOf("o"), b.indexOf(Buffer.from("wor")), b.indexOf(0x6c), b.indexOf("zz"));
console.log("includes:", b.includes("world"), b.includes("World"));
console.log("equals:", Buffer.from("a").equals(Buffer.from("a")), "compare:", Buffer.compare(Buffer.from("a"), Buffer.from("b")), Buffer.from("b").compare(Buffer.from("a")));
console.log("sort:", [Buffer.from("c"), Buffer.from("a"), Buffer.from("b")].sort(Buffer.compare).map(String).join(""));
console.log("swap16:", Buffer.from([1, 2, 3, 4]).swap16(), "swap32:", Buffer.from([1, 2, 3, 4]).swap32(), "swap64:", Buffer.from([1, 2, 3, 4, 5, 6, 7, 8]).swap64());
console.log("toJSON:", JSON.stringify(Buffer.from([1, 2, 3])));
console.log("from toJSON:", Buffer.from(JSON.parse(JSON.stringify(Buffer.from("x")))).toString());
console.log("iterate:", [...Buffer.from("ab")].join(","), [...Buffer.from("ab").entries()].join(" "));
console.log("reverse:", Buffer.from("abc").reverse().toString());
console.log("map returns a Buffer:", Buffer.isBuffer(Buffer.from("ab").map((x) => x + 1)));
console.log(Buffer.alloc(60));
console.log([Buffer.from("in an array")], { buf: Buffer.from([0]) });
console.log("String():", String(Buffer.from("coerced")), Buffer.from("a") + Buffer.from("b"));
