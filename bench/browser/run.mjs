#!/usr/bin/env node
// wasmrun's kernel in Chromium against npm @bjorn3/browser_wasi_shim running
// the same runtime module on the same files (issue 4, "Tests and figures").
//
//   node bench/browser/run.mjs [--rounds N] [--profile N] [--only NAME]
//                              [--shim-runtime same|raw|stripped] [--keep]
//
// It builds kernel.wasm as the Makefile does, writes the workloads with
// bench/browser/prepare (Go: the host's own session, project tar and
// instrumented runtime), bundles the production kernel worker
// (web/src/kernel/worker.ts), the shim's worker and the page with Vite,
// serves them from a small static server with the host's headers
// (cross-origin isolation, the same Content-Type and Cache-Control per
// route), and drives one headless Chromium (playwright-core) through a fresh
// Worker per run, alternating the runners. It prints medians, min and max,
// and the ratio wasmrun / shim. It exits non-zero only when a run fails,
// never on a slow figure. See bench/browser/README.md.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { brotliCompressSync, gzipSync, constants as zlibConstants } from "node:zlib";
import { createServer } from "node:http";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync, mkdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "../..");
const web = join(repo, "web");
const requireWeb = createRequire(join(web, "package.json"));

// ---- options ----
const opts = {
  rounds: Number(process.env.BENCH_ROUNDS || 7),
  profile: 0,
  only: "",
  keep: false,
  shimRuntime: "same",
  chromium: process.env.CHROMIUM || "/usr/bin/chromium",
  jsFlags: "",
  rerun: true, // time a second run in the same worker too
  compress: true, // offer kernel.wasm, wasm_exec.js and the scripts compressed, as the host does
  linger: 3000, // ms a warm-up worker lives on after its exit
  kernelWorker: "", // an experimental copy of worker.ts for --variant runners
  variants: [], // {name, query}: more wasmrun runners, alternated with the others
  serve: [], // [url path, file]: more files to serve (e.g. another kernel.wasm for a variant)
};
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i];
  const val = () => {
    if (i + 1 >= process.argv.length) die(`${a} needs a value`);
    return process.argv[++i];
  };
  if (a === "--rounds") opts.rounds = Number(val());
  else if (a === "--profile") opts.profile = Number(val());
  else if (a === "--only") opts.only = val();
  else if (a === "--shim-runtime") opts.shimRuntime = val();
  else if (a === "--keep") opts.keep = true;
  else if (a === "--samples") opts.samples = true;
  else if (a === "--no-rerun") opts.rerun = false;
  else if (a === "--no-compress") opts.compress = false;
  else if (a === "--serve") {
    const v = val();
    const eq = v.indexOf("=");
    if (eq < 1) die("--serve PATH=FILE");
    opts.serve.push([v.slice(0, eq), resolve(v.slice(eq + 1))]);
  }
  else if (a === "--linger") opts.linger = Number(val());
  else if (a === "--godebug") opts.godebug = val();
  else if (a === "--trace") opts.trace = resolve(val());
  else if (a === "--js-flags") opts.jsFlags = val();
  else if (a === "--kernel-worker") opts.kernelWorker = resolve(val());
  else if (a === "--variant") {
    const v = val();
    const eq = v.indexOf("=");
    opts.variants.push(eq < 0 ? { name: v, query: "" } : { name: v.slice(0, eq), query: v.slice(eq + 1) });
  }
  else if (a === "-h" || a === "--help") {
    console.log(`usage: node bench/browser/run.mjs [options]
  --rounds N                 measured runs per runner and workload (default 7, or $BENCH_ROUNDS)
  --profile N                N more wasmrun runs through timing-patch.js, and print their phases
  --only NAME                one workload: js-hello, py-hello or py-files
  --shim-runtime same|raw|stripped  the shim's module: the bytes wasmrun runs (default; the
                             check it imports is a no-op), as published, or without DWARF
  --kernel-worker FILE       bundle FILE (a copy of web/src/kernel/worker.ts) for the variants
  --variant NAME=QUERY       one more wasmrun runner: the --kernel-worker bundle (or the
                             production one) with ?QUERY; repeatable
  --serve PATH=FILE          also serve FILE at PATH (e.g. /kernel-b.wasm for a variant's
                             worker that reads ?kernel=); repeatable
  --js-flags FLAGS           V8 flags for Chromium
  --trace FILE               record a Chromium trace (V8 CPU profile) of the --profile runs into
                             FILE (kernel.wasm then keeps its function names: built without -s)
  --godebug VALUE            GODEBUG for the kernel in the --profile runs (e.g. inittrace=1);
                             the page's console is printed
  --linger MS                keep each warm-up worker MS after its exit (default 3000), so
                             that V8 can write its code cache, as a long-lived page would
  --no-compress              serve kernel.wasm, wasm_exec.js and the scripts uncompressed (the
                             host offers them brotli/gzip, even on loopback)
  --no-rerun                 do not time a second run in the same worker
  --samples                  also print every run's figures
  --keep                     keep the build directory`);
    process.exit(0);
  } else die(`unknown argument ${a}`);
}
if (!(opts.rounds >= 1)) die("--rounds must be at least 1");
if (!["same", "raw", "stripped"].includes(opts.shimRuntime)) die("--shim-runtime: same, raw or stripped");

