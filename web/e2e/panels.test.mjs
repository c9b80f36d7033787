// The Kernel panel shows the process and the WASI table; the Logs panel
// shows the process's start and exit, and keeps them when filtered to the
// "process" source.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import * as h from "./helpers.mjs";

describe("Kernel and Logs panels", { skip: h.missing() ?? false }, () => {
  let browser;
  let srv;
  let page;
  before(async () => {
    [browser, srv] = await Promise.all([h.launchBrowser(), h.startServer("python-hello")]);
    page = await h.openPage(browser, srv.url);
    await h.waitConsole(page, "process 1 exited with code 0", { timeout: h.BOOT_MS });
  });
  after(async () => {
    await browser?.close();
    await srv?.stop();
  });

  test("the Kernel panel shows the process: pid, command, state exited with its code", async () => {
    await h.openTab(page, "Kernel");
    const row = h.processRow(page, 1);
    await row.waitFor({ timeout: 5000 });
    const cells = (await row.getByRole("cell").allInnerTexts()).map((c) => c.trim());
    assert.equal(cells[0], "1", "pid");
    assert.equal(cells[1], "0", "ppid");
    assert.equal(cells[2], "python /app/main.py", "command");
    assert.equal(cells[3], "exited 0", "state");
    assert.equal(await row.getByText("exited 0").getAttribute("title"), "exit code 0");
    assert.ok(Number(cells[5].replace(/,/g, "")) > 0, `syscalls counted: ${cells[5]}`);
    // Its details: syscalls by function.
    await row.click();
    const detail = page.getByText("Syscalls by function").locator("..");
    await detail.getByText("fd_write", { exact: true }).waitFor({ timeout: 2000 });
    const card = page.locator(".card").filter({ hasText: "Cross-origin" });
    assert.match(await card.innerText(), /isolated/);
    assert.doesNotMatch(await card.innerText(), /not isolated/);
    assert.deepEqual(page.errors, []);
  });

  test("the Kernel panel shows the WASI table: 46 functions", async () => {
    const table = page.getByRole("table").filter({ has: page.getByRole("columnheader", { name: "Function", exact: true }) });
    await table.waitFor({ timeout: 5000 });
    const rows = table.locator("tbody").getByRole("row");
    assert.equal(await rows.count(), 46);
    assert.match(await page.getByText("WASI preview1").innerText(), /46/);
    for (const fn of ["fd_write", "path_open", "poll_oneoff", "proc_exit", "sock_accept"]) {
      assert.equal(await rows.filter({ has: page.getByRole("cell").getByText(fn, { exact: true }) }).count(), 1, fn);
    }
    // Its filter narrows it.
    await page.getByRole("searchbox", { name: "Filter WASI functions" }).fill("path_");
    const n = await rows.count();
    assert.ok(n > 5 && n < 46, `path_ leaves ${n} rows`);
    await page.getByRole("searchbox", { name: "Filter WASI functions" }).fill("");
    assert.equal(await rows.count(), 46);
  });

  test("the Logs panel shows the process's start and exit, and filtering by source process keeps them", async () => {
    await h.openTab(page, "Logs");
    const log = page.getByRole("log", { name: "Kernel log" });
    const started = log.getByText("started: python /app/main.py");
    const exited = log.getByText("exited with code 0");
    const booted = log.getByText(/^booted:/);
    await started.waitFor({ timeout: 5000 });
    await exited.waitFor({ timeout: 5000 });
    await booted.waitFor({ timeout: 5000 });
    // The rows say their source and pid.
    const startRow = log.locator(".log-row").filter({ hasText: "started: python /app/main.py" });
    assert.match(await startRow.innerText(), /INFO\s+process\s+1\s+started/i);

    // Only the process source: start and exit stay, the kernel's boot entry goes.
    // (The chips are labels over visually hidden checkboxes: click them as a user does.)
    const sources = page.getByRole("group", { name: "Sources" });
    const chip = (src) => sources.getByText(src, { exact: true });
    const box = (src) => sources.getByRole("checkbox", { name: src, exact: true });
    for (const src of ["kernel", "wasi", "fs", "net", "host"]) {
      await chip(src).click();
      assert.equal(await box(src).isChecked(), false, src);
    }
    assert.ok(await box("process").isChecked());
    await booted.waitFor({ state: "detached", timeout: 2000 });
    assert.ok(await started.isVisible());
    assert.ok(await exited.isVisible());
    const rows = await log.locator(".log-row").allInnerTexts();
    assert.ok(rows.length >= 2, `${rows.length} rows`);
    for (const r of rows) assert.match(r, /\bprocess\b/i, `a row from another source: ${r}`);
    // Without process either, nothing matches.
    await chip("process").click();
    await log.getByText("No entry matches the filter.").waitFor({ timeout: 2000 });
    await chip("process").click();
    await started.waitFor({ timeout: 2000 });
    // Search narrows to the exit.
    await page.getByRole("searchbox", { name: "Search the logs" }).fill("exited");
    await started.waitFor({ state: "detached", timeout: 2000 });
    assert.ok(await exited.isVisible());
    assert.deepEqual(page.errors, []);
  });
});
