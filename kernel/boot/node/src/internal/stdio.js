// process.stdout, process.stderr and process.stdin.
//
// Writes are synchronous, as Node's are for files, pipes and TTYs on Linux:
// a string goes through qjs's stdio (UTF-8 encoded in C, then flushed), bytes
// through os.write until all are written, so large and binary output is
// never truncated or re-encoded. The stream objects are built on first use
// (they need the stream polyfill); until then console.log writes directly.
//
// stdin is read through the poll set (poller.js), so reading never blocks timers; the
// handler is set only while the stream wants data, and keeps the process
// alive only while it is set and the stream is ref'd.
import { std, os, writeAll, systemError } from "./sys.js";
import * as loop from "./loop.js";
import * as poller from "./poller.js";
import { notAvailable } from "./errors.js";
import { builtin } from "../builtins.js";

/** writeFd writes a string (UTF-8) or bytes to fd 1 or 2, in full. */
export function writeFd(fd, data) {
  const file = fd === 2 ? std.err : std.out;
  if (typeof data === "string") {
    file.puts(data);
    file.flush();
  } else {
    file.flush();
    writeAll(fd, ArrayBuffer.isView(data) ? data : new Uint8Array(data));
  }
}

const env = () => globalThis.process.env;

/** colorDepth is tty.WriteStream.getColorDepth for a terminal: from the environment. */
export function colorDepth(envObj = env()) {
  if (envObj.FORCE_COLOR !== undefined) {
    const f = envObj.FORCE_COLOR;
    if (f === "" || f === "1" || f === "true") return 4;
    if (f === "2") return 8;
    if (f === "3") return 24;
    return 1;
  }
  if (envObj.NO_COLOR !== undefined || envObj.NODE_DISABLE_COLORS !== undefined || envObj.TERM === "dumb") return 1;
  if (envObj.COLORTERM === "truecolor" || envObj.COLORTERM === "24bit") return 24;
  if (envObj.TERM && /-256(color)?$/.test(envObj.TERM)) return 8;
  return 4;
}

const CSI = "\x1b[";

/** A Writable for fd 1 or 2, with tty.WriteStream's members when it is a terminal. */
export function createWriteStream(fd) {
  const { Writable } = builtin("stream");
  const { Buffer } = builtin("buffer");
  const stream = new Writable({
    decodeStrings: false,
    write(chunk, encoding, cb) {
      try {
        if (typeof chunk === "string" && encoding !== "utf8" && encoding !== "utf-8" && encoding !== "buffer") {
          chunk = Buffer.from(chunk, encoding);
        }
        writeFd(fd, chunk);
      } catch (err) {
        cb(err);
        return;
      }
      cb();
    },
    destroy(err, cb) {
      // Like Node: destroying process.stdout does not close fd 1.
      cb(err);
    },
  });
  stream.fd = fd;
  stream._type = os.isatty(fd) ? "tty" : "pipe";
  stream._isStdio = true;
  stream.destroySoon = stream.destroy;
  if (os.isatty(fd)) {
    stream.isTTY = true;
    // WASI has no window size: COLUMNS and LINES if set, else 80x24.
    Object.defineProperty(stream, "columns", { enumerable: true, configurable: true, get: () => Number(env().COLUMNS) || 80 });
    Object.defineProperty(stream, "rows", { enumerable: true, configurable: true, get: () => Number(env().LINES) || 24 });
    stream.getWindowSize = () => [stream.columns, stream.rows];
    stream.getColorDepth = (e) => colorDepth(e);
    stream.hasColors = (count = 16, e) => {
      if (typeof count === "object") { e = count; count = 16; }
      return 2 ** colorDepth(e) >= count;
    };
    stream.cursorTo = (x, y, cb) => {
      if (typeof y === "function") { cb = y; y = undefined; }
      return stream.write(y === undefined ? `${CSI}${x + 1}G` : `${CSI}${y + 1};${x + 1}H`, cb);
    };
    stream.moveCursor = (dx, dy, cb) => {
      let s = "";
      if (dx < 0) s += `${CSI}${-dx}D`; else if (dx > 0) s += `${CSI}${dx}C`;
      if (dy < 0) s += `${CSI}${-dy}A`; else if (dy > 0) s += `${CSI}${dy}B`;
      return stream.write(s, cb);
    };
    stream.clearLine = (dir, cb) => stream.write(dir < 0 ? `${CSI}1K` : dir > 0 ? `${CSI}0K` : `${CSI}2K`, cb);
    stream.clearScreenDown = (cb) => stream.write(`${CSI}0J`, cb);
  }
  return stream;
}

const EAGAIN = 6;

/** process.stdin: a Readable over fd 0. */
export function createStdin() {
  const { Readable } = builtin("stream");
  const { Buffer } = builtin("buffer");
  let reading = false;
  let counted = false; // whether this handle is in the loop's ref count
  let refd = true;
  const stream = new Readable({
    highWaterMark: 64 * 1024,
    read() { start(); },
    destroy(err, cb) {
      stop();
      cb(err);
    },
  });
  function account() {
    const want = reading && refd;
    if (want !== counted) {
      counted = want;
      if (want) loop.ref(); else loop.unref();
    }
  }
  function start() {
    if (reading || stream.destroyed) return;
    reading = true;
    poller.watch(0, "r", onReadable);
    account();
  }
  function stop() {
    if (!reading) return;
    reading = false;
    poller.unwatch(0, "r");
    account();
  }
  function onReadable() {
    loop.callback(readChunk, undefined, []);
  }
  function readChunk() {
    const buf = Buffer.allocUnsafe(64 * 1024);
    const n = os.read(0, buf.buffer, buf.byteOffset, buf.length);
    if (n > 0) {
      if (!stream.push(buf.subarray(0, n))) stop();
    } else if (n === 0) {
      stop();
      stream.push(null);
    } else if (-n !== EAGAIN) {
      stop();
      stream.destroy(systemError(n, "read"));
    }
  }
  stream.on("pause", () => {
    // Node stops reading fd 0 when stdin is paused, so a paused stdin does
    // not keep the process alive.
    if (stream.readableFlowing === false) stop();
  });
  stream.fd = 0;
  stream.ref = () => { refd = true; account(); return stream; };
  stream.unref = () => { refd = false; account(); return stream; };
  if (os.isatty(0)) {
    stream.isTTY = true;
    stream.isRaw = false;
    stream.setRawMode = () => {
      throw notAvailable("process.stdin.setRawMode()", "the VM's terminal delivers input a line at a time");
    };
  }
  return stream;
}
