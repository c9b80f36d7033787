// qs: nested objects and arrays in query strings, both ways.
const qs = require("qs");
const show = (v) => console.log(JSON.stringify(v));
show(qs.parse("a[b][c]=d&e[]=1&e[]=2&f[0]=x&f[2]=z"));
show(qs.parse("a=1&a=2&b[x]=y&c"));
show(qs.parse("?a.b=c&d=%E2%82%AC", { ignoreQueryPrefix: true, allowDots: true }));
show(qs.parse("a=b;c=d", { delimiter: ";" }));
show(qs.parse("a[b][c][d][e][f][g]=deep", { depth: 2 }));
show(qs.parse("list=a,b,c", { comma: true }));
console.log(qs.stringify({ a: { b: { c: "d" } }, e: [1, 2], f: "x y", g: null, h: undefined, i: "" }));
console.log(qs.stringify({ a: [1, 2] }, { arrayFormat: "brackets" }), qs.stringify({ a: [1, 2] }, { arrayFormat: "repeat" }), qs.stringify({ a: [1, 2] }, { arrayFormat: "comma" }));
console.log(qs.stringify({ a: { b: 1 } }, { allowDots: true, encode: false }), qs.stringify({ a: "é&" }, { addQueryPrefix: true }));
console.log(qs.stringify({ z: 1, a: 2 }, { sort: (x, y) => x.localeCompare(y) }));
console.log(qs.stringify({ d: new Date(Date.UTC(2020, 0, 1)) }));
