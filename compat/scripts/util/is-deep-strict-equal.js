// util.isDeepStrictEqual on the cases that distinguish it from loose
// equality.
const util = require("util");
const cases = {
  "equal nested objects": [{ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }],
  "1 and '1'": [{ a: 1 }, { a: "1" }],
  "order of arrays": [[1, 2], [2, 1]],
  "equal Maps": [new Map([[1, { x: 1 }]]), new Map([[1, { x: 1 }]])],
  "Sets in another order": [new Set([1, 2]), new Set([2, 1])],
  "equal Dates": [new Date(0), new Date(0)],
  "RegExp flags": [/a/g, /a/i],
  "NaN and NaN": [NaN, NaN],
  "0 and -0": [0, -0],
  "undefined property and none": [{ a: undefined }, {}],
  "null prototype and {}": [Object.create(null), {}],
  "equal typed arrays": [new Uint8Array([1]), new Uint8Array([1])],
  "hole and undefined": [[1, , 3], [1, undefined, 3]],
  "Buffer and Uint8Array": [Buffer.from("a"), new Uint8Array([97])],
  "errors with the same message": [new Error("x"), new Error("x")],
  "errors with other messages": [new Error("x"), new Error("y")],
  "boxed primitives": [new Number(1), new Number(1)],
  "symbols as keys": [{ [Symbol.for("k")]: 1 }, { [Symbol.for("k")]: 2 }],
};
for (const [label, [a, b]] of Object.entries(cases)) console.log(label.padEnd(30), util.isDeepStrictEqual(a, b));
