// The Preview panel runs a guest's app in an origin of its own: the same
// host name as the UI, another port (docs/network.md, "The Preview panel").
// A Python guest serves a page, its stylesheet and its script; the page
// loads both through the Preview's Service Worker, and its script cannot
// read the UI's document, read the UI's API as the UI, or open the UI's
// WebSocket. The UI stays cross-origin isolated.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import * as h from "./helpers.mjs";

describe("the Preview's origin", { skip: h.missing() ?? false }, () => {
  let browser;
  let srv;
  let page;
  let frame;
  before(async () => {
    [browser, srv] = await Promise.all([h.launchBrowser(), h.startServer("python-site", { args: ["--language", "python", "--forward", "3000:0"] })]);
    page = await h.openPage(browser, srv.url);
    await h.openTab(page, "Preview");
    await page.getByRole("combobox", { name: "Guest port" }).locator('option[value="3000"]').waitFor({ state: "attached", timeout: h.BOOT_MS });
    await page.frameLocator(".preview-frame").getByText("the script ran").waitFor({ timeout: h.BOOT_MS });
    frame = page.frames().find((f) => /\/preview\/3000\/$/.test(f.url()));
    assert.ok(frame, "the app's frame");
  });
  after(async () => {
    await browser?.close();
    await srv?.stop();
  });

  test("the app is at another origin than the UI, in a sandboxed frame, and the UI stays cross-origin isolated", async () => {
    const ui = new URL(srv.url);
    const app = new URL(frame.url());
    assert.equal(app.hostname, ui.hostname);
    assert.notEqual(app.port, ui.port);
    assert.equal(await page.locator(".preview-frame").getAttribute("sandbox"), "allow-scripts allow-forms allow-popups allow-modals allow-same-origin");
    assert.equal(await page.evaluate(() => self.crossOriginIsolated), true);
    assert.equal(await page.evaluate(() => typeof SharedArrayBuffer), "function");
  });

  test("the app's page, stylesheet and script come from the guest through the Service Worker", async () => {
    const got = await frame.evaluate(() => ({
      background: getComputedStyle(document.body).backgroundColor,
      script: document.getElementById("script").textContent,
      controlled: navigator.serviceWorker.controller?.scriptURL ?? null,
      // workerStart is set for what a Service Worker answered.
      viaWorker: performance.getEntriesByType("resource").filter((e) => /\/app\.(css|js)$/.test(e.name)).map((e) => [e.name.replace(/^.*\//, ""), e.workerStart > 0]),
    }));
    assert.equal(got.background, "rgb(10, 20, 30)");
    assert.equal(got.script, "the script ran");
    assert.match(got.controlled, /\/preview\/sw\.js$/);
    assert.deepEqual(got.viaWorker.sort(), [["app.css", true], ["app.js", true]]);
    mkdirSync(h.SHOTS, { recursive: true });
    await page.screenshot({ path: join(h.SHOTS, "preview-isolation.png") });
  });

  test("the app's script cannot read the UI's document, its API as the UI, or open its WebSocket", async () => {
    const ui = srv.url.replace(/\/$/, "");
    const got = await frame.evaluate((ui) => probe(ui), ui);
    assert.deepEqual(got, {
      parentDocument: "SecurityError",
      parentLocation: "SecurityError",
      session: "TypeError", // CORS: no Access-Control-Allow-Origin
      sessionNoCors: "TypeError", // Cross-Origin-Resource-Policy: same-origin
      webSocket: "error", // the host refuses the Preview's origin
    });
  });

  test("the host serves the Preview's origin nothing of the UI's", async () => {
    const origin = new URL(frame.url()).origin;
    const got = await frame.evaluate(async () => {
      const out = {};
      for (const p of ["/", "/api/session", "/kernel.wasm", "/index.html", "/preview/bridge.html"]) {
        const r = await fetch(p, { cache: "no-store" });
        out[p] = r.status;
      }
      return out;
    });
    assert.deepEqual(got, { "/": 404, "/api/session": 404, "/kernel.wasm": 404, "/index.html": 404, "/preview/bridge.html": 200 }, origin);
  });

  test("a message the app posts to the UI is not taken as a request", async () => {
    // The app's window is not the bridge's: the UI drops what it posts,
    // even a well-formed request, and no connection reaches the guest.
    const before = await page.evaluate(() => performance.now());
    await frame.evaluate(() => {
      const ch = new MessageChannel();
      parent.postMessage({ type: "wasmrun.preview", port: 3000, method: "GET", target: "/", headers: [], body: null }, "*", [ch.port2]);
      window.answered = new Promise((resolve) => {
        ch.port1.onmessage = (m) => resolve(m.data.status ?? "answered");
        setTimeout(() => resolve("no answer"), 1500);
      });
    });
    assert.equal(await frame.evaluate(() => window.answered), "no answer");
    assert.ok((await page.evaluate(() => performance.now())) > before);
  });

  test("Open in new tab shows the app in a tab of its own, served while the UI is open", async () => {
    const [tab] = await Promise.all([page.context().waitForEvent("page"), page.getByRole("link", { name: "Open in new tab" }).click()]);
    await tab.getByText("the script ran").waitFor({ timeout: 15_000 });
    assert.equal(new URL(tab.url()).origin, new URL(frame.url()).origin);
    assert.equal(await tab.evaluate(() => getComputedStyle(document.body).backgroundColor), "rgb(10, 20, 30)");
    await tab.close();
  });
});
