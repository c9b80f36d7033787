// path.posix is the POSIX implementation, which is path itself on POSIX;
// node:path and path/posix are the same module.
const path = require("path");
console.log("path.posix === path:", path.posix === path);
console.log("node:path:", require("node:path") === path);
console.log("path/posix:", require("path/posix") === path.posix);
console.log("posix.join:", path.posix.join("a", "b", "..", "c"));
console.log("posix.sep:", path.posix.sep);
console.log("posix.posix:", path.posix.posix === path.posix);
for (const f of ["basename", "dirname", "extname", "format", "isAbsolute", "join", "normalize", "parse", "relative", "resolve", "toNamespacedPath"]) console.log(f, typeof path.posix[f]);
