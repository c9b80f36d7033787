// process.memoryUsage() returns Node's fields, all non-negative numbers.
const m = process.memoryUsage();
for (const k of ["rss", "heapTotal", "heapUsed", "external", "arrayBuffers"]) {
  console.log(k, typeof m[k] === "number" && m[k] >= 0);
}
console.log("memoryUsage.rss():", typeof process.memoryUsage.rss() === "number");
console.log("cpuUsage:", Object.keys(process.cpuUsage()).sort().join(","));
