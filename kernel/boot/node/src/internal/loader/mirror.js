// The loader's private directory: qjs names code after the file it read it
// from, so the loader writes what it compiles (a CommonJS module inside its
// function wrapper, an ES module with rewritten specifiers, a generated
// facade) to a file here and has qjs load that. Stack traces are mapped
// back to the project's files (stack.js). The directory is per process,
// /run/wasmrun-node/ID in the VM's writable root, and removed at exit.
import { std, os, mkdirp } from "../sys.js";
import { setMirrorPrefix } from "../stack.js";
import { addExitHook } from "../process.js";

let root = null;
let counter = 0;
const files = [];

function dir() {
  if (root === null) {
    // Not under /tmp, where a program listing os.tmpdir() would see it.
    const id = Math.floor(Math.random() * 2 ** 32).toString(16).padStart(8, "0");
    root = `/run/wasmrun-node/${id}`;
    mkdirp(root);
    setMirrorPrefix(`${root}/`);
    addExitHook(cleanup);
  }
  return root;
}

/** reserve(name) is a new file path in the directory (nothing written yet). */
export function reserve(name) {
  const safe = name.replace(/[^A-Za-z0-9._@+-]/g, "_").slice(-60);
  return `${dir()}/${++counter}-${safe}`;
}

/** write(path, text) writes a reserved file. */
export function write(path, text) {
  std.writeFile(path, text);
  files.push(path);
}

function cleanup() {
  for (const f of files) os.remove(f);
  if (root !== null) os.remove(root);
}
