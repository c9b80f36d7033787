// The VM as the layer sees it: qjs:std and qjs:os, plus the few helpers every
// part of the layer needs (errno names, Node-style system errors, whole
// writes, file kinds). Nothing here knows about Node's module system.
import * as std from "qjs:std";
import * as os from "qjs:os";

export { std, os };

// wasi-libc's errno values are WASI's (wasi/abi/errno.go lists them in the
// same order); qjs returns them negated.
const ERRNO_NAMES = [
  "ESUCCESS", "E2BIG", "EACCES", "EADDRINUSE", "EADDRNOTAVAIL", "EAFNOSUPPORT",
  "EAGAIN", "EALREADY", "EBADF", "EBADMSG", "EBUSY", "ECANCELED", "ECHILD",
  "ECONNABORTED", "ECONNREFUSED", "ECONNRESET", "EDEADLK", "EDESTADDRREQ",
  "EDOM", "EDQUOT", "EEXIST", "EFAULT", "EFBIG", "EHOSTUNREACH", "EIDRM",
  "EILSEQ", "EINPROGRESS", "EINTR", "EINVAL", "EIO", "EISCONN", "EISDIR",
  "ELOOP", "EMFILE", "EMLINK", "EMSGSIZE", "EMULTIHOP", "ENAMETOOLONG",
  "ENETDOWN", "ENETRESET", "ENETUNREACH", "ENFILE", "ENOBUFS", "ENODEV",
  "ENOENT", "ENOEXEC", "ENOLCK", "ENOLINK", "ENOMEM", "ENOMSG",
  "ENOPROTOOPT", "ENOSPC", "ENOSYS", "ENOTCONN", "ENOTDIR", "ENOTEMPTY",
  "ENOTRECOVERABLE", "ENOTSOCK", "ENOTSUP", "ENOTTY", "ENXIO", "EOVERFLOW",
  "EOWNERDEAD", "EPERM", "EPIPE", "EPROTO", "EPROTONOSUPPORT", "EPROTOTYPE",
  "ERANGE", "EROFS", "ESPIPE", "ESRCH", "ESTALE", "ETIMEDOUT", "ETXTBSY",
  "EXDEV", "ENOTCAPABLE",
];

// What Node reports for a code: libuv's message and Linux's errno number
// (err.errno is negative in Node). Codes missing here get strerror's text.
const UV = {
  E2BIG: [7, "argument list too long"], EACCES: [13, "permission denied"],
  EAGAIN: [11, "resource temporarily unavailable"], EBADF: [9, "bad file descriptor"],
  EBUSY: [16, "resource busy or locked"], ECANCELED: [125, "operation canceled"],
  EEXIST: [17, "file already exists"], EFBIG: [27, "file too large"],
  EINTR: [4, "interrupted system call"], EINVAL: [22, "invalid argument"],
  EIO: [5, "i/o error"], EISDIR: [21, "illegal operation on a directory"],
  ELOOP: [40, "too many symbolic links encountered"], EMFILE: [24, "too many open files"],
  ENAMETOOLONG: [36, "name too long"], ENFILE: [23, "file table overflow"],
  ENODEV: [19, "no such device"], ENOENT: [2, "no such file or directory"],
  ENOMEM: [12, "not enough memory"], ENOSPC: [28, "no space left on device"],
  ENOSYS: [38, "function not implemented"], ENOTDIR: [20, "not a directory"],
  ENOTEMPTY: [39, "directory not empty"], ENOTSUP: [95, "operation not supported on socket"],
  ENOTTY: [25, "inappropriate ioctl for device"], ENXIO: [6, "no such device or address"],
  EPERM: [1, "operation not permitted"], EPIPE: [32, "broken pipe"],
  EROFS: [30, "read-only file system"], ESPIPE: [29, "invalid seek"],
  ETIMEDOUT: [110, "connection timed out"], ETXTBSY: [26, "text file is busy"],
  EXDEV: [18, "cross-device link not permitted"],
  EADDRINUSE: [98, "address already in use"], EADDRNOTAVAIL: [99, "address not available"],
  ECONNABORTED: [103, "software caused connection abort"], ECONNREFUSED: [111, "connection refused"],
  ECONNRESET: [104, "connection reset by peer"], EHOSTUNREACH: [113, "host is unreachable"],
  ENETUNREACH: [101, "network is unreachable"], ENOTCONN: [107, "socket is not connected"],
  ENOTSOCK: [88, "socket operation on non-socket"], EPROTO: [71, "protocol error"],
  EPROTONOSUPPORT: [93, "protocol not supported"],
  // WASI's "outside the capability": what a Linux program sees as EPERM.
  ENOTCAPABLE: [1, "operation not permitted"],
};

/** uvErrno("ECONNREFUSED") is Node's err.errno for a code (negative, Linux numbering). */
export function uvErrno(code) {
  const uv = UV[code];
  return uv ? -uv[0] : undefined;
}

/** errnoName(28) === "EINVAL"; accepts qjs's negative returns too. */
export function errnoName(errno) {
  return ERRNO_NAMES[Math.abs(errno)] || "EUNKNOWN";
}

/**
 * A Node-style system error: `ENOENT: no such file or directory, open '/x'`
 * with code, errno (negative, Linux numbering, as Node), syscall and path.
 */
export function systemError(errno, syscall, path, dest) {
  const code = errnoName(errno);
  const uv = UV[code];
  let message = `${code}: ${uv ? uv[1] : std.strerror(Math.abs(errno)).toLowerCase()}, ${syscall}`;
  if (path !== undefined) message += ` '${path}'`;
  if (dest !== undefined) message += ` -> '${dest}'`;
  const err = new Error(message);
  err.errno = uv ? -uv[0] : -Math.abs(errno);
  err.code = code;
  err.syscall = syscall;
  if (path !== undefined) err.path = path;
  if (dest !== undefined) err.dest = dest;
  return err;
}

/** stat(path) is os.stat's object, or null when the path does not exist. */
export function stat(path) {
  const [st, err] = os.stat(path);
  return err ? null : st;
}

/** kind(path): 0 missing, 1 a file (or anything not a directory), 2 a directory. */
export function kind(path) {
  const [st, err] = os.stat(path);
  if (err) return 0;
  return (st.mode & os.S_IFMT) === os.S_IFDIR ? 2 : 1;
}

/** readText(path) is the file as a string (UTF-8, BOM kept), or null. */
export function readText(path) {
  return std.loadFile(path);
}

/**
 * writeAll writes every byte of a Uint8Array (or ArrayBuffer view) to fd,
 * as many calls as it takes; a failure throws a system error.
 */
export function writeAll(fd, bytes) {
  const buf = bytes.buffer;
  let off = bytes.byteOffset;
  let left = bytes.byteLength;
  while (left > 0) {
    const n = os.write(fd, buf, off, left);
    if (n < 0) {
      if (-n === 6 /* EAGAIN */ || -n === 27 /* EINTR */) continue;
      throw systemError(n, "write");
    }
    off += n;
    left -= n;
  }
}

/** mkdirp creates dir and its missing parents (absolute path). */
export function mkdirp(dir) {
  if (kind(dir) === 2) return;
  const parent = dir.slice(0, dir.lastIndexOf("/")) || "/";
  if (parent !== dir) mkdirp(parent);
  const r = os.mkdir(dir, 0o777);
  if (r < 0 && errnoName(r) !== "EEXIST") throw systemError(r, "mkdir", dir);
}
