#!/usr/bin/env node
// Screenshots of the UI in each theme and size, one per panel, for looking
// at it. Drives Debian's chromium with playwright-core.
//
//   node scripts/screenshots.mjs [--url URL] [--out DIR] [--sizes 1440x900,1024x700]
//                                [--themes light,dark] [--input "Ada"] [--boot-only]
//
// URL defaults to a `vite preview` of `npm run build:fake` with the fast
// fake (http://127.0.0.1:4173/?fake=fast); point it at `wasmrun os` to look
// at the real kernel. --input is typed into the Console once the project
// prompts (empty: type nothing). Page errors and console errors are printed,
// and make the exit status 1.
import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

const opts = parseArgs(process.argv.slice(2), {
  url: "http://127.0.0.1:4173/?fake=fast",
  out: "/tmp/wasmrun-shots",
  sizes: "1440x900,1024x700",
  themes: "light,dark",
  input: "Ada",
  "boot-only": false,
  chromium: "/usr/bin/chromium",
});

mkdirSync(opts.out, { recursive: true });
let failures = 0;

const browser = await chromium.launch({
  executablePath: opts.chromium,
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ], // chromium.launch runs on a fresh temporary profile of its own

});

try {
  for (const theme of opts.themes.split(",")) {
    for (const size of opts.sizes.split(",")) {
      const [width, height] = size.split("x").map(Number);
      await shoot(theme, width, height);
    }
  }
} finally {
  await browser.close();
}
process.exit(failures ? 1 : 0);

async function shoot(theme, width, height) {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1, colorScheme: theme });
  await context.addInitScript((t) => {
    localStorage.setItem("wasmrun.theme", JSON.stringify(t));
  }, theme);
  const page = await context.newPage();
  page.on("pageerror", (e) => {
    failures++;
    console.error(`[${theme} ${width}x${height}] page error: ${e.message}`);
  });
  page.on("console", (m) => {
    if (m.type() === "error") {
      failures++;
      console.error(`[${theme} ${width}x${height}] console error: ${m.text()}`);
    }
  });
  const name = (what) => join(opts.out, `${theme}-${width}x${height}-${what}.png`);
  const save = async (what) => {
    await page.waitForTimeout(250); // let transitions and xterm's renderer settle
    await page.screenshot({ path: name(what) });
    console.log(name(what));
  };

  await page.goto(opts.url, { waitUntil: "domcontentloaded" });
  if (opts["boot-only"]) {
    await page.waitForTimeout(400);
    await save("boot");
    await page.waitForSelector('.app[data-phase="ready"], .app[data-phase="failed"], .boot-failed', { timeout: 60_000 });
    await save("booted");
    await context.close();
    return;
  }
  await page.waitForSelector('.app[data-phase="ready"], .boot-failed', { timeout: 60_000 });
  if (await page.$(".boot-failed")) {
    await save("failed");
    await context.close();
    return;
  }

  // The project runs at boot: answer its prompt, if asked to.
  if (opts.input) {
    await page.waitForFunction(() => document.querySelector(".xterm-rows")?.textContent?.includes("?"), null, { timeout: 15_000 }).catch(() => {});
    await page.click(".terminal");
    await page.keyboard.type(opts.input);
    await page.keyboard.press("Enter");
    await page.waitForTimeout(1500);
  }

  await page.getByRole("tab", { name: /Files/ }).click();
  await page.waitForSelector(".tree-row");
  const file = page.locator(".tree-name", { hasText: /^(main\.(py|js|mjs|ts)|index\.(js|mjs))$/ }).first();
  if (await file.count()) {
    await file.click();
    await page.waitForSelector(".code-text, .editor .empty");
  }
  await save("files");

  await page.getByRole("tab", { name: /Kernel/ }).click();
  await page.waitForSelector(".proc-table, .kernel .empty");
  const row = page.locator(".proc-table tr.clickable").first();
  if (await row.count()) await row.click();
  await save("kernel");
  await page.locator(".kernel").evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await save("kernel-wasi");

  await page.getByRole("tab", { name: /Logs/ }).click();
  await page.selectOption(".logs select", "debug");
  await save("logs");
  await page.selectOption(".logs select", "info");

  await context.close();
}

function parseArgs(argv, defaults) {
  const out = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith("--")) throw new Error(`unexpected argument ${a}`);
    const key = a.slice(2);
    if (!(key in defaults)) throw new Error(`unknown option ${a}; options: ${Object.keys(defaults).join(", ")}`);
    if (typeof defaults[key] === "boolean") out[key] = true;
    else out[key] = argv[++i] ?? "";
  }
  return out;
}
