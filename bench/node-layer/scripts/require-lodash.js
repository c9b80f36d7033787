// A require-heavy start: every lodash method as its own module (lodash's
// per-method files, each requiring its internal helpers: ~640 files).
const t0 = performance.now();
const fs = require("fs");
const path = require("path");
const dir = path.dirname(require.resolve("lodash/package.json"));
let methods = 0;
for (const f of fs.readdirSync(dir).sort()) {
  if (!f.endsWith(".js") || f.startsWith("_") || f === "lodash.js" || f.endsWith(".min.js") || f === "fp.js") continue;
  require(path.join(dir, f));
  methods++;
}
console.log(JSON.stringify({ methods, modules: Object.keys(require.cache).length, ms: performance.now() - t0 }));
