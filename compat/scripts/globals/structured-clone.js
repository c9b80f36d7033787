// structuredClone copies deeply: Maps, Sets, Dates, RegExps, typed arrays,
// errors, cycles; functions and symbols cannot be cloned.
const src = {
  n: 1, s: "str", b: true, nul: null, und: undefined, big: 10n,
  date: new Date(Date.UTC(2021, 0, 2)), re: /a+b/g,
  map: new Map([["k", { v: 1 }]]), set: new Set([1, 2]),
  arr: [1, [2, [3]]], u8: new Uint8Array([1, 2, 3]),
  nested: { deep: { deeper: "yes" } },
};
src.self = src;
const c = structuredClone(src);
console.log("different object:", c !== src, c.nested !== src.nested, c.map !== src.map);
console.log("cycle kept:", c.self === c);
console.log("date:", c.date instanceof Date, c.date.toISOString());
console.log("regexp:", c.re instanceof RegExp, c.re.source, c.re.flags);
console.log("map:", c.map instanceof Map, c.map.get("k").v, "set:", [...c.set].join(","));
console.log("typed array:", c.u8 instanceof Uint8Array, Array.from(c.u8).join(","));
console.log("values:", c.n, c.s, c.b, c.nul, c.und, "und" in c, c.big);
console.log("nested:", c.nested.deep.deeper, JSON.stringify(c.arr));
const err = structuredClone(new RangeError("cloned error"));
console.log("error:", err instanceof RangeError, err.name, err.message);
class K { constructor() { this.x = 1; } }
const k = structuredClone(new K());
console.log("class instance becomes a plain object:", k.constructor === Object, k.x);
for (const bad of [() => {}, Symbol("s"), { f() {} }]) {
  try {
    structuredClone(bad);
    console.log("cloned?!");
  } catch (e) {
    console.log("cannot clone:", e.name);
  }
}
const buf = new ArrayBuffer(8);
const moved = structuredClone(buf, { transfer: [buf] });
console.log("transfer:", moved.byteLength, buf.byteLength);
