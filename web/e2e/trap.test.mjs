// The page never dies silently: a guest that traps (`unreachable` in its
// _start) is shown as trapped, with the process state.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import * as h from "./helpers.mjs";

describe("trap", { skip: h.missing() ?? false }, () => {
  let browser;
  let srv;
  let page;
  before(async () => {
    const module = h.wasmModule({ body: [0x00] }); // _start: unreachable
    [browser, srv] = await Promise.all([h.launchBrowser(), h.startServer("python-hello", { args: ["--runtime", "python=./trap.wasm"], files: { "trap.wasm": module } })]);
    page = await h.openPage(browser, srv.url);
  });
  after(async () => {
    await browser?.close();
    await srv?.stop();
  });

  test("a trap shows as trapped, with the process state, in the Console, the header and the Logs", async () => {
    const text = await h.waitConsole(page, "trapped", { timeout: h.BOOT_MS });
    assert.match(text, /\$ python \/app\/main\.py\nprocess 1 trapped: trap: unreachable/);
    const badge = page.locator("header").getByText(/^trapped/);
    await badge.waitFor({ timeout: 2000 });
    assert.match(await badge.innerText(), /trapped\s+pid 1/);
    assert.match(await badge.getAttribute("title"), /unreachable/);
    await h.openTab(page, "Logs");
    const entry = page.getByRole("log", { name: "Kernel log" }).locator(".log-row").filter({ hasText: "trapped: trap: unreachable" });
    await entry.waitFor({ timeout: 5000 });
    assert.match(await entry.innerText(), /warn\s+process\s+1/i);
    // The terminal where wasmrun os runs says it too.
    await srv.waitErr("wasmrun: python: trap: unreachable");
    // The page itself is fine.
    assert.deepEqual(page.errors, []);
    assert.ok(await h.button(page, "Run").isEnabled());
  });

  test("the Kernel panel shows the trapped process, and Run starts it again", async () => {
    await h.openTab(page, "Kernel");
    const row = h.processRow(page, 1);
    await row.getByText("trapped", { exact: true }).waitFor({ timeout: 5000 });
    assert.match(await row.innerText(), /unreachable/);
    await h.button(page, "Run").click();
    await h.waitConsole(page, "process 2 trapped", { timeout: 5000 });
    await h.processRow(page, 2).getByText("trapped", { exact: true }).waitFor({ timeout: 5000 });
  });
});
