// File descriptors: openSync flags, writeSync/readSync at positions,
// fstatSync, ftruncateSync, fsyncSync, closeSync, and a closed descriptor.
const fs = require("fs");
const os = require("os");
const path = require("path");

const dir = path.join(os.tmpdir(), "compat-fs-fd");
fs.rmSync(dir, { recursive: true, force: true });
fs.mkdirSync(dir);
const f = path.join(dir, "fd.bin");
const fd = fs.openSync(f, "w+");
console.log("fd is an integer > 2:", Number.isInteger(fd) && fd > 2);
console.log("writeSync string:", fs.writeSync(fd, "hello world"));
console.log("writeSync buffer at 6:", fs.writeSync(fd, Buffer.from("WORLD"), 0, 5, 6));
const buf = Buffer.alloc(11);
console.log("readSync from 0:", fs.readSync(fd, buf, 0, 11, 0), buf.toString());
console.log("readSync at the end:", fs.readSync(fd, buf, 0, 4, 11));
console.log("readSync with options:", fs.readSync(fd, buf, { position: 6, length: 3 }), buf.toString("utf8", 0, 3));
console.log("fstatSync size:", fs.fstatSync(fd).size);
fs.ftruncateSync(fd, 5);
fs.fsyncSync(fd);
console.log("after ftruncate:", fs.fstatSync(fd).size);
fs.closeSync(fd);
console.log("content:", fs.readFileSync(f, "utf8"));
try {
  fs.closeSync(fd);
} catch (err) {
  console.log("closing twice:", err.code);
}
const a = fs.openSync(f, "a");
fs.writeSync(a, "+appended");
fs.closeSync(a);
console.log("append mode:", fs.readFileSync(f, "utf8"));
const r = fs.openSync(f, "r");
try {
  fs.writeSync(r, "x");
} catch (err) {
  console.log("write to a read-only descriptor:", err.code);
}
console.log("readFileSync of a descriptor:", fs.readFileSync(r, "utf8"));
fs.closeSync(r);
try {
  fs.openSync(path.join(dir, "missing"), "r");
} catch (err) {
  console.log("open missing:", err.code, err.syscall);
}
const x = fs.openSync(path.join(dir, "excl"), "wx");
fs.closeSync(x);
try {
  fs.openSync(path.join(dir, "excl"), "wx");
} catch (err) {
  console.log("open wx existing:", err.code);
}
fs.rmSync(dir, { recursive: true });
