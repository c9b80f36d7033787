// console.table of arrays, objects, arrays of objects, a column filter and
// values that are not tabular.
console.table([1, "two", { three: 3 }]);
console.table({ a: { x: 1, y: 2 }, b: { x: 3, z: "four" } });
console.table([
  { name: "Ada", year: 1815 },
  { name: "Grace", year: 1906, navy: true },
]);
console.table([{ a: 1, b: 2, c: 3 }, { a: 4, b: 5, c: 6 }], ["c", "a"]);
console.table([[1, 2], [3, 4, 5]]);
console.table(new Map([["k", { v: 1 }]]));
console.table("not tabular");
console.table(42);
