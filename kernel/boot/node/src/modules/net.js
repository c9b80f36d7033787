// node:net on the kernel's sockets (internal/sock.js, docs/network.md).
// A Socket is a Duplex over a non-blocking socket descriptor: it reads while
// the stream wants data (a read handler, so poll_oneoff waits for it), and
// writes as much as the kernel takes, waiting for writability for the rest.
// A Server is a listening descriptor whose readiness means "a connection
// waits": each one is taken by opening /dev/tcp-accept/PORT until EAGAIN.
// Sockets and servers keep the process alive while open and ref'd.
import * as sock from "../internal/sock.js";

export default function (layer) {
  const { os } = layer.sys;
  const loop = layer.loop;
  const { codedError, invalidArgType, notAvailable } = layer.errors;
  const EventEmitter = layer.builtin("events");
  const { Duplex } = layer.builtin("stream");
  const { Buffer } = layer.builtin("buffer");

  const READ_SIZE = 64 * 1024;
  const readBuf = new ArrayBuffer(READ_SIZE);

  // ---- addresses ----
  const v4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
  function isIPv4(s) { return typeof s === "string" && v4.test(s); }
  function isIPv6(s) {
    if (typeof s !== "string" || !s.includes(":")) return false;
    let t = s;
    const pct = t.indexOf("%");
    if (pct >= 0) t = t.slice(0, pct);
    const m = t.match(/^(.*:)(\d+\.\d+\.\d+\.\d+)$/);
    if (m) {
      if (!isIPv4(m[2])) return false;
      t = `${m[1]}0:0`;
    }
    if (!/^[0-9a-fA-F:]+$/.test(t)) return false;
    const dbl = t.split("::");
    if (dbl.length > 2) return false;
    const groups = (x) => (x === "" ? [] : x.split(":"));
    const parts = dbl.length === 2 ? [...groups(dbl[0]), ...groups(dbl[1])] : groups(t);
    if (parts.some((g) => g.length === 0 || g.length > 4)) return false;
    return dbl.length === 2 ? parts.length <= 7 : parts.length === 8;
  }
  function isIP(s) { return isIPv4(s) ? 4 : isIPv6(s) ? 6 : 0; }
  const isLocalName = (h) => h === "localhost" || h.endsWith(".localhost");

  function validatePort(port, name = "options.port") {
    const n = typeof port === "string" && port.trim() !== "" ? Number(port) : port;
    if (typeof n !== "number" || !Number.isInteger(n) || n < 0 || n > 65535) {
      throw codedError(RangeError, "ERR_SOCKET_BAD_PORT", `${name} should be >= 0 and < 65536. Received ${typeof port === "string" ? `type string ('${port}')` : `type ${typeof port} (${port})`}.`);
    }
    return n;
  }

  // ---- Socket ----
  class Socket extends Duplex {
    constructor(options = {}) {
      if (typeof options === "number") options = { fd: options };
      super({
        allowHalfOpen: Boolean(options.allowHalfOpen),
        emitClose: false,
        autoDestroy: true,
        decodeStrings: true,
        readableHighWaterMark: options.readableHighWaterMark,
        writableHighWaterMark: options.writableHighWaterMark,
      });
      this._fd = -1;
      this._ref = true;
      this._counted = false;
      this._reading = false;
      this._pendingWrite = null; // [buffer, offset, cb] waiting for writability
      this._waitConnect = []; // writes and the end queued while connecting
      this._timeoutMs = 0;
      this._timer = null;
      this.connecting = false;
      this._hadError = false;
      this.bytesRead = 0;
      this._bytesWritten = 0;
      this.remoteAddress = undefined;
      this.remotePort = undefined;
      this.remoteFamily = undefined;
      this.localAddress = undefined;
      this.localPort = undefined;
      this.server = null;
      this._server = null;
      if (options.fd !== undefined) this._attach(options.fd);
    }

    get readyState() {
      if (this.connecting) return "opening";
      if (this.readable && this.writable) return "open";
      if (this.readable && !this.writable) return "readOnly";
      if (!this.readable && this.writable) return "writeOnly";
      return "closed";
    }
    get pending() { return this._fd < 0 || this.connecting; }
    get bytesWritten() { return this._bytesWritten; }
    get _handle() { return this._fd >= 0 ? { fd: this._fd } : null; }

    _count(on) {
      if (on && !this._counted && this._ref) { this._counted = true; loop.ref(); }
      if (!on && this._counted) { this._counted = false; loop.unref(); }
    }

    _attach(fd) {
      this._fd = fd;
      this._count(true);
    }

    connect(...args) {
      let [options, cb] = normalizeConnectArgs(args);
      if (typeof cb === "function") this.once("connect", cb);
      if (options.path !== undefined) {
        throw notAvailable("net.connect() to a Unix socket path", "the VM has TCP sockets only");
      }
      const port = validatePort(options.port);
      const host = options.host || "localhost";
      this._connectTo(options._wasmrunTLS ? "tls" : "tcp", host, port);
      return this;
    }

    _connectTo(dev, host, port) {
      this.connecting = true;
      this.remotePort = port;
      const family = isIP(host);
      this.remoteAddress = family ? host : isLocalName(host) ? "127.0.0.1" : undefined;
      this.remoteFamily = family === 6 ? "IPv6" : this.remoteAddress ? "IPv4" : undefined;
      this._host = host;
      const fd = sock.open(`/dev/${dev}/${sock.hostPath(host)}/${port}`);
      if (fd < 0) {
        const where = { address: this.remoteAddress || host, port };
        this._count(true);
        loop.nextTick(() => { this._count(false); this.destroy(sock.netError("connect", fd, where)); });
        return;
      }
      this._attach(fd);
      const ready = () => this._onConnectReady();
      sock.watch(fd, "w", ready);
      sock.watch(fd, "r", ready);
    }

    _onConnectReady() {
      const fd = this._fd;
      if (fd < 0 || !this.connecting) return;
      sock.unwatch(fd, "w");
      sock.unwatch(fd, "r");
      // The first read says how the connect went: EAGAIN is connected with
      // nothing to read yet; an error is the connect's failure.
      const n = os.read(fd, readBuf, 0, READ_SIZE);
      if (n < 0 && -n !== sock.EAGAIN) {
        this.destroy(sock.netError("connect", n, { address: this.remoteAddress || this._host, port: this.remotePort }));
        return;
      }
      this.connecting = false;
      this._learnAddrs(false);
      this._refreshTimeout();
      this.emit("connect");
      this.emit("ready");
      if (n >= 0) this._onData(n);
      const queued = this._waitConnect;
      this._waitConnect = [];
      for (const f of queued) f();
      if (this._reading && !this.destroyed) this._startReading();
    }

    /** _learnAddrs asks the kernel for the socket's addresses (mapped: IPv4 as ::ffff:a.b.c.d on a dual-stack listener's sockets). */
    _learnAddrs(mapped) {
      const a = sock.addrs(this._fd);
      const show = (h) => (mapped && isIPv4(h) ? `::ffff:${h}` : h);
      if (a.remote) {
        this.remoteAddress = show(a.remote[0]);
        this.remotePort = a.remote[1];
        this.remoteFamily = isIP(this.remoteAddress) === 6 ? "IPv6" : "IPv4";
      }
      if (a.local) {
        this.localAddress = show(a.local[0]);
        this.localPort = a.local[1];
        this.localFamily = isIP(this.localAddress) === 6 ? "IPv6" : "IPv4";
      }
    }

    _startReading() {
      if (this._fd < 0 || this.connecting || this._readWatched) return;
      this._readWatched = true;
      sock.watch(this._fd, "r", () => this._onReadable());
    }

    _stopReading() {
      if (this._readWatched && this._fd >= 0) sock.unwatch(this._fd, "r");
      this._readWatched = false;
    }

    _read() {
      this._reading = true;
      this._startReading();
    }

    _onReadable() {
      for (let i = 0; i < 16 && this._readWatched; i++) {
        const n = os.read(this._fd, readBuf, 0, READ_SIZE);
        if (n < 0) {
          if (-n === sock.EAGAIN) return;
          this.destroy(sock.netError("read", n));
          return;
        }
        if (!this._onData(n)) return;
      }
    }

    /** _onData hands n bytes of readBuf to the stream; false once reading stops. */
    _onData(n) {
      if (n === 0) {
        this._stopReading();
        this.push(null);
        return false;
      }
      this.bytesRead += n;
      this._refreshTimeout();
      const chunk = Buffer.from(new Uint8Array(readBuf, 0, n));
      if (!this.push(chunk)) {
        this._reading = false;
        this._stopReading();
        return false;
      }
      return true;
    }

    _write(chunk, encoding, cb) {
      if (this.connecting || this._fd < 0) {
        if (this._fd < 0 && !this.connecting) { cb(codedError(Error, "ERR_SOCKET_CLOSED", "Socket is closed")); return; }
        this._waitConnect.push(() => this._write(chunk, encoding, cb));
        return;
      }
      this._writeFrom(chunk, 0, cb);
    }

    _writeFrom(buf, off, cb) {
      while (off < buf.length) {
        const n = os.write(this._fd, buf.buffer, buf.byteOffset + off, buf.length - off);
        if (n < 0) {
          if (-n === sock.EAGAIN) {
            this._pendingWrite = [buf, off, cb];
            sock.watch(this._fd, "w", () => {
              const p = this._pendingWrite;
              this._pendingWrite = null;
              sock.unwatch(this._fd, "w");
              if (p) this._writeFrom(p[0], p[1], p[2]);
            });
            return;
          }
          cb(sock.netError("write", n));
          return;
        }
        off += n;
        this._bytesWritten += n;
      }
      this._refreshTimeout();
      cb();
    }

    _final(cb) {
      if (this.connecting) {
        this._waitConnect.push(() => this._final(cb));
        return;
      }
      if (this._fd >= 0) {
        const r = sock.shutdown(this._fd);
        if (r < 0 && -r !== 53 /* ENOTCONN: the peer is gone */) { cb(sock.netError("shutdown", r)); return; }
      }
      cb();
    }

    _destroy(err, cb) {
      this._clearTimer();
      const fd = this._fd;
      if (fd >= 0) {
        sock.unwatch(fd, "r");
        sock.unwatch(fd, "w");
        os.close(fd);
        this._fd = -1;
      }
      this._readWatched = false;
      this.connecting = false;
      this._count(false);
      if (err) this._hadError = true;
      cb(err);
      // Node emits 'close' from the handle's close callback, in a later
      // phase of the loop than the I/O that ended it.
      loop.setImmediate(() => {
        this.emit("close", this._hadError);
        if (this._server) this._server._connectionClosed(this);
      });
    }

    destroySoon() {
      if (this.writable) this.end();
      if (this.writableFinished) this.destroy();
      else this.once("finish", () => this.destroy());
    }

    resetAndDestroy() { return this.destroy(); }

    setTimeout(ms, cb) {
      this._timeoutMs = ms;
      if (cb) ms === 0 ? this.removeListener("timeout", cb) : this.once("timeout", cb);
      this._refreshTimeout();
      return this;
    }
    get timeout() { return this._timeoutMs || undefined; }

    _refreshTimeout() {
      this._clearTimer();
      if (this._timeoutMs > 0 && !this.destroyed) {
        this._timer = loop.setTimeout(() => { this._timer = null; this.emit("timeout"); }, this._timeoutMs);
        this._timer.unref();
      }
    }
    _clearTimer() {
      if (this._timer) { loop.clearTimeout(this._timer); this._timer = null; }
    }

    // TCP options the kernel's in-memory connections have no use for:
    // accepted, and without effect.
    setNoDelay() { return this; }
    setKeepAlive() { return this; }

    ref() { this._ref = true; if (this._fd >= 0) this._count(true); return this; }
    unref() { this._ref = false; this._count(false); return this; }

    address() {
      if (this.localAddress === undefined) return {};
      return { address: this.localAddress, family: isIP(this.localAddress) === 6 ? "IPv6" : "IPv4", port: this.localPort };
    }
  }

  function normalizeConnectArgs(args) {
    if (args.length === 0) throw invalidArgType("options", "object", undefined);
    let options;
    let cb = typeof args[args.length - 1] === "function" ? args[args.length - 1] : undefined;
    if (args[0] !== null && typeof args[0] === "object") options = { ...args[0] };
    else if (typeof args[0] === "string" && !/^\d+$/.test(args[0])) options = { path: args[0] };
    else {
      options = { port: args[0] };
      if (typeof args[1] === "string") options.host = args[1];
    }
    return [options, cb];
  }

  function connect(...args) {
    const [options] = normalizeConnectArgs(args);
    const s = new Socket(options);
    if (options.timeout) s.setTimeout(options.timeout);
    return s.connect(...args);
  }

  // ---- Server ----
  class Server extends EventEmitter {
    constructor(options, listener) {
      super();
      if (typeof options === "function") { listener = options; options = {}; }
      options = options || {};
      if (listener) this.on("connection", listener);
      this.allowHalfOpen = Boolean(options.allowHalfOpen);
      this.pauseOnConnect = Boolean(options.pauseOnConnect);
      this.maxConnections = undefined;
      this._fd = -1;
      this._port = 0;
      this._host = undefined;
      this._ref = true;
      this._counted = false;
      this._connections = new Set();
      this._closing = false;
    }

    get listening() { return this._fd >= 0; }

    listen(...args) {
      let cb = typeof args[args.length - 1] === "function" ? args.pop() : undefined;
      let port = 0, host;
      if (args[0] !== null && typeof args[0] === "object") {
        if (args[0].path !== undefined) throw notAvailable("server.listen() on a Unix socket path", "the VM has TCP sockets only");
        if (args[0].fd !== undefined || args[0]._handle !== undefined) throw notAvailable("server.listen() on a handle");
        port = args[0].port ?? 0;
        host = args[0].host;
      } else if (args.length > 0 && args[0] !== undefined && args[0] !== null) {
        if (typeof args[0] === "string" && !/^\d+$/.test(args[0])) throw notAvailable("server.listen() on a Unix socket path", "the VM has TCP sockets only");
        port = args[0];
        if (typeof args[1] === "string") host = args[1];
      }
      port = validatePort(port);
      if (this._fd >= 0) throw codedError(Error, "ERR_SERVER_ALREADY_LISTEN", "Listen method has been called more than once without closing.");
      if (cb) this.once("listening", cb);
      // Port 0 asks the kernel for any free port (the lowest free one of
      // bind_ports, the only ports a guest may listen on).
      const fd = sock.open(`/dev/tcp-listen/${port}`);
      if (fd >= 0 && port === 0) port = sock.addrs(fd).local?.[1] ?? 0;
      if (fd < 0) {
        const address = host || (port === 0 ? undefined : "::");
        loop.nextTick(() => this.emit("error", sock.netError("listen", fd, { address, port })));
        return this;
      }
      this._fd = fd;
      this._port = port;
      this._host = host;
      this._count(true);
      sock.watch(fd, "r", () => this._onAcceptable());
      loop.nextTick(() => this.emit("listening"));
      return this;
    }

    _count(on) {
      if (on && !this._counted && this._ref) { this._counted = true; loop.ref(); }
      if (!on && this._counted) { this._counted = false; loop.unref(); }
    }

    _onAcceptable() {
      for (let i = 0; i < 64 && this._fd >= 0; i++) {
        const fd = sock.open(`/dev/tcp-accept/${this._port}`);
        if (fd < 0) {
          if (-fd !== sock.EAGAIN) this.emit("error", sock.netError("accept", fd));
          return;
        }
        if (this.maxConnections !== undefined && this._connections.size >= this.maxConnections) {
          os.close(fd);
          this.emit("drop", { localPort: this._port });
          continue;
        }
        const s = new Socket({ fd, allowHalfOpen: this.allowHalfOpen });
        s.server = this;
        s._server = this;
        // A server listening on no address in particular is dual-stack, as
        // Node's: its IPv4 peers show as ::ffff:a.b.c.d.
        s._learnAddrs(this._host === undefined || isIP(this._host) === 6);
        this._connections.add(s);
        if (this.pauseOnConnect) s.pause();
        this.emit("connection", s);
      }
    }

    _connectionClosed(s) {
      this._connections.delete(s);
      this._maybeClosed();
    }

    _maybeClosed() {
      if (this._closing && this._fd < 0 && this._connections.size === 0) {
        this._closing = false;
        this.emit("close");
      }
    }

    close(cb) {
      if (this._fd < 0) {
        const err = codedError(Error, "ERR_SERVER_NOT_RUNNING", "Server is not running.");
        if (cb) loop.nextTick(cb, err);
        else loop.nextTick(() => this.emit("error", err));
        return this;
      }
      if (cb) this.once("close", cb);
      sock.unwatch(this._fd, "r");
      os.close(this._fd);
      this._fd = -1;
      this._count(false);
      this._closing = true;
      loop.nextTick(() => this._maybeClosed());
      return this;
    }

    address() {
      if (this._fd < 0) return null;
      const address = this._host === undefined ? "::" : this._host === "localhost" ? "127.0.0.1" : this._host;
      return { address, family: isIP(address) === 6 ? "IPv6" : "IPv4", port: this._port };
    }

    getConnections(cb) {
      const n = this._connections.size;
      if (cb) loop.nextTick(cb, null, n);
      return this;
    }

    ref() { this._ref = true; if (this._fd >= 0) this._count(true); return this; }
    unref() { this._ref = false; this._count(false); return this; }

    [Symbol.asyncDispose]() {
      return new Promise((resolve, reject) => this.close((err) => (err ? reject(err) : resolve())));
    }
  }

  function createServer(options, listener) {
    return new Server(options, listener);
  }

  class BlockList {
    constructor() { throw notAvailable("net.BlockList"); }
  }
  class SocketAddress {
    constructor() { throw notAvailable("net.SocketAddress"); }
  }

  let autoSelect = true;
  let autoSelectTimeout = 250;
  return {
    Socket,
    Stream: Socket,
    Server,
    createServer,
    connect,
    createConnection: connect,
    isIP,
    isIPv4,
    isIPv6,
    BlockList,
    SocketAddress,
    getDefaultAutoSelectFamily: () => autoSelect,
    setDefaultAutoSelectFamily: (v) => { autoSelect = Boolean(v); },
    getDefaultAutoSelectFamilyAttemptTimeout: () => autoSelectTimeout,
    setDefaultAutoSelectFamilyAttemptTimeout: (v) => { autoSelectTimeout = v; },
    _normalizeArgs: normalizeConnectArgs,
  };
}
