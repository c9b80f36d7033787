// The errors of the sync API: code, errno, syscall, path and message.
const fs = require("fs");
const os = require("os");
const path = require("path");

const dir = path.join(os.tmpdir(), "compat-fs-errors");
fs.rmSync(dir, { recursive: true, force: true });
fs.mkdirSync(dir);
fs.writeFileSync(path.join(dir, "file"), "x");
const cases = {
  "read a missing file": () => fs.readFileSync(path.join(dir, "missing")),
  "read a directory": () => fs.readFileSync(dir),
  "mkdir over a file": () => fs.mkdirSync(path.join(dir, "file")),
  "path through a file": () => fs.readFileSync(path.join(dir, "file", "below")),
  "unlink a directory": () => fs.unlinkSync(dir),
  "rmdir a file": () => fs.rmdirSync(path.join(dir, "file")),
  "rename a missing file": () => fs.renameSync(path.join(dir, "nope"), path.join(dir, "nope2")),
  "copy a missing file": () => fs.copyFileSync(path.join(dir, "nope"), path.join(dir, "x")),
  "write into a missing directory": () => fs.writeFileSync(path.join(dir, "no", "x"), "x"),
};
for (const [what, fn] of Object.entries(cases)) {
  try {
    fn();
    console.log(what, "did not throw");
  } catch (err) {
    console.log(what + ":", err.code, err.errno, err.syscall, err instanceof Error);
    console.log("  " + err.message);
  }
}
try {
  fs.readFileSync(42.5);
} catch (err) {
  console.log("bad argument:", err.name, err.code);
}
fs.rmSync(dir, { recursive: true });
