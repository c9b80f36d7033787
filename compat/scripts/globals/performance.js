// performance.now() is a monotonic number of milliseconds since timeOrigin.
const a = performance.now();
let x = 0;
for (let i = 0; i < 1e5; i++) x += i;
const b = performance.now();
console.log("number:", typeof a, "non-negative:", a >= 0, "monotonic:", b >= a);
console.log("timeOrigin near Date.now():", Math.abs(performance.timeOrigin + b - Date.now()) < 1000);
console.log("same as perf_hooks:", performance === require("perf_hooks").performance);
console.log("toJSON has timeOrigin:", "timeOrigin" in performance.toJSON());
performance.mark("m1");
console.log("mark:", performance.getEntriesByName("m1")[0].entryType);
