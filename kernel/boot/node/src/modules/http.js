// node:http on the layer's net, with http-parser-js (pinned in package.json)
// parsing requests and responses as Node's llhttp binding does. The server
// keeps connections alive (HTTP/1.1), answers pipelined requests in order,
// reads chunked request bodies and writes chunked responses when no
// Content-Length is set. The client has an Agent that keeps sockets alive
// and reuses them (unref'd while idle, as Node's), and speaks to
// https:// through the kernel's TLS (modules/https.js).
export default function (layer) {
  const net = layer.builtin("net");
  const { Readable, Stream } = layer.builtin("stream");
  const EventEmitter = layer.builtin("events");
  const { Buffer } = layer.builtin("buffer");
  const { urlToHttpOptions } = layer.builtin("url");
  const loop = layer.loop;
  const { codedError, invalidArgType, notAvailable } = layer.errors;
  const { HTTPParser } = require("http-parser-js");
  // Reading kOnExecute is how http-parser-js learns that its user is a
  // Node >= 0.12 (onHeadersComplete with arguments, not one info object).
  void HTTPParser.kOnExecute;

  const METHODS = [
    "ACL", "BIND", "CHECKOUT", "CONNECT", "COPY", "DELETE", "GET", "HEAD", "LINK", "LOCK",
    "M-SEARCH", "MERGE", "MKACTIVITY", "MKCALENDAR", "MKCOL", "MOVE", "NOTIFY", "OPTIONS",
    "PATCH", "POST", "PROPFIND", "PROPPATCH", "PURGE", "PUT", "QUERY", "REBIND", "REPORT", "SEARCH",
    "SOURCE", "SUBSCRIBE", "TRACE", "UNBIND", "UNLINK", "UNLOCK", "UNSUBSCRIBE",
  ];
  const STATUS_CODES = {
    100: "Continue", 101: "Switching Protocols", 102: "Processing", 103: "Early Hints",
    200: "OK", 201: "Created", 202: "Accepted", 203: "Non-Authoritative Information", 204: "No Content",
    205: "Reset Content", 206: "Partial Content", 207: "Multi-Status", 208: "Already Reported", 226: "IM Used",
    300: "Multiple Choices", 301: "Moved Permanently", 302: "Found", 303: "See Other", 304: "Not Modified",
    305: "Use Proxy", 307: "Temporary Redirect", 308: "Permanent Redirect",
    400: "Bad Request", 401: "Unauthorized", 402: "Payment Required", 403: "Forbidden", 404: "Not Found",
    405: "Method Not Allowed", 406: "Not Acceptable", 407: "Proxy Authentication Required", 408: "Request Timeout",
    409: "Conflict", 410: "Gone", 411: "Length Required", 412: "Precondition Failed", 413: "Payload Too Large",
    414: "URI Too Long", 415: "Unsupported Media Type", 416: "Range Not Satisfiable", 417: "Expectation Failed",
    418: "I'm a Teapot", 421: "Misdirected Request", 422: "Unprocessable Entity", 423: "Locked", 424: "Failed Dependency",
    425: "Too Early", 426: "Upgrade Required", 428: "Precondition Required", 429: "Too Many Requests",
    431: "Request Header Fields Too Large", 451: "Unavailable For Legal Reasons",
    500: "Internal Server Error", 501: "Not Implemented", 502: "Bad Gateway", 503: "Service Unavailable",
    504: "Gateway Timeout", 505: "HTTP Version Not Supported", 506: "Variant Also Negotiates", 507: "Insufficient Storage",
    508: "Loop Detected", 509: "Bandwidth Limit Exceeded", 510: "Not Extended", 511: "Network Authentication Required",
  };

  const tokenRe = /^[\^_`a-zA-Z\-0-9!#$%&'*+.|~]+$/;
  const invalidCharRe = /[^\t\x20-\x7e\x80-\xff]/;
  function validateHeaderName(name) {
    if (typeof name !== "string" || !name || !tokenRe.test(name)) {
      throw codedError(TypeError, "ERR_INVALID_HTTP_TOKEN", `Header name must be a valid HTTP token ["${name}"]`);
    }
  }
  function validateHeaderValue(name, value) {
    if (value === undefined) throw codedError(TypeError, "ERR_HTTP_INVALID_HEADER_VALUE", `Invalid value "${value}" for header "${name}"`);
    if (invalidCharRe.test(String(value))) throw codedError(TypeError, "ERR_INVALID_CHAR", `Invalid character in header content ["${name}"]`);
  }

  // ---- IncomingMessage ----
  class IncomingMessage extends Readable {
    constructor(socket) {
      super();
      this.socket = socket;
      this.httpVersionMajor = null;
      this.httpVersionMinor = null;
      this.httpVersion = null;
      this.complete = false;
      this.rawHeaders = [];
      this.rawTrailers = [];
      this.aborted = false;
      this.upgrade = null;
      this.url = "";
      this.method = null;
      this.statusCode = null;
      this.statusMessage = null;
      this._headers = null;
      this._trailers = null;
      this._dumped = false;
    }
    get connection() { return this.socket; }
    set connection(v) { this.socket = v; }
    get headers() {
      if (!this._headers) this._headers = collectHeaders(this.rawHeaders);
      return this._headers;
    }
    set headers(v) { this._headers = v; }
    get headersDistinct() {
      const out = Object.create(null);
      for (let i = 0; i < this.rawHeaders.length; i += 2) {
        const k = this.rawHeaders[i].toLowerCase();
        (out[k] ||= []).push(this.rawHeaders[i + 1]);
      }
      return out;
    }
    get trailers() {
      if (!this._trailers) this._trailers = collectHeaders(this.rawTrailers);
      return this._trailers;
    }
    set trailers(v) { this._trailers = v; }
    _read() {}
    _dump() {
      if (!this._dumped) {
        this._dumped = true;
        this.removeAllListeners("data");
        this.resume();
      }
    }
    setTimeout(ms, cb) {
      if (cb) this.on("timeout", cb);
      if (this.socket) this.socket.setTimeout(ms);
      return this;
    }
    _destroy(err, cb) {
      if (!this.readableEnded || !this.complete) this.aborted = true;
      if (this.socket && !this.complete && err) this.socket.destroy(err);
      cb(err);
    }
  }

  // Node joins repeated headers with ", " (cookie with "; "), keeps the first
  // of the ones that cannot repeat, and set-cookie as an array.
  const SINGLE = new Set(["age", "authorization", "content-length", "content-type", "etag", "expires", "from",
    "host", "if-modified-since", "if-unmodified-since", "last-modified", "location", "max-forwards",
    "proxy-authorization", "referer", "retry-after", "server", "user-agent"]);
  function collectHeaders(raw) {
    const h = {};
    for (let i = 0; i < raw.length; i += 2) {
      const k = raw[i].toLowerCase();
      const v = raw[i + 1];
      if (!(k in h)) h[k] = k === "set-cookie" ? [v] : v;
      else if (k === "set-cookie") h[k].push(v);
      else if (SINGLE.has(k)) continue;
      else h[k] += (k === "cookie" ? "; " : ", ") + v;
    }
    return h;
  }

  // ---- OutgoingMessage ----
  const kHeaders = Symbol("headers");
  class OutgoingMessage extends Stream {
    constructor() {
      super();
      this[kHeaders] = new Map(); // lower name -> [name, value]
      this.socket = null;
      this._header = null;
      this.headersSent = false;
      this.finished = false;
      this.writableEnded = false;
      this.writableFinished = false;
      this.chunkedEncoding = false;
      this.useChunkedEncodingByDefault = true;
      this.sendDate = false;
      this.shouldKeepAlive = true;
      this._hasBody = true;
      this._contentLength = null;
      this._pending = []; // what is written before there is a socket
      this._corked = 0;
      this.writable = true;
      this.destroyed = false;
      this.strictContentLength = false;
      this._bodyBytes = 0;
    }
    get connection() { return this.socket; }
    get writableLength() { return this.socket ? this.socket.writableLength : 0; }
    get writableHighWaterMark() { return this.socket ? this.socket.writableHighWaterMark : 16384; }
    get writableCorked() { return this._corked; }
    get writableNeedDrain() { return this.socket ? this.socket.writableNeedDrain : false; }
    get writableObjectMode() { return false; }

    setHeader(name, value) {
      if (this._header) throw codedError(Error, "ERR_HTTP_HEADERS_SENT", "Cannot set headers after they are sent to the client");
      validateHeaderName(name);
      validateHeaderValue(name, value);
      this[kHeaders].set(name.toLowerCase(), [name, value]);
      return this;
    }
    setHeaders(headers) {
      for (const [k, v] of headers instanceof Map || (headers && typeof headers.entries === "function" && !Array.isArray(headers)) ? headers.entries() : Object.entries(headers)) this.setHeader(k, v);
      return this;
    }
    appendHeader(name, value) {
      const cur = this.getHeader(name);
      if (cur === undefined) return this.setHeader(name, value);
      return this.setHeader(name, [].concat(cur, value));
    }
    getHeader(name) {
      if (typeof name !== "string") throw invalidArgType("name", "string", name);
      const e = this[kHeaders].get(name.toLowerCase());
      return e && e[1];
    }
    getHeaders() {
      const out = Object.create(null);
      for (const [k, [, v]] of this[kHeaders]) out[k] = v;
      return out;
    }
    getHeaderNames() { return [...this[kHeaders].keys()]; }
    getRawHeaderNames() { return [...this[kHeaders].values()].map((e) => e[0]); }
    hasHeader(name) { return this[kHeaders].has(String(name).toLowerCase()); }
    removeHeader(name) {
      if (this._header) throw codedError(Error, "ERR_HTTP_HEADERS_SENT", "Cannot remove headers after they are sent to the client");
      this[kHeaders].delete(String(name).toLowerCase());
    }
    flushHeaders() {
      if (!this._header) this._implicitHeader();
      this._send("");
    }
    cork() { this._corked++; if (this.socket) this.socket.cork(); }
    uncork() { if (this._corked) this._corked--; if (this.socket) this.socket.uncork(); }
    setTimeout(ms, cb) {
      if (cb) this.on("timeout", cb);
      if (this.socket) this.socket.setTimeout(ms);
      else this.once("socket", (s) => s.setTimeout(ms));
      return this;
    }

    /** _storeHeader builds the head from firstLine and the headers set. */
    _storeHeader(firstLine, extra) {
      let head = firstLine;
      const seen = { date: false, connection: false, length: false, te: false, host: false };
      const add = (name, value) => {
        const lower = name.toLowerCase();
        if (Array.isArray(value)) {
          for (const v of value) add(name, v);
          return;
        }
        head += `${name}: ${value}\r\n`;
        if (lower === "date") seen.date = true;
        else if (lower === "connection") {
          seen.connection = true;
          if (/(^|,)\s*close\s*(,|$)/i.test(String(value))) this._last = true;
          else this.shouldKeepAlive = true;
        } else if (lower === "content-length") { seen.length = true; this._contentLength = Number(value); }
        else if (lower === "transfer-encoding") { seen.te = true; if (/chunked\s*$/i.test(String(value))) this.chunkedEncoding = true; }
        else if (lower === "host") seen.host = true;
      };
      if (extra) for (const [name, value] of extra) add(name, value);
      else for (const [, [name, value]] of this[kHeaders]) add(name, value);
      if (this.sendDate && !seen.date) head += `Date: ${new Date().toUTCString()}\r\n`;
      if (this._defaultHost && !seen.host) head += `Host: ${this._defaultHost}\r\n`;
      if (!seen.connection) {
        const keep = this.shouldKeepAlive && !this._last && (seen.length || this.useChunkedEncodingByDefault || this.agent);
        if (keep) {
          head += "Connection: keep-alive\r\n";
          if (this._keepAliveTimeout) head += `Keep-Alive: timeout=${Math.floor(this._keepAliveTimeout / 1000)}\r\n`;
        } else {
          this._last = true;
          head += "Connection: close\r\n";
        }
      }
      if (!seen.length && !seen.te) {
        // As Node: no framing without a body, nor for requests whose
        // method has none by default; the length when end() knew it;
        // otherwise chunks.
        if (!this._hasBody) {
          // nothing to frame
        } else if (!this.useChunkedEncodingByDefault) {
          if (!this.agent) this._last = true;
        } else if (this._contentLengthKnown !== undefined) {
          head += `Content-Length: ${this._contentLengthKnown}\r\n`;
          this._contentLength = this._contentLengthKnown;
        } else {
          head += "Transfer-Encoding: chunked\r\n";
          this.chunkedEncoding = true;
        }
      }
      this._header = head + "\r\n";
      this.headersSent = true;
    }

    _send(data, encoding, cb) {
      if (!this._headerWritten && this._header) {
        this._headerWritten = true;
        const head = Buffer.from(this._header, "latin1");
        data = typeof data === "string" ? Buffer.concat([head, Buffer.from(data, encoding || "utf8")]) : Buffer.concat([head, data]);
      }
      if (!this.socket || this._waiting) {
        this._pending.push([data, encoding, cb]);
        return false;
      }
      if (data.length === 0 && !cb) return true;
      return this.socket.write(data, encoding, cb);
    }

    _flushPending() {
      const p = this._pending;
      this._pending = [];
      let ret = true;
      for (const [d, e, cb] of p) if (d.length > 0 || cb) ret = this.socket.write(d, e, cb);
      return ret;
    }

    write(chunk, encoding, cb) {
      if (typeof encoding === "function") { cb = encoding; encoding = undefined; }
      if (this.finished) {
        const err = codedError(Error, "ERR_STREAM_WRITE_AFTER_END", "write after end");
        loop.nextTick(() => { if (cb) cb(err); this.emit("error", err); });
        return true;
      }
      if (chunk === null) throw codedError(TypeError, "ERR_STREAM_NULL_VALUES", "May not write null values to stream");
      if (typeof chunk !== "string" && !(chunk instanceof Uint8Array)) throw invalidArgType("chunk", "string or an instance of Buffer or Uint8Array", chunk);
      if (!this._header) this._implicitHeader();
      if (!this._hasBody) {
        if (cb) loop.nextTick(cb);
        return true;
      }
      const len = typeof chunk === "string" ? Buffer.byteLength(chunk, encoding) : chunk.length;
      if (len === 0) { if (cb) loop.nextTick(cb); return true; }
      this._bodyBytes += len;
      if (this.chunkedEncoding) {
        const body = typeof chunk === "string" ? Buffer.from(chunk, encoding) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
        return this._send(Buffer.concat([Buffer.from(`${len.toString(16)}\r\n`, "latin1"), body, Buffer.from("\r\n", "latin1")]), undefined, cb);
      }
      return this._send(typeof chunk === "string" ? Buffer.from(chunk, encoding) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length), undefined, cb);
    }

    end(chunk, encoding, cb) {
      if (typeof chunk === "function") { cb = chunk; chunk = undefined; }
      else if (typeof encoding === "function") { cb = encoding; encoding = undefined; }
      if (this.finished) { if (cb) loop.nextTick(cb); return this; }
      if (!this._header) {
        if (chunk !== undefined && chunk !== null) {
          this._contentLengthKnown = typeof chunk === "string" ? Buffer.byteLength(chunk, encoding) : chunk.length;
        } else {
          this._contentLengthKnown = 0;
        }
        this._implicitHeader();
      }
      if (chunk !== undefined && chunk !== null) this.write(chunk, encoding);
      this.finished = true;
      this.writableEnded = true;
      if (cb) this.once("finish", cb);
      // The terminator (or nothing) goes after everything written, and its
      // write's callback is the message's 'finish'.
      const tail = this.chunkedEncoding && this._hasBody ? Buffer.from("0\r\n\r\n", "latin1") : Buffer.alloc(0);
      this._send(tail, undefined, () => this._finish());
      return this;
    }

    _finish() {
      if (this.writableFinished) return;
      this.writableFinished = true;
      this.emit("prefinish");
      this.emit("finish");
      this._onFinished();
    }
    _onFinished() {}

    destroy(err) {
      if (this.destroyed) return this;
      this.destroyed = true;
      if (this.socket) this.socket.destroy(err);
      else if (err) loop.nextTick(() => this.emit("error", err));
      return this;
    }
    addTrailers() { throw notAvailable("OutgoingMessage.addTrailers()"); }
  }

  // ---- ServerResponse ----
  class ServerResponse extends OutgoingMessage {
    constructor(req, options) {
      super();
      this.req = req;
      this.statusCode = 200;
      this.statusMessage = undefined;
      this.sendDate = true;
      this._sent100 = false;
      if (req.method === "HEAD") this._hasBody = false;
      this.shouldKeepAlive = req._keepAlive;
      this.useChunkedEncodingByDefault = req.httpVersionMinor >= 1 || req.httpVersionMajor > 1;
    }
    assignSocket(socket) {
      this.socket = socket;
      const onDrain = () => this.emit("drain");
      socket.on("drain", onDrain);
      this.once("finish", () => socket.removeListener("drain", onDrain));
      this.emit("socket", socket);
      this._flushPending();
    }
    detachSocket() { this.socket = null; }
    writeContinue(cb) { this.socket.write("HTTP/1.1 100 Continue\r\n\r\n", "latin1", cb); this._sent100 = true; }
    writeProcessing(cb) { this.socket.write("HTTP/1.1 102 Processing\r\n\r\n", "latin1", cb); }
    writeEarlyHints() { throw notAvailable("response.writeEarlyHints()"); }
    _implicitHeader() { this.writeHead(this.statusCode); }
    writeHead(statusCode, reason, headers) {
      if (this._header) throw codedError(Error, "ERR_HTTP_HEADERS_SENT", "Cannot write headers after they are sent to the client");
      if (typeof reason !== "string") { headers = reason; reason = undefined; }
      statusCode |= 0;
      if (statusCode < 100 || statusCode > 999) throw codedError(RangeError, "ERR_HTTP_INVALID_STATUS_CODE", `Invalid status code: ${statusCode}`);
      this.statusCode = statusCode;
      this.statusMessage = reason || this.statusMessage || STATUS_CODES[statusCode] || "unknown";
      let extra;
      if (headers) {
        if (Array.isArray(headers)) {
          if (Array.isArray(headers[0])) for (const [k, v] of headers) this.appendHeader(k, v);
          else for (let i = 0; i < headers.length; i += 2) this.appendHeader(headers[i], headers[i + 1]);
        } else {
          for (const k of Object.keys(headers)) if (headers[k] !== undefined) this.setHeader(k, headers[k]);
        }
      }
      if (statusCode === 204 || statusCode === 304 || (statusCode >= 100 && statusCode < 200)) this._hasBody = false;
      this._keepAliveTimeout = this._server ? this._server.keepAliveTimeout : 5000;
      if (this._server && this._server._closing) this._last = true;
      this._storeHeader(`HTTP/1.1 ${statusCode} ${this.statusMessage}\r\n`, extra);
      return this;
    }
    _onFinished() {
      loop.nextTick(() => this.emit("close"));
      if (this._onDone) this._onDone(this);
    }
  }

  // ---- Server ----
  class Server extends net.Server {
    constructor(options, requestListener) {
      if (typeof options === "function") { requestListener = options; options = {}; }
      options = options || {};
      super({ allowHalfOpen: true });
      this.IncomingMessage = options.IncomingMessage || IncomingMessage;
      this.ServerResponse = options.ServerResponse || ServerResponse;
      this.timeout = 0;
      this.keepAliveTimeout = 5000;
      this.headersTimeout = 60000;
      this.requestTimeout = 300000;
      this.maxHeadersCount = null;
      this.maxRequestsPerSocket = 0;
      if (requestListener) this.on("request", requestListener);
      this.on("connection", (socket) => this._setupConnection(socket));
    }
    setTimeout(ms, cb) {
      this.timeout = ms;
      if (cb) this.on("timeout", cb);
      return this;
    }
    closeAllConnections() { for (const s of this._connections) s.destroy(); }
    closeIdleConnections() { for (const s of this._connections) if (!s._httpBusy) s.destroy(); }
    close(cb) {
      this._closing = true;
      this.closeIdleConnections();
      return super.close(cb);
    }

    _setupConnection(socket) {
      const server = this;
      const parser = new HTTPParser(HTTPParser.REQUEST);
      const queue = []; // responses not yet finished, in request order
      let req = null;
      let upgraded = null; // the request that took the socket over
      let idleTimer = null;
      socket._httpBusy = false;
      if (this.timeout) socket.setTimeout(this.timeout, () => { if (!server.emit("timeout", socket)) socket.destroy(); });
      const keepIdle = () => {
        if (idleTimer) loop.clearTimeout(idleTimer);
        idleTimer = null;
        if (queue.length === 0 && server.keepAliveTimeout > 0 && !socket.destroyed) {
          idleTimer = loop.setTimeout(() => socket.destroy(), server.keepAliveTimeout);
          idleTimer.unref();
        }
      };
      parser[HTTPParser.kOnHeadersComplete] = (major, minor, headers, method, url, statusCode, statusMessage, upgrade, shouldKeepAlive) => {
        if (idleTimer) { loop.clearTimeout(idleTimer); idleTimer = null; }
        socket._httpBusy = true;
        req = new server.IncomingMessage(socket);
        req.httpVersionMajor = major;
        req.httpVersionMinor = minor;
        req.httpVersion = `${major}.${minor}`;
        req.rawHeaders = headers;
        req.method = HTTPParser.methods[method];
        req.url = url;
        req.upgrade = upgrade;
        req._keepAlive = shouldKeepAlive;
        if (upgrade) {
          // A protocol upgrade (WebSocket...) or a CONNECT: the socket goes
          // to the 'upgrade' or 'connect' listeners with what followed the
          // headers (onData). Without an 'upgrade' listener the request is
          // an ordinary one, as in Node: a client cannot insist.
          if (req.method === "CONNECT" || server.listenerCount("upgrade") > 0) {
            upgraded = req;
            req = null;
            return 2;
          }
          req.upgrade = false;
        }
        const res = new server.ServerResponse(req);
        res._server = server;
        res._onDone = () => {
          queue.shift();
          req && (req._responded = true);
          if (res._last) {
            socket._httpBusy = false;
            socket.end();
            return;
          }
          if (queue.length > 0) queue[0].assignSocket(socket);
          else {
            socket._httpBusy = false;
            if (server._closing) socket.end();
            keepIdle();
          }
        };
        queue.push(res);
        if (queue.length === 1) res.assignSocket(socket);
        const expect = req.headers.expect;
        if (expect && /100-continue/i.test(expect)) {
          if (server.listenerCount("checkContinue") > 0) server.emit("checkContinue", req, res);
          else { res.writeContinue(); server.emit("request", req, res); }
        } else {
          server.emit("request", req, res);
        }
        return req.method === "CONNECT" ? 1 : 0;
      };
      parser[HTTPParser.kOnBody] = (chunk, off, len) => {
        if (req && !req._dumped) req.push(chunk.slice(off, off + len));
      };
      parser[HTTPParser.kOnMessageComplete] = () => {
        if (req) {
          req.complete = true;
          req.push(null);
          req = null;
        }
      };
      const onData = (d) => {
        const r = parser.execute(d);
        if (r instanceof Error) {
          const err = r;
          err.code = err.code || "HPE_INVALID";
          if (server.listenerCount("clientError") > 0) server.emit("clientError", err, socket);
          else if (!socket.destroyed) {
            socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
          }
          return;
        }
        if (upgraded) {
          const up = upgraded;
          upgraded = null;
          if (idleTimer) { loop.clearTimeout(idleTimer); idleTimer = null; }
          socket.setTimeout(0);
          socket._httpBusy = false;
          handOver(server, up.method === "CONNECT" ? "connect" : "upgrade", up, socket, { data: onData, end: onEnd, close: onClose }, d.subarray(r));
        }
      };
      socket.on("data", onData);
      const onEnd = () => {
        parser.finish();
        if (req && !req.complete) {
          req.aborted = true;
          req.emit("aborted");
          req.destroy();
        }
        if (queue.length === 0) socket.end();
        else queue[queue.length - 1]._last = true;
      };
      socket.on("end", onEnd);
      socket.on("error", (err) => {
        if (server.listenerCount("clientError") > 0) server.emit("clientError", err, socket);
      });
      const onClose = () => {
        if (idleTimer) loop.clearTimeout(idleTimer);
        for (const res of queue) {
          if (res.req && !res.req.complete) { res.req.aborted = true; res.req.emit("aborted"); }
          if (res.req && !res.req.destroyed) res.req.destroy();
          if (!res.writableFinished) res.emit("close");
        }
        queue.length = 0;
      };
      socket.on("close", onClose);
      keepIdle();
    }
  }

  function createServer(options, listener) {
    return new Server(options, listener);
  }

  // An upgrade or a CONNECT hands the socket over, on either end: off HTTP
  // (the listeners given are removed), neither flowing nor paused so that
  // its next 'data' listener gets what arrives, the message ended, and to
  // the emitter's listener for the event with the bytes that followed the
  // headers; without a listener, the socket is destroyed.
  function handOver(emitter, event, msg, socket, listeners, head) {
    for (const [name, fn] of Object.entries(listeners)) socket.removeListener(name, fn);
    socket.pause();
    socket._readableState.flowing = null;
    msg.complete = true;
    msg.push(null);
    if (emitter.listenerCount(event) > 0) emitter.emit(event, msg, socket, Buffer.from(head));
    else socket.destroy();
  }

  // ---- Agent ----
  class Agent extends EventEmitter {
    constructor(options = {}) {
      super();
      this.options = { path: null, ...options };
      this.keepAlive = Boolean(options.keepAlive);
      this.keepAliveMsecs = options.keepAliveMsecs || 1000;
      this.maxSockets = options.maxSockets || Infinity;
      this.maxFreeSockets = options.maxFreeSockets || 256;
      this.maxTotalSockets = options.maxTotalSockets || Infinity;
      this.scheduling = options.scheduling || "lifo";
      this.timeout = options.timeout;
      this.defaultPort = options.defaultPort || 80;
      this.protocol = options.protocol || "http:";
      this.sockets = Object.create(null);
      this.freeSockets = Object.create(null);
      this.requests = Object.create(null);
      this.totalSocketCount = 0;
    }
    getName(options = {}) {
      let name = options.host || "localhost";
      name += ":";
      if (options.port) name += options.port;
      name += ":";
      if (options.localAddress) name += options.localAddress;
      if (options.family === 4 || options.family === 6) name += `:${options.family}`;
      return name;
    }
    createConnection(options, cb) {
      // path is the request's here; a Unix socket would be socketPath.
      const s = net.createConnection({ ...options, path: options.socketPath, _wasmrunTLS: this.protocol === "https:" });
      if (cb) s.once("connect", () => cb(null, s));
      return s;
    }
    keepSocketAlive(socket) {
      socket.setKeepAlive(true, this.keepAliveMsecs);
      socket.unref();
      return true;
    }
    reuseSocket(socket) { socket.ref(); }
    destroy() {
      for (const set of [this.freeSockets, this.sockets]) {
        for (const k of Object.keys(set)) for (const s of set[k]) s.destroy();
      }
    }
    _take(name) {
      const free = this.freeSockets[name];
      if (!free) return undefined;
      while (free.length) {
        const s = this.scheduling === "fifo" ? free.shift() : free.pop();
        if (!s.destroyed) {
          if (!free.length) delete this.freeSockets[name];
          return s;
        }
      }
      delete this.freeSockets[name];
      return undefined;
    }
    _add(set, name, s) { (set[name] ||= []).push(s); }
    _remove(set, name, s) {
      const l = set[name];
      if (!l) return;
      const i = l.indexOf(s);
      if (i >= 0) l.splice(i, 1);
      if (!l.length) delete set[name];
    }
    /** addRequest gives req a socket: a free one, or a new connection. */
    addRequest(req, options) {
      const name = this.getName(options);
      let s = this._take(name);
      if (s) {
        this.reuseSocket(s, req);
        s.removeListener("close", s._agentFreeClose);
        s.removeListener("error", s._agentFreeError);
        this._add(this.sockets, name, s);
        req.reusedSocket = true;
        req.onSocket(s);
        return;
      }
      s = this.createConnection(options);
      this.totalSocketCount++;
      this._add(this.sockets, name, s);
      s.once("close", () => { this.totalSocketCount--; this._remove(this.sockets, name, s); this._remove(this.freeSockets, name, s); });
      if (this.timeout) s.setTimeout(this.timeout);
      req.onSocket(s);
    }
    /** _detach forgets a socket an upgrade took over: it is not reused. */
    _detach(s, options) {
      this._remove(this.sockets, this.getName(options), s);
    }
    /** _release takes back a socket whose response is complete. */
    _release(s, options, keep) {
      const name = this.getName(options);
      this._remove(this.sockets, name, s);
      if (!keep || !this.keepAlive || s.destroyed || (this.freeSockets[name] || []).length >= this.maxFreeSockets || !this.keepSocketAlive(s)) {
        s.destroy();
        return;
      }
      s._agentFreeClose = () => this._remove(this.freeSockets, name, s);
      s._agentFreeError = () => s.destroy();
      s.once("close", s._agentFreeClose);
      s.once("error", s._agentFreeError);
      this._add(this.freeSockets, name, s);
      this.emit("free", s, options);
    }
  }
  const globalAgent = new Agent({ keepAlive: true, scheduling: "lifo", timeout: 5000 });

  // ---- ClientRequest ----
  class ClientRequest extends OutgoingMessage {
    constructor(input, options, cb) {
      super();
      if (typeof input === "string" || input instanceof URL) {
        const u = typeof input === "string" ? new URL(input) : input;
        input = urlToHttpOptions(u);
      } else {
        cb = options;
        options = input;
        input = null;
      }
      if (typeof options === "function") { cb = options; options = {}; }
      options = { ...(input || {}), ...(options || {}) };
      const defaultAgent = options._defaultAgent || globalAgent;
      let agent = options.agent;
      if (agent === false) agent = new defaultAgent.constructor({ protocol: defaultAgent.protocol });
      else if (agent == null) agent = typeof options.createConnection === "function" ? null : defaultAgent;
      this.agent = agent;
      const protocol = options.protocol || (agent && agent.protocol) || defaultAgent.protocol;
      const expected = (agent && agent.protocol) || defaultAgent.protocol;
      if (protocol !== expected) throw codedError(TypeError, "ERR_INVALID_PROTOCOL", `Protocol "${protocol}" not supported. Expected "${expected}"`);
      const defaultPort = options.defaultPort || (agent && agent.defaultPort) || defaultAgent.defaultPort;
      this.protocol = protocol;
      this.host = options.host || options.hostname || "localhost";
      if (options.hostname) this.host = options.hostname;
      if (this.host.startsWith("[") && this.host.endsWith("]")) this.host = this.host.slice(1, -1);
      this.port = Number(options.port) || defaultPort;
      this.method = (options.method || "GET").toUpperCase();
      if (!tokenRe.test(this.method)) throw codedError(TypeError, "ERR_INVALID_HTTP_TOKEN", `Method must be a valid HTTP token ["${options.method}"]`);
      this.path = options.path || "/";
      if (/[\u0000-\u0020]/.test(this.path)) throw codedError(TypeError, "ERR_UNESCAPED_CHARACTERS", "Request path contains unescaped characters");
      this.aborted = false;
      this.reusedSocket = false;
      this.res = null;
      this.timeoutCb = null;
      this.maxHeadersCount = null;
      this._options = { ...options, host: this.host, port: this.port };
      if (cb) this.once("response", cb);
      if (options.headers) {
        if (Array.isArray(options.headers)) for (let i = 0; i < options.headers.length; i += 2) this.appendHeader(options.headers[i], options.headers[i + 1]);
        else for (const k of Object.keys(options.headers)) if (options.headers[k] !== undefined) this.setHeader(k, options.headers[k]);
      }
      if (options.auth && !this.hasHeader("authorization")) this.setHeader("Authorization", `Basic ${Buffer.from(options.auth).toString("base64")}`);
      const hostHeader = this.host.includes(":") ? `[${this.host}]` : this.host;
      if (options.setHost !== false && !this.hasHeader("host")) this._defaultHost = this.port === defaultPort ? hostHeader : `${hostHeader}:${this.port}`;
      this.useChunkedEncodingByDefault = !["GET", "HEAD", "DELETE", "OPTIONS", "TRACE", "CONNECT"].includes(this.method);
      this.shouldKeepAlive = Boolean(agent && agent.keepAlive);
      if (this.method === "HEAD") this._expectNoBody = true;
      if (options.timeout !== undefined) this.setTimeout(options.timeout);
      if (options.signal) {
        const onAbort = () => this.destroy(Object.assign(new Error("The operation was aborted"), { name: "AbortError", code: "ABORT_ERR" }));
        if (options.signal.aborted) loop.nextTick(onAbort);
        else options.signal.addEventListener("abort", onAbort, { once: true });
      }
      this._waiting = true;
      loop.nextTick(() => {
        if (this.destroyed) return;
        if (agent) agent.addRequest(this, this._options);
        else this.onSocket(options.createConnection({ ...this._options }));
      });
    }
    _implicitHeader() {
      this._storeHeader(`${this.method} ${this.path} HTTP/1.1\r\n`);
    }
    setNoDelay() {}
    setSocketKeepAlive() {}
    abort() {
      if (this.aborted) return;
      this.aborted = true;
      loop.nextTick(() => this.emit("abort"));
      this.destroy();
    }
    destroy(err) {
      if (this.destroyed) return this;
      this.destroyed = true;
      if (this.res) this.res._dump();
      if (this.socket) this.socket.destroy(err);
      else if (err) loop.nextTick(() => { this.emit("error", err); this.emit("close"); });
      else loop.nextTick(() => this.emit("close"));
      return this;
    }
    setTimeout(ms, cb) {
      if (cb) this.once("timeout", cb);
      const apply = (s) => {
        s.setTimeout(ms);
        s.on("timeout", () => this.emit("timeout"));
      };
      if (this.socket) apply(this.socket); else this.once("socket", apply);
      return this;
    }

    onSocket(socket) {
      loop.nextTick(() => this._attach(socket));
    }

    _attach(socket) {
      if (this.destroyed) { socket.destroy(); return; }
      this.socket = socket;
      this._waiting = false;
      const parser = new HTTPParser(HTTPParser.RESPONSE);
      let res = null;
      let done = false;
      let upgraded = null; // a 101 (or a CONNECT's 2xx) that took the socket over
      const req = this;
      parser[HTTPParser.kOnHeadersComplete] = (major, minor, headers, method, url, statusCode, statusMessage, upgrade, shouldKeepAlive) => {
        res = new IncomingMessage(socket);
        res.httpVersionMajor = major;
        res.httpVersionMinor = minor;
        res.httpVersion = `${major}.${minor}`;
        res.rawHeaders = headers;
        res.statusCode = statusCode;
        res.statusMessage = statusMessage;
        res.req = req;
        res._keepAlive = shouldKeepAlive;
        if (statusCode >= 100 && statusCode < 200 && statusCode !== 101) {
          req.emit("information", { statusCode, statusMessage, httpVersion: res.httpVersion, httpVersionMajor: major, httpVersionMinor: minor, headers: res.headers, rawHeaders: headers });
          if (statusCode === 100) req.emit("continue");
          res = null;
          return 0;
        }
        if (upgrade || (req.method === "CONNECT" && statusCode >= 200 && statusCode < 300)) {
          upgraded = res;
          res = null;
          return 2;
        }
        req.res = res;
        if (!req.emit("response", res)) res._dump();
        return req._expectNoBody ? 1 : 0;
      };
      parser[HTTPParser.kOnBody] = (chunk, off, len) => { if (res) res.push(chunk.slice(off, off + len)); };
      parser[HTTPParser.kOnMessageComplete] = () => {
        if (!res) return;
        const r = res;
        res = null;
        done = true;
        r.complete = true;
        const keep = r._keepAlive && req.shouldKeepAlive;
        socket.removeListener("data", onData);
        socket.removeListener("end", onEnd);
        socket.removeListener("error", onError);
        socket.removeListener("close", onClose);
        r.push(null);
        r.once("end", () => {
          loop.nextTick(() => { req.emit("close"); r.emit("close"); });
        });
        const release = () => {
          if (req.agent) req.agent._release(socket, req._options, keep);
          else if (!keep) socket.destroy();
        };
        if (req.writableFinished) release(); else req.once("finish", release);
      };
      const onData = (d) => {
        const r = parser.execute(d);
        if (r instanceof Error) {
          r.code = r.code || "HPE_INVALID";
          socket.destroy(r);
          return;
        }
        if (upgraded) {
          // The socket leaves HTTP (and the agent's pool) for the 'upgrade'
          // or 'connect' listener, with what followed the headers.
          const up = upgraded;
          upgraded = null;
          done = true;
          if (req.agent) req.agent._detach(socket, req._options);
          req.res = up;
          handOver(req, req.method === "CONNECT" ? "connect" : "upgrade", up, socket, { data: onData, end: onEnd, error: onError, close: onClose }, d.subarray(r));
          loop.nextTick(() => req.emit("close"));
        }
      };
      const onEnd = () => {
        parser.finish();
        if (!done) {
          if (res) {
            res.aborted = true;
            res.emit("aborted");
            const err = Object.assign(new Error("aborted"), { code: "ECONNRESET" });
            res.destroy(err);
          } else {
            onError(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }));
          }
        }
      };
      const onError = (err) => {
        if (done) return;
        done = true;
        if (res) { res.destroy(err); return; }
        req.emit("error", err);
        loop.nextTick(() => req.emit("close"));
      };
      const onClose = () => {
        if (!done) onEnd();
      };
      socket.on("data", onData);
      socket.on("end", onEnd);
      socket.on("error", onError);
      socket.on("close", onClose);
      const onDrain = () => this.emit("drain");
      socket.on("drain", onDrain);
      this.once("finish", () => socket.removeListener("drain", onDrain));
      this.emit("socket", socket);
      const go = () => this._flushPending();
      if (socket.connecting) socket.once("connect", go); else go();
    }
  }


  function request(url, options, cb) {
    return new ClientRequest(url, options, cb);
  }
  function get(url, options, cb) {
    const req = request(url, options, cb);
    req.end();
    return req;
  }

  // Node's http classes are functions, and old-style subclasses call them on
  // their own `this` (light-my-request, behind fastify's inject(), does
  // http.ServerResponse.call(this, req)). These two constructors only set
  // fields, so such a call gives `this` the own properties of a fresh
  // instance; `new` and `extends` reach the class itself.
  function callable(Class) {
    function F(...args) {
      if (new.target) return Reflect.construct(Class, args, new.target);
      Object.defineProperties(this, Object.getOwnPropertyDescriptors(Reflect.construct(Class, args, Class)));
      return undefined;
    }
    F.prototype = Class.prototype;
    Object.defineProperty(Class.prototype, "constructor", { value: F, writable: true, configurable: true });
    Object.defineProperty(F, "name", { value: Class.name });
    Object.setPrototypeOf(F, Object.getPrototypeOf(Class));
    return F;
  }

  return {
    METHODS: [...METHODS],
    STATUS_CODES,
    Agent,
    ClientRequest,
    IncomingMessage,
    OutgoingMessage: callable(OutgoingMessage),
    Server,
    ServerResponse: callable(ServerResponse),
    createServer,
    request,
    get,
    globalAgent,
    maxHeaderSize: 16384,
    validateHeaderName,
    validateHeaderValue,
    _urlToOptions: urlToHttpOptions,
    _connectionListener: undefined,
  };
}
