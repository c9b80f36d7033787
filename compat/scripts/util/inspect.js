// util.inspect's options: depth, compact, breakLength, sorted, showHidden,
// maxArrayLength, maxStringLength, colors, getters, numericSeparator, and
// custom inspection through util.inspect.custom.
const util = require("util");
const deep = { l1: { l2: { l3: { l4: { l5: "deep" } } } }, arr: [[1, [2, [3, [4]]]]] };
console.log(util.inspect(deep));
console.log(util.inspect(deep, { depth: 0 }));
console.log(util.inspect(deep, { depth: Infinity }));
console.log(util.inspect(deep, false, 1));
console.log(util.inspect({ a: 1, b: { c: 2 } }, { compact: false }));
console.log(util.inspect({ a: [1, 2, 3], b: "x".repeat(30), c: "y".repeat(30) }, { breakLength: Infinity }));
console.log(util.inspect({ a: "aaaa", b: "bbbb" }, { breakLength: 10 }));
console.log(util.inspect({ z: 1, a: 2, m: { y: 1, b: 2 } }, { sorted: true }));
console.log(util.inspect([1, 2, 3], { showHidden: true }));
console.log(util.inspect(Array.from({ length: 10 }, (_, i) => i), { maxArrayLength: 3 }));
console.log(util.inspect("a".repeat(20), { maxStringLength: 5 }));
console.log(util.inspect({ s: "str", n: 1, b: true, u: undefined, x: null, y: Symbol("s"), d: new Date(0), r: /r/ }, { colors: true }));
console.log(util.inspect({ get val() { return 42; } }, { getters: true }));
console.log(util.inspect(123456789.12345, { numericSeparator: true }));
class Money {
  constructor(amount) {
    this.amount = amount;
  }
  [util.inspect.custom](depth, options, inspect) {
    return `Money<${inspect(this.amount, options)}>`;
  }
}
console.log(util.inspect(new Money(5)), [new Money(7)]);
console.log(util.inspect({ toJSONIsIgnored: { toJSON() { return "no"; } } }));
console.log(util.inspect("a string"), util.inspect(5), util.inspect(null));
console.log("defaultOptions.depth:", util.inspect.defaultOptions.depth);
console.log("custom symbol:", util.inspect.custom === Symbol.for("nodejs.util.inspect.custom"));
console.log("colors table:", Array.isArray(util.inspect.colors.red), util.inspect.styles.string);
