// deepStrictEqual: what is equal, and the diff in the message of what is
// not (Node's "+ actual - expected" format).
const assert = require("assert");
function report(label, actual, expected) {
  try {
    assert.deepStrictEqual(actual, expected);
    console.log(label + ": equal");
  } catch (err) {
    console.log(`${label}: ${err.code}`);
    console.log(err.message);
    console.log("---");
  }
}
report("same nested", { a: [1, { b: new Map([["k", new Set([1])]]) }] }, { a: [1, { b: new Map([["k", new Set([1])]]) }] });
report("one property differs", { name: "Ada", year: 1815, langs: ["en", "fr"] }, { name: "Ada", year: 1816, langs: ["en", "fr"] });
report("missing property", { a: 1, b: 2 }, { a: 1 });
report("arrays", [1, 2, 3, 4], [1, 2, 4, 4]);
report("type differs", { n: 1 }, { n: "1" });
report("prototype differs", Object.create(null), {});
report("Dates", new Date(0), new Date(1));
report("long objects", Object.fromEntries(Array.from({ length: 12 }, (_, i) => ["key" + i, i])), Object.fromEntries(Array.from({ length: 12 }, (_, i) => ["key" + i, i === 6 ? -1 : i])));
report("primitives", 1, 2);
report("strings", "abc", "abd");
