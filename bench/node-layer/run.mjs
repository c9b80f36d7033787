#!/usr/bin/env node
// The Node layer's benchmark (issue 5, proof 3): the same programs under the
// machine's node and under `wasmrun run`, reported as medians and ratios.
//
//   node bench/node-layer/run.mjs [--runs N] [--wasmrun PATH] [--only NAME,...] [--json]
//
// Programs (bench/node-layer/scripts/):
//   hello           console.log("hi"): the start-up of each runtime
//   cpu             a CPU-bound mix (loops, floats, strings, regexps, JSON, sort)
//   require-lodash  a require-heavy start: lodash's per-method modules (~630 files)
//   require-rxjs    rxjs's CommonJS tree (~230 files)
// The require programs need compat/packages/node_modules (npm ci there, or
// run the compat suite once). Each program prints a JSON line with its own
// in-process time ("ms") and the modules it loaded; the runner times the
// whole process (wall clock), takes the median of N runs, and derives the
// per-module cost of a require: (require program − hello) / modules.
//
// QuickJS is an interpreter: the CPU ratio is the price of running without
// a JIT. What the layer adds is the start-up (hello) and the per-module
// overhead of require (resolution, the loader's own files), which the
// require rows measure.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "../..");
const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : def;
};
const runs = Number(opt("runs", "5"));
const wasmrun = resolve(opt("wasmrun", join(repo, "bin/wasmrun")));
const only = opt("only", "");
const asJson = args.includes("--json");
const nodeModules = join(repo, "compat/packages/node_modules");

const PROGRAMS = [
  { name: "hello", file: "hello.js" },
  { name: "cpu", file: "cpu.js" },
  { name: "require-lodash", file: "require-lodash.js", needs: "lodash" },
  { name: "require-rxjs", file: "require-rxjs.js", needs: "rxjs" },
].filter((p) => !only || only.split(",").includes(p.name));

if (!existsSync(wasmrun)) {
  console.error(`no wasmrun at ${wasmrun}: run make build, or pass --wasmrun PATH`);
  process.exit(2);
}

// Two copies of the scripts: node's with node_modules beside them (a
// symlink), wasmrun's without (node_modules is mounted with --dir rather
// than copied into the VM with the project).
const work = mkdtempSync(join(tmpdir(), "wasmrun-bench-node-"));
const nodeDir = join(work, "node");
const vmDir = join(work, "vm");
for (const d of [nodeDir, vmDir]) {
  cpSync(join(here, "scripts"), d, { recursive: true });
  writeFileSync(join(d, "package.json"), '{ "private": true }\n');
}
const haveModules = existsSync(nodeModules);
if (haveModules) symlinkSync(nodeModules, join(nodeDir, "node_modules"));

function timeRun(cmd, argv, cwd) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, argv, { cwd, encoding: "utf8", env: { PATH: process.env.PATH, HOME: cwd, TZ: "UTC" } });
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(" ")} exited ${r.status}: ${r.stderr}`);
  const last = r.stdout.trim().split("\n").pop();
  let inner = {};
  try {
    inner = JSON.parse(last);
  } catch {
    // hello prints "hi"
  }
  return { wall, inner };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const results = [];
try {
  for (const p of PROGRAMS) {
    if (p.needs && !haveModules) {
      console.error(`skipping ${p.name}: ${nodeModules} is missing (npm ci in compat/packages)`);
      continue;
    }
    const node = [];
    const vm = [];
    let info = {};
    for (let i = 0; i < runs; i++) {
      // Alternate the runtimes so that load on the machine hits both alike.
      node.push(timeRun(process.execPath, [p.file], nodeDir));
      const vmArgs = ["run", vmDir, "--entry", p.file];
      if (p.needs) vmArgs.push("--dir", `${nodeModules}:/app/node_modules`);
      vm.push(timeRun(wasmrun, vmArgs, work));
    }
    info = vm[0].inner;
    results.push({
      name: p.name,
      node: median(node.map((r) => r.wall)),
      wasmrun: median(vm.map((r) => r.wall)),
      nodeInner: median(node.map((r) => r.inner.ms ?? NaN)),
      wasmrunInner: median(vm.map((r) => r.inner.ms ?? NaN)),
      modules: info.modules,
    });
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

const hello = results.find((r) => r.name === "hello");
for (const r of results) {
  r.ratio = r.wasmrun / r.node;
  r.innerRatio = r.wasmrunInner / r.nodeInner;
  if (r.modules && hello) {
    r.perModuleNode = (r.node - hello.node) / r.modules;
    r.perModuleWasmrun = (r.wasmrun - hello.wasmrun) / r.modules;
  }
}

if (asJson) {
  console.log(JSON.stringify({ runs, node: process.version, results }, null, 2));
} else {
  const f = (n) => (Number.isFinite(n) ? n.toFixed(n < 10 ? 2 : 0) : "-");
  const rows = [["program", "node ms", "wasmrun ms", "ratio", "in-process node", "in-process wasmrun", "ratio", "modules", "ms/module node", "ms/module wasmrun"]];
  for (const r of results) {
    rows.push([r.name, f(r.node), f(r.wasmrun), `${f(r.ratio)}x`, f(r.nodeInner), f(r.wasmrunInner), Number.isFinite(r.innerRatio) ? `${f(r.innerRatio)}x` : "-",
      r.modules ?? "-", f(r.perModuleNode), f(r.perModuleWasmrun)].map(String));
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  console.log(`Node layer benchmark: median of ${runs} runs, wall clock of the whole process (node ${process.version}, ${wasmrun})`);
  for (const [i, row] of rows.entries()) {
    console.log(`| ${row.map((cell, c) => cell.padEnd(widths[c])).join(" | ")} |`);
    if (i === 0) console.log(`| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`);
  }
}
