// Symbolic and hard links: symlinkSync, readlinkSync, lstatSync,
// realpathSync, linkSync, and a dangling link.
const fs = require("fs");
const os = require("os");
const path = require("path");

const dir = path.join(os.tmpdir(), "compat-fs-links");
fs.rmSync(dir, { recursive: true, force: true });
fs.mkdirSync(path.join(dir, "real"), { recursive: true });
fs.writeFileSync(path.join(dir, "real", "target.txt"), "through the link");
fs.symlinkSync("real/target.txt", path.join(dir, "rel-link"));
fs.symlinkSync(path.join(dir, "real"), path.join(dir, "dir-link"));
console.log("readlink:", fs.readlinkSync(path.join(dir, "rel-link")));
console.log("read through:", fs.readFileSync(path.join(dir, "rel-link"), "utf8"));
console.log("lstat:", fs.lstatSync(path.join(dir, "rel-link")).isSymbolicLink(), "stat:", fs.statSync(path.join(dir, "rel-link")).isFile());
console.log("through a directory link:", fs.readdirSync(path.join(dir, "dir-link")).join(","));
console.log("realpath:", fs.realpathSync(path.join(dir, "dir-link", "target.txt")));
console.log("realpath.native:", fs.realpathSync.native(path.join(dir, "rel-link")));
fs.linkSync(path.join(dir, "real", "target.txt"), path.join(dir, "hard"));
console.log("hard link:", fs.readFileSync(path.join(dir, "hard"), "utf8"), fs.statSync(path.join(dir, "hard")).nlink);
fs.symlinkSync("nowhere", path.join(dir, "dangling"));
console.log("dangling exists:", fs.existsSync(path.join(dir, "dangling")), "lstat:", fs.lstatSync(path.join(dir, "dangling")).isSymbolicLink());
try {
  fs.symlinkSync("x", path.join(dir, "dangling"));
} catch (err) {
  console.log("link over a link:", err.code);
}
console.log("readdir withFileTypes:", fs.readdirSync(dir, { withFileTypes: true }).map((d) => `${d.name}:${d.isSymbolicLink() ? "link" : d.isDirectory() ? "dir" : "file"}`).sort().join(" "));
fs.rmSync(dir, { recursive: true });
console.log("removed:", fs.existsSync(dir));
