// With no input, process.stdin ends at once.
let n = 0;
process.stdin.on("data", (c) => (n += c.length));
process.stdin.on("end", () => console.log("end after", n, "bytes"));
