// The callback API: error-first callbacks, called asynchronously, for the
// common calls, one after the other.
const fs = require("fs");
const os = require("os");
const path = require("path");

const dir = path.join(os.tmpdir(), "compat-fs-callbacks");
fs.rmSync(dir, { recursive: true, force: true });
const f = path.join(dir, "sub", "f.txt");
let sync = true;

const steps = [
  (next) => fs.mkdir(path.join(dir, "sub"), { recursive: true }, (err, first) => {
    console.log("mkdir:", err, first, "called asynchronously:", !sync);
    next();
  }),
  (next) => fs.writeFile(f, "callback text", (err) => {
    console.log("writeFile:", err);
    next();
  }),
  (next) => fs.appendFile(f, "!", (err) => {
    console.log("appendFile:", err);
    next();
  }),
  (next) => fs.readFile(f, "utf8", (err, data) => {
    console.log("readFile:", err, data);
    next();
  }),
  (next) => fs.stat(f, (err, st) => {
    console.log("stat:", err, st.size, st.isFile());
    next();
  }),
  (next) => fs.readdir(path.join(dir, "sub"), { withFileTypes: true }, (err, list) => {
    console.log("readdir:", err, list.map((d) => d.name + (d.isFile() ? " file" : "")).join(","));
    next();
  }),
  (next) => fs.readFile(path.join(dir, "missing"), (err, data) => {
    console.log("missing:", err.code, err.syscall, data);
    next();
  }),
  (next) => fs.access(f, fs.constants.R_OK, (err) => {
    console.log("access:", err);
    next();
  }),
  (next) => fs.exists(f, (yes) => {
    console.log("fs.exists:", yes);
    next();
  }),
  (next) => fs.open(f, "r", (err, fd) => {
    const b = Buffer.alloc(8);
    fs.read(fd, b, 0, 8, 2, (err, n, buf) => {
      console.log("read:", err, n, JSON.stringify(buf.toString()), buf === b);
      fs.close(fd, (err) => {
        console.log("close:", err);
        next();
      });
    });
  }),
  (next) => fs.rename(f, f + ".moved", (err) => {
    console.log("rename:", err);
    next();
  }),
  (next) => fs.unlink(f + ".moved", (err) => {
    console.log("unlink:", err);
    next();
  }),
  (next) => fs.rm(dir, { recursive: true }, (err) => {
    console.log("rm:", err, fs.existsSync(dir));
    next();
  }),
];
(function run(i) {
  if (i < steps.length) steps[i](() => run(i + 1));
})(0);
sync = false;
