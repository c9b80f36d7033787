// The network in the browser: guests' servers answer in the Preview panel
// (the Service Worker hands each request to the kernel in the page) and to
// an HTTP client on the host through `wasmrun os --forward` (relayed over
// the WebSocket to the open tab; 503 with no tab); an outbound connection
// goes through the host under the policy, and a denied one fails in the
// guest with the rule in the log.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createServer, request } from "node:http";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { lookup } from "node:dns/promises";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import * as h from "./helpers.mjs";

const PYHTTP = join(h.REPO, "host/cli/testdata/pyhttp");
const FILES = { "message.txt": "a file from the project\n" };

/** The host port wasmrun printed for guest port `guest`. */
async function forwardedPort(srv, guest) {
  const m = await srv.waitErr(new RegExp(`wasmrun: 127\\.0\\.0\\.1:(\\d+) -> guest port ${guest} \\(`));
  return Number(new RegExp(`127\\.0\\.0\\.1:(\\d+) -> guest port ${guest} \\(`).exec(srv.err())[1]);
}

/** Waits until the Preview panel offers port and shows its frame. */
async function openPreview(page, port) {
  await h.openTab(page, "Preview");
  await page.getByRole("combobox", { name: "Guest port" }).locator(`option[value="${port}"]`).waitFor({ state: "attached", timeout: h.BOOT_MS });
  await page.getByRole("combobox", { name: "Guest port" }).selectOption(String(port));
  // The frame navigates to the app once the Service Worker is ready: wait
  // for its document, so that viaPreview finds it.
  const re = new RegExp(`^http://[^/]+/preview/${port}/`);
  const deadline = Date.now() + h.BOOT_MS;
  let frame;
  while (!(frame = page.frames().find((f) => re.test(f.url())))) {
    assert.ok(Date.now() < deadline, `the Preview's frame shows port ${port} (frames: ${page.frames().map((f) => f.url()).join(", ")})`);
    await new Promise((r) => setTimeout(r, 50));
  }
  await frame.waitForLoadState("load");
  return page.frameLocator(".preview-frame");
}

/** The Preview's frame: the app, at the Preview's origin (not the hidden bridge beside it). */
function previewFrame(page) {
  const frame = page.frames().find((f) => /^http:\/\/[^/]+\/preview\/\d+\//.test(f.url()));
  assert.ok(frame, `the Preview's frame is there (frames: ${page.frames().map((f) => f.url()).join(", ")})`);
  return frame;
}

/**
 * Requests path of the app through the Preview's Service Worker, from the
 * Preview's frame: the Service Worker controls the documents under
 * /preview/ of the Preview's origin, not the UI.
 */
async function viaPreview(page, port, path, init = {}) {
  const frame = previewFrame(page);
  return frame.evaluate(
    async ({ url, init }) => {
      const r = await fetch(url, init);
      return { status: r.status, type: r.headers.get("content-type"), body: await r.text() };
    },
    { url: `/preview/${port}${path}`, init },
  );
}

/**
 * Requests path from the forwarded host port, one connection per request
 * (Connection: close): the guests' servers serve one connection at a time.
 */
function viaForward(port, path, init = {}) {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, method: init.method ?? "GET", headers: { ...(init.headers ?? {}), Connection: "close" }, agent: false }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode, type: res.headers["content-type"], body }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(init.body);
  });
}

const post = (body) => ({ method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });

/** The checks a server guest passes both ways (the routes of pyhttp and httpserver). */
async function checkRoutes(get, lang, { file = true } = {}) {
  const hello = await get("/api/hello");
  assert.equal(hello.status, 200, hello.body);
  assert.match(hello.type, /application\/json/);
  assert.equal(JSON.parse(hello.body).hello, lang);
  if (file) {
    const f = await get("/file");
    assert.equal(f.status, 200);
    assert.equal(f.body, FILES["message.txt"]);
  }
  const echo = await get("/api/echo", post({ a: 2, b: 40 }));
  assert.equal(echo.status, 200, echo.body);
  assert.equal(JSON.parse(echo.body).sum, 42);
  const missing = await get("/nowhere");
  assert.equal(missing.status, 404);
}

