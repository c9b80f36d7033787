// --watch: an edit on disk reaches the page, which runs the program again
// and shows the new output without a reload.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import * as h from "./helpers.mjs";

describe("--watch", { skip: h.missing() ?? false }, () => {
  let browser;
  let srv;
  before(async () => {
    [browser, srv] = await Promise.all([h.launchBrowser(), h.startServer("python-watch", { args: ["--watch"] })]);
  });
  after(async () => {
    await browser?.close();
    await srv?.stop();
  });

  test("an edit of main.py on disk runs the program again with the new code, without a reload", async () => {
    const page = await h.openPage(browser, srv.url);
    await h.waitConsole(page, "process 1 exited with code 0", { timeout: h.BOOT_MS });
    assert.match(await h.consoleText(page), /watch fixture: version 1/);
    await page.getByText(/^watching /).waitFor({ timeout: 2000 }); // the status bar says so
    await page.evaluate(() => (window.__sameDocument = true));
    let navigations = 0;
    page.on("framenavigated", () => navigations++);

    writeFileSync(join(srv.dir, "main.py"), 'print("watch fixture: version 2, edited on disk")\n');
    const text = await h.waitConsole(page, "watch fixture: version 2, edited on disk", { timeout: 10_000 });
    await h.waitConsole(page, "process 2 exited with code 0");
    assert.match(text, /watch fixture: version 1/, "the earlier run's output is still there");
    assert.equal(await page.evaluate(() => window.__sameDocument), true, "the page was not reloaded");
    assert.equal(navigations, 0, "no navigation");

    // The VM's copy is the new one.
    await h.openTab(page, "Files");
    const item = page.getByRole("tree", { name: "VM files" }).getByRole("treeitem").filter({ hasText: "main.py" });
    await item.click();
    const editor = page.getByRole("textbox", { name: "Contents of /app/main.py" });
    await editor.waitFor();
    assert.equal(await editor.inputValue(), 'print("watch fixture: version 2, edited on disk")\n');

    // A new file on disk arrives too.
    writeFileSync(join(srv.dir, "extra.txt"), "new on disk\n");
    await page.getByRole("tree", { name: "VM files" }).getByRole("treeitem").filter({ hasText: "extra.txt" }).waitFor({ timeout: 10_000 });
    assert.deepEqual(page.errors, []);
  });
});
