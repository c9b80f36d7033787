// A Node example (QuickJS) and a Python example print into the Console, and
// into the terminal where `wasmrun os` runs; screenshots of the Python
// example (examples/python-hello) in both themes.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import * as h from "./helpers.mjs";

describe("Console", { skip: h.missing() ?? false }, () => {
  const env = h.browserAndServers();
  const { start } = env;

  test("a Node example (an ES module using process, fs and timers) prints into the Console", async () => {
    const srv = await start("node-hello");
    const page = await h.openPage(env.browser, srv.url);
    const text = await h.waitConsole(page, "exited with code 0", { timeout: h.BOOT_MS });
    assert.match(text, /\$ qjs .*\/app\/index\.js/);
    assert.match(text, /node fixture says hi from \/app/);
    assert.match(text, /read back: made by fs.writeFileSync/);
    assert.match(text, /timer fired/);
    assert.deepEqual(page.errors, []);
    // The terminal where wasmrun os runs shows the program's output too.
    await srv.waitOut("timer fired");
    assert.match(srv.out(), /node fixture says hi from \/app\nread back: made by fs.writeFileSync\ntimer fired\n/);
    await page.context().close();
  });

  let python;
  test("a Python example prints into the Console", async () => {
    python = await start("python-hello");
    const page = await h.openPage(env.browser, python.url);
    const text = await h.waitConsole(page, "exited with code 0", { timeout: h.BOOT_MS });
    assert.match(text, /\$ python \/app\/main\.py/);
    assert.match(text, /python fixture says hi from \/app\nplatform: wasi\nto stderr\nthe end\nprocess 1 exited with code 0/);
    // The header says how it ended.
    await page.locator("header").getByText("exited 0").waitFor({ timeout: 2000 });
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test("the terminal where wasmrun os runs shows the program's output", async () => {
    assert.ok(python, "needs the Python example's server");
    await python.waitOut("the end");
    assert.equal(python.out().trimEnd(), "python fixture says hi from /app\nplatform: wasi\nthe end");
    await python.waitErr("to stderr");
  });

  test("screenshots of examples/python-hello in both themes at 1440x900", async () => {
    const srv = await start("python-hello", { from: join(h.REPO, "examples/python-hello") });
    mkdirSync(h.SHOTS, { recursive: true });
    for (const theme of ["light", "dark"]) {
      const page = await h.openPage(env.browser, srv.url, { theme });
      await h.waitConsole(page, "your name?", { timeout: h.BOOT_MS });
      assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), theme);
      await page.screenshot({ path: join(h.SHOTS, `${theme}-1-prompt-files.png`) });
      await h.typeLine(page, "Ada");
      await h.waitConsole(page, "exited with code 0");
      assert.match(await h.consoleText(page), /hello, Ada!/);
      await page.screenshot({ path: join(h.SHOTS, `${theme}-2-done-files.png`) });
      await h.openTab(page, "Kernel");
      await page.getByRole("table").filter({ has: page.getByRole("columnheader", { name: "PID" }) }).waitFor({ timeout: 5000 });
      await page.screenshot({ path: join(h.SHOTS, `${theme}-3-kernel.png`) });
      await h.openTab(page, "Logs");
      await page.getByRole("log", { name: "Kernel log" }).getByText("started:").first().waitFor({ timeout: 5000 });
      await page.screenshot({ path: join(h.SHOTS, `${theme}-4-logs.png`) });
      assert.deepEqual(page.errors, []);
      await page.context().close();
    }
  });
});
