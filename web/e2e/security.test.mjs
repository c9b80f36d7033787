// The host's defences, from Node's http client (not the browser): DNS
// rebinding (a foreign Host), path traversal, cross-origin writes, and the
// WebSocket's Origin check.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { request } from "node:http";
import { randomBytes } from "node:crypto";
import * as h from "./helpers.mjs";

/** One raw HTTP request; resolves to {status, headers, body}, or {upgraded} on a 101. */
function send(port, { method = "GET", path = "/", headers = {} } = {}) {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, method, path, headers, agent: false }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body }));
    });
    req.on("upgrade", (res, socket) => {
      socket.destroy();
      resolve({ status: res.statusCode, headers: res.headers, body: "", upgraded: true });
    });
    req.on("error", reject);
    req.setTimeout(5000, () => req.destroy(new Error(`${method} ${path}: no answer in 5 s`)));
    req.end();
  });
}

const wsHeaders = (origin) => ({
  Connection: "Upgrade",
  Upgrade: "websocket",
  "Sec-WebSocket-Version": "13",
  "Sec-WebSocket-Key": randomBytes(16).toString("base64"),
  ...(origin ? { Origin: origin } : {}),
});

describe("host security", { skip: h.missing() ?? false }, () => {
  let srv;
  before(async () => {
    srv = await h.startServer("python-hello");
  });
  after(async () => {
    await srv?.stop();
  });

  test("a foreign Host header is refused with 403", async () => {
    const own = await send(srv.port, { path: "/api/session" });
    assert.equal(own.status, 200, "control: the server's own address is served");
    for (const host of [`evil.example:${srv.port}`, "evil.example", `127.0.0.1.evil.example:${srv.port}`, `localhost.:${srv.port}`]) {
      for (const path of ["/", "/api/session", "/api/project.tar", "/kernel.wasm"]) {
        const r = await send(srv.port, { path, headers: { Host: host } });
        assert.equal(r.status, 403, `Host: ${host} ${path}`);
        assert.doesNotMatch(r.body, /main\.py|python-hello|<html/i, `Host: ${host} ${path} leaked`);
      }
    }
  });

  test("path traversal gets 404 and never the file", async () => {
    const paths = [
      "/assets/../../etc/passwd",
      "/%2e%2e/%2e%2e/etc/passwd",
      "/assets/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
      "/..%2f..%2f..%2fetc%2fpasswd",
      "/assets/..%2f..%2f..%2fetc%2fpasswd",
      "/assets/..%5c..%5c..%5cetc%5cpasswd",
      "/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
      "/runtimes/../../../../etc/passwd",
      "/./etc/passwd",
      "//etc/passwd",
      "/assets/%00/../../etc/passwd",
      "/main.py",
      "/../main.py",
    ];
    for (const path of paths) {
      const r = await send(srv.port, { path });
      assert.equal(r.status, 404, `${path}: ${r.status}`);
      assert.doesNotMatch(r.body, /root:.*:0:0:/, `${path} served /etc/passwd`);
      assert.doesNotMatch(r.body, /python fixture says hi/, `${path} served the project's file`);
    }
  });

  test("a cross-origin POST is refused with 403", async () => {
    const cases = [
      { Origin: "http://evil.example" },
      { Origin: "null" },
      { "Sec-Fetch-Site": "cross-site" },
      { Origin: `http://localhost.evil.example:${srv.port}` },
    ];
    for (const method of ["POST", "PUT", "DELETE"]) {
      for (const headers of cases) {
        const r = await send(srv.port, { method, path: "/api/session", headers: { ...headers, "Content-Type": "text/plain" } });
        assert.equal(r.status, 403, `${method} with ${JSON.stringify(headers)}: ${r.status}`);
      }
    }
    // No response lets another origin read it.
    const r = await send(srv.port, { path: "/api/session", headers: { Origin: "http://evil.example" } });
    assert.equal(r.headers["access-control-allow-origin"], undefined);
  });

  test("the WebSocket refuses a foreign Origin", async () => {
    const own = await send(srv.port, { path: "/api/ws", headers: wsHeaders(`http://127.0.0.1:${srv.port}`) });
    assert.equal(own.status, 101, "control: the page's own origin connects");
    assert.ok(own.upgraded);
    for (const origin of ["http://evil.example", `http://evil.example:${srv.port}`, "null", `https://127.0.0.1:${srv.port}`, `http://127.0.0.1:${srv.port + 1}`]) {
      const r = await send(srv.port, { path: "/api/ws", headers: wsHeaders(origin) });
      assert.equal(r.status, 403, `Origin: ${origin}: ${r.status}`);
      assert.ok(!r.upgraded, `Origin: ${origin} upgraded`);
    }
  });

  test("every response carries the isolation and safety headers", async () => {
    for (const path of ["/", "/kernel.wasm", "/api/session", "/nope"]) {
      const r = await send(srv.port, { path });
      assert.equal(r.headers["cross-origin-opener-policy"], "same-origin", path);
      assert.equal(r.headers["cross-origin-embedder-policy"], "require-corp", path);
      assert.equal(r.headers["x-content-type-options"], "nosniff", path);
      assert.match(r.headers["content-security-policy"] ?? "", /default-src 'self'/, path);
    }
  });
});
