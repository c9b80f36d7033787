// Typed input reaches Python's input() and a Node program's readline
// prompt: two prompts in a row each.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import * as h from "./helpers.mjs";

describe("stdin", { skip: h.missing() ?? false }, () => {
  let browser;
  let srv;
  let node;
  before(async () => {
    [browser, srv, node] = await Promise.all([h.launchBrowser(), h.startServer("python-input"), h.startServer("node-readline")]);
  });
  after(async () => {
    await browser?.close();
    await srv?.stop();
    await node?.stop();
  });

  test("a line typed into the Console answers a Node program's readline question(), twice in a row", async () => {
    const page = await h.openPage(browser, node.url);
    await h.waitConsole(page, "your name? ", { timeout: h.BOOT_MS });
    await h.typeLine(page, "Grace Hopper");
    await h.waitConsole(page, "hello, Grace Hopper!");
    await h.waitConsole(page, "favourite colour? ");
    await h.typeLine(page, "navy");
    const text = await h.waitConsole(page, "exited with code 0");
    assert.match(text, /your name\? Grace Hopper\nhello, Grace Hopper!\nfavourite colour\? navy\nGrace Hopper likes navy\.\nprocess 1 exited with code 0/);
    await node.waitOut("Grace Hopper likes navy.");
    assert.deepEqual(page.errors, []);
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
