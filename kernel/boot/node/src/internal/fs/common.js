// What fs, fs/promises and the file streams share: argument checks as
// Node makes them, flags and modes, the errors, and the layer's records of
// what WASI does not keep (see modes below). No work at the top level
// beyond constant tables.
import { os, systemError } from "../sys.js";
import { codedError, invalidArgType, describe } from "../errors.js";
import { resolvePath } from "../loader/resolve.js";
import { builtin } from "../../builtins.js";

// fs.constants: Linux's values, as Node reports them on Linux. Numbers a
// program passes (flags, modes) are these; the layer translates them to
// what wasi-libc's qjs takes.
export const constants = {
  UV_FS_SYMLINK_DIR: 1, UV_FS_SYMLINK_JUNCTION: 2, O_RDONLY: 0, O_WRONLY: 1, O_RDWR: 2,
  UV_DIRENT_UNKNOWN: 0, UV_DIRENT_FILE: 1, UV_DIRENT_DIR: 2, UV_DIRENT_LINK: 3, UV_DIRENT_FIFO: 4,
  UV_DIRENT_SOCKET: 5, UV_DIRENT_CHAR: 6, UV_DIRENT_BLOCK: 7,
  EXTENSIONLESS_FORMAT_JAVASCRIPT: 0, EXTENSIONLESS_FORMAT_WASM: 1,
  S_IFMT: 61440, S_IFREG: 32768, S_IFDIR: 16384, S_IFCHR: 8192, S_IFBLK: 24576, S_IFIFO: 4096,
  S_IFLNK: 40960, S_IFSOCK: 49152, O_CREAT: 64, O_EXCL: 128, UV_FS_O_FILEMAP: 0, O_NOCTTY: 256,
  O_TRUNC: 512, O_APPEND: 1024, O_DIRECTORY: 65536, O_NOATIME: 262144, O_NOFOLLOW: 131072,
  O_SYNC: 1052672, O_DSYNC: 4096, O_DIRECT: 16384, O_NONBLOCK: 2048,
  S_IRWXU: 448, S_IRUSR: 256, S_IWUSR: 128, S_IXUSR: 64, S_IRWXG: 56, S_IRGRP: 32, S_IWGRP: 16,
  S_IXGRP: 8, S_IRWXO: 7, S_IROTH: 4, S_IWOTH: 2, S_IXOTH: 1, F_OK: 0, R_OK: 4, W_OK: 2, X_OK: 1,
  UV_FS_COPYFILE_EXCL: 1, COPYFILE_EXCL: 1, UV_FS_COPYFILE_FICLONE: 2, COPYFILE_FICLONE: 2,
  UV_FS_COPYFILE_FICLONE_FORCE: 4, COPYFILE_FICLONE_FORCE: 4,
};

// WASI's errno numbers (qjs returns them negated; sys.js names them).
export const E = {
  EACCES: 2, EBADF: 8, EBUSY: 10, EEXIST: 20, EINVAL: 28, EIO: 29, EISDIR: 31, ENOENT: 44, ENOTSUP: 58,
  ENOTDIR: 54, ENOTEMPTY: 55, EPERM: 63, EROFS: 69, ESPIPE: 70, EXDEV: 75,
};

/** uvError("ENOENT", "open", path): the error Node's fs throws. */
export function uvError(name, syscall, path, dest) {
  return systemError(-E[name], syscall, path, dest);
}

let BufferClass;
export function Buffer() {
  if (!BufferClass) BufferClass = builtin("buffer").Buffer;
  return BufferClass;
}

// ---- arguments ----

function urlToPathString(url) {
  return builtin("url").fileURLToPath(url);
}

/**
 * toPath(p, name): the path a program passed (string, Buffer or file URL)
 * as a string, as Node checks it. Errors name the path as given; the calls
 * to the VM use abs(path).
 */
export function toPath(p, name = "path") {
  if (typeof p !== "string") {
    if (p instanceof Uint8Array) p = Buffer().from(p.buffer, p.byteOffset, p.byteLength).toString();
    else if (p !== null && typeof p === "object" && typeof p.href === "string" && typeof p.protocol === "string") p = urlToPathString(p);
    else throw invalidArgType(name, "string or an instance of Buffer or URL", p);
  }
  if (p.includes("\u0000")) {
    throw codedError(TypeError, "ERR_INVALID_ARG_VALUE",
      `The argument '${name}' must be a string, Uint8Array, or URL without null bytes. Received ${JSON.stringify(p).replace(/\\u0000/g, "\\x00").replace(/^"|"$/g, "'")}`);
  }
  return p;
}

/** abs(path): an absolute, normalised path for the VM's calls. */
export function abs(p) {
  if (p === "") return ""; // the VM answers ENOENT, as Linux does
  if (p.startsWith("/") && !p.includes("/.") && !p.includes("//")) return p.length > 1 && p.endsWith("/") ? p.slice(0, -1) : p;
  return resolvePath(globalThis.process.cwd(), p);
}

export function validateFd(fd, name = "fd") {
  if (typeof fd !== "number") throw invalidArgType(name, "number", fd);
  if (!Number.isInteger(fd) || fd < 0 || fd > 2147483647) {
    throw codedError(RangeError, "ERR_OUT_OF_RANGE", `The value of "${name}" is out of range. It must be ${Number.isInteger(fd) ? ">= 0 && <= 2147483647" : "an integer"}. Received ${fd}`);
  }
  return fd;
}

