// URLSearchParams: construction from strings, objects and pairs, get/getAll,
// append/set/delete/has, sort, iteration and encoding.
const p = new URLSearchParams("?a=1&b=2&a=3&empty=&plus=x+y&enc=%26%3D");
console.log(p.get("a"), JSON.stringify(p.getAll("a")), p.get("missing"), JSON.stringify(p.get("empty")));
console.log("plus:", p.get("plus"), "encoded:", p.get("enc"));
console.log("has:", p.has("b"), p.has("c"), "size:", p.size);
p.append("c", "new value");
p.set("a", "only");
p.delete("b");
console.log("toString:", p.toString());
p.sort();
console.log("sorted:", p.toString());
console.log("entries:", JSON.stringify([...p]));
console.log("keys:", [...p.keys()].join(","), "values:", [...p.values()].join(","));
const seen = [];
p.forEach((v, k) => seen.push(`${k}=${v}`));
console.log("forEach:", seen.join(" "));
console.log("from object:", new URLSearchParams({ x: "1", y: "a b", z: "é&" }).toString());
console.log("from pairs:", new URLSearchParams([["k", "v"], ["k", "w"]]).toString());
console.log("special chars:", new URLSearchParams({ s: "~!*()'-_. /?" }).toString());
console.log("String:", String(new URLSearchParams("a=1")));
