// js-yaml: load and dump, multiple documents, types, anchors and errors.
const yaml = require("js-yaml");
const doc = yaml.load(`
name: compat
version: 1.2
enabled: true
nothing: ~
date: 2020-02-29
list:
  - one
  - two: 2
nested: &anchor
  a: 1
  b: [x, y]
ref: *anchor
multiline: |
  line one
  line two
folded: >
  folded
  text
quoted: "with \\"escapes\\" \\u00e9"
`);
console.log(JSON.stringify(doc));
console.log("date is a Date:", doc.date instanceof Date, doc.date.toISOString());
console.log(yaml.dump({ name: "x", list: [1, "two", { three: 3 }], nested: { deep: { deeper: true } }, empty: [], str: "needs: quoting", multi: "a\nb\n" }));
console.log(yaml.dump({ b: 1, a: [1, 2] }, { sortKeys: true, flowLevel: 0 }));
const docs = [];
yaml.loadAll("---\na: 1\n---\nb: 2\n", (d) => docs.push(d));
console.log("loadAll:", JSON.stringify(docs));
try {
  yaml.load("key: [unclosed");
} catch (err) {
  console.log("error:", err.name, err.reason, err.mark && err.mark.line);
}
