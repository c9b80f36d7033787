// Helpers for the browser end-to-end tests (node --test web/e2e/): start
// `bin/wasmrun os` on a temporary copy of a fixture project, drive Debian's
// chromium with playwright-core, and read the Console (xterm.js).
//
// Every test file starts its own server(s) and one browser, and closes them
// in an `after` hook. Waits are conditions with a timeout, never sleeps.
import { after, before } from "node:test";
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
export const REPO = resolve(here, "../..");
export const BIN = process.env.WASMRUN_BIN || join(REPO, "bin/wasmrun");
export const FIXTURES = join(here, "fixtures");
export const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
export const SHOTS = process.env.WASMRUN_E2E_SHOTS || "/tmp/wasmrun-e2e-shots";

/** How long a Python runtime may take to boot the first time (fetch, compile, start). */
export const BOOT_MS = 30_000;

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * Checks the suite can run: the binary and chromium exist. A missing one
 * fails the suite (make test installs both); it never skips it.
 */
export function missing() {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run make build`);
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run build/install-test-deps.sh`);
  return null;
}

/**
 * Copies fixture NAME (a directory under fixtures/) into a temporary
 * directory (or the directory `from`, named NAME), writes `files`
 * ({relative path: string | Uint8Array}) into it, and returns the copy's path.
 */
export function copyFixture(name, files = {}, from = join(FIXTURES, name)) {
  // The project is named after its directory: keep the fixture's name.
  const dir = join(mkdtempSync(join(tmpdir(), "wasmrun-e2e-")), name);
  cpSync(from, dir, { recursive: true });
  for (const [rel, data] of Object.entries(files)) writeFileSync(join(dir, rel), data);
  return dir;
}

/**
 * Starts `wasmrun os DIR --no-open -P 0 ...args` on a copy of fixture NAME
 * (or of the directory `from`) and resolves once it has printed its URL.
 * The result has url, port, dir (the copy), out() and err() (what the child
 * printed so far), waitOut(), waitErr() and stop().
 */
