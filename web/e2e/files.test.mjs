// The Files panel shows a file the program created; it opens, is edited and
// saved into the VM, and the program (Run again) reads the new content.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import * as h from "./helpers.mjs";

describe("Files", { skip: h.missing() ?? false }, () => {
  let browser;
  let srv;
  before(async () => {
    [browser, srv] = await Promise.all([h.launchBrowser(), h.startServer("python-files")]);
  });
  after(async () => {
    await browser?.close();
    await srv?.stop();
  });

  test("a file the program created shows in the tree, opens, saves, and the program reads the edit", async () => {
    const page = await h.openPage(browser, srv.url);
    await h.waitConsole(page, "created /app/out/result.txt", { timeout: h.BOOT_MS });
    await h.waitConsole(page, "exited with code 0");

    await h.openTab(page, "Files");
    const tree = page.getByRole("tree", { name: "VM files" });
    const item = (name) => tree.getByRole("treeitem").filter({ has: page.getByText(name, { exact: true }) });
    // /app is open from the start; the directory the program made appears in it.
    await item("out").waitFor({ timeout: 5000 });
    assert.equal(await item("out").getAttribute("aria-expanded"), "false");
    await item("out").click();
    assert.equal(await item("out").getAttribute("aria-expanded"), "true");
    await item("result.txt").waitFor({ timeout: 5000 });
    assert.match(await item("result.txt").innerText(), /23 B/);

    // Open it: the editor shows what the program wrote.
    await item("result.txt").click();
    const editor = page.getByRole("textbox", { name: "Contents of /app/out/result.txt" });
    await editor.waitFor({ timeout: 5000 });
    assert.equal(await editor.inputValue(), "written by the program\n");

    // Edit and save into the VM.
    const save = page.getByRole("button", { name: "Save", exact: true });
    assert.ok(await save.isDisabled(), "Save is disabled before an edit");
    await editor.fill("edited in the browser\n");
    assert.ok(await save.isEnabled(), "Save is enabled after an edit");
    await save.click();
    await page.waitForFunction(
      () => [...document.querySelectorAll("button")].some((b) => b.textContent?.trim() === "Save" && b.disabled),
      null,
      { timeout: 5000 },
    );
    await item("result.txt").filter({ hasText: "22 B" }).waitFor({ timeout: 5000 });

    // Run again: the program reads the VM's file, as edited.
    await h.button(page, "Run").click();
    await h.waitConsole(page, "result.txt now says: edited in the browser", { timeout: 10_000 });
    await h.waitConsole(page, "process 2 exited with code 0");
    // The VM's files are the VM's: nothing was written to the project on disk.
    assert.equal(existsSync(join(srv.dir, "out")), false);
    assert.deepEqual(page.errors, []);
  });
});