function die(msg) {
  console.error(`bench/browser: ${msg}`);
  process.exit(2);
}

const log = (...a) => console.error("bench/browser:", ...a);
const go = process.env.GO || "go";

// ---- build ----
const out = mkdtempSync(join(tmpdir(), "wasmrun-bench-browser-"));
const cleanup = () => {
  if (!opts.keep) rmSync(out, { recursive: true, force: true });
};
process.on("exit", cleanup);

log(`building into ${out}`);
const step = (what, f) => {
  try {
    return f();
  } catch (err) {
    console.error(`bench/browser: FAILED: ${what}: ${err.message.split("\n")[0]}`);
    process.exit(1);
  }
};
step("go build kernel.wasm", () => execFileSync(go, ["build", "-trimpath", opts.trace ? "-ldflags=-w" : "-ldflags=-s -w", "-o", join(out, "kernel.wasm"), "./kernel/browser/cmd/kernel"], {
  cwd: repo,
  stdio: "inherit",
  env: { ...process.env, GOOS: "js", GOARCH: "wasm" },
}));
step("go build floor.wasm", () => execFileSync(go, ["build", "-trimpath", "-ldflags=-s -w", "-o", join(out, "floor.wasm"), "./bench/browser/floor"], {
  cwd: repo,
  stdio: "inherit",
  env: { ...process.env, GOOS: "js", GOARCH: "wasm" },
}));
const goroot = execFileSync(go, ["env", "GOROOT"], { cwd: repo }).toString().trim();
copyFileSync(join(goroot, "lib/wasm/wasm_exec.js"), join(out, "wasm_exec.js"));
const prepArgs = ["run", "./bench/browser/prepare", "-out", join(out, "data")];
prepArgs.push("-shim-runtime", opts.shimRuntime);
step("bench/browser/prepare", () => execFileSync(go, prepArgs, { cwd: repo, stdio: "inherit" }));

const vite = await import(pathToFileURL(requireWeb.resolve("vite")).href);
const shimEntry = requireWeb.resolve("@bjorn3/browser_wasi_shim");
async function bundle(entry, name) {
  await vite.build({
    configFile: false,
    root: web,
    logLevel: "warn",
    resolve: { alias: { "@bjorn3/browser_wasi_shim": shimEntry } },
    build: {
      outDir: join(out, "bench"),
      emptyOutDir: false,
      target: "es2022",
      minify: true,
      copyPublicDir: false,
      reportCompressedSize: false,
      lib: { entry, formats: ["es"], fileName: () => `${name}.js` },
    },
  });
}
mkdirSync(join(out, "bench"), { recursive: true });
await bundle(join(web, "src/kernel/worker.ts"), "kernel-worker");
await bundle(join(here, "shim-worker.ts"), "shim-worker");
await bundle(join(here, "page.ts"), "page");
if (opts.kernelWorker) await bundle(opts.kernelWorker, "kernel-worker-exp");
for (const f of ["profile-worker.js", "timing-patch.js", "floor-worker.js"]) copyFileSync(join(here, f), join(out, "bench", f));

