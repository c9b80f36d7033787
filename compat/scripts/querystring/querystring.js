// querystring: parse and stringify with arrays, custom separators, escaping,
// maxKeys, and the decode/encode aliases.
const qs = require("querystring");
const show = (v) => console.log(JSON.stringify(v));
show(qs.parse("a=1&b=2&a=3&c=&d&e=x%20y+z&f=%E2%82%AC"));
show(qs.parse("a:1;b:2", ";", ":"));
show(qs.parse("a=1&b=2&c=3", null, null, { maxKeys: 2 }));
show(qs.parse("bad=%E0%A4%A&ok=1"));
show(qs.parse(""));
console.log(qs.stringify({ a: [1, 2], b: "x y", c: "", d: null, e: undefined, f: true, g: "€&=", h: { nested: 1 } }));
console.log(qs.stringify({ a: 1, b: 2 }, ";", ":"));
console.log(qs.stringify({ w: "a b" }, null, null, { encodeURIComponent: (s) => s.toUpperCase() }));
console.log(qs.escape("a b&c/d?é"), qs.unescape("a%20b%26c"), qs.unescape("%zz"));
console.log("aliases:", qs.decode === qs.parse, qs.encode === qs.stringify);
console.log("null prototype:", Object.getPrototypeOf(qs.parse("a=1")) === null);