export function validateInteger(value, name, min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER) {
  if (typeof value !== "number") throw invalidArgType(name, "number", value);
  if (!Number.isInteger(value)) throw codedError(RangeError, "ERR_OUT_OF_RANGE", `The value of "${name}" is out of range. It must be an integer. Received ${value}`);
  if (value < min || value > max) throw codedError(RangeError, "ERR_OUT_OF_RANGE", `The value of "${name}" is out of range. It must be >= ${min} && <= ${max}. Received ${value}`);
  return value;
}

export function validateFunction(cb, name = "cb") {
  if (typeof cb !== "function") throw invalidArgType(name, "function", cb);
  return cb;
}

/** options(o, defaults): Node's getOptions (a string is the encoding). */
export function options(o, defaults) {
  if (o === undefined || o === null || typeof o === "function") return defaults;
  if (typeof o === "string") {
    assertEncoding(o);
    return { ...defaults, encoding: o };
  }
  if (typeof o !== "object") throw invalidArgType("options", "string or an instance of Object", o);
  if (o.encoding !== undefined && o.encoding !== null && o.encoding !== "buffer") assertEncoding(o.encoding);
  return { ...defaults, ...o };
}

export function assertEncoding(enc) {
  if (enc && enc !== "buffer" && !Buffer().isEncoding(enc)) {
    throw codedError(TypeError, "ERR_INVALID_ARG_VALUE", `The argument 'encoding' is invalid encoding. Received '${enc}'`);
  }
}

// ---- flags and modes ----

const FLAGS = {
  r: 0, rs: 0x101000, sr: 0x101000, "r+": 2, "rs+": 0x101002, "sr+": 0x101002,
  w: 0x241, wx: 0x2c1, xw: 0x2c1, "w+": 0x242, "wx+": 0x2c2, "xw+": 0x2c2,
  a: 0x441, ax: 0x4c1, xa: 0x4c1, as: 0x101441, sa: 0x101441,
  "a+": 0x442, "ax+": 0x4c2, "xa+": 0x4c2, "as+": 0x101442, "sa+": 0x101442,
};

/** flagsOf("w+"): Node's stringToFlags, the Linux O_* number. */
export function flagsOf(flags, name = "flags") {
  if (flags === undefined || flags === null) return 0;
  if (typeof flags === "number") return flags;
  const n = FLAGS[flags];
  if (n === undefined) throw codedError(TypeError, "ERR_INVALID_ARG_VALUE", `The argument '${name}' is invalid. Received ${describeValue(flags)}`);
  return n;
}

function describeValue(v) {
  return typeof v === "string" ? `'${v}'` : describe(v);
}

/** osFlags(linux): what os.open takes for Linux's O_* bits. */
export function osFlags(n) {
  const acc = n & 3;
  let f = acc === 0 ? os.O_RDONLY : acc === 1 ? os.O_WRONLY : os.O_RDWR;
  if (n & constants.O_CREAT) f |= os.O_CREAT;
  if (n & constants.O_EXCL) f |= os.O_EXCL;
  if (n & constants.O_TRUNC) f |= os.O_TRUNC;
  if (n & constants.O_APPEND) f |= os.O_APPEND;
  return f;
}

/** modeOf(mode, name, def): Node's parseFileMode (numbers and octal strings). */
export function modeOf(mode, name, def) {
  if (mode === undefined || mode === null) return def;
  if (typeof mode === "string") {
    if (!/^[0-7]+$/.test(mode)) throw codedError(TypeError, "ERR_INVALID_ARG_VALUE", `The argument '${name}' must be a 32-bit unsigned integer or an octal string. Received '${mode}'`);
    mode = parseInt(mode, 8);
  }
  validateInteger(mode, name, 0, 4294967295);
  return mode & 0o7777;
}

// ---- what WASI does not keep ----
//
// WASI has no permission bits, so stat's mode carries only the file type.
// The layer keeps the modes a program sets (chmod, open and mkdir with a
// mode) for the life of the process and reports them; other files report
// what the umask gives a new one (0o644 files, 0o755 directories). The VM
// enforces no permissions: the process runs as root.
const modes = new Map(); // absolute path -> permission bits

export function permOf(path, type) {
  const m = modes.get(path);
  if (m !== undefined) return m;
  switch (type) {
    case constants.S_IFDIR: return 0o755;
    case constants.S_IFCHR: return 0o666;
    case constants.S_IFIFO: case constants.S_IFSOCK: return 0o600;
    case constants.S_IFLNK: return 0o777;
    default: return 0o644;
  }
}

export function setPerm(path, mode) {
  modes.set(path, mode & 0o7777);
}

export function movePerms(from, to) {
  if (modes.size === 0) return;
  for (const [p, m] of [...modes]) {
    if (p === from || p.startsWith(`${from}/`)) {
      modes.delete(p);
      modes.set(to + p.slice(from.length), m);
    }
  }
}

export function dropPerm(path) {
  if (modes.size !== 0) modes.delete(path);
}

export function umask() {
  return globalThis.process.umask();
}

// The descriptors the layer opened: their paths, for what qjs has no
// f-call for (fstat, ftruncate, futimes, fchmod), and their flags.
export const fds = new Map(); // fd -> { path, flags }

/** rawStat(absPath) is os.stat's object or a negative errno. */
export function rawStat(path) {
  if (path === "") return -E.ENOENT;
  const [st, err] = os.stat(path);
  return err ? -err : st;
}

/** typeOf(st): S_IFMT bits of an os.stat result. */
export function typeOf(st) {
  return st.mode & os.S_IFMT;
}
