import { describe, expect, test } from "vitest";
import { encodeRequest, isPreviewRequest, ResponseParser, type ResponseHead } from "./http";

const enc = new TextEncoder();
const dec = new TextDecoder();

function parse(method: string, chunks: string[], end = false) {
  const got: { head?: ResponseHead; body: string; done: boolean; error?: string } = { body: "", done: false };
  const p = new ResponseParser(method, {
    head: (h) => (got.head = h),
    body: (c) => (got.body += dec.decode(c)),
    done: () => (got.done = true),
    error: (m) => (got.error = m),
  });
  for (const c of chunks) p.push(enc.encode(c));
  if (end) p.end();
  return got;
}

describe("encodeRequest", () => {
  test("writes the request line, Host, the headers but hop-by-hop ones, the length and Connection: close", () => {
    const text = dec.decode(encodeRequest("POST", "/api?x=1", [["Content-Type", "application/json"], ["Connection", "keep-alive"], ["Host", "evil"]], enc.encode('{"a":1}'), "localhost:3000"));
    expect(text).toBe('POST /api?x=1 HTTP/1.1\r\nHost: localhost:3000\r\nContent-Type: application/json\r\nContent-Length: 7\r\nConnection: close\r\n\r\n{"a":1}');
  });
  test("a GET has no Content-Length", () => {
    expect(dec.decode(encodeRequest("GET", "/", [], null, "h"))).toBe("GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
  });
});

describe("isPreviewRequest", () => {
  const ok = { type: "wasmrun.preview", port: 3000, method: "POST", target: "/api/echo?x=1", headers: [["content-type", "application/json"]], body: enc.encode("{}") };
  test("takes a request the Service Worker makes of a fetch", () => {
    expect(isPreviewRequest(ok)).toBe(true);
    expect(isPreviewRequest({ ...ok, method: "GET", body: null, headers: [] })).toBe(true);
  });
  test.each([
    ["not an object", "wasmrun.preview"],
    ["another type", { ...ok, type: "wasmrun.other" }],
    ["port 0", { ...ok, port: 0 }],
    ["port 65536", { ...ok, port: 65536 }],
    ["a port that is not an integer", { ...ok, port: 3000.5 }],
    ["a port as a string", { ...ok, port: "3000" }],
    ["a method with a space", { ...ok, method: "GET / HTTP/1.1\r\nX: y" }],
    ["a target not starting with /", { ...ok, target: "http://evil/" }],
    ["a target with a space", { ...ok, target: "/ HTTP/1.1\r\nHost: x" }],
    ["a target with a line break", { ...ok, target: "/\r\nX: y" }],
    ["a header name with a colon", { ...ok, headers: [["a:b", "c"]] }],
    ["a header value with a line break", { ...ok, headers: [["a", "b\r\nHost: evil"]] }],
    ["a header of three strings", { ...ok, headers: [["a", "b", "c"]] }],
    ["headers as an object", { ...ok, headers: { a: "b" } }],
    ["a body as a string", { ...ok, body: "{}" }],
  ])("refuses %s", (_, d) => {
    expect(isPreviewRequest(d)).toBe(false);
  });
});

describe("ResponseParser", () => {
  test("reads a body by Content-Length, split anywhere", () => {
    const got = parse("GET", ["HTTP/1.1 200 OK\r\nContent-Ty", "pe: text/plain\r\nContent-Length: 5\r\n\r\nhe", "llo"]);
    expect(got.head).toEqual({ status: 200, statusText: "OK", headers: [["Content-Type", "text/plain"]] });
    expect(got.body).toBe("hello");
    expect(got.done).toBe(true);
  });
  test("decodes a chunked body, with extensions and trailers", () => {
    const got = parse("GET", ["HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;x=y\r\nhel", "lo\r\n6\r\n world\r\n0\r\nX-T: 1\r\n\r\n"]);
    expect(got.body).toBe("hello world");
    expect(got.done).toBe(true);
    expect(got.head!.headers).toEqual([]);
  });
  test("reads to the close when there is no length", () => {
    const got = parse("GET", ["HTTP/1.0 404 Not Found\r\n\r\nno", "pe"], true);
    expect(got.head!.status).toBe(404);
    expect(got.body).toBe("nope");
    expect(got.done).toBe(true);
  });
  test("HEAD and 304 have no body", () => {
    expect(parse("HEAD", ["HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n"]).done).toBe(true);
    expect(parse("GET", ["HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n"]).done).toBe(true);
  });
  test("skips an interim 100 Continue", () => {
    const got = parse("POST", ["HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok"]);
    expect(got.head!.status).toBe(201);
    expect(got.body).toBe("ok");
  });
  test("says what is wrong: not HTTP, a short body, a bad chunk", () => {
    expect(parse("GET", ["SSH-2.0-x\r\n\r\n"]).error).toMatch(/not an HTTP\/1.1 response/);
    expect(parse("GET", ["HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nabc"], true).error).toMatch(/before the end of the body/);
    expect(parse("GET", ["HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"]).error).toMatch(/bad chunk size/);
    expect(parse("GET", [], true).error).toMatch(/without answering/);
  });
});
