// Directories: mkdirSync (recursive returns the first directory made),
// readdirSync (plain and withFileTypes), rmdirSync, rmSync recursive and
// force, and the errors on the way.
const fs = require("fs");
const os = require("os");
const path = require("path");

const dir = path.join(os.tmpdir(), "compat-fs-dirs");
fs.rmSync(dir, { recursive: true, force: true });
console.log("mkdirSync:", fs.mkdirSync(dir));
console.log("recursive returns the first made:", fs.mkdirSync(path.join(dir, "a", "b", "c"), { recursive: true }));
console.log("recursive on an existing one:", fs.mkdirSync(path.join(dir, "a"), { recursive: true }));
fs.writeFileSync(path.join(dir, "a", "file.txt"), "x");
fs.writeFileSync(path.join(dir, "z.txt"), "z");
fs.mkdirSync(path.join(dir, "m"));
console.log("readdirSync:", JSON.stringify(fs.readdirSync(dir).sort()));
for (const d of fs.readdirSync(path.join(dir, "a"), { withFileTypes: true }).sort((x, y) => x.name.localeCompare(y.name))) {
  console.log("dirent:", d.name, d.isFile(), d.isDirectory(), d.isSymbolicLink(), d.constructor.name);
}
console.log("recursive readdir:", JSON.stringify(fs.readdirSync(dir, { recursive: true }).sort()));
console.log("as Buffers:", Buffer.isBuffer(fs.readdirSync(dir, { encoding: "buffer" })[0]));
try {
  fs.mkdirSync(dir);
} catch (err) {
  console.log("mkdir existing:", err.code, err.syscall);
}
try {
  fs.rmdirSync(path.join(dir, "a"));
} catch (err) {
  console.log("rmdir non-empty:", err.code);
}
fs.rmdirSync(path.join(dir, "m"));
try {
  fs.rmSync(path.join(dir, "a"));
} catch (err) {
  console.log("rmSync of a directory without recursive:", err.code);
}
fs.rmSync(path.join(dir, "a"), { recursive: true });
fs.rmSync(path.join(dir, "never-there"), { force: true });
console.log("left:", JSON.stringify(fs.readdirSync(dir)));
try {
  fs.readdirSync(path.join(dir, "z.txt"));
} catch (err) {
  console.log("readdir of a file:", err.code);
}
fs.rmSync(dir, { recursive: true });
console.log("gone:", fs.existsSync(dir));
console.log("project listing:", JSON.stringify(fs.readdirSync("data").sort()));
