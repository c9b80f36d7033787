// The calls the VM's qjs lacks (QuickJS-NG's WASI build compiles out
// symlink, readlink and lstat, and has no link), made through the kernel's
// /dev/fs (docs/kernel.md, "/dev/fs"): one write of a request, the op and
// its paths separated by NULs; the write fails with the WASI call's errno,
// or succeeds and the answer is read. One descriptor, opened on first use,
// serves every request of the process.
import { os } from "../sys.js";
import { TextEncoder, decodeUtf8 } from "../web.js";

let dev = -1;
let answer = new Uint8Array(4096);
const encoder = new TextEncoder();

/**
 * request(op, ...paths) is the answer to a /dev/fs request as a string, or
 * a negative errno.
 */
function request(op, ...paths) {
  if (dev < 0) {
    dev = os.open("/dev/fs", os.O_RDWR);
    if (dev < 0) {
      const r = dev;
      dev = -1;
      return r;
    }
  }
  const req = encoder.encode([op, ...paths].join("\u0000"));
  const w = os.write(dev, req.buffer, req.byteOffset, req.byteLength);
  if (w < 0) return w;
  let n = 0;
  for (;;) {
    if (n === answer.length) {
      const bigger = new Uint8Array(answer.length * 2);
      bigger.set(answer);
      answer = bigger;
    }
    const r = os.read(dev, answer.buffer, n, answer.length - n);
    if (r < 0) return r;
    if (r === 0) break;
    n += r;
  }
  return decodeUtf8(answer, n);
}

/** symlink(target, absPath): 0 or a negative errno. */
export function symlink(target, path) {
  const r = request("symlink", target, path);
  return typeof r === "number" ? r : 0;
}

/** link(absExisting, absNew): 0 or a negative errno. */
export function link(from, to) {
  const r = request("link", from, to);
  return typeof r === "number" ? r : 0;
}

/** readlink(absPath): the link's target, or a negative errno. */
export function readlink(path) {
  return request("readlink", path);
}

/** realpath(absPath): the path with every link resolved, or a negative errno. */
export function realpath(path) {
  return request("realpath", path);
}

/**
 * lstat(absPath): the file itself (a link is not followed) as os.stat's
 * object (times in ms, mode the S_IF type; qjs gives the same for stat), or
 * a negative errno.
 */
export function lstat(path) {
  const r = request("lstat", path);
  if (typeof r === "number") return r;
  const [dev, ino, filetype, nlink, size, atim, mtim, ctim] = r.trim().split(" ").map(BigInt);
  const ms = (ns) => Number(ns / 1000000n);
  return {
    dev: Number(dev), ino: Number(BigInt.asIntN(64, ino)), mode: S_IF[Number(filetype)] || 0, nlink: Number(nlink),
    uid: 0, gid: 0, rdev: 0, size: Number(size), blocks: 0, atime: ms(atim), mtime: ms(mtim), ctime: ms(ctim),
  };
}

// preview1's filetypes as st_mode types, as wasi-libc maps them.
const S_IF = [0, 0o060000, 0o020000, 0o040000, 0o100000, 0o140000, 0o140000, 0o120000];
