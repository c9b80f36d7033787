// The page is cross-origin isolated; the guest cannot reach the page (a
// Python program that tries fails normally); a module that imports anything
// but WASI is refused with a message naming the import, and the page lives.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import * as h from "./helpers.mjs";

describe("isolation", { skip: h.missing() ?? false }, () => {
  const env = h.browserAndServers();
  const { start } = env;

  test("the page and its kernel worker are cross-origin isolated; the guest reaches nothing of the page", async () => {
    const srv = await start("python-sandbox");
    const page = await h.openPage(env.browser, srv.url);
    const text = await h.waitConsole(page, "process 1 exited with code 0", { timeout: h.BOOT_MS });
    assert.equal(await page.evaluate(() => crossOriginIsolated), true);
    assert.equal(await page.evaluate(() => typeof SharedArrayBuffer), "function");
    const [worker] = page.workers();
    assert.ok(worker, "the kernel's worker");
    assert.equal(await worker.evaluate(() => self.crossOriginIsolated), true);
    await page.getByText("cross-origin isolated", { exact: true }).waitFor({ timeout: 2000 }); // the status bar

    for (const name of ["js", "pyodide", "_js", "pyodide_js"]) assert.match(text, new RegExp(`import ${name}: ModuleNotFoundError`));
    assert.match(text, /socket: \w+Error/);
    assert.match(text, /urlopen: \w+Error/);
    assert.match(text, /modules named like the browser: \[\]/);
    assert.match(text, /sandbox done/);
    assert.doesNotMatch(text, /REACHED/);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  let bad;
  let badPage;
  test("a module importing env.foo is refused with a message naming the import, and the page does not die", async () => {
    const module = h.wasmModule({ imports: [["env", "foo"]], body: [0x10, 0x00] }); // _start calls env.foo
    bad = await start("python-hello", { args: ["--runtime", "python=./bad.wasm"], files: { "bad.wasm": module } });
    badPage = await h.openPage(env.browser, bad.url);
    // Said where the user looks: a toast, and an error in the Logs.
    const toast = badPage.getByRole("status").getByText(/env\.foo/);
    await toast.waitFor({ timeout: h.BOOT_MS });
    assert.match(await toast.innerText(), /the guest imports function env\.foo, which wasmrun does not provide/);
    await h.openTab(badPage, "Logs");
    const entry = badPage.getByRole("log", { name: "Kernel log" }).locator(".log-row").filter({ hasText: "env.foo" });
    await entry.waitFor({ timeout: 5000 });
    assert.match(await entry.innerText(), /error/i);
    // Nothing ran, and the page is whole: no page error, its panels answer to clicks.
    assert.doesNotMatch(await h.consoleText(badPage), /\$ python/);
    assert.deepEqual(badPage.errors, []);
    await h.openTab(badPage, "Files");
    await badPage.getByRole("tree", { name: "VM files" }).waitFor();
    assert.equal(await badPage.evaluate(() => document.querySelector(".app") !== null), true);
  });

  test(
    "after refusing a module, the kernel still answers the panels (Files lists /app)",
    async () => {
      await h.openTab(badPage, "Files");
      await badPage.getByRole("tree", { name: "VM files" }).getByRole("treeitem").filter({ hasText: "main.py" }).waitFor({ timeout: 5000 });
      await h.openTab(badPage, "Kernel");
      await h.processTable(badPage).or(badPage.getByText("No process has run yet.")).waitFor({ timeout: 5000 });
    },
  );
});
