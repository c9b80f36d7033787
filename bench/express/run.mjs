#!/usr/bin/env node
// Express under wasmrun (issue 6, proof 3): the unmodified Express app of
// testdata/express-app served by the machine's node and by
// `wasmrun run --listen PORT`, and by `wasmrun os --forward 3000:PORT` with
// the app running in a headless Chromium tab (each connection relayed over
// the page's WebSocket to the kernel in the tab), each loaded with the same
// requests over loopback, reported as errors, requests/s and the ratio.
//
//   node bench/express/run.mjs [--requests N] [--concurrency C] [--wasmrun PATH] [--no-browser] [--json]
//
// The load (default 10,000 requests, 50 at a time, keep-alive connections)
// is a JSON GET, a JSON POST and a file GET in turn; every answer's status
// and body are checked, and a request that fails or answers wrongly is an
// error (none may be lost). The client is this node process, on the same
// machine: its cost is in both figures.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "../..");
const app = join(repo, "testdata/express-app");
const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : def;
};
const total = Number(opt("requests", "10000"));
const concurrency = Number(opt("concurrency", "50"));
const wasmrun = resolve(opt("wasmrun", join(repo, "bin/wasmrun")));
const asJson = args.includes("--json");
const withBrowser = !args.includes("--no-browser");
const chromiumPath = process.env.CHROMIUM || "/usr/bin/chromium";

if (!existsSync(wasmrun)) {
  console.error(`no wasmrun at ${wasmrun}: run make build, or pass --wasmrun PATH`);
  process.exit(2);
}
// The app's packages, as its package-lock.json pins them.
const lock = statSync(join(app, "package-lock.json")).mtimeMs;
const installed = join(app, "node_modules/.package-lock.json");
if (!existsSync(installed) || statSync(installed).mtimeMs < lock) {
  const r = spawnSync("npm", ["ci", "--no-audit", "--no-fund"], { cwd: app, stdio: "inherit" });
  if (r.status !== 0) process.exit(2);
}

function freePort() {
  return new Promise((res, rej) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
    s.on("error", rej);
  });
}

// start runs the server and waits until it answers; ready(stderr), when
// given, is awaited first (the browser tab that runs the app).
async function start(cmd, argv, port, ready) {
  const child = spawn(cmd, argv, { cwd: app, env: { ...process.env, PORT: String(port) }, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d) => { stderr += d; });
  if (ready) await ready(() => stderr, child);
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${cmd} ended before serving:\n${stderr}`);
    const ok = await new Promise((res) => {
      http.get({ host: "127.0.0.1", port, path: "/api/hello", agent: false }, (r) => { r.resume(); r.on("end", () => res(true)); }).on("error", () => res(false));
    });
    if (ok) return child;
    if (Date.now() > deadline) throw new Error(`${cmd} did not answer on ${port}:\n${stderr}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const FILE = "Hello from a file, read by Express.\n";

function one(agent, port, i) {
  return new Promise((resolve) => {
    const kind = i % 3;
    const body = kind === 1 ? JSON.stringify({ numbers: [i, 1] }) : undefined;
    const path = kind === 0 ? `/api/hello?i=${i}` : kind === 1 ? "/api/echo" : "/file";
    const req = http.request({ host: "127.0.0.1", port, path, agent, method: body ? "POST" : "GET", headers: body ? { "content-type": "application/json", "content-length": Buffer.byteLength(body) } : {} }, (res) => {
      const chunks = [];
      res.on("data", (d) => chunks.push(d));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString();
        let ok;
        if (kind === 0) ok = res.statusCode === 200 && text === JSON.stringify({ message: "hello from express", query: { i: String(i) } });
        else if (kind === 1) ok = res.statusCode === 201 && JSON.parse(text).sum === i + 1;
        else ok = res.statusCode === 200 && text === FILE;
        resolve(ok ? null : `${path}: ${res.statusCode} ${text.slice(0, 80)}`);
      });
      res.on("error", (e) => resolve(String(e)));
    });
    req.on("error", (e) => resolve(`${path}: ${e.code || e.message}`));
    req.end(body);
  });
}

async function load(port) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  let next = 0, errors = 0, firstError = null;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < total) {
      const err = await one(agent, port, next++);
      if (err) {
        errors++;
        firstError ??= err;
      }
    }
  }));
  const ms = performance.now() - t0;
  agent.destroy();
  return { requests: total, errors, firstError, ms: Math.round(ms), rps: Math.round(total / (ms / 1000)) };
}

async function bench(name, cmd, argv, port, ready) {
  const child = await start(cmd, argv, port, ready);
  try {
    return { name, ...(await load(port)) };
  } finally {
    child.kill();
  }
}

// openTab opens the UI of the wasmrun os that printed its URL on stderr in
// a headless Chromium (Debian's, driven by the web UI's playwright-core):
// the app runs in that tab's kernel. It is closed when wasmrun os ends.
async function openTab(stderr, child) {
  const deadline = Date.now() + 30_000;
  let m;
  while (!(m = /wasmrun: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stderr()))) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`wasmrun os did not serve:\n${stderr()}`);
    await new Promise((r) => setTimeout(r, 25));
  }
  const { chromium } = createRequire(join(repo, "web/package.json"))("playwright-core");
  const browser = await chromium.launch({ executablePath: chromiumPath, args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"] });
  child.on("exit", () => browser.close());
  const page = await browser.newPage();
  await page.goto(m[1]);
}

const nodePort = await freePort();
const node = await bench("node", process.execPath, ["server.js"], nodePort);
const vmPort = await freePort();
const vm = await bench("wasmrun run --listen", wasmrun, ["run", ".", "--listen", String(vmPort), "--env", `PORT=${vmPort}`], vmPort);
const rows = [node, vm];
if (withBrowser) {
  const fwdPort = await freePort();
  rows.push(await bench("wasmrun os --forward (Chromium)", wasmrun, ["os", ".", "--no-open", "-P", "0", "--forward", `3000:${fwdPort}`, "--env", "PORT=3000"], fwdPort, openTab));
}
const ratio = node.rps / vm.rps;

if (asJson) {
  console.log(JSON.stringify({ requests: total, concurrency, node, wasmrun: vm, forward: rows[2], ratio, forwardRatio: rows[2] && node.rps / rows[2].rps }));
} else {
  console.log(`Express (testdata/express-app), ${total} requests, ${concurrency} at a time, keep-alive, over loopback`);
  console.log("| server | errors | time | requests/s |");
  console.log("|---|---|---|---|");
  for (const r of rows) console.log(`| ${r.name} | ${r.errors} | ${r.ms} ms | ${r.rps} |`);
  console.log(`ratio (node / wasmrun run): ${ratio.toFixed(1)}x`);
  if (rows[2]) console.log(`ratio (node / wasmrun os --forward): ${(node.rps / rows[2].rps).toFixed(1)}x`);
  for (const r of rows) if (r.firstError) console.log(`${r.name}: first error: ${r.firstError}`);
}
process.exit(rows.some((r) => r.errors) ? 1 : 0);