export async function startServer(name, { args = [], files = {}, from, pathInProject = "", env = {} } = {}) {
  const dir = copyFixture(name, files, from);
  const child = spawn(BIN, ["os", join(dir, pathInProject), "--no-open", "-P", "0", ...args], {
    cwd: dir,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  const waiters = new Set();
  const poke = () => {
    for (const w of waiters) w();
  };
  child.stdout.setEncoding("utf8");
  child.stderr.setEncoding("utf8");
  child.stdout.on("data", (d) => {
    out += d;
    poke();
  });
  child.stderr.on("data", (d) => {
    err += d;
    poke();
  });
  let exited = null;
  child.on("exit", (code, signal) => {
    exited = { code, signal };
    poke();
  });

  /** Resolves when pred(out, err) is true; rejects on timeout or exit. */
  const waitFor = (pred, what, timeout = 10_000) =>
    new Promise((res, rej) => {
      const check = () => {
        const v = pred(out, err);
        if (v) {
          done();
          res(v);
        } else if (exited) {
          done();
          rej(new Error(`wasmrun exited (${JSON.stringify(exited)}) before ${what}\nstdout: ${out}\nstderr: ${err}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        rej(new Error(`timed out after ${timeout} ms waiting for ${what}\nstdout: ${out}\nstderr: ${err}`));
      }, timeout);
      const done = () => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
      check();
    });

  const m = await waitFor((o, e) => /wasmrun: (http:\/\/127\.0\.0\.1:(\d+)\/)/.exec(o + e), "the URL");
  const url = m[1];
  const port = Number(m[2]);
  return {
    url,
    port,
    dir,
    child,
    out: () => out,
    err: () => err,
    /** Resolves when the child's stdout contains text (or matches a RegExp). */
    waitOut: (text, timeout) => waitFor((o) => (typeof text === "string" ? o.includes(text) : text.test(o)), `stdout to show ${text}`, timeout),
    waitErr: (text, timeout) => waitFor((_, e) => (typeof text === "string" ? e.includes(text) : text.test(e)), `stderr to show ${text}`, timeout),
    async stop() {
      if (!exited) {
        const gone = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        const t = setTimeout(() => child.kill("SIGKILL"), 3000);
        await gone;
        clearTimeout(t);
      }
      rmSync(dirname(dir), { recursive: true, force: true });
    },
  };
}

/**
 * Gives the enclosing describe one browser, launched before its tests, and
 * start(), which starts a server (startServer's arguments); the browser and
 * every server started are closed after the tests.
 */
export function browserAndServers() {
  const env = {
    browser: null,
    servers: [],
    async start(...a) {
      const s = await startServer(...a);
      env.servers.push(s);
      return s;
    },
  };
  before(async () => {
    env.browser = await launchBrowser();
  });
  after(async () => {
    await env.browser?.close();
    await Promise.all(env.servers.map((s) => s.stop()));
  });
  return env;
}

/** Launches chromium (a fresh temporary profile of its own). */
export async function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/**
 * Opens a page at url in a new context (1440x900, theme as asked) and
 * records page errors, console errors and the worker's console.
 */
export async function openPage(browser, url, { theme = "light", width = 1440, height = 900 } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1, colorScheme: theme });
  await context.addInitScript((t) => {
    try {
      localStorage.setItem("wasmrun.theme", JSON.stringify(t));
    } catch {}
  }, theme);
  context.setDefaultTimeout(10_000); // no action waits Playwright's 30 s
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`console: ${m.text()}`);
  });
  page.on("worker", (w) => w.on("console", (m) => m.type() === "error" && errors.push(`worker: ${m.text()}`)));
  page.errors = errors;
  await page.goto(url, { waitUntil: "domcontentloaded" });
  return page;
}

/** The text on the Console's screen (the rows xterm.js draws), one line per row. */
export async function consoleText(page) {
  return page.evaluate(() => {
    const rows = document.querySelector('[data-testid="console"] .xterm-rows');
    if (!rows) return "";
    return Array.from(rows.children, (r) => (r.textContent ?? "").replace(/\u00a0/g, " ").trimEnd())
      .join("\n")
      .replace(/\n+$/, "");
  });
}

/**
 * Waits until the Console shows `what` (a string, or a RegExp), `count`
 * times at least, and returns the screen's text.
 */
export async function waitConsole(page, what, { timeout = 10_000, count = 1 } = {}) {
  const src = typeof what === "string" ? { s: what } : { re: what.source, flags: what.flags.replace("g", "") };
  try {
    // The predicate runs in the page, whose CSP forbids eval: no new Function.
    await page.waitForFunction(
      ({ src, count }) => {
        const rows = document.querySelector('[data-testid="console"] .xterm-rows');
        if (!rows) return false;
        const text = Array.from(rows.children, (r) => (r.textContent ?? "").replace(/\u00a0/g, " ")).join("\n");
        let n = 0;
        if (src.s !== undefined) {
          for (let i = text.indexOf(src.s); i >= 0; i = text.indexOf(src.s, i + 1)) n++;
        } else {
          n = (text.match(new RegExp(src.re, src.flags + "g")) || []).length;
        }
        return n >= count;
      },
      { src, count },
      { timeout, polling: 50 },
    );
  } catch (e) {
    const text = await consoleText(page).catch(() => "(unreadable)");
    throw new Error(`the Console did not show ${what}${count > 1 ? ` ${count} times` : ""} within ${timeout} ms; it shows:\n${text}\npage errors: ${page.errors?.join("\n") || "none"}`, { cause: e });
  }
  return consoleText(page);
}

/** Types a line into the Console (focuses the terminal first) and presses Enter. */
export async function typeLine(page, line) {
  await page.locator('[data-testid="console"] .xterm-helper-textarea').focus();
  await page.keyboard.type(line);
  await page.keyboard.press("Enter");
}

/** Opens a side tab: "Files", "Kernel" or "Logs". */
export async function openTab(page, name) {
  await page.getByRole("tab", { name: new RegExp(`^${name}`) }).click();
}

/** The Kernel panel's process table (found by its PID column). */
export const processTable = (page) => page.getByRole("table").filter({ has: page.getByRole("columnheader", { name: "PID", exact: true }) });

/** The process table's row of pid. */
export const processRow = (page, pid) => processTable(page).getByTestId(`process-${pid}`);

/** The header's buttons. */
export const button = (page, name) => page.getByRole("button", { name, exact: true });

/**
 * A minimal WebAssembly module, built by hand: `imports` is a list of
 * [module, name] function imports of type () -> (), and `body` the bytes of
 * `_start` (without the local declarations and the final `end`). It exports
 * memory (one page) and _start.
 */
export function wasmModule({ imports = [], body = [] } = {}) {
  const u32 = (n) => {
    const out = [];
    do {
      let b = n & 0x7f;
      n >>>= 7;
      if (n) b |= 0x80;
      out.push(b);
    } while (n);
    return out;
  };
  const str = (s) => [...u32(Buffer.byteLength(s)), ...Buffer.from(s)];
  const vec = (items) => [...u32(items.length), ...items.flat()];
  const section = (id, bytes) => [id, ...u32(bytes.length), ...bytes];
  const code = [0x00, ...body, 0x0b]; // no locals, body, end
  const bytes = [
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vec([[0x60, 0x00, 0x00]])), // type 0: () -> ()
    ...section(2, vec(imports.map(([m, n]) => [...str(m), ...str(n), 0x00, 0x00]))),
    ...section(3, vec([[0x00]])), // one function of type 0
    ...section(5, vec([[0x00, 0x01]])), // memory: min 1 page
    ...section(7, vec([[...str("memory"), 0x02, 0x00], [...str("_start"), 0x00, ...u32(imports.length)]])),
    ...section(10, vec([[...u32(code.length), ...code]])),
  ];
  const out = new Uint8Array(bytes);
  if (!WebAssembly.validate(out)) throw new Error("wasmModule: built an invalid module");
  return out;
}

