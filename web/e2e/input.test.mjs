// Typed input reaches Python's input(): two prompts in a row.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import * as h from "./helpers.mjs";

describe("stdin", { skip: h.missing() ?? false }, () => {
  let browser;
  let srv;
  before(async () => {
    [browser, srv] = await Promise.all([h.launchBrowser(), h.startServer("python-input")]);
  });
  after(async () => {
    await browser?.close();
    await srv?.stop();
  });

  test("a line typed into the Console reaches input(), twice in a row", async () => {
    const page = await h.openPage(browser, srv.url);
    await h.waitConsole(page, "your name? ", { timeout: h.BOOT_MS });
    // The Kernel panel shows the process waiting in the kernel for its stdin.
    await h.openTab(page, "Kernel");
    const row = h.processRow(page, 1);
    await row.getByText("blocked", { exact: true }).waitFor({ timeout: 5000 });
    await row.getByText("read stdin").waitFor({ timeout: 1000 });

    await h.typeLine(page, "Ada Lovelace");
    await h.waitConsole(page, "hello, Ada Lovelace!");
    await h.waitConsole(page, "favourite colour? ");
    await h.typeLine(page, "teal");
    const text = await h.waitConsole(page, "exited with code 0");
    // What was typed is echoed once, after its prompt; the answers follow.
    assert.match(text, /your name\? Ada Lovelace\nhello, Ada Lovelace!\nfavourite colour\? teal\nAda Lovelace likes teal\.\nprocess 1 exited with code 0/);
    // The terminal where wasmrun os runs gets the answers too.
    await srv.waitOut("Ada Lovelace likes teal.");
    assert.deepEqual(page.errors, []);
  });
});
