// util.format and util.formatWithOptions: every specifier, extra arguments,
// non-string first arguments.
const util = require("util");
const cases = [
  ["%s|%s|%s", "str", 42, { a: 1 }],
  ["%s", 1n],
  ["%s", -0],
  ["%s", [1, "a"]],
  ["%s", Symbol("x")],
  ["%s", null, undefined],
  ["%d|%d|%d|%d", 42, "42.5", "x", 3n],
  ["%i|%i|%i", 42.9, "-7.9", 5n],
  ["%f|%f", "1.5e3", "abc"],
  ["%j", { a: [1, { b: 2 }] }],
  ["%o", [1, { a: 2 }]],
  ["%O", { a: { b: { c: { d: 1 } } } }],
  ["%c|%%|%x", "css"],
  ["no specifiers", "extra", 1, { o: 1 }],
  [42, "not a format string"],
  [{ obj: 1 }, "%s"],
  ["%s"],
  [],
];
for (const args of cases) console.log(JSON.stringify(util.format(...args)));
const circular = {};
circular.self = circular;
console.log(util.format("%j", circular));
console.log(util.formatWithOptions({ colors: true }, "%s and %O", "colored", { n: 1 }));