describe("network: a Python guest's server", { skip: h.missing() ?? false }, () => {
  let browser;
  let srv;
  let page;
  let hostPort;
  before(async () => {
    [browser, srv] = await Promise.all([h.launchBrowser(), h.startServer("pyhttp", { from: PYHTTP, files: FILES, args: ["--forward", "3000:0"] })]);
    hostPort = await forwardedPort(srv, 3000);
  });
  after(async () => {
    await browser?.close();
    await srv?.stop();
  });

  test("--forward with no tab open answers 503, saying to open the UI", async () => {
    const r = await viaForward(hostPort, "/api/hello");
    assert.equal(r.status, 503);
    assert.match(r.body, /no browser tab is running this project's kernel/);
    assert.ok(r.body.includes(srv.url), r.body);
  });

  test("the Preview panel shows the app: its page in the frame, JSON, a file, a JSON POST and a 404", async () => {
    page = await h.openPage(browser, srv.url);
    const frame = await openPreview(page, 3000);
    // The frame's document is the server's 404 page for "/": JSON naming the path.
    await frame.locator("body").getByText('"path": "/"').waitFor({ timeout: h.BOOT_MS });
    await checkRoutes((p, init) => viaPreview(page, 3000, p, init), "python");
    assert.equal(await page.evaluate(() => self.crossOriginIsolated), true, "the UI stays cross-origin isolated");
    mkdirSync(h.SHOTS, { recursive: true });
    await page.screenshot({ path: join(h.SHOTS, "network-preview-python.png") });
    assert.deepEqual(page.errors.filter((e) => !/404|Not Found/.test(e)), []);
  });

  test("--forward relays an HTTP client on the host to the guest in the open tab", async () => {
    await checkRoutes((p, init) => viaForward(hostPort, p, init), "python");
    // Several at once.
    const all = await Promise.all(Array.from({ length: 8 }, () => viaForward(hostPort, "/api/hello")));
    assert.deepEqual(all.map((r) => r.status), Array(8).fill(200));
  });

  test("the Preview says when nothing listens on a port", async () => {
    const r = await viaPreview(page, 3999, "/");
    assert.equal(r.status, 502);
    assert.match(r.body, /nothing listens on guest port 3999/);
  });
});

describe("network: a Go guest's server (GOOS=wasip1, net.FileListener)", { skip: h.missing() ?? false }, () => {
  let browser;
  let srv;
  let tmp;
  before(async () => {
    tmp = mkdtempSync(join(tmpdir(), "wasmrun-e2e-go-"));
    // The project is the module and a data file: wasmrun os runs a WASI
    // command module as the program itself.
    const dir = join(tmp, "go-httpserver");
    mkdirSync(dir);
    execFileSync("go", ["build", "-o", join(dir, "httpserver.wasm"), "./host/cli/testdata/httpserver"], { cwd: h.REPO, env: { ...process.env, GOOS: "wasip1", GOARCH: "wasm", CGO_ENABLED: "0" } });
    writeFileSync(join(dir, "message.txt"), FILES["message.txt"]);
    [browser, srv] = await Promise.all([
      h.launchBrowser(),
      h.startServer("go-httpserver", { from: dir, pathInProject: "httpserver.wasm", args: ["--forward", "3000:0", "--env", "DATA_DIR=/app"] }),
    ]);
  });
  after(async () => {
    await browser?.close();
    await srv?.stop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  test("answers in the Preview panel and through --forward", async () => {
    const hostPort = await forwardedPort(srv, 3000);
    const page = await h.openPage(browser, srv.url);
    // The frame shows the server's answer to / (its JSON 404) once loaded.
    await (await openPreview(page, 3000)).locator("body").getByText("not found").waitFor({ timeout: h.BOOT_MS });
    await checkRoutes((p, init) => viaPreview(page, 3000, p, init), "go");
    await checkRoutes((p, init) => viaForward(hostPort, p, init), "go");
  });
});

describe("network: outbound connections from the browser", { skip: h.missing() ?? false }, () => {
  let browser;
  let srv;
  let target;
  before(async () => {
    target = createServer((req, res) => res.end(`hello from the host, ${req.url}`));
    await new Promise((r) => target.listen(0, "127.0.0.1", r));
    const port = target.address().port;
    [browser, srv] = await Promise.all([
      h.launchBrowser(),
      h.startServer("python-netclient", { files: { "wasmrun.toml": `[os.network]\nallow = ["127.0.0.1/32:${port}"]\n` }, args: ["--env", `TARGET=127.0.0.1:${port}`, "-v"] }),
    ]);
  });
  after(async () => {
    await browser?.close();
    await srv?.stop();
    target?.close();
  });

  test("an allowed connection goes through the host; a denied one fails in the guest and the log names the rule", async () => {
    const page = await h.openPage(browser, srv.url);
    const text = await h.waitConsole(page, "denied connect failed", { timeout: h.BOOT_MS });
    assert.match(text, /allowed: hello from the host, \/hello/);
    assert.match(text, /denied connect failed: Permission denied/);
    await h.openTab(page, "Logs");
    await page.getByText(/denied connect 10\.0\.0\.1:5432: .*\[default: private addresses\]/).first().waitFor({ timeout: 5000 });
    await srv.waitErr(/denied connect 10\.0\.0\.1:5432/);
  });
});

describe("network: dns.lookup from the browser, answered by the host", { skip: h.missing() ?? false }, () => {
  let browser;
  let srv;
  let want;
  before(async () => {
    // The machine's own name: it resolves without a network (/etc/hosts).
    const name = hostname();
    want = (await lookup(name, { all: true, family: 4 })).map((a) => a.address).sort();
    const dir = join(mkdtempSync(join(tmpdir(), "wasmrun-e2e-dns-")), "dns-lookup");
    mkdirSync(dir);
    writeFileSync(join(dir, "wasmrun.toml"), `[os.network]\nallow = [${want.map((a) => `"${a}/32"`).join(", ")}]\ndeny = ["nothing.example"]\n`);
    writeFileSync(
      join(dir, "index.js"),
      `const dns = require("dns");
dns.lookup(process.env.NAME, { all: true, family: 4 }, (err, addrs) => {
  console.log(err ? "lookup failed: " + err.code : "resolved: " + addrs.map((a) => a.address).sort().join(","));
  dns.lookup("nothing.example", (err) => console.log("denied lookup: " + (err && err.code)));
});
`,
    );
    [browser, srv] = await Promise.all([h.launchBrowser(), h.startServer("dns-lookup", { from: dir, args: ["--env", `NAME=${name}`, "-v"] })]);
  });
  after(async () => {
    await browser?.close();
    await srv?.stop();
  });

  test("an allowed name resolves to the host's answer; a denied one fails with EACCES and the log says why", async () => {
    const page = await h.openPage(browser, srv.url);
    const text = await h.waitConsole(page, "denied lookup:", { timeout: h.BOOT_MS });
    assert.match(text, new RegExp(`resolved: ${want.join(",").replaceAll(".", "\\.")}`));
    assert.match(text, /denied lookup: EACCES/);
    await srv.waitErr(/denied resolve nothing\.example: .*\["nothing\.example" \(wasmrun\.toml\)\]/);
  });
});

describe("network: the Express app (testdata/express-app) on the Node layer", { skip: h.missing() ?? false }, () => {
  let browser;
  let srv;
  before(async () => {
    [browser, srv] = await Promise.all([h.launchBrowser(), h.startServer("express-app", { from: join(h.REPO, "testdata/express-app"), args: ["--forward", "3000:0"] })]);
  });
  after(async () => {
    await browser?.close();
    await srv?.stop();
  });

  test("answers a JSON route, a file, a JSON POST and its 404 handler in the Preview panel and through --forward", async () => {
    const hostPort = await forwardedPort(srv, 3000);
    const page = await h.openPage(browser, srv.url);
    await h.waitConsole(page, "express app listening on port 3000", { timeout: h.BOOT_MS });
    await openPreview(page, 3000);
    for (const get of [(p, init) => viaPreview(page, 3000, p, init), (p, init) => viaForward(hostPort, p, init)]) {
      const hello = await get("/api/hello?x=1");
      assert.equal(hello.status, 200, hello.body);
      assert.deepEqual(JSON.parse(hello.body), { message: "hello from express", query: { x: "1" } });
      const file = await get("/file");
      assert.equal(file.status, 200, file.body);
      assert.match(file.type, /text\/plain/);
      const echo = await get("/api/echo", post({ numbers: [1, 2, 39] }));
      assert.equal(echo.status, 201, echo.body);
      assert.equal(JSON.parse(echo.body).sum, 42);
      const missing = await get("/nowhere");
      assert.equal(missing.status, 404);
      assert.deepEqual(JSON.parse(missing.body), { error: "not found", path: "/nowhere" });
    }
    mkdirSync(h.SHOTS, { recursive: true });
    await page.screenshot({ path: join(h.SHOTS, "network-preview-express.png") });
  });
});
