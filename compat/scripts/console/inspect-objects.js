// How console.log shows objects: nesting, depth, keys that need quotes,
// symbols, getters, class instances, null prototypes and circular references.
console.log({});
console.log({ a: 1, b: "two", c: [3], d: { e: { f: { g: { h: 1 } } } } });
console.log({ "needs-quotes": 1, valid_id: 2, 3: "numeric", "with space": 4, [Symbol("s")]: 5 });
console.log({ get g() { return 1; }, set s(v) {}, get gs() { return 2; }, set gs(v) {} });
class Point {
  constructor(x, y) {
    this.x = x;
    this.y = y;
  }
}
console.log(new Point(1, 2));
class Empty {}
console.log(new Empty());
console.log(Object.create(null));
const bare = Object.create(null);
bare.k = "v";
console.log(bare);
const circular = { name: "root", list: [] };
circular.self = circular;
circular.list.push(circular, { parent: circular });
console.log(circular);
console.log({ fn() {}, arrow: () => {}, named: function named() {}, cls: class Foo {}, anon: class {} });
console.log(function () {}, async function af() {}, function* gen() {}, async () => {});
console.log(Object.assign(function withProps() {}, { extra: 1 }));
console.log({ long: "x".repeat(100) });
console.log({ a: "aaaaaaaaaaaaaaaaaaaa", b: "bbbbbbbbbbbbbbbbbbbb", c: "cccccccccccccccccccc", d: "dddddddddd" });
console.log({ a: "short", b: "fits", c: "on one line" });
console.log([{ a: 1, b: 2 }, { a: 3, b: 4 }]);
console.log(new Boolean(true), new Number(3), new String("boxed"), Object(Symbol("boxed")), Object(5n));
console.log(Object.freeze({ frozen: true }));
console.log(new Proxy({ target: true }, {}));
const withToStringTag = { [Symbol.toStringTag]: "Tagged", v: 1 };
console.log(withToStringTag);
console.log(JSON, Math, globalThis.Reflect === Reflect);
