// process.cwd() is the project directory; chdir moves it, relative paths
// follow, and a missing directory is an ENOENT error.
const fs = require("fs");
const path = require("path");

console.log("cwd:", process.cwd());
console.log("cwd is absolute:", path.isAbsolute(process.cwd()));
process.chdir("lib");
console.log("after chdir lib:", process.cwd());
console.log("relative read:", fs.readFileSync("README.txt", "utf8").trim());
console.log("path.resolve follows:", path.resolve("x.txt"));
process.chdir("..");
console.log("after chdir ..:", process.cwd());
try {
  process.chdir("no-such-directory");
} catch (err) {
  console.log("chdir to a missing directory:", err.code, err.syscall);
}
console.log("cwd unchanged:", process.cwd());
