// fs over WASI, through qjs:os and qjs:std. The sync API is the
// implementation; the callback API and fs/promises run the same calls in
// the poll phase of a later turn of the event loop (loop.io), where Node
// runs its thread pool's completions.
//
// What the VM's qjs cannot do (README.md, "fs"): it has no lstat, symlink,
// readlink, link, chmod, chown, fstat, ftruncate or fsync. So
//  - lstat, symlink, readlink, link and realpath are the kernel's /dev/fs
//    (internal/fs/links.js); lutimesSync throws notAvailable;
//  - modes are the layer's record (common.js): chmod is kept and reported,
//    not enforced; access() answers as root does (R_OK and W_OK unless the
//    file system is read-only, X_OK from the recorded mode);
//  - fstat, ftruncate, futimes and fchmod work on the descriptors the layer
//    opened (it knows their paths); ftruncate and truncate rewrite the file
//    to the new length; fsync checks the descriptor (writes are not
//    buffered in the VM);
//  - fs.watch throws notAvailable (no change notifications); fs.watchFile
//    polls, as Node's does.
import * as common from "../internal/fs/common.js";
import { Stats, BigIntStats, Dirent, statsOf, emptyStats, direntType, encodeName } from "../internal/fs/types.js";
import { createStreams } from "../internal/fs/streams.js";
import * as links from "../internal/fs/links.js";

const { constants, E, uvError, toPath, abs, validateFd, validateInteger, validateFunction, options, flagsOf, osFlags, modeOf, permOf, setPerm, movePerms, dropPerm, fds, rawStat, typeOf } = common;
const { S_IFDIR, S_IFREG, S_IFMT, S_IFCHR, S_IFIFO } = constants;

