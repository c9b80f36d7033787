// A require-heavy start: rxjs's CommonJS tree (dist/cjs, a few hundred
// files required from its index) and its operators.
const t0 = performance.now();
const rx = require("rxjs");
const ops = require("rxjs/operators");
let out = 0;
rx.of(1, 2, 3).pipe(ops.map((x) => x * 2)).subscribe((v) => { out += v; });
console.log(JSON.stringify({ out, modules: Object.keys(require.cache).length, ms: performance.now() - t0 }));
