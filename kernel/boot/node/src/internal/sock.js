// The kernel's network as QuickJS can reach it: names in /dev opened with
// os.open (docs/network.md, "The guest interface"), read and written with
// os.read/os.write, waited on with one kernel poll set (internal/poller.js,
// poll_oneoff underneath). QuickJS has no socket functions; everything a
// socket needs is an open, a read, a write or a close:
//
//   /dev/tcp/HOST/PORT      connect (non-blocking: writable once connected)
//   /dev/tls/HOST/PORT      the same, with TLS done by the kernel's transport
//   /dev/tcp-listen/PORT    listen
//   /dev/tcp-accept/PORT    the next connection of our listener on PORT (EAGAIN: none)
//   /dev/sock/FD/shutdown   shutdown(SHUT_WR) of socket FD
//   /dev/dns/NAME           resolve NAME; reads the addresses, one a line
//
// wasi-libc's O_NONBLOCK is FDFLAGS_NONBLOCK (4), passed to path_open as the
// descriptor's flags; qjs returns errors as negative errno values.
import { os, errnoName, uvErrno } from "./sys.js";

export { errnoName };
import * as loop from "./loop.js";
import * as poller from "./poller.js";

export const O_NONBLOCK = 4;
export const EAGAIN = 6;

/** open(path) opens a network name non-blocking: the fd, or a negative errno. */
export function open(path, flags = os.O_RDWR) {
  return os.open(path, flags | O_NONBLOCK);
}

/** hostPath writes a host for a /dev path: IPv6 addresses in brackets. */
export function hostPath(host) {
  return host.includes(":") ? `[${host}]` : host;
}

/**
 * addrs(fd) is a connected socket's addresses, { local: [host, port],
 * remote: [host, port] } (a side undefined when the kernel does not know it).
 */
const addrBuf = new ArrayBuffer(256);
export function addrs(fd) {
  const out = { local: undefined, remote: undefined };
  const f = os.open(`/dev/sock/${fd}/addr`, os.O_RDONLY);
  if (f < 0) return out;
  const n = os.read(f, addrBuf, 0, addrBuf.byteLength);
  os.close(f);
  if (n <= 0) return out;
  const bytes = new Uint8Array(addrBuf, 0, n);
  let text = "";
  for (let i = 0; i < n; i++) text += String.fromCharCode(bytes[i]);
  for (const line of text.split("\n")) {
    const sp = line.indexOf(" ");
    const hp = line.slice(sp + 1);
    const colon = hp.lastIndexOf(":");
    if (sp < 0 || colon < 0) continue;
    let host = hp.slice(0, colon);
    if (host.startsWith("[")) host = host.slice(1, -1);
    out[line.slice(0, sp)] = [host, Number(hp.slice(colon + 1))];
  }
  return out;
}

/** shutdown(fd) ends writing on a connected socket; 0 or a negative errno. */
export function shutdown(fd) {
  const r = os.open(`/dev/sock/${fd}/shutdown`, os.O_RDONLY);
  if (r >= 0) os.close(r);
  return r < 0 ? r : 0;
}

/**
 * watch(fd, "r"|"w", fn) calls fn (as a loop callback) whenever fd is
 * readable (or writable), until unwatch; it does not keep the process alive
 * by itself (the socket or server owning fd counts itself with loop.ref).
 */
export function watch(fd, kind, fn) {
  poller.watch(fd, kind, () => loop.callback(fn, undefined, []));
}

export function unwatch(fd, kind) {
  poller.unwatch(fd, kind);
}

/**
 * netError("connect", errno, {address, port}) is Node's error for a socket
 * call: "connect ECONNREFUSED 127.0.0.1:3000", with code, errno (negative,
 * Linux numbering), syscall, address and port.
 */
const LISTEN_DESC = { EACCES: "permission denied", EADDRINUSE: "address already in use", EINVAL: "invalid argument" };

export function netError(syscall, errno, where = {}) {
  const code = typeof errno === "string" ? errno : errnoName(errno);
  let message = `${syscall} ${code}`;
  // listen's errors carry libuv's description, as Node's do
  // ("listen EADDRINUSE: address already in use :::3000").
  if (syscall === "listen" && LISTEN_DESC[code]) message += `: ${LISTEN_DESC[code]}`;
  if (where.address !== undefined) message += ` ${where.address}${where.port !== undefined ? `:${where.port}` : ""}`;
  else if (where.hostname !== undefined) message += ` ${where.hostname}`;
  if (syscall === "listen" && code === "EACCES") {
    message += " (the VM's network policy: listen on a port of bind_ports in wasmrun.toml [os.network], or run with --listen PORT)";
  }
  const err = new Error(message);
  const n = uvErrno(code);
  if (n !== undefined) err.errno = n;
  err.code = code;
  err.syscall = syscall;
  for (const k of ["address", "port", "hostname"]) if (where[k] !== undefined) err[k] = where[k];
  return err;
}