export default function (layer) {
  const { std, os, systemError } = layer.sys;
  const { codedError, invalidArgType, notAvailable } = layer.errors;
  const loop = layer.loop;
  const Buffer = common.Buffer();
  const pathModule = layer.builtin("path");

  // ---- helpers ----

  function statOrThrow(p, syscall) {
    const st = rawStat(abs(p));
    if (typeof st === "number") throw systemError(st, syscall, p);
    return st;
  }

  function isDir(absPath) {
    const st = rawStat(absPath);
    return typeof st !== "number" && typeOf(st) === S_IFDIR;
  }

  /** lstat(absPath): the file itself, a link not followed, or a negative errno. */
  function lstat(absPath) {
    return absPath === "" ? -E.ENOENT : links.lstat(absPath);
  }

  function exists(absPath) {
    return typeof rawStat(absPath) !== "number";
  }

  function toBuffer(data, encoding, name = "data") {
    if (typeof data === "string") return Buffer.from(data, encoding || "utf8");
    if (ArrayBuffer.isView(data)) return data instanceof Uint8Array ? data : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    throw invalidArgType(name, "string or an instance of Buffer, TypedArray, or DataView", data);
  }

  // A pread/pwrite: qjs has none, so the position is moved and restored.
  function atPosition(fd, position, op) {
    const cur = os.seek(fd, 0, std.SEEK_CUR);
    if (cur < 0) return cur;
    const r = os.seek(fd, typeof position === "bigint" ? position : Number(position), std.SEEK_SET);
    if (r < 0) return typeof r === "bigint" ? Number(r) : r;
    try {
      return op();
    } finally {
      os.seek(fd, cur, std.SEEK_SET);
    }
  }

  function hasPosition(position) {
    return position !== undefined && position !== null && !(typeof position === "number" && position < 0) && position !== -1n;
  }

  // ---- open, close, read, write ----

  function openSync(path, flags, mode) {
    const p = toPath(path);
    const f = flagsOf(flags);
    const m = modeOf(mode, "mode", 0o666);
    const a = abs(p);
    const created = (f & constants.O_CREAT) !== 0 && m !== 0o666 && !exists(a);
    if (f & constants.O_DIRECTORY) {
      const st = rawStat(a);
      if (typeof st === "number") throw systemError(st, "open", p);
      if (typeOf(st) !== S_IFDIR) throw uvError("ENOTDIR", "open", p);
    }
    const fd = a === "" ? -E.ENOENT : os.open(a, osFlags(f), 0o666);
    if (fd < 0) throw systemError(fd, "open", p);
    if (created) setPerm(a, m & ~common.umask());
    fds.set(fd, { path: a, flags: f });
    return fd;
  }

  function closeSync(fd) {
    validateFd(fd);
    const r = os.close(fd);
    if (r < 0) throw systemError(r, "close");
    fds.delete(fd);
  }

  function readError(fd, r) {
    const rec = fds.get(fd);
    if (-r === E.EBADF && rec && isDir(rec.path)) return uvError("EISDIR", "read");
    return systemError(r, "read");
  }

  function readSync(fd, buffer, offsetOrOptions, length, position) {
    validateFd(fd);
    let offset = offsetOrOptions;
    if (offset !== null && typeof offset === "object") ({ offset = 0, length, position } = offset);
    if (!ArrayBuffer.isView(buffer)) throw invalidArgType("buffer", "an instance of Buffer, TypedArray, or DataView", buffer);
    if (offset === undefined || offset === null) offset = 0;
    else validateInteger(offset, "offset", 0);
    if (length === undefined) length = buffer.byteLength - offset;
    if (length === 0) return 0;
    validateInteger(length, "length", 0, buffer.byteLength - offset);
    const op = () => os.read(fd, buffer.buffer, buffer.byteOffset + offset, length);
    const n = hasPosition(position) ? atPosition(fd, position, op) : op();
    if (n < 0) throw readError(fd, n);
    return n;
  }

  function writeSync(fd, buffer, offsetOrOptions, length, position) {
    validateFd(fd);
    let bytes, offset;
    if (typeof buffer === "string") {
      position = offsetOrOptions;
      bytes = Buffer.from(buffer, typeof length === "string" ? length : "utf8");
      offset = 0;
      length = bytes.length;
    } else if (ArrayBuffer.isView(buffer)) {
      bytes = buffer;
      offset = offsetOrOptions;
      if (offset !== null && typeof offset === "object") ({ offset = 0, length, position = null } = offset);
      if (offset === undefined || offset === null) offset = 0;
      else validateInteger(offset, "offset", 0);
      if (length === undefined || length === null) length = bytes.byteLength - offset;
      validateInteger(length, "length", 0, bytes.byteLength - offset);
    } else {
      throw invalidArgType("buffer", "string or an instance of Buffer, TypedArray, or DataView", buffer);
    }
    const rec = fds.get(fd);
    const op = () => os.write(fd, bytes.buffer, bytes.byteOffset + offset, length);
    // O_APPEND writes at the end wherever the position is (as pwrite on Linux).
    const n = hasPosition(position) && !(rec && rec.flags & constants.O_APPEND) ? atPosition(fd, position, op) : op();
    if (n < 0) throw systemError(n, "write");
    return n;
  }

  function writeAllSync(fd, bytes, syscall = "write") {
    let off = 0;
    while (off < bytes.byteLength) {
      const n = os.write(fd, bytes.buffer, bytes.byteOffset + off, bytes.byteLength - off);
      if (n < 0) {
        if (-n === 6 || -n === 27) continue; // EAGAIN, EINTR
        throw systemError(n, syscall);
      }
      off += n;
    }
  }

  function readvSync(fd, buffers, position) {
    validateFd(fd);
    let total = 0;
    let pos = hasPosition(position) ? Number(position) : null;
    for (const b of buffers) {
      const n = readSync(fd, b, 0, b.byteLength, pos);
      total += n;
      if (pos !== null) pos += n;
      if (n < b.byteLength) break;
    }
    return total;
  }

  function writevSync(fd, buffers, position) {
    validateFd(fd);
    let total = 0;
    let pos = hasPosition(position) ? Number(position) : null;
    for (const b of buffers) {
      const n = writeSync(fd, b, 0, b.byteLength, pos);
      total += n;
      if (pos !== null) pos += n;
      if (n < b.byteLength) break;
    }
    return total;
  }

  /** Everything from fd's position to its end. */
  function readAll(fd) {
    let size = 0;
    const cur = os.seek(fd, 0, std.SEEK_CUR);
    if (cur >= 0) {
      const end = os.seek(fd, 0, std.SEEK_END);
      os.seek(fd, cur, std.SEEK_SET);
      if (end > cur) size = end - cur;
    }
    let buf = new Uint8Array(size > 0 ? size : 8192);
    let len = 0;
    for (;;) {
      if (len === buf.length) {
        const bigger = new Uint8Array(buf.length * 2);
        bigger.set(buf);
        buf = bigger;
      }
      const n = os.read(fd, buf.buffer, len, buf.length - len);
      if (n < 0) throw readError(fd, n);
      if (n === 0) break;
      len += n;
      if (size > 0 && len === size) {
        // The size seen at the start: one more read confirms the end.
        size = 0;
      }
    }
    return Buffer.from(buf.buffer, 0, len);
  }

  /** Node's isFd: a uint32 is a descriptor, anything else a path. */
  function isFd(x) {
    return typeof x === "number" && x >>> 0 === x;
  }

  function decode(buf, encoding) {
    return encoding && encoding !== "buffer" ? buf.toString(encoding) : buf;
  }

  function readFileSync(path, opts) {
    const o = options(opts, { flag: "r" });
    if (isFd(path)) return decode(readAll(path), o.encoding);
    const p = toPath(path);
    const a = abs(p);
    if (o.flag === "r" || o.flag === undefined) {
      // One C call: std.loadFile decodes UTF-8 itself, or returns the bytes.
      const utf8 = o.encoding === "utf8" || o.encoding === "utf-8";
      const data = utf8 ? std.loadFile(a) : std.loadFile(a, { binary: true });
      if (data !== null && data.length > 0) return utf8 ? data : decode(Buffer.from(data.buffer, data.byteOffset, data.byteLength), o.encoding);
      // null (an error) or empty (an empty file, or a directory): the long way.
    }
    const fd = openSync(p, o.flag);
    try {
      return decode(readAll(fd), o.encoding);
    } finally {
      os.close(fd);
      fds.delete(fd);
    }
  }

  function writeFileSync(file, data, opts) {
    const o = options(opts, { encoding: "utf8", mode: 0o666, flag: "w" });
    if (!ArrayBuffer.isView(data) && typeof data !== "string") {
      throw invalidArgType("data", "string or an instance of Buffer, TypedArray, or DataView", data);
    }
    const fdGiven = isFd(file);
    const fd = fdGiven ? file : openSync(file, o.flag, o.mode);
    try {
      if (typeof data === "string" && (o.encoding === "utf8" || o.encoding === "utf-8" || !o.encoding) && !fdGiven) {
        // qjs encodes UTF-8 in C: through a FILE on the descriptor.
        const f = std.fdopen(fd, "w");
        if (f !== null) {
          fds.delete(fd); // closed with the FILE
          f.puts(data);
          f.flush();
          const bad = f.error();
          f.close();
          if (bad) throw uvError("EIO", "write");
          return;
        }
      }
      writeAllSync(fd, toBuffer(data, o.encoding));
    } finally {
      if (!fdGiven && fds.has(fd)) {
        os.close(fd);
        fds.delete(fd);
      }
    }
  }

  function appendFileSync(file, data, opts) {
    const o = options(opts, { encoding: "utf8", mode: 0o666, flag: "a" });
    if (o.flag === undefined) o.flag = "a";
    writeFileSync(file, data, o);
  }

  // ---- stat ----

  function statSync(path, opts = { bigint: false, throwIfNoEntry: true }, syscall = "stat") {
    const p = toPath(path);
    const a = abs(p);
    const st = rawStat(a);
    if (typeof st === "number") {
      if (opts && opts.throwIfNoEntry === false && -st === E.ENOENT) return undefined;
      throw systemError(st, syscall, p);
    }
    return statsOf(st, a, Boolean(opts && opts.bigint));
  }

  function lstatSync(path, opts = { bigint: false, throwIfNoEntry: true }) {
    const p = toPath(path);
    const a = abs(p);
    const st = a === "" ? -E.ENOENT : links.lstat(a);
    if (typeof st === "number") {
      if (opts && opts.throwIfNoEntry === false && -st === E.ENOENT) return undefined;
      throw systemError(st, "lstat", p);
    }
    return statsOf(st, a, Boolean(opts && opts.bigint));
  }

  function fstatSync(fd, opts = {}) {
    validateFd(fd);
    const bigint = Boolean(opts && opts.bigint);
    const rec = fds.get(fd);
    const end = () => {
      const cur = os.seek(fd, 0, std.SEEK_CUR);
      if (cur < 0) return cur;
      const e = os.seek(fd, 0, std.SEEK_END);
      os.seek(fd, cur, std.SEEK_SET);
      return e;
    };
    const size = end();
    if (size === -E.EBADF) throw uvError("EBADF", "fstat");
    if (rec) {
      const st = rawStat(rec.path);
      if (typeof st !== "number") {
        if (size >= 0 && typeOf(st) === S_IFREG) st.size = size;
        return statsOf(st, rec.path, bigint);
      }
    }
    // stdio, or a file since removed: what the descriptor itself tells.
    const now = Date.now();
    const type = os.isatty(fd) ? S_IFCHR : size >= 0 ? S_IFREG : S_IFIFO;
    const st = { dev: 0, ino: 0, mode: type, nlink: 1, uid: 0, gid: 0, rdev: 0, size: size >= 0 && type === S_IFREG ? size : 0, blocks: 0, atime: now, mtime: now, ctime: now };
    return statsOf(st, `/dev/fd/${fd}`, bigint);
  }

  function existsSync(path) {
    try {
      return exists(abs(toPath(path)));
    } catch {
      return false;
    }
  }

  function accessSync(path, mode = constants.F_OK) {
    const p = toPath(path);
    validateInteger(mode, "mode", 0, 7);
    const a = abs(p);
    const st = rawStat(a);
    if (typeof st === "number") throw systemError(st, "access", p);
    const type = typeOf(st);
    if (mode & constants.X_OK && type !== S_IFDIR && (permOf(a, type) & 0o111) === 0) throw uvError("EACCES", "access", p);
    if (mode & constants.W_OK) {
      // As root, writable unless the file system is read-only: ask the VM
      // with calls that change nothing (an open without truncation, a
      // directory renamed onto itself).
      let r;
      if (type === S_IFDIR) {
        r = os.rename(a, a);
      } else if (type === S_IFREG) {
        r = os.open(a, os.O_WRONLY);
        if (r >= 0) {
          os.close(r);
          r = 0;
        }
      } else {
        r = 0;
      }
      if (r === -E.EROFS) throw uvError("EROFS", "access", p);
    }
  }

  // ---- directories ----

  function readdirSync(path, opts) {
    const o = options(opts, { encoding: "utf8", withFileTypes: false, recursive: false });
    const p = toPath(path);
    if (o.recursive) return readdirRecursive(p, o);
    return readdirOne(p, p, o);
  }

  function listNames(p, a) {
    const [names, err] = a === "" ? [[], E.ENOENT] : os.readdir(a);
    if (err) throw systemError(-err, "scandir", p);
    return names.filter((n) => n !== "." && n !== "..");
  }

  function readdirOne(p, shownPath, o) {
    const a = abs(p);
    const names = listNames(p, a);
    if (o.withFileTypes) return names.map((n) => new Dirent(encodeName(n, o.encoding), direntType(`${a === "/" ? "" : a}/${n}`), shownPath));
    return names.map((n) => encodeName(n, o.encoding));
  }

  function readdirRecursive(base, o) {
    const results = [];
    const queue = [base];
    for (let i = 0; i < queue.length; i++) {
      const dir = queue[i];
      const a = abs(dir);
      const names = listNames(dir, a);
      for (const n of names) {
        const type = direntType(`${a === "/" ? "" : a}/${n}`);
        if (o.withFileTypes) results.push(new Dirent(encodeName(n, o.encoding), type, dir));
        else results.push(encodeName(pathModule.relative(base, pathModule.join(dir, n)), o.encoding));
        if (type === constants.UV_DIRENT_DIR) queue.push(pathModule.join(dir, n));
      }
    }
    return results;
  }

  function mkdirSync(path, opts) {
    const p = toPath(path);
    let recursive = false;
    let mode = 0o777;
    if (typeof opts === "number" || typeof opts === "string") mode = modeOf(opts, "mode", 0o777);
    else if (opts) {
      recursive = Boolean(opts.recursive);
      mode = modeOf(opts.mode, "mode", 0o777);
    }
    const a = abs(p);
    if (!recursive) {
      const r = os.mkdir(a, 0o777);
      if (r < 0) throw systemError(r, "mkdir", p);
      if (mode !== 0o777) setPerm(a, mode & ~common.umask());
      return undefined;
    }
    // The missing directories, from the deepest existing one down.
    const missing = [];
    let dir = a;
    for (;;) {
      const st = rawStat(dir);
      if (typeof st !== "number") {
        if (typeOf(st) !== S_IFDIR) throw uvError(dir === a ? "EEXIST" : "ENOTDIR", "mkdir", p);
        break;
      }
      if (-st !== E.ENOENT) throw systemError(st, "mkdir", p);
      missing.push(dir);
      if (dir === "/") break;
      dir = dir.slice(0, dir.lastIndexOf("/")) || "/";
    }
    for (let i = missing.length - 1; i >= 0; i--) {
      const r = os.mkdir(missing[i], 0o777);
      if (r < 0 && -r !== E.EEXIST) throw systemError(r, "mkdir", p);
      if (mode !== 0o777) setPerm(missing[i], mode & ~common.umask());
    }
    return missing.length ? missing[missing.length - 1] : undefined;
  }

  const TEMP_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  function mkdtempSync(prefix, opts) {
    const o = options(opts, { encoding: "utf8" });
    const p = toPath(prefix, "prefix");
    const bytes = new Uint8Array(6);
    for (let attempt = 0; attempt < 100; attempt++) {
      layer.builtin("crypto").getRandomValues(bytes);
      let suffix = "";
      for (const b of bytes) suffix += TEMP_CHARS[b % TEMP_CHARS.length];
      const r = os.mkdir(abs(p + suffix), 0o700);
      if (r === 0) {
        setPerm(abs(p + suffix), 0o700);
        return encodeName(p + suffix, o.encoding);
      }
      if (-r !== E.EEXIST) throw systemError(r, "mkdtemp", `${p}XXXXXX`);
    }
    throw uvError("EEXIST", "mkdtemp", `${p}XXXXXX`);
  }

  function rmdirSync(path, opts) {
    const p = toPath(path);
    if (opts && opts.recursive) {
      statOrThrow(p, "rmdir");
      removeTree(abs(p), p);
      return;
    }
    const a = abs(p);
    const st = lstat(a);
    if (typeof st === "number") throw systemError(st, "rmdir", p);
    if (typeOf(st) !== S_IFDIR) throw uvError("ENOTDIR", "rmdir", p);
    const r = os.remove(a);
    if (r < 0) throw systemError(r, "rmdir", p);
    dropPerm(a);
  }

  function unlinkSync(path) {
    const p = toPath(path);
    const a = abs(p);
    const st = lstat(a);
    if (typeof st !== "number" && typeOf(st) === S_IFDIR) throw uvError("EISDIR", "unlink", p);
    const r = os.remove(a);
    if (r < 0) throw systemError(r, "unlink", p);
    dropPerm(a);
  }

  /** Removes a tree, depth first, without recursion (the C stack is small). */
  function removeTree(a, shown) {
    const stack = [[a, false]];
    while (stack.length) {
      const top = stack[stack.length - 1];
      const [dir, listed] = top;
      const st = lstat(dir); // a link is removed, never followed
      if (typeof st === "number") {
        stack.pop();
        if (-st === E.ENOENT && dir !== a) continue;
        throw systemError(st, "rm", dir === a ? shown : dir);
      }
      if (typeOf(st) !== S_IFDIR) {
        stack.pop();
        const r = os.remove(dir);
        if (r < 0) throw systemError(r, "unlink", dir === a ? shown : dir);
        dropPerm(dir);
        continue;
      }
      if (!listed) {
        top[1] = true;
        const [names, err] = os.readdir(dir);
        if (err) throw systemError(-err, "scandir", dir === a ? shown : dir);
        for (const n of names) if (n !== "." && n !== "..") stack.push([`${dir === "/" ? "" : dir}/${n}`, false]);
        continue;
      }
      stack.pop();
      const r = os.remove(dir);
      if (r < 0) throw systemError(r, "rmdir", dir === a ? shown : dir);
      dropPerm(dir);
    }
  }

  function fsSystemError(code, key, message, info) {
    const err = new Error(`${message}: ${info.syscall} returned ${info.code} (${info.message}) ${info.path}`);
    err.name = "SystemError";
    Object.defineProperty(err, "name", { value: "SystemError", enumerable: false, writable: true, configurable: true });
    err.code = code;
    err.info = info;
    err.errno = info.errno;
    err.syscall = info.syscall;
    err.path = info.path;
    if (typeof err.stack === "string") err.stack = err.stack.replace(/^Error: /, `SystemError [${code}]: `);
    return err;
  }

  function rmSync(path, opts) {
    const p = toPath(path);
    const o = opts || {};
    const a = abs(p);
    const st = lstat(a);
    if (typeof st === "number") {
      if (o.force && -st === E.ENOENT) return;
      throw systemError(st, "lstat", p);
    }
    if (typeOf(st) === S_IFDIR) {
      if (!o.recursive) {
        throw fsSystemError("ERR_FS_EISDIR", "EISDIR", "Path is a directory", { code: "EISDIR", message: "is a directory", path: p, syscall: "rm", errno: 21 });
      }
      removeTree(a, p);
      return;
    }
    const r = os.remove(a);
    if (r < 0 && !(o.force && -r === E.ENOENT)) throw systemError(r, "rm", p);
    dropPerm(a);
  }

  function renameSync(oldPath, newPath) {
    const from = toPath(oldPath, "oldPath");
    const to = toPath(newPath, "newPath");
    const a = abs(from);
    const b = abs(to);
    const r = os.rename(a, b);
    if (r < 0) throw systemError(r, "rename", from, to);
    movePerms(a, b);
  }

  // ---- copies ----

  function copyFileSync(src, dest, mode = 0) {
    const s = toPath(src, "src");
    const d = toPath(dest, "dest");
    validateInteger(mode, "mode", 0, 7);
    const a = abs(s);
    const b = abs(d);
    const st = rawStat(a);
    if (typeof st === "number") throw systemError(st, "copyfile", s, d);
    if (typeOf(st) === S_IFDIR) throw uvError("EISDIR", "copyfile", s, d);
    if (mode & constants.COPYFILE_FICLONE_FORCE) throw uvError("ENOTSUP", "copyfile", s, d);
    const data = std.loadFile(a, { binary: true });
    if (data === null) throw uvError("EIO", "copyfile", s, d);
    let flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC;
    if (mode & constants.COPYFILE_EXCL) flags |= os.O_EXCL;
    const fd = os.open(b, flags, 0o666);
    if (fd < 0) throw systemError(fd, "copyfile", s, d);
    try {
      writeAllSync(fd, data, "copyfile");
    } finally {
      os.close(fd);
    }
    setPerm(b, permOf(a, S_IFREG));
  }

  function cpError(code, message, path) {
    return fsSystemError(`ERR_FS_${code}`, code, code === "CP_EINVAL" ? "Invalid src or dest" : code === "EISDIR" ? "Path is a directory" : "Target already exists",
      { message, path, syscall: "cp", errno: code === "CP_EEXIST" ? 17 : code === "EISDIR" ? 22 : 22, code: code === "CP_EEXIST" ? "EEXIST" : code === "EISDIR" ? "EISDIR" : "EINVAL" });
  }

  function cpSync(src, dest, opts = {}) {
    const s = toPath(src, "src");
    const d = toPath(dest, "dest");
    const o = { force: true, errorOnExist: false, recursive: false, preserveTimestamps: false, filter: undefined, mode: 0, ...opts };
    const a = abs(s);
    const b = abs(d);
    if (a === b) throw cpError("CP_EINVAL", "src and dest cannot be the same", d);
    const st = rawStat(a);
    if (typeof st === "number") throw systemError(st, "lstat", s);
    if (typeOf(st) === S_IFDIR) {
      if (!o.recursive) throw cpError("EISDIR", `${s} is a directory (not copied)`, s);
      if (b.startsWith(`${a}/`)) throw cpError("CP_EINVAL", `cannot copy ${s} to a subdirectory of self ${d}`, d);
    }
    copyEntry(a, b, o, s, d);
  }

  function copyEntry(a, b, o, s, d) {
    // Iterative: [source, destination] pairs.
    const work = [[a, b]];
    while (work.length) {
      const [from, to] = work.pop();
      if (o.filter && !o.filter(from === a ? s : from, to === b ? d : to)) continue;
      const st = rawStat(from);
      if (typeof st === "number") throw systemError(st, "lstat", from);
      const there = rawStat(to);
      if (typeOf(st) === S_IFDIR) {
        if (typeof there === "number") {
          const r = os.mkdir(to, 0o777);
          if (r < 0) throw systemError(r, "mkdir", to);
          setPerm(to, permOf(from, S_IFDIR));
        } else if (typeOf(there) !== S_IFDIR) {
          throw fsSystemError("ERR_FS_CP_DIR_TO_NON_DIR", "EISDIR", "Cannot overwrite non-directory with directory",
            { message: `cannot overwrite non-directory ${to} with directory ${from}`, path: to, syscall: "cp", errno: 21, code: "EISDIR" });
        }
        const [names, err] = os.readdir(from);
        if (err) throw systemError(-err, "scandir", from);
        for (const n of names) if (n !== "." && n !== "..") work.push([`${from}/${n}`, `${to}/${n}`]);
      } else {
        if (typeof there !== "number") {
          if (typeOf(there) === S_IFDIR) {
            throw fsSystemError("ERR_FS_CP_NON_DIR_TO_DIR", "ENOTDIR", "Cannot overwrite directory with non-directory",
              { message: `cannot overwrite directory ${to} with non-directory ${from}`, path: to, syscall: "cp", errno: 20, code: "ENOTDIR" });
          }
          if (!o.force) {
            if (o.errorOnExist) throw cpError("CP_EEXIST", `${to} already exists`, to);
            continue;
          }
        }
        copyFileSync(from, to, o.mode);
      }
      if (o.preserveTimestamps) os.utimes(to, st.atime, st.mtime);
    }
  }

  // ---- links: the kernel's /dev/fs, which qjs lacks the calls for ----

  function symlinkSync(target, path, type) {
    const t = toPath(target, "target");
    const p = toPath(path);
    if (type !== undefined && type !== null && typeof type !== "string") throw invalidArgType("type", "string", type);
    const r = p === "" ? -E.ENOENT : links.symlink(t, abs(p));
    if (r < 0) throw systemError(r, "symlink", t, p);
  }
  function readlinkSync(path, opts) {
    const o = options(opts, { encoding: "utf8" });
    const p = toPath(path);
    const a = abs(p);
    const r = a === "" ? -E.ENOENT : links.readlink(a);
    if (typeof r === "number") throw systemError(r, "readlink", p);
    return encodeName(r, o.encoding);
  }
  function linkSync(existingPath, newPath) {
    const from = toPath(existingPath, "existingPath");
    const to = toPath(newPath, "newPath");
    const r = from === "" || to === "" ? -E.ENOENT : links.link(abs(from), abs(to));
    if (r < 0) throw systemError(r, "link", from, to);
  }

  function realpathSync(path, opts, syscall = "lstat") {
    const o = options(opts, { encoding: "utf8" });
    const p = toPath(path);
    const a = abs(p);
    const r = a === "" ? -E.ENOENT : links.realpath(a);
    if (typeof r === "number") throw systemError(r, syscall, p);
    return encodeName(r, o.encoding);
  }
  realpathSync.native = (path, opts) => realpathSync(path, opts, "realpath");

  // ---- sizes, times, modes, owners ----

  /** Rewrites the file at a to len bytes (qjs has no truncate). */
  function truncatePath(a, len, syscall, shown) {
    const st = rawStat(a);
    if (typeof st === "number") throw systemError(st, "open", shown);
    if (typeOf(st) === S_IFDIR) throw uvError("EISDIR", "open", shown);
    if (st.size === len) return;
    let keep = new Uint8Array(0);
    if (len > 0) {
      const data = std.loadFile(a, { binary: true });
      if (data === null) throw uvError("EIO", syscall, shown);
      keep = new Uint8Array(len);
      keep.set(data.subarray(0, Math.min(len, data.length)));
    }
    const fd = os.open(a, os.O_WRONLY | os.O_TRUNC);
    if (fd < 0) throw systemError(fd, "open", shown);
    try {
      writeAllSync(fd, keep, syscall);
    } finally {
      os.close(fd);
    }
  }

  function truncateSync(path, len = 0) {
    if (isFd(path)) return ftruncateSync(path, len);
    const p = toPath(path);
    validateInteger(len, "len");
    truncatePath(abs(p), Math.max(0, len), "ftruncate", p);
  }

  function recordOf(fd, syscall) {
    validateFd(fd);
    const rec = fds.get(fd);
    if (rec) return rec;
    if (os.seek(fd, 0, std.SEEK_CUR) === -E.EBADF) throw uvError("EBADF", syscall);
    throw notAvailable(`fs.${syscall}Sync() on a descriptor the program did not open with fs`, "the VM's QuickJS has no f-calls for it");
  }

  function ftruncateSync(fd, len = 0) {
    const rec = recordOf(fd, "ftruncate");
    validateInteger(len, "len");
    truncatePath(rec.path, Math.max(0, len), "ftruncate");
  }

  function fsyncSync(fd) {
    validateFd(fd);
    if (os.seek(fd, 0, std.SEEK_CUR) === -E.EBADF) throw uvError("EBADF", "fsync");
  }

  function fdatasyncSync(fd) {
    validateFd(fd);
    if (os.seek(fd, 0, std.SEEK_CUR) === -E.EBADF) throw uvError("EBADF", "fdatasync");
  }

  function toUnixTimestamp(time, name = "time") {
    if (typeof time === "string" && +time == time) return +time;
    if (typeof time === "number") {
      if (!Number.isFinite(time) || time < 0) return Date.now() / 1000;
      return time;
    }
    if (time instanceof Date) return time.getTime() / 1000;
    if (typeof time === "bigint") return Number(time);
    throw invalidArgType(name, "number or an instance of Date", time);
  }

  function utimesSync(path, atime, mtime) {
    const p = toPath(path);
    const at = toUnixTimestamp(atime, "atime") * 1000;
    const mt = toUnixTimestamp(mtime, "mtime") * 1000;
    const r = os.utimes(abs(p), at, mt);
    if (r < 0) throw systemError(r, "utime", p);
  }

  function futimesSync(fd, atime, mtime) {
    const rec = recordOf(fd, "futime");
    const at = toUnixTimestamp(atime, "atime") * 1000;
    const mt = toUnixTimestamp(mtime, "mtime") * 1000;
    const r = os.utimes(rec.path, at, mt);
    if (r < 0) throw systemError(r, "futime");
  }

  function lutimesSync(path) {
    toPath(path);
    throw notAvailable("fs.lutimesSync()", "the VM's QuickJS sets a link's times only through it");
  }

  function chmodSync(path, mode) {
    const p = toPath(path);
    const m = modeOf(mode, "mode");
    const a = abs(p);
    const st = rawStat(a);
    if (typeof st === "number") throw systemError(st, "chmod", p);
    setPerm(a, m);
  }

  function fchmodSync(fd, mode) {
    const rec = recordOf(fd, "fchmod");
    setPerm(rec.path, modeOf(mode, "mode"));
  }

  // The VM has one user, root: owning files by anyone else is not possible.
  function checkOwner(uid, gid, what) {
    validateInteger(uid, "uid", -1, 4294967295);
    validateInteger(gid, "gid", -1, 4294967295);
    if ((uid !== 0 && uid !== -1) || (gid !== 0 && gid !== -1)) throw notAvailable(`fs.${what}() to a user other than root`, "the VM has one user, root");
  }

  function chownSync(path, uid, gid) {
    const p = toPath(path);
    checkOwner(uid, gid, "chownSync");
    statOrThrow(p, "chown");
  }

  function fchownSync(fd, uid, gid) {
    validateFd(fd);
    checkOwner(uid, gid, "fchownSync");
    if (os.seek(fd, 0, std.SEEK_CUR) === -E.EBADF) throw uvError("EBADF", "fchown");
  }

  function lchownSync(path, uid, gid) {
    const p = toPath(path);
    checkOwner(uid, gid, "lchownSync");
    statOrThrow(p, "lchown");
  }

  function statfsSync(path) {
    toPath(path);
    throw notAvailable("fs.statfsSync()", "WASI reports no file system statistics");
  }

  // ---- fs.Dir ----

  class Dir {
    #entries;
    #closed = false;
    #path;
    constructor(path, entries) {
      this.#path = path;
      this.#entries = entries;
    }
    get path() { return this.#path; }
    readSync() {
      if (this.#closed) throw codedError(Error, "ERR_DIR_CLOSED", "Directory handle was closed");
      return this.#entries.length ? this.#entries.shift() : null;
    }
    read(cb) {
      if (typeof cb === "function") {
        let v;
        try {
          v = this.readSync();
        } catch (err) {
          loop.io(cb, undefined, [err]);
          return;
        }
        loop.io(cb, undefined, [null, v]);
        return;
      }
      return inPoll(() => this.readSync());
    }
    closeSync() {
      if (this.#closed) throw codedError(Error, "ERR_DIR_CLOSED", "Directory handle was closed");
      this.#closed = true;
    }
    close(cb) {
      if (typeof cb === "function") {
        try {
          this.closeSync();
        } catch (err) {
          loop.io(cb, undefined, [err]);
          return;
        }
        loop.io(cb, undefined, [null]);
        return;
      }
      return inPoll(() => this.closeSync());
    }
    async *entries() {
      try {
        for (;;) {
          const e = await this.read();
          if (e === null) break;
          yield e;
        }
      } finally {
        if (!this.#closed) this.closeSync();
      }
    }
    [Symbol.asyncIterator]() { return this.entries(); }
  }

  function opendirSync(path, opts) {
    const o = options(opts, { encoding: "utf8", bufferSize: 32, recursive: false });
    const p = toPath(path);
    const a = abs(p);
    const [names, err] = os.readdir(a);
    if (err) throw systemError(-err, "opendir");
    let entries;
    if (o.recursive) entries = readdirRecursive(p, { ...o, withFileTypes: true });
    else entries = names.filter((n) => n !== "." && n !== "..").map((n) => new Dirent(encodeName(n, o.encoding), direntType(`${a === "/" ? "" : a}/${n}`), p));
    return new Dir(p, entries);
  }

  // ---- watching ----

  const EventEmitter = layer.builtin("events");
  const watchers = new Map(); // absolute path -> StatWatcher

  class StatWatcher extends EventEmitter {
    constructor(bigint) {
      super();
      this._bigint = bigint;
      this._timer = null;
    }
    _start(a, interval, persistent) {
      const poll = () => {
        const st = rawStat(a);
        const curr = typeof st === "number" ? emptyStats(this._bigint) : statsOf(st, a, this._bigint);
        const prev = this._prev;
        if (String(curr.mtimeMs) !== String(prev.mtimeMs) || String(curr.size) !== String(prev.size) ||
            String(curr.ino) !== String(prev.ino) || String(curr.ctimeMs) !== String(prev.ctimeMs) || String(curr.mode) !== String(prev.mode)) {
          this._prev = curr;
          this.emit("change", curr, prev);
        }
      };
      const st = rawStat(a);
      this._prev = typeof st === "number" ? emptyStats(this._bigint) : statsOf(st, a, this._bigint);
      this._timer = layer.loop.setInterval(poll, interval);
      if (!persistent) this._timer.unref();
    }
    stop() {
      if (this._timer) {
        layer.loop.clearInterval(this._timer);
        this._timer = null;
        this.emit("stop");
      }
    }
    ref() { if (this._timer) this._timer.ref(); return this; }
    unref() { if (this._timer) this._timer.unref(); return this; }
  }

  function watchFile(filename, opts, listener) {
    const p = toPath(filename, "filename");
    const a = abs(p);
    if (typeof opts === "function") {
      listener = opts;
      opts = {};
    }
    const o = { interval: 5007, persistent: true, bigint: false, ...opts };
    validateFunction(listener, "listener");
    let w = watchers.get(a);
    if (!w) {
      w = new StatWatcher(o.bigint);
      w._start(a, o.interval, o.persistent);
      watchers.set(a, w);
    }
    w.addListener("change", listener);
    return w;
  }

  function unwatchFile(filename, listener) {
    const a = abs(toPath(filename, "filename"));
    const w = watchers.get(a);
    if (!w) return;
    if (typeof listener === "function") w.removeListener("change", listener);
    else w.removeAllListeners("change");
    if (w.listenerCount("change") === 0) {
      w.stop();
      watchers.delete(a);
    }
  }

  function watch() {
    throw notAvailable("fs.watch()", "the VM has no file change notifications; fs.watchFile() polls");
  }

  // ---- the callback API ----

  /** inPoll(fn): a promise settled with fn() in the poll phase of a later turn. */
  function inPoll(fn) {
    return new Promise((resolve, reject) => {
      loop.io(() => {
        let v;
        try {
          v = fn();
        } catch (err) {
          reject(err);
          return;
        }
        resolve(v);
      }, undefined, []);
    });
  }

  /** callbackOf(syncFn): the error-first callback version of a sync call. */
  function callbackOf(syncFn, name) {
    const fn = function (...args) {
      let cb = args.pop();
      if (typeof cb !== "function") {
        throw invalidArgType("cb", "function", cb);
      }
      loop.io(() => {
        let v;
        try {
          v = syncFn(...args);
        } catch (err) {
          cb(err);
          return;
        }
        cb(null, v);
      }, undefined, []);
    };
    Object.defineProperty(fn, "name", { value: name });
    return fn;
  }

  const api = {
    appendFileSync, accessSync, chmodSync, chownSync, closeSync, copyFileSync, cpSync, existsSync,
    fchmodSync, fchownSync, fdatasyncSync, fstatSync, fsyncSync, ftruncateSync, futimesSync,
    lchownSync, linkSync, lstatSync, lutimesSync, mkdirSync, mkdtempSync, openSync, opendirSync,
    readdirSync, readFileSync, readlinkSync, readSync, readvSync, realpathSync, renameSync,
    rmdirSync, rmSync, statSync, statfsSync, symlinkSync, truncateSync, unlinkSync, utimesSync,
    writeFileSync, writeSync, writevSync,
  };

  const fs = {};
  for (const [name, fn] of Object.entries(api)) {
    fs[name] = fn;
    if (name === "existsSync") continue;
    const base = name.slice(0, -4);
    fs[base] = callbackOf(fn, base);
  }
  fs.lchmod = undefined;
  fs.lchmodSync = undefined;

  // Callbacks with more than one result, or none but the error.
  fs.read = function read(fd, buffer, offset, length, position, cb) {
    const args = [...arguments];
    cb = args.pop();
    validateFunction(cb, "cb");
    if (args.length === 1 || (args.length === 2 && !ArrayBuffer.isView(args[1]))) {
      // fs.read(fd, [options,] cb): a buffer of 16 KiB unless given.
      const o = args[1] || {};
      const buf = o.buffer || Buffer.alloc(16384);
      args.splice(1, 1, buf, { offset: o.offset || 0, length: o.length === undefined ? buf.byteLength - (o.offset || 0) : o.length, position: o.position === undefined ? null : o.position });
    }
    loop.io(() => {
      let n;
      try {
        n = readSync(...args);
      } catch (err) {
        cb(err);
        return;
      }
      cb(null, n, args[1]);
    }, undefined, []);
  };
  fs.write = function write(fd, buffer, ...rest) {
    const cb = rest.pop();
    validateFunction(cb, "cb");
    loop.io(() => {
      let n;
      try {
        n = writeSync(fd, buffer, ...rest);
      } catch (err) {
        cb(err);
        return;
      }
      cb(null, n, buffer);
    }, undefined, []);
  };
  fs.readv = function readv(fd, buffers, position, cb) {
    if (typeof position === "function") { cb = position; position = null; }
    validateFunction(cb, "cb");
    loop.io(() => {
      let n;
      try { n = readvSync(fd, buffers, position); } catch (err) { cb(err); return; }
      cb(null, n, buffers);
    }, undefined, []);
  };
  fs.writev = function writev(fd, buffers, position, cb) {
    if (typeof position === "function") { cb = position; position = null; }
    validateFunction(cb, "cb");
    loop.io(() => {
      let n;
      try { n = writevSync(fd, buffers, position); } catch (err) { cb(err); return; }
      cb(null, n, buffers);
    }, undefined, []);
  };
  fs.exists = function exists(path, cb) {
    validateFunction(cb, "cb");
    loop.io(() => cb(existsSync(path)), undefined, []);
  };
  Object.defineProperty(fs.exists, Symbol.for("nodejs.util.promisify.custom"), {
    value: (path) => new Promise((resolve) => fs.exists(path, resolve)),
  });
  fs.realpath.native = callbackOf(realpathSync.native, "native");
  fs.opendir = function opendir(path, opts, cb) {
    if (typeof opts === "function") { cb = opts; opts = undefined; }
    validateFunction(cb, "cb");
    loop.io(() => {
      let d;
      try { d = opendirSync(path, opts); } catch (err) { cb(err); return; }
      cb(null, d);
    }, undefined, []);
  };

  Object.assign(fs, {
    constants,
    F_OK: 0, R_OK: 4, W_OK: 2, X_OK: 1,
    Stats,
    BigIntStats,
    Dirent,
    Dir,
    StatWatcher,
    watch,
    watchFile,
    unwatchFile,
    openAsBlob() {
      throw notAvailable("fs.openAsBlob()", "there is no Blob in the VM");
    },
    _toUnixTimestamp: toUnixTimestamp,
  });

  // The streams need the stream polyfill: built on first use.
  let streams;
  const getStreams = () => streams || (streams = createStreams(layer, fs));
  for (const [name, key] of [["ReadStream", "ReadStream"], ["WriteStream", "WriteStream"], ["FileReadStream", "ReadStream"], ["FileWriteStream", "WriteStream"]]) {
    Object.defineProperty(fs, name, {
      enumerable: true,
      configurable: true,
      get: () => getStreams()[key],
      set(v) { Object.defineProperty(fs, name, { value: v, writable: true, enumerable: true, configurable: true }); },
    });
  }
  fs.createReadStream = function createReadStream(path, options) { return new fs.ReadStream(path, options); };
  fs.createWriteStream = function createWriteStream(path, options) { return new fs.WriteStream(path, options); };

  // fs.promises is fs/promises, built on first use.
  Object.defineProperty(fs, "promises", {
    enumerable: true,
    configurable: true,
    get: () => layer.builtin("fs/promises"),
  });

  // What fs/promises builds on.
  Object.defineProperty(fs, Symbol.for("wasmrun.fs.internal"), { value: { inPoll, readAll, writeAllSync, toBuffer, openSync } });
  return fs;
}
