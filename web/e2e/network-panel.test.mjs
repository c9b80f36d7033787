// The Network panel on a Python guest (fixtures/python-net) run with
// `wasmrun os --forward 3000:0` under a wasmrun.toml [os.network] with an
// allow rule, a deny rule and bind_ports: the panel shows the policy, the
// two listening ports (the forwarded one with its host URL, the one the
// guest opened with /dev/tcp-listen), the connection the guest made to
// itself over localhost with the bytes each way, and the denied connection
// to 10.0.0.1 in the audit log with the rule that denied it; then the
// connection closes. Screenshots in both themes.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import * as h from "./helpers.mjs";

describe("Network panel", { skip: h.missing() ?? false }, () => {
  let browser;
  let srv;
  let page;
  before(async () => {
    [browser, srv] = await Promise.all([h.launchBrowser(), h.startServer("python-net", { args: ["--forward", "3000:0"] })]);
    page = await h.openPage(browser, srv.url);
    await h.waitConsole(page, "press Enter to close", { timeout: h.BOOT_MS });
    await h.openTab(page, "Network");
  });
  after(async () => {
    await browser?.close();
    await srv?.stop();
  });

  test("the guest ran: it exchanged bytes over localhost and was denied 10.0.0.1", async () => {
    const text = await h.consoleText(page);
    assert.match(text, /server got b'ping from the client\\n'/);
    assert.match(text, /client got 100 bytes/);
    assert.match(text, /denied: 10\.0\.0\.1:5432/);
  });

  test("the policy: isolation with the project's rules, bind_ports, the forwarded port and the limits", async () => {
    const policy = page.getByTestId("net-policy");
    await policy.waitFor({ timeout: 5000 });
    const t = await policy.innerText();
    assert.match(t, /1 allow rule, 1 deny — everything else stays in/);
    assert.match(t, /\*\.example\.com\s+wasmrun\.toml/);
    assert.match(t, /\*:25\s+wasmrun\.toml/);
    assert.match(t, /bind_ports 8000\s+wasmrun\.toml/);
    assert.match(t, /3000\s+--forward 3000:0/);
    assert.match(t, /max_connections 256\s+default/);
    assert.match(t, /bandwidth no limit\s+default/);
    assert.match(t, /connect timeout 30 s\s+default/);
  });

  test("the listening ports: the forwarded one with its host URL, and the guest's own", async () => {
    const fwd = page.getByTestId("listener-3000");
    await fwd.waitFor({ timeout: 5000 });
    const cells = (await fwd.getByRole("cell").allInnerTexts()).map((c) => c.trim());
    assert.equal(cells[0], "3000");
    assert.equal(cells[1], "1", "pid 1 holds the forwarded listener");
    assert.equal(cells[2], "0", "nothing pending");
    const link = fwd.getByRole("link");
    const href = await link.getAttribute("href");
    const m = /^http:\/\/127\.0\.0\.1:(\d+)\/$/.exec(href ?? "");
    assert.ok(m && Number(m[1]) > 0, `the forward's URL: ${href}`);
    // The URL is the one wasmrun printed.
    await srv.waitErr(`127.0.0.1:${m[1]} -> guest port 3000`);
    const forwards = await page.getByTestId("net-forwards").innerText();
    assert.match(forwards, new RegExp(`3000\\s+http://127\\.0\\.0\\.1:${m[1]}/\\s+--forward 3000:0`));

    const own = (await page.getByTestId("listener-8000").getByRole("cell").allInnerTexts()).map((c) => c.trim());
    assert.deepEqual(own, ["8000", "1", "0", "guests in the VM (localhost:8000)"]);
  });

  test("the connection inside the VM, with the bytes each way", async () => {
    const table = page.getByTestId("net-connections");
    await table.waitFor({ timeout: 5000 });
    const row = table.locator("tbody tr").filter({ hasText: "localhost:3000" });
    assert.equal(await row.count(), 1);
    const cells = (await row.getByRole("cell").allInnerTexts()).map((c) => c.trim());
    assert.equal(cells[1], "in VM");
    assert.equal(cells[2], "1", "pid");
    assert.equal(cells[3], "pid 1 → localhost:3000 (pid 1)");
    assert.equal(cells[4], "open");
    assert.equal(cells[5], "100 B", "bytes in: the server's answer");
    assert.equal(cells[6], "21 B", "bytes out: the client's ping");
    const card = page.locator(".card").filter({ hasText: "Connections" });
    assert.match(await card.innerText(), /1 open\s+2 of 256 sockets/);
  });

  test("the audit log: the denied connection with its rule, filterable by decision and text", async () => {
    const table = page.getByTestId("net-decisions");
    const rows = table.getByTestId("net-decision");
    await rows.first().waitFor({ timeout: 5000 });
    const decisions = page.getByRole("radiogroup", { name: "Decision" });
    await decisions.getByRole("radio", { name: /^denied/ }).click();
    assert.equal(await rows.count(), 1);
    const cells = (await rows.first().getByRole("cell").allInnerTexts()).map((c) => c.trim());
    assert.deepEqual(cells.slice(1), ["denied", "connect", "10.0.0.1:5432", "default: private addresses", "pid 1 (python)"]);
    assert.match(await rows.first().getAttribute("title"), /10\.0\.0\.1 is a private address/);

    await decisions.getByRole("radio", { name: /^allowed/ }).click();
    const allowed = await rows.allInnerTexts();
    assert.ok(allowed.length >= 3, `allowed: ${allowed.join(" | ")}`);
    for (const r of allowed) assert.match(r, /allowed/);
    assert.ok(allowed.some((r) => /listen\s+:8000\s+bind_ports "8000"/.test(r)), allowed.join("\n"));
    assert.ok(allowed.some((r) => /connect\s+localhost:3000\s+loopback/.test(r)), allowed.join("\n"));

    await decisions.getByRole("radio", { name: /^all \d/ }).click();
    await page.getByRole("searchbox", { name: "Filter the network decisions" }).fill("10.0.0.1");
    assert.equal(await rows.count(), 1);
    await page.getByRole("searchbox", { name: "Filter the network decisions" }).fill("no-such-target");
    await table.getByText("No decision matches the filter.").waitFor({ timeout: 2000 });
    await page.getByRole("searchbox", { name: "Filter the network decisions" }).fill("");
    const card = page.locator(".card").filter({ hasText: "Decisions" });
    assert.match(await card.innerText(), /1 denied/);
    assert.deepEqual(page.errors, []);
  });

  test("screenshots in both themes", async () => {
    mkdirSync(h.SHOTS, { recursive: true });
    const settled = () => page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== "running" || a.effect?.getTiming().iterations === Infinity));
    const shoot = async (theme) => {
      await page.getByTestId("net-policy").scrollIntoViewIfNeeded();
      await settled();
      await page.screenshot({ path: join(h.SHOTS, `network-${theme}.png`) });
      await page.getByTestId("net-decisions").scrollIntoViewIfNeeded();
      await settled();
      await page.screenshot({ path: join(h.SHOTS, `network-${theme}-decisions.png`) });
    };
    await shoot("light");
    await h.button(page, "Toggle theme").click();
    await page.waitForFunction(() => document.documentElement.dataset.theme === "dark");
    await shoot("dark");
    await h.button(page, "Toggle theme").click();
    assert.deepEqual(page.errors, []);
  });

  test("once the guest closes its connection, the panel says none is open", async () => {
    await h.typeLine(page, "");
    await h.waitConsole(page, "process 1 exited with code 0");
    await h.openTab(page, "Network");
    await page.getByText("No connection is open.").waitFor({ timeout: 5000 });
    assert.deepEqual(page.errors, []);
  });
});
