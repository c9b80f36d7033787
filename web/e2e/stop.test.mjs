// Stop ends an infinite loop (`while True: pass`) within a second; the
// process shows as killed; Run starts the program again on the same kernel.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import * as h from "./helpers.mjs";

describe("Stop", { skip: h.missing() ?? false }, () => {
  let browser;
  let srv;
  before(async () => {
    [browser, srv] = await Promise.all([h.launchBrowser(), h.startServer("python-loop")]);
  });
  after(async () => {
    await browser?.close();
    await srv?.stop();
  });

  test("Stop ends while True: pass within a second, the process shows as killed, and Run works again", async (t) => {
    const page = await h.openPage(browser, srv.url);
    await h.waitConsole(page, "spinning", { timeout: h.BOOT_MS });
    const stop = h.button(page, "Stop");
    await stop.waitFor();
    assert.ok(await stop.isEnabled(), "Stop is enabled while the loop runs");

    // From the click to the "killed" line on the Console's screen, timed in
    // the page so that the test's own round trips do not count.
    const took = await page.evaluate(
      () =>
        new Promise((resolve, reject) => {
          const rows = document.querySelector('[data-testid="console"] .xterm-rows');
          const button = [...document.querySelectorAll("header button")].find((b) => b.textContent?.trim() === "Stop");
          if (!rows || !button) return reject(new Error("no console rows or no Stop button"));
          const t0 = performance.now();
          const seen = () => /killed/.test(rows.textContent ?? "");
          const obs = new MutationObserver(() => {
            if (seen()) {
              obs.disconnect();
              clearTimeout(timer);
              resolve(performance.now() - t0);
            }
          });
          obs.observe(rows, { childList: true, subtree: true, characterData: true });
          const timer = setTimeout(() => {
            obs.disconnect();
            reject(new Error(`no "killed" line 5 s after Stop; the Console shows: ${rows.textContent}`));
          }, 5000);
          button.click();
        }),
    );
    t.diagnostic(`Stop: ${Math.round(took)} ms from the click to the killed line`);
    assert.ok(took < 1000, `Stop took ${Math.round(took)} ms`);
    const text = await h.consoleText(page);
    assert.match(text, /process 1 killed: stopped from the UI \(code \d+\)/);
    await page.locator("header").getByText(/^killed/).waitFor({ timeout: 2000 });

    // The Kernel panel's process table says killed.
    await h.openTab(page, "Kernel");
    const row = h.processRow(page, 1);
    await row.getByText("killed", { exact: true }).waitFor({ timeout: 5000 });
    assert.match(await row.innerText(), /python \/app\/main\.py/);
    assert.match(await row.innerText(), /stopped from the UI/);

    // Run starts it again: the first line prints again, as process 2.
    const run = h.button(page, "Run");
    await assert.doesNotReject(run.click({ timeout: 2000 }));
    await h.waitConsole(page, "spinning", { count: 2, timeout: 10_000 });
    await h.processRow(page, 2).getByText(/running|blocked/).waitFor({ timeout: 5000 });
    // And Stop works on it too.
    await h.button(page, "Stop").click();
    await h.waitConsole(page, "process 2 killed", { timeout: 2000 });
    assert.deepEqual(page.errors, []);
  });
});
