// fs.ReadStream and fs.WriteStream on the stream polyfill, as Node's: the
// file is opened in _construct ('open' and 'ready' follow), reads and
// writes go through the fs callbacks (so they complete in the poll phase),
// start/end/highWaterMark/encoding/flags/fd/autoClose/emitClose/flush.
import { codedError, invalidArgType } from "../errors.js";
import { validateInteger, flagsOf } from "./common.js";

export function createStreams(layer, fs) {
  const { Readable, Writable, finished } = layer.builtin("stream");
  const { Buffer } = layer.builtin("buffer");
  const kFs = Symbol("kFs");

  function streamOptions(options) {
    if (options === undefined || options === null) return {};
    if (typeof options === "string") return { encoding: options };
    if (typeof options !== "object") throw invalidArgType("options", "string or an instance of Object", options);
    return options;
  }

  function fsOf(options) {
    const custom = options.fs;
    if (!custom) return fs;
    return { ...fs, ...custom };
  }

  function openOn(stream, callback) {
    const impl = stream[kFs];
    impl.open(stream.path, stream.flags, stream.mode, (err, fd) => {
      if (err) {
        callback(err);
        return;
      }
      stream.fd = fd;
      callback();
      stream.emit("open", fd);
      stream.emit("ready");
    });
  }

  function closeOn(stream, err, cb) {
    if (stream.fd === null || stream.fd === undefined || !stream.autoClose) {
      cb(err);
      return;
    }
    const fd = stream.fd;
    stream.fd = null;
    stream[kFs].close(fd, (er) => cb(er || err));
  }

  function pathOf(path) {
    if (typeof path === "string" || path instanceof Uint8Array) return path;
    if (path !== null && typeof path === "object" && typeof path.href === "string") return layer.builtin("url").fileURLToPath(path);
    return path;
  }

  function ReadStream(path, options) {
    if (!(this instanceof ReadStream)) return new ReadStream(path, options);
    options = { ...streamOptions(options) };
    if (options.highWaterMark === undefined) options.highWaterMark = 64 * 1024;
    if (options.autoDestroy === undefined) options.autoDestroy = options.autoClose === undefined ? true : options.autoClose;
    this[kFs] = fsOf(options);
    this.fd = options.fd === undefined ? null : (typeof options.fd === "object" && options.fd !== null ? options.fd.fd : options.fd);
    this.path = this.fd === null ? pathOf(path) : undefined;
    if (this.fd === null && typeof this.path !== "string" && !(this.path instanceof Uint8Array)) {
      throw invalidArgType("path", "string or an instance of Buffer or URL", path);
    }
    this.flags = options.flags === undefined ? "r" : options.flags;
    flagsOf(this.flags);
    this.mode = options.mode === undefined ? 0o666 : options.mode;
    this.start = options.start;
    this.end = options.end === undefined ? Infinity : options.end;
    this.pos = undefined;
    this.bytesRead = 0;
    if (this.start !== undefined) {
      validateInteger(this.start, "start", 0);
      this.pos = this.start;
    }
    if (this.end !== Infinity) {
      validateInteger(this.end, "end", 0);
      if (this.start !== undefined && this.start > this.end) {
        throw codedError(RangeError, "ERR_OUT_OF_RANGE", `The value of "start" is out of range. It must be <= "end" (here: ${this.end}). Received ${this.start}`);
      }
    }
    this.autoClose = options.autoClose === undefined ? true : options.autoClose;
    const construct = this.fd === null ? (cb) => openOn(this, cb) : undefined;
    Readable.call(this, { ...options, construct, emitClose: options.emitClose === undefined ? true : options.emitClose });
  }
  Object.setPrototypeOf(ReadStream.prototype, Readable.prototype);
  Object.setPrototypeOf(ReadStream, Readable);

  Object.defineProperty(ReadStream.prototype, "pending", {
    get() { return this.fd === null; },
    configurable: true,
  });

  ReadStream.prototype._read = function (n) {
    n = this.pos !== undefined ? Math.min(this.end - this.pos + 1, n) : Math.min(this.end - this.bytesRead + 1, n);
    if (n <= 0) {
      this.push(null);
      return;
    }
    const buf = Buffer.allocUnsafeSlow(n);
    this[kFs].read(this.fd, buf, 0, n, this.pos === undefined ? null : this.pos, (err, bytesRead) => {
      if (err) {
        this.destroy(err);
      } else if (bytesRead > 0) {
        if (this.pos !== undefined) this.pos += bytesRead;
        this.bytesRead += bytesRead;
        this.push(bytesRead === buf.length ? buf : buf.subarray(0, bytesRead));
      } else {
        this.push(null);
      }
    });
  };

  ReadStream.prototype._destroy = function (err, cb) {
    closeOn(this, err, cb);
  };

  ReadStream.prototype.close = function (cb) {
    if (typeof cb === "function") finished(this, cb);
    this.destroy();
  };

  function WriteStream(path, options) {
    if (!(this instanceof WriteStream)) return new WriteStream(path, options);
    options = { ...streamOptions(options) };
    options.decodeStrings = true;
    this[kFs] = fsOf(options);
    this.fd = options.fd === undefined ? null : (typeof options.fd === "object" && options.fd !== null ? options.fd.fd : options.fd);
    this.path = this.fd === null ? pathOf(path) : undefined;
    if (this.fd === null && typeof this.path !== "string" && !(this.path instanceof Uint8Array)) {
      throw invalidArgType("path", "string or an instance of Buffer or URL", path);
    }
    this.flags = options.flags === undefined ? "w" : options.flags;
    flagsOf(this.flags);
    this.mode = options.mode === undefined ? 0o666 : options.mode;
    this.start = options.start;
    this.pos = undefined;
    this.bytesWritten = 0;
    this.flush = Boolean(options.flush);
    if (this.start !== undefined) {
      validateInteger(this.start, "start", 0);
      this.pos = this.start;
    }
    this.autoClose = options.autoClose === undefined ? true : options.autoClose;
    if (options.autoDestroy === undefined) options.autoDestroy = this.autoClose;
    const construct = this.fd === null ? (cb) => openOn(this, cb) : undefined;
    Writable.call(this, { ...options, construct, emitClose: options.emitClose === undefined ? true : options.emitClose });
    if (options.encoding) this.setDefaultEncoding(options.encoding);
  }
  Object.setPrototypeOf(WriteStream.prototype, Writable.prototype);
  Object.setPrototypeOf(WriteStream, Writable);

  Object.defineProperty(WriteStream.prototype, "pending", {
    get() { return this.fd === null; },
    configurable: true,
  });

  WriteStream.prototype._write = function (data, encoding, cb) {
    if (typeof data === "string") data = Buffer.from(data, encoding);
    this[kFs].write(this.fd, data, 0, data.length, this.pos === undefined ? null : this.pos, (err, bytes) => {
      if (err) {
        cb(err);
        return;
      }
      this.bytesWritten += bytes;
      cb();
    });
    if (this.pos !== undefined) this.pos += data.length;
  };

  WriteStream.prototype._writev = function (chunks, cb) {
    const buffers = chunks.map(({ chunk, encoding }) => (typeof chunk === "string" ? Buffer.from(chunk, encoding) : chunk));
    const size = buffers.reduce((n, b) => n + b.length, 0);
    this[kFs].writev(this.fd, buffers, this.pos === undefined ? null : this.pos, (err, bytes) => {
      if (err) {
        cb(err);
        return;
      }
      this.bytesWritten += bytes;
      cb();
    });
    if (this.pos !== undefined) this.pos += size;
  };

  WriteStream.prototype._final = function (cb) {
    if (!this.flush) {
      cb();
      return;
    }
    this[kFs].fsync(this.fd, cb);
  };

  WriteStream.prototype._destroy = function (err, cb) {
    closeOn(this, err, cb);
  };

  WriteStream.prototype.close = function (cb) {
    if (cb) {
      if (this.closed) {
        process.nextTick(cb);
        return;
      }
      this.on("close", cb);
    }
    if (!this.autoClose) this.on("finish", this.destroy);
    this.end();
  };
  WriteStream.prototype.destroySoon = WriteStream.prototype.end;

  return {
    ReadStream,
    WriteStream,
    createReadStream: (path, options) => new ReadStream(path, options),
    createWriteStream: (path, options) => new WriteStream(path, options),
  };
}
