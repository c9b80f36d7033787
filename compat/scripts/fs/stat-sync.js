// statSync and lstatSync: the Stats methods, sizes and times.
const fs = require("fs");
const os = require("os");
const path = require("path");

const dir = path.join(os.tmpdir(), "compat-fs-stat");
fs.rmSync(dir, { recursive: true, force: true });
fs.mkdirSync(dir);
const f = path.join(dir, "f.txt");
fs.writeFileSync(f, "12345");
const st = fs.statSync(f);
console.log("file:", st.isFile(), st.isDirectory(), st.isSymbolicLink(), st.isFIFO(), st.isSocket(), st.isBlockDevice(), st.isCharacterDevice());
console.log("size:", st.size, "constructor:", st.constructor.name);
console.log("times are Dates:", ["atime", "mtime", "ctime", "birthtime"].every((k) => st[k] instanceof Date));
console.log("ms times are numbers:", ["atimeMs", "mtimeMs", "ctimeMs", "birthtimeMs"].every((k) => typeof st[k] === "number"));
console.log("mtime is recent:", Math.abs(st.mtimeMs - Date.now()) < 60000);
console.log("numbers:", ["dev", "ino", "mode", "nlink", "uid", "gid", "rdev", "blksize", "blocks"].every((k) => typeof st[k] === "number"));
console.log("mode says regular file:", (st.mode & fs.constants.S_IFMT) === fs.constants.S_IFREG);
const d = fs.statSync(dir);
console.log("directory:", d.isFile(), d.isDirectory(), (d.mode & fs.constants.S_IFMT) === fs.constants.S_IFDIR);
const when = new Date(Date.UTC(2001, 8, 9, 1, 46, 40));
fs.utimesSync(f, when, when);
console.log("utimes:", fs.statSync(f).mtime.toISOString(), fs.statSync(f).mtimeMs);
const big = fs.statSync(f, { bigint: true });
console.log("bigint:", typeof big.size, big.size, typeof big.mtimeNs);
console.log("missing with throwIfNoEntry false:", fs.statSync(path.join(dir, "none"), { throwIfNoEntry: false }));
try {
  fs.statSync(path.join(dir, "none"));
} catch (err) {
  console.log("missing:", err.code, err.errno, err.syscall, err.path);
  console.log("message:", err.message);
}
console.log("project file:", fs.statSync("data/input.txt").size, fs.lstatSync("data").isDirectory());
fs.rmSync(dir, { recursive: true });
