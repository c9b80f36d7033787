// console.dir prints with util.inspect and takes its options.
const obj = { a: 1, b: { c: { d: { e: { f: 1 } } } }, s: "str", list: [1, 2, 3] };
console.dir(obj);
console.dir(obj, { depth: 0 });
console.dir(obj, { depth: null });
console.dir("a string");
console.dir([1, "two"], { colors: true });
