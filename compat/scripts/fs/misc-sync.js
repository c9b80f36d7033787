// accessSync and constants, chmodSync, mkdtempSync, opendirSync,
// cpSync, and readFileSync of the project's files.
const fs = require("fs");
const os = require("os");
const path = require("path");

const dir = path.join(os.tmpdir(), "compat-fs-misc");
fs.rmSync(dir, { recursive: true, force: true });
fs.mkdirSync(dir);
const f = path.join(dir, "f");
fs.writeFileSync(f, "x");
console.log("constants:", fs.constants.F_OK, fs.constants.R_OK, fs.constants.W_OK, fs.constants.X_OK);
console.log("accessSync:", fs.accessSync(f), fs.accessSync(f, fs.constants.R_OK | fs.constants.W_OK));
try {
  fs.accessSync(path.join(dir, "none"));
} catch (err) {
  console.log("access missing:", err.code, err.syscall);
}
fs.chmodSync(f, 0o640);
console.log("chmod:", (fs.statSync(f).mode & 0o777).toString(8));
const t = fs.mkdtempSync(path.join(dir, "tmp-"));
console.log("mkdtemp:", path.basename(t).startsWith("tmp-"), path.basename(t).length, fs.statSync(t).isDirectory());
const od = fs.opendirSync(dir);
const names = [];
let e;
while ((e = od.readSync()) !== null) names.push(e.name.startsWith("tmp-") ? "tmp-*" : e.name);
od.closeSync();
console.log("opendir:", names.sort().join(","));
fs.mkdirSync(path.join(dir, "src", "deep"), { recursive: true });
fs.writeFileSync(path.join(dir, "src", "deep", "x.txt"), "copied");
fs.cpSync(path.join(dir, "src"), path.join(dir, "dst"), { recursive: true });
console.log("cpSync:", fs.readFileSync(path.join(dir, "dst", "deep", "x.txt"), "utf8"));
console.log("the fs module:", require("node:fs") === fs, typeof fs.promises, fs.promises === require("fs/promises"));
fs.rmSync(dir, { recursive: true });
