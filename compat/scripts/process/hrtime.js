// process.hrtime and hrtime.bigint have Node's shapes and move forward.
const t0 = process.hrtime();
console.log("hrtime is [seconds, nanoseconds]:", Array.isArray(t0) && t0.length === 2 && t0.every(Number.isInteger));
console.log("nanoseconds below 1e9:", t0[1] >= 0 && t0[1] < 1e9);
let x = 0;
for (let i = 0; i < 1e5; i++) x += i;
const d = process.hrtime(t0);
console.log("difference is non-negative:", d[0] >= 0 && d[1] >= 0 && d[1] < 1e9);
const b0 = process.hrtime.bigint();
const b1 = process.hrtime.bigint();
console.log("bigint:", typeof b0, b1 >= b0);
console.log("bigint agrees with hrtime within a second:",
  Number(b0 / 1000000000n) - process.hrtime()[0] <= 1);
try {
  process.hrtime(1);
} catch (err) {
  console.log("hrtime(non-array) throws:", err.code);
}
