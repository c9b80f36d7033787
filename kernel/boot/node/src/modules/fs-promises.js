// fs/promises (also fs.promises): the fs calls as promises, settled in the
// poll phase of a later turn, as Node's thread pool settles them; FileHandle
// over a descriptor.
export default function (layer) {
  const fs = layer.builtin("fs");
  const { inPoll, readAll, writeAllSync, toBuffer } = fs[Symbol.for("wasmrun.fs.internal")];
  const { abortError, codedError, invalidArgType, notAvailable } = layer.errors;
  const EventEmitter = layer.builtin("events");
  const { Buffer } = layer.builtin("buffer");

  const wrap = (fn, name) => {
    const f = function (...args) {
      return inPoll(() => fn(...args));
    };
    Object.defineProperty(f, "name", { value: name });
    return f;
  };

  const kFd = Symbol("kFd");
  const kClosing = Symbol("kClosing");

  class FileHandle extends EventEmitter {
    constructor(fd) {
      super();
      this[kFd] = fd;
      this[kClosing] = null;
    }
    get fd() { return this[kFd]; }
    #op(fn) {
      return inPoll(() => {
        if (this[kFd] === -1) {
          const err = new Error("file closed");
          err.code = "EBADF";
          err.syscall = "read";
          throw err;
        }
        return fn(this[kFd]);
      });
    }
    getAsyncId() { return this[kFd]; }
    appendFile(data, options) { return this.#op((fd) => fs.writeFileSync(fd, data, options)); }
    chmod(mode) { return this.#op((fd) => fs.fchmodSync(fd, mode)); }
    chown(uid, gid) { return this.#op((fd) => fs.fchownSync(fd, uid, gid)); }
    datasync() { return this.#op((fd) => fs.fdatasyncSync(fd)); }
    sync() { return this.#op((fd) => fs.fsyncSync(fd)); }
    read(buffer, offset, length, position) {
      if (buffer !== null && typeof buffer === "object" && !ArrayBuffer.isView(buffer)) {
        ({ buffer, offset, length, position } = buffer);
      } else if (offset !== null && typeof offset === "object") {
        ({ offset, length, position } = offset);
      }
      if (buffer === undefined) buffer = Buffer.alloc(16384);
      if (offset === undefined || offset === null) offset = 0;
      if (length === undefined || length === null) length = buffer.byteLength - offset;
      if (position === undefined) position = null;
      return this.#op((fd) => ({ bytesRead: fs.readSync(fd, buffer, offset, length, position), buffer }));
    }
    readv(buffers, position) { return this.#op((fd) => ({ bytesRead: fs.readvSync(fd, buffers, position), buffers })); }
    readFile(options) {
      const o = typeof options === "string" ? { encoding: options } : options || {};
      return this.#op((fd) => {
        const buf = readAll(fd);
        return o.encoding && o.encoding !== "buffer" ? buf.toString(o.encoding) : buf;
      });
    }
    readLines(options) {
      return layer.builtin("readline").createInterface({ input: this.createReadStream(options), crlfDelay: Infinity });
    }
    stat(options) { return this.#op((fd) => fs.fstatSync(fd, options)); }
    truncate(len = 0) { return this.#op((fd) => fs.ftruncateSync(fd, len)); }
    utimes(atime, mtime) { return this.#op((fd) => fs.futimesSync(fd, atime, mtime)); }
    write(data, offsetOrOptions, length, position) {
      return this.#op((fd) => {
        let n;
        if (typeof data === "string") n = fs.writeSync(fd, data, offsetOrOptions, length);
        else n = fs.writeSync(fd, data, offsetOrOptions, length, position);
        return typeof data === "string" ? { bytesWritten: n, buffer: data } : { bytesWritten: n, buffer: data };
      });
    }
    writev(buffers, position) { return this.#op((fd) => ({ bytesWritten: fs.writevSync(fd, buffers, position), buffers })); }
    writeFile(data, options) {
      if (typeof data !== "string" && !ArrayBuffer.isView(data)) return writeIterable(this, data, options);
      return this.#op((fd) => {
        const o = typeof options === "string" ? { encoding: options } : options || {};
        writeAllSync(fd, toBuffer(data, o.encoding));
      });
    }
    close() {
      if (this[kFd] === -1) return Promise.resolve();
      if (this[kClosing]) return this[kClosing];
      const fd = this[kFd];
      this[kClosing] = inPoll(() => {
        this[kFd] = -1;
        fs.closeSync(fd);
        this.emit("close");
      });
      return this[kClosing];
    }
    createReadStream(options = {}) { return fs.createReadStream(undefined, { ...options, fd: this }); }
    createWriteStream(options = {}) { return fs.createWriteStream(undefined, { ...options, fd: this }); }
    readableWebStream() {
      throw notAvailable("filehandle.readableWebStream()", "there are no web streams in the VM");
    }
  }
  Object.defineProperty(FileHandle.prototype, Symbol.asyncDispose || Symbol.for("nodejs.asyncDispose"), {
    value() { return this.close(); }, writable: true, configurable: true,
  });

  async function writeIterable(handle, data, options) {
    if (data === null || typeof data !== "object" || (typeof data[Symbol.asyncIterator] !== "function" && typeof data[Symbol.iterator] !== "function")) {
      throw invalidArgType("data", "string or an instance of Buffer, TypedArray, DataView, AsyncIterable, Iterable, or Stream", data);
    }
    const o = typeof options === "string" ? { encoding: options } : options || {};
    for await (const chunk of data) {
      await inPoll(() => writeAllSync(handle.fd, toBuffer(chunk, o.encoding)));
    }
  }

  function isHandle(x) {
    return x instanceof FileHandle;
  }

  async function open(path, flags, mode) {
    const fd = await inPoll(() => fs.openSync(path, flags, mode));
    return new FileHandle(fd);
  }

  async function readFile(path, options) {
    if (isHandle(path)) return path.readFile(options);
    const o = typeof options === "string" ? { encoding: options } : options || {};
    if (o.signal && o.signal.aborted) throw abortError(o.signal);
    return inPoll(() => fs.readFileSync(path, o));
  }

  async function writeFile(path, data, options) {
    if (isHandle(path)) return path.writeFile(data, options);
    const o = typeof options === "string" ? { encoding: options } : options || {};
    if (o.signal && o.signal.aborted) throw abortError(o.signal);
    if (typeof data !== "string" && !ArrayBuffer.isView(data)) {
      const fh = await open(path, o.flag || "w", o.mode);
      try {
        await writeIterable(fh, data, o);
      } finally {
        await fh.close();
      }
      return;
    }
    return inPoll(() => fs.writeFileSync(path, data, o));
  }

  async function appendFile(path, data, options) {
    if (isHandle(path)) return path.appendFile(data, options);
    return inPoll(() => fs.appendFileSync(path, data, options));
  }

  async function opendir(path, options) {
    return inPoll(() => fs.opendirSync(path, options));
  }

  function watch() {
    throw notAvailable("fs.promises.watch()", "the VM has no file change notifications; fs.watchFile() polls");
  }

  const promises = {
    access: wrap(fs.accessSync, "access"),
    copyFile: wrap(fs.copyFileSync, "copyFile"),
    cp: wrap(fs.cpSync, "cp"),
    open,
    opendir,
    rename: wrap(fs.renameSync, "rename"),
    truncate: wrap(fs.truncateSync, "truncate"),
    rm: wrap(fs.rmSync, "rm"),
    rmdir: wrap(fs.rmdirSync, "rmdir"),
    mkdir: wrap(fs.mkdirSync, "mkdir"),
    readdir: wrap(fs.readdirSync, "readdir"),
    readlink: wrap(fs.readlinkSync, "readlink"),
    symlink: wrap(fs.symlinkSync, "symlink"),
    lstat: wrap(fs.lstatSync, "lstat"),
    stat: wrap(fs.statSync, "stat"),
    statfs: wrap(fs.statfsSync, "statfs"),
    link: wrap(fs.linkSync, "link"),
    unlink: wrap(fs.unlinkSync, "unlink"),
    chmod: wrap(fs.chmodSync, "chmod"),
    lchmod: undefined,
    lchown: wrap(fs.lchownSync, "lchown"),
    chown: wrap(fs.chownSync, "chown"),
    utimes: wrap(fs.utimesSync, "utimes"),
    lutimes: wrap(fs.lutimesSync, "lutimes"),
    realpath: wrap(fs.realpathSync, "realpath"),
    mkdtemp: wrap(fs.mkdtempSync, "mkdtemp"),
    writeFile,
    appendFile,
    readFile,
    watch,
    constants: fs.constants,
  };
  void codedError;
  return promises;
}
