// fs.Stats, fs.BigIntStats, fs.Dirent and fs.Dir, shaped as Node's.
import { os } from "../sys.js";
import { constants, permOf, typeOf, Buffer } from "./common.js";
import { lstat } from "./links.js";

const { S_IFMT, S_IFREG, S_IFDIR, S_IFCHR, S_IFBLK, S_IFIFO, S_IFLNK, S_IFSOCK } = constants;

function is(stats, type) {
  const mode = stats.mode;
  if (typeof mode === "bigint") return (mode & BigInt(S_IFMT)) === BigInt(type);
  return (mode & S_IFMT) === type;
}

export class StatsBase {
  isDirectory() { return is(this, S_IFDIR); }
  isFile() { return is(this, S_IFREG); }
  isBlockDevice() { return is(this, S_IFBLK); }
  isCharacterDevice() { return is(this, S_IFCHR); }
  isSymbolicLink() { return is(this, S_IFLNK); }
  isFIFO() { return is(this, S_IFIFO); }
  isSocket() { return is(this, S_IFSOCK); }
}

export function Stats(dev, mode, nlink, uid, gid, rdev, blksize, ino, size, blocks, atimeMs, mtimeMs, ctimeMs, birthtimeMs) {
  this.dev = dev;
  this.mode = mode;
  this.nlink = nlink;
  this.uid = uid;
  this.gid = gid;
  this.rdev = rdev;
  this.blksize = blksize;
  this.ino = ino;
  this.size = size;
  this.blocks = blocks;
  this.atimeMs = atimeMs;
  this.mtimeMs = mtimeMs;
  this.ctimeMs = ctimeMs;
  this.birthtimeMs = birthtimeMs;
  this.atime = new Date(atimeMs);
  this.mtime = new Date(mtimeMs);
  this.ctime = new Date(ctimeMs);
  this.birthtime = new Date(birthtimeMs);
}
Object.setPrototypeOf(Stats.prototype, StatsBase.prototype);
Stats.prototype.isFile = StatsBase.prototype.isFile;
Object.defineProperty(Stats.prototype, "_checkModeProperty", {
  value(property) { return is(this, property); },
  writable: true, configurable: true,
});

export function BigIntStats(dev, mode, nlink, uid, gid, rdev, blksize, ino, size, blocks, atimeNs, mtimeNs, ctimeNs, birthtimeNs) {
  this.dev = dev;
  this.mode = mode;
  this.nlink = nlink;
  this.uid = uid;
  this.gid = gid;
  this.rdev = rdev;
  this.blksize = blksize;
  this.ino = ino;
  this.size = size;
  this.blocks = blocks;
  this.atimeMs = atimeNs / 1000000n;
  this.mtimeMs = mtimeNs / 1000000n;
  this.ctimeMs = ctimeNs / 1000000n;
  this.birthtimeMs = birthtimeNs / 1000000n;
  this.atimeNs = atimeNs;
  this.mtimeNs = mtimeNs;
  this.ctimeNs = ctimeNs;
  this.birthtimeNs = birthtimeNs;
  this.atime = new Date(Number(this.atimeMs));
  this.mtime = new Date(Number(this.mtimeMs));
  this.ctime = new Date(Number(this.ctimeMs));
  this.birthtime = new Date(Number(this.birthtimeMs));
}
Object.setPrototypeOf(BigIntStats.prototype, StatsBase.prototype);

/**
 * statsOf(st, path, bigint): Stats from os.stat's object. WASI gives the
 * type but no permission bits (common.js supplies them), times in ms, no
 * birth time (ctime stands in, as libuv does without statx) and no block
 * size (4096).
 */
export function statsOf(st, path, bigint) {
  const type = typeOf(st);
  const mode = type | permOf(path, type);
  let ino = st.ino;
  if (ino < 0) ino += 2 ** 64;
  if (bigint) {
    const ns = (ms) => BigInt(Math.trunc(ms)) * 1000000n;
    return new BigIntStats(BigInt(st.dev), BigInt(mode), BigInt(st.nlink), BigInt(st.uid), BigInt(st.gid), BigInt(st.rdev),
      4096n, BigInt(st.ino) & 0xffffffffffffffffn, BigInt(st.size), BigInt(st.blocks), ns(st.atime), ns(st.mtime), ns(st.ctime), ns(st.ctime));
  }
  return new Stats(st.dev, mode, st.nlink, st.uid, st.gid, st.rdev, 4096, ino, st.size, st.blocks, st.atime, st.mtime, st.ctime, st.ctime);
}

/** Stats of a missing file, as fs.watchFile reports it. */
export function emptyStats(bigint) {
  if (bigint) return new BigIntStats(0n, 0n, 0n, 0n, 0n, 0n, 0n, 0n, 0n, 0n, 0n, 0n, 0n, 0n);
  return new Stats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
}

const kType = Symbol("type");

export class Dirent {
  constructor(name, type, path) {
    this.name = name;
    this.parentPath = path;
    this.path = path;
    this[kType] = type;
  }
  isDirectory() { return this[kType] === constants.UV_DIRENT_DIR; }
  isFile() { return this[kType] === constants.UV_DIRENT_FILE; }
  isBlockDevice() { return this[kType] === constants.UV_DIRENT_BLOCK; }
  isCharacterDevice() { return this[kType] === constants.UV_DIRENT_CHAR; }
  isSymbolicLink() { return this[kType] === constants.UV_DIRENT_LINK; }
  isFIFO() { return this[kType] === constants.UV_DIRENT_FIFO; }
  isSocket() { return this[kType] === constants.UV_DIRENT_SOCKET; }
}

/**
 * direntType(absPath): the UV_DIRENT_* type of a directory entry. qjs
 * gives names only, so each is lstat'ed (through /dev/fs).
 */
export function direntType(path) {
  const st = lstat(path);
  if (typeof st === "number") return constants.UV_DIRENT_UNKNOWN;
  switch (typeOf(st)) {
    case S_IFREG: return constants.UV_DIRENT_FILE;
    case S_IFDIR: return constants.UV_DIRENT_DIR;
    case S_IFCHR: return constants.UV_DIRENT_CHAR;
    case S_IFBLK: return constants.UV_DIRENT_BLOCK;
    case S_IFIFO: return constants.UV_DIRENT_FIFO;
    case S_IFSOCK: return constants.UV_DIRENT_SOCKET;
    case S_IFLNK: return constants.UV_DIRENT_LINK;
    default: return constants.UV_DIRENT_UNKNOWN;
  }
}

/** encodeName(name, encoding): a directory entry's name as readdir returns it. */
export function encodeName(name, encoding) {
  if (!encoding || encoding === "utf8" || encoding === "utf-8") return name;
  const buf = Buffer().from(name);
  return encoding === "buffer" ? buf : buf.toString(encoding);
}
