const a = require("./lib/a");
const data = require("./lib/data.json");
const pkg = require("pkg");
const ex = require("@sc/ex");
const sub = require("@sc/ex/feature");
console.log(a.name, a.fromB, data, pkg.hello(), ex, sub);
console.log(require.main === module, __filename, __dirname, typeof require.resolve("pkg"), require.resolve("./lib/a"));
console.log(Object.keys(require.cache).length > 3, module.children.length);
try { require("./nope"); } catch (e) { console.log(e.code, e.message); }
try { require("@sc/ex/private"); } catch (e) { console.log(e.code, e.message); }
console.log(require("node:path").join("/a", "..", "b"), require("path") === require("node:path"));
console.log(require.resolve.paths("x")[0]);
