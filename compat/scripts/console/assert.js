// console.assert prints only when the assertion fails, on stderr, and
// never throws.
console.assert(true, "not printed");
console.assert(1 === 1);
console.assert(false, "failed with %s", "format");
console.assert(0, { an: "object" });
console.assert(false);
console.assert("", "empty string is falsy", 1, 2);
console.log("still running");
