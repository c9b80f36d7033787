// HTTP/1.1 over a kernel stream, for the Preview panel: the request the
// Service Worker hands the page, written as bytes for the guest's server,
// and the server's response read back from the bytes it sends (status,
// headers, and a body by Content-Length, chunked, or until the close).

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Headers a relay must not pass on (hop-by-hop), and those it sets itself. */
const DROPPED = new Set(["connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "te", "trailer", "host", "content-length"]);

/** A request for a guest's port, as the Preview's Service Worker hands it over. */
export interface PreviewRequest {
  type: "wasmrun.preview";
  port: number;
  method: string;
  target: string;
  headers: [string, string][];
  body: Uint8Array | null;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}$/;
/** An origin-form target: a path and query, visible ASCII only (a URL's pathname and search are). */
const TARGET = /^\/[\x21-\x7e]{0,8191}$/;
const FIELD_VALUE = /^[^\r\n\0]{0,8192}$/;

/**
 * Reports whether d is a PreviewRequest and nothing else: the message comes
 * from the Preview's origin, where the previewed app runs too, so the page
 * takes nothing from it but a port, a method, a target, headers and a body,
 * each of which the request line and header fields can hold as they are.
 */
export function isPreviewRequest(d: unknown): d is PreviewRequest {
  if (typeof d !== "object" || d === null) return false;
  const r = d as Record<string, unknown>;
  return (
    r.type === "wasmrun.preview" &&
    Number.isInteger(r.port) &&
    (r.port as number) >= 1 &&
    (r.port as number) <= 65535 &&
    typeof r.method === "string" &&
    TOKEN.test(r.method) &&
    typeof r.target === "string" &&
    TARGET.test(r.target) &&
    Array.isArray(r.headers) &&
    r.headers.length <= 256 &&
    r.headers.every((h) => Array.isArray(h) && h.length === 2 && typeof h[0] === "string" && TOKEN.test(h[0]) && typeof h[1] === "string" && FIELD_VALUE.test(h[1])) &&
    (r.body === null || r.body instanceof Uint8Array)
  );
}

/** Writes a request: one per connection (Connection: close). */
export function encodeRequest(method: string, target: string, headers: [string, string][], body: Uint8Array | null, host: string): Uint8Array {
  let head = `${method} ${target} HTTP/1.1\r\nHost: ${host}\r\n`;
  for (const [k, v] of headers) {
    if (DROPPED.has(k.toLowerCase()) || /[\r\n]/.test(k + v)) continue;
    head += `${k}: ${v}\r\n`;
  }
  if (body && body.length > 0) head += `Content-Length: ${body.length}\r\n`;
  else if (!["GET", "HEAD", "OPTIONS", "DELETE"].includes(method)) head += "Content-Length: 0\r\n";
  head += "Connection: close\r\n\r\n";
  const h = encoder.encode(head);
  if (!body || body.length === 0) return h;
  const out = new Uint8Array(h.length + body.length);
  out.set(h);
  out.set(body, h.length);
  return out;
}

export interface ResponseHead {
  status: number;
  statusText: string;
  headers: [string, string][];
}

export interface ResponseSink {
  head(h: ResponseHead): void;
  body(chunk: Uint8Array): void;
  done(): void;
  error(message: string): void;
}

/** Statuses whose response has no body, whatever its headers say. */
const NO_BODY = new Set([204, 205, 304]);

type State = "head" | "length" | "chunk-size" | "chunk-data" | "chunk-crlf" | "trailers" | "close" | "done";

/**
 * Reads an HTTP/1.1 response as its bytes arrive (push), and says what it
 * found to a sink: the head once, the body as it comes (decoded from
 * chunked), then done, or an error naming what was wrong.
 */
export class ResponseParser {
  private buf: Uint8Array = new Uint8Array(0);
  private state: State = "head";
  private left = 0;

  constructor(
    private readonly method: string,
    private readonly sink: ResponseSink,
  ) {}

  get finished(): boolean {
    return this.state === "done";
  }

  push(chunk: Uint8Array): void {
    if (this.state === "done") return;
    if (this.state === "close") {
      if (chunk.length) this.sink.body(chunk);
      return;
    }
    this.buf = concat(this.buf, chunk);
    this.run();
  }

  /** The connection ended: fine while reading to the close, an error before the end of a body. */
  end(): void {
    if (this.state === "close") {
      this.finish();
    } else if (this.state !== "done") {
      this.fail(this.state === "head" ? "the server closed the connection without answering" : "the server closed the connection before the end of the body");
    }
  }

  private run(): void {
    for (;;) {
      switch (this.state) {
        case "head": {
          const i = indexOf(this.buf, "\r\n\r\n");
          if (i < 0) {
            if (this.buf.length > 64 << 10) this.fail("the response's head is larger than 64 KiB");
            return;
          }
          const text = decoder.decode(this.buf.subarray(0, i));
          this.buf = this.buf.subarray(i + 4);
          if (!this.head(text)) return;
          break;
        }
        case "length": {
          const n = Math.min(this.left, this.buf.length);
          if (n > 0) {
            this.sink.body(this.buf.slice(0, n));
            this.buf = this.buf.subarray(n);
            this.left -= n;
          }
          if (this.left === 0) this.finish();
          return;
        }
        case "chunk-size": {
          const i = indexOf(this.buf, "\r\n");
          if (i < 0) return;
          const line = decoder.decode(this.buf.subarray(0, i)).split(";")[0]!.trim();
          this.buf = this.buf.subarray(i + 2);
          if (!/^[0-9a-fA-F]+$/.test(line)) return this.fail(`bad chunk size ${JSON.stringify(line)}`);
          this.left = parseInt(line, 16);
          this.state = this.left === 0 ? "trailers" : "chunk-data";
          break;
        }
        case "chunk-data": {
          const n = Math.min(this.left, this.buf.length);
          if (n === 0) return;
          this.sink.body(this.buf.slice(0, n));
          this.buf = this.buf.subarray(n);
          this.left -= n;
          if (this.left === 0) this.state = "chunk-crlf";
          break;
        }
        case "chunk-crlf":
          if (this.buf.length < 2) return;
          if (this.buf[0] !== 13 || this.buf[1] !== 10) return this.fail("a chunk does not end with CRLF");
          this.buf = this.buf.subarray(2);
          this.state = "chunk-size";
          break;
        case "trailers": {
          const i = indexOf(this.buf, "\r\n");
          if (i < 0) return;
          this.buf = this.buf.subarray(i + 2);
          if (i === 0) return this.finish();
          break;
        }
        case "close":
          if (this.buf.length) this.sink.body(this.buf.slice());
          this.buf = new Uint8Array(0);
          return;
        case "done":
          return;
      }
    }
  }

  /** Reads the head; false when it was an error (already reported). */
  private head(text: string): boolean {
    const lines = text.split("\r\n");
    const m = /^HTTP\/1\.[01] (\d{3})(?: (.*))?$/.exec(lines[0] ?? "");
    if (!m) {
      this.fail(`not an HTTP/1.1 response: ${JSON.stringify((lines[0] ?? "").slice(0, 80))}`);
      return false;
    }
    const status = Number(m[1]);
    const headers: [string, string][] = [];
    for (const l of lines.slice(1)) {
      const c = l.indexOf(":");
      if (c <= 0) continue;
      headers.push([l.slice(0, c).trim(), l.slice(c + 1).trim()]);
    }
    if (status >= 100 && status < 200) return true; // interim: the real head follows
    const get = (name: string) => headers.find(([k]) => k.toLowerCase() === name)?.[1];
    this.sink.head({ status, statusText: m[2] ?? "", headers: headers.filter(([k]) => !DROPPED.has(k.toLowerCase())) });
    if (this.method === "HEAD" || NO_BODY.has(status)) {
      this.finish();
      return false;
    }
    if ((get("transfer-encoding") ?? "").toLowerCase().includes("chunked")) {
      this.state = "chunk-size";
    } else if (get("content-length") !== undefined) {
      const n = Number(get("content-length"));
      if (!Number.isSafeInteger(n) || n < 0) {
        this.fail(`bad Content-Length ${JSON.stringify(get("content-length"))}`);
        return false;
      }
      this.left = n;
      this.state = "length";
    } else {
      this.state = "close";
    }
    return true;
  }

  private finish(): void {
    if (this.state === "done") return;
    this.state = "done";
    this.sink.done();
  }

  private fail(message: string): void {
    if (this.state === "done") return;
    this.state = "done";
    this.sink.error(message);
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function indexOf(b: Uint8Array, s: string): number {
  const p = encoder.encode(s);
  outer: for (let i = 0; i + p.length <= b.length; i++) {
    for (let j = 0; j < p.length; j++) if (b[i + j] !== p[j]) continue outer;
    return i;
  }
  return -1;
}