// ---- the static server ----
const manifest = JSON.parse(readFileSync(join(out, "data/manifest.json"), "utf8"));
// compress: offered brotli (quality 5, window 24) and gzip (level 6) by
// Accept-Encoding, as the host offers kernel.wasm, wasm_exec.js and the UI's
// files of 1 KiB or more (the runtimes, the API and the shim's data are
// served as they are, as the host does on loopback).
const asset = (file, type, cache, compress = false) => {
  const body = readFileSync(file);
  const etag = createHash("sha256").update(body).digest("hex").slice(0, 32);
  const a = { body, type, cache, etag: `"${etag}"`, variants: {} };
  if (compress && opts.compress && body.length >= 1024) {
    a.variants.br = {
      body: brotliCompressSync(body, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 5, [zlibConstants.BROTLI_PARAM_LGWIN]: 24, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: body.length } }),
      etag: `"${etag}-br"`,
    };
    a.variants.gzip = { body: gzipSync(body, { level: 6 }), etag: `"${etag}-gzip"` };
  }
  return a;
};
const NO_CACHE = "no-cache";
const IMMUTABLE = "public, max-age=31536000, immutable";
const NO_STORE = "no-store";
const JS = "text/javascript; charset=utf-8";
const WASM = "application/wasm";
// Routes and headers as host/server serves them (host/server/doc.go).
const routes = new Map([
  ["/", asset(join(here, "index.html"), "text/html; charset=utf-8", NO_CACHE)],
  ["/kernel.wasm", asset(join(out, "kernel.wasm"), WASM, NO_CACHE, true)],
  ["/wasm_exec.js", asset(join(out, "wasm_exec.js"), JS, NO_CACHE, true)],
]);
routes.set("/bench/floor.wasm", asset(join(out, "floor.wasm"), WASM, NO_CACHE, true));
for (const f of ["page.js", "kernel-worker.js", "shim-worker.js", "profile-worker.js", "timing-patch.js", "floor-worker.js", ...(opts.kernelWorker ? ["kernel-worker-exp.js"] : [])]) {
  routes.set(`/bench/${f}`, asset(join(out, "bench", f), JS, NO_CACHE, true));
}
for (const [url, file] of Object.entries(manifest.runtimes)) routes.set(url, asset(join(out, "data", file), WASM, IMMUTABLE));
// The languages' support files, offered compressed as the host offers them.
for (const [url, file] of Object.entries(manifest.support)) routes.set(url, asset(join(out, "data", file), "application/x-tar", IMMUTABLE, true));
for (const [path, file] of opts.serve) routes.set(path, asset(file, file.endsWith(".wasm") ? WASM : JS, NO_CACHE, true));
const workloads = manifest.workloads.map((w) => ({
  ...w,
  routes: new Map([
    ["/api/session", asset(join(out, "data", w.session), "application/json", NO_STORE)],
    ["/api/project.tar", asset(join(out, "data", w.project), "application/x-tar", NO_STORE)],
    ["/shim/spec.json", asset(join(out, "data", w.spec), "application/json", NO_STORE)],
    ["/shim/fs.tar", asset(join(out, "data", w.fs), "application/x-tar", NO_STORE)],
  ]),
}));
const kernelEncodings = new Set(); // the encodings negotiated for kernel.wasm
let current = null; // the workload /api/* and /shim/* answer for
const server = createServer((req, res) => {
  const path = new URL(req.url, "http://x").pathname;
  const a = routes.get(path) ?? current?.routes.get(path);
  res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
  res.setHeader("Cross-Origin-Embedder-Policy", "require-corp");
  res.setHeader("Cross-Origin-Resource-Policy", "same-origin");
  res.setHeader("X-Content-Type-Options", "nosniff");
  if (path === "/favicon.ico") {
    res.writeHead(204);
    res.end();
    return;
  }
  if (!a || (req.method !== "GET" && req.method !== "HEAD")) {
    res.writeHead(404, { "Content-Type": "text/plain" });
    res.end("not found\n");
    return;
  }
  res.setHeader("Content-Type", a.type);
  res.setHeader("Cache-Control", a.cache);
  let body = a.body;
  let etag = a.etag;
  if (a.variants.br) {
    res.setHeader("Vary", "Accept-Encoding");
    const accept = String(req.headers["accept-encoding"] ?? "");
    const enc = /\bbr\b/.test(accept) ? "br" : /\bgzip\b/.test(accept) ? "gzip" : "";
    if (path === "/kernel.wasm") kernelEncodings.add(enc || "identity");
    if (enc) {
      res.setHeader("Content-Encoding", enc);
      ({ body, etag } = a.variants[enc]);
    }
  }
  if (a.cache !== NO_STORE) {
    res.setHeader("ETag", etag);
    res.setHeader("X-Content-Length", String(a.body.length));
    if (req.headers["if-none-match"] === etag) {
      res.writeHead(304);
      res.end();
      return;
    }
  }
  res.setHeader("Content-Length", String(body.length));
  res.writeHead(200);
  res.end(req.method === "HEAD" ? undefined : body);
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const origin = `http://127.0.0.1:${server.address().port}`;

// ---- Chromium ----
const { chromium } = requireWeb("playwright-core");
const browser = await chromium.launch({
  executablePath: opts.chromium,
  headless: true,
  args: [...(opts.jsFlags ? [`--js-flags=${opts.jsFlags}`] : []), "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
let failed = false;
try {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on("console", (m) => {
    if (m.type() === "error" || opts.godebug) log(`console: ${m.text()}`);
  });
  await page.goto(`${origin}/`);
  await page.waitForFunction(() => globalThis.bench !== undefined);
  if (!(await page.evaluate(() => globalThis.bench.crossOriginIsolated))) throw new Error("the page is not cross-origin isolated");
  const version = browser.version();

  const variantUrl = (v) => `/bench/${opts.kernelWorker ? "kernel-worker-exp" : "kernel-worker"}.js${v.query ? `?${v.query}` : ""}`;
  const runners = ["wasmrun", "shim", ...opts.variants.map((v) => `wasmrun[${v.name}]`)];
  const urls = Object.fromEntries(opts.variants.map((v) => [`wasmrun[${v.name}]`, variantUrl(v)]));
  const runOnce = (runner, profile = false, lingerMs = 0) =>
    page.evaluate(([r, p, u, g, l, a]) => globalThis.bench.run(r, { profile: p, workerUrl: u, godebug: g, lingerMs: l, rerun: a }), [
      runner,
      profile,
      urls[runner],
      opts.godebug,
      lingerMs,
      opts.rerun && !profile,
    ]);
  const check = (w, r) => {
    const outText = r.stdout;
    if (w.name.endsWith("hello") ? outText !== "hello\n" : !/^loop_ms=[0-9.]+\n$/.test(outText)) {
      throw new Error(`${w.name} under ${r.runner}: unexpected stdout ${JSON.stringify(outText)}, stderr ${JSON.stringify(r.stderr)}`);
    }
    if (r.stderr) throw new Error(`${w.name} under ${r.runner}: stderr ${JSON.stringify(r.stderr)}`);
    if (r.rerun && r.rerun.stdout.replace(/[0-9.]+/g, "") !== outText.replace(/[0-9.]+/g, "")) {
      throw new Error(`${w.name} under ${r.runner}: the second run printed ${JSON.stringify(r.rerun.stdout)}`);
    }
    return r;
  };

  const results = [];
  for (const w of workloads) {
    if (opts.only && w.name !== opts.only) continue;
    current = w;
    log(`${w.name}: warm-up`);
    for (const r of runners) check(w, await runOnce(r, false, opts.linger));
    const runs = Object.fromEntries(runners.map((r) => [r, []]));
    for (let i = 0; i < opts.rounds; i++) {
      // Alternate the order, so that every runner sees the same load.
      const order = i % 2 === 0 ? runners : [...runners].reverse();
      for (const r of order) runs[r].push(check(w, await runOnce(r)));
    }
    const profiles = [];
    if (opts.trace && opts.profile) {
      await browser.startTracing(page, {
        path: opts.trace.replace(/(\.json)?$/, `-${w.name}.json`),
        categories: ["disabled-by-default-v8.cpu_profiler", "v8", "v8.wasm", "disabled-by-default-v8.wasm.detailed", "devtools.timeline", "blink.user_timing"],
      });
    }
    for (let i = 0; i < opts.profile; i++) {
      profiles.push(check(w, await runOnce("wasmrun", true)));
      if (opts.trace) check(w, await runOnce("shim")); // the peer, for the same trace
    }
    if (opts.trace && opts.profile) await browser.stopTracing();
    results.push({ w, runs, profiles });
    log(`${w.name}: done`);
  }
  // The floor of any Go kernel: the empty Go program, as many rounds.
  log("floor: an empty Go program");
  await page.evaluate(() => globalThis.bench.floor());
  const floorRuns = [];
  for (let i = 0; i < opts.rounds; i++) floorRuns.push(await page.evaluate(() => globalThis.bench.floor()));
  report(results, version, floorRuns);
} catch (err) {
  failed = true;
  console.error(`bench/browser: FAILED: ${err && err.stack ? err.stack : err}`);
} finally {
  await browser.close();
  server.close();
}
process.exit(failed ? 1 : 0);

// ---- the report ----
function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  const median = n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  return { median, min: s[0], max: s[n - 1], n };
}

function fmt(st) {
  return `${st.median.toFixed(0).padStart(5)} ms [${st.min.toFixed(0)}-${st.max.toFixed(0)}]`;
}

function loopMs(r) {
  const m = /loop_ms=([0-9.]+)/.exec(r.stdout);
  return m ? Number(m[1]) : NaN;
}

function report(results, version, floorRuns) {
  const lines = [];
  lines.push("");
  lines.push(`wasmrun kernel vs @bjorn3/browser_wasi_shim 0.4.2, Chromium ${version}, ${opts.rounds} rounds each (alternating, after one warm-up run each), shim runtime: ${opts.shimRuntime}, kernel.wasm sent as ${[...kernelEncodings].join(", ") || "(cached)"}`);
  lines.push("times from `new Worker` on the page; \"again\": a second run in the same worker, from the request");
  lines.push("(wasmrun: a run request through the mailbox, as the UI's Run button; the shim: a new instance of the compiled module); median [min-max]");
  lines.push("");
  const head = `${"workload".padEnd(24)} ${"measure".padEnd(20)} ${"wasmrun".padEnd(20)} ${"browser_wasi_shim".padEnd(20)} ${"ratio".padStart(6)}  target`;
  lines.push(head);
  lines.push("-".repeat(head.length + 4));
  for (const { w, runs } of results) {
    const rows = [];
    const startup = w.name.endsWith("hello");
    rows.push(["first output", (r) => r.firstOutput, startup ? 1.25 : null]);
    rows.push(["exit", (r) => r.exit, startup ? null : 1.5]);
    if (!startup) rows.push(["in-guest loop", loopMs, null]);
    if (runs.wasmrun[0]?.rerun) {
      rows.push(["again: first output", (r) => r.rerun.firstOutput, null]);
      if (!startup) rows.push(["again: exit", (r) => r.rerun.exit, null]);
    }
    for (const [i, [name, f, target]] of rows.entries()) {
      const a = stats(runs.wasmrun.map(f));
      const b = stats(runs.shim.map(f));
      const ratio = a.median / b.median;
      const t = target ? `≤ ${target.toFixed(2)}x ${ratio <= target ? "met" : "MISSED"}` : "";
      lines.push(`${(i === 0 ? w.title : "").padEnd(24)} ${name.padEnd(20)} ${fmt(a).padEnd(20)} ${fmt(b).padEnd(20)} ${ratio.toFixed(2).padStart(5)}x  ${t}`);
      for (const v of Object.keys(runs).filter((r) => r.startsWith("wasmrun["))) {
        const c = stats(runs[v].map(f));
        lines.push(`${"".padEnd(24)} ${`  ${v}`.padEnd(20)} ${fmt(c).padEnd(20)} ${"".padEnd(20)} ${(c.median / b.median).toFixed(2).padStart(5)}x`);
      }
    }
  }
  lines.push("");
  const fi = stats(floorRuns.map((r) => r.instantiated));
  const fm = stats(floorRuns.map((r) => r.main));
  lines.push(`the floor of any Go kernel: an empty Go GOOS=js program (bench/browser/floor, ${(statSync(join(out, "floor.wasm")).size / 1e6).toFixed(1)} MB, served as kernel.wasm is) in a fresh Worker:`);
  lines.push(`  new Worker → instantiated ${fmt(fi)}, → its main running ${fmt(fm)}`);
  for (const { w, runs } of results) {
    if (!w.name.endsWith("hello")) continue;
    const shim = stats(runs.shim.map((r) => r.firstOutput)).median;
    // Both pay for a Worker's start: the shim's script runs at this point.
    const script = stats(runs.shim.map((r) => r.marks.find(([n]) => n === "worker script")?.[1] ?? NaN)).median;
    lines.push(`  ${w.title}: the 1.25x target leaves ${(shim * 0.25).toFixed(0)} ms over the shim's ${shim.toFixed(0)} ms for all the kernel adds; Go's start alone adds ${(fm.median - script).toFixed(0)} (the empty program's main at ${fm.median.toFixed(0)} ms, a worker's script at ${script.toFixed(0)} ms)`);
  }
  lines.push("");
  lines.push("wasmrun startup, as the page sees the worker's messages (median ms from `new Worker`):");
  for (const { w, runs } of results) {
    for (const r of Object.keys(runs).filter((r) => r !== "shim")) {
      lines.push(`  ${w.title}${r === "wasmrun" ? "" : ` ${r}`}: ${timeline(runs[r].map((x) => x.events))}`);
      const t = ["kernelFetched", "kernelReady", "runtimeFetched", "projectLoaded"].map((k) => `${k} ${stats(runs[r].map((x) => x.timings?.[k] ?? NaN)).median.toFixed(0)}`);
      lines.push(`    Timings (worker clock, from boot()): ${t.join(", ")}`);
      if (runs[r].some((x) => x.marks.length)) lines.push(`    marks: ${timeline(runs[r].map((x) => x.marks))}`);
    }
  }
  if (opts.samples) {
    lines.push("every run's first output and exit (ms), in run order:");
    for (const { w, runs } of results) for (const [r, xs] of Object.entries(runs)) lines.push(`  ${w.name} ${r}: ${xs.map((x) => `${x.firstOutput.toFixed(0)}/${x.exit.toFixed(0)}`).join(" ")}`);
  }
  lines.push("browser_wasi_shim, the worker's marks (median ms from `new Worker`):");
  for (const { w, runs } of results) lines.push(`  ${w.title}: ${timeline(runs.shim.map((r) => r.marks))}`);
  if (results.some((r) => r.profiles.length)) {
    lines.push("");
    lines.push("wasmrun profile (timing-patch.js; median ms from `new Worker`, duration in parentheses for start/end pairs):");
    for (const { w, profiles } of results) {
      if (!profiles.length) continue;
      lines.push(`  ${w.title} (${profiles.length} runs):`);
      for (const l of profileLines(profiles)) lines.push(`    ${l}`);
    }
  }
  console.log(lines.join("\n"));
}

/** Median time of each named point, in order of its median. */
function medians(lists) {
  const by = new Map();
  for (const list of lists) for (const [n, t] of list) by.set(n, [...(by.get(n) ?? []), t]);
  return [...by].map(([n, ts]) => [n, stats(ts).median]).sort((a, b) => a[1] - b[1]);
}

function timeline(lists) {
  return medians(lists)
    .map(([n, t]) => `${n} ${t.toFixed(0)}`)
    .join(" → ");
}

function profileLines(profiles) {
  const ms = medians(profiles.map((p) => [...p.marks, ...p.events.map(([n, t]) => [`page: ${n}`, t]), ["page: exit", p.exit]]));
  const at = new Map(ms);
  return ms.map(([n, t]) => {
    let extra = "";
    if (n.endsWith(" end") || n.endsWith(" headers") || n.endsWith(" read")) {
      const base = n.replace(/ (end|headers|read)$/, "");
      const startName = n.startsWith("body ") ? `fetch ${base.slice(5)} start` : `${base} start`;
      if (at.has(startName)) extra = ` (${(t - at.get(startName)).toFixed(1)})`;
    }
    return `${t.toFixed(1).padStart(8)}  ${n}${extra}`;
  });
}
