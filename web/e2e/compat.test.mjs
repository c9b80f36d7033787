// The Node compatibility suite in the browser (issue 5): a representative
// part of compat/ — programs for each core module and global, and a third
// of the npm packages — run by `wasmrun os` in Chromium, compared with the
// machine's real node: the same stdout and exit code. The headless suite
// (make test-compat) compares every program, stderr included; this one
// proves the Node layer behaves the same in the browser's kernel.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import * as h from "./helpers.mjs";

const COMPAT = join(h.REPO, "compat");

// [project under compat/, entry]: two or three programs per area, the ones
// that exercise the most of it, and twelve packages (ESM ones included; ws
// serves and connects WebSockets over the VM's loopback).
const PROGRAMS = [
  ["scripts/assert", "deep-strict-equal.js"],
  ["scripts/assert", "throws.js"],
  ["scripts/buffer", "encodings.js"],
  ["scripts/buffer", "read-write.js"],
  ["scripts/console", "log-format.js"],
  ["scripts/console", "table.js"],
  ["scripts/console", "inspect-objects.js"],
  ["scripts/crypto", "hash.js"],
  ["scripts/crypto", "hmac.js"],
  ["scripts/events", "emitter.js"],
  ["scripts/events", "once.js"],
  ["scripts/fs", "read-write-sync.js"],
  ["scripts/fs", "promises.js"],
  ["scripts/fs", "streams.js"],
  ["scripts/globals", "structured-clone.js"],
  ["scripts/globals", "url.js"],
  ["scripts/globals", "text-encoding.js"],
  ["scripts/path", "posix-object.js"],
  ["scripts/process", "next-tick.js"],
  ["scripts/process", "exit-code.js"],
  ["scripts/process", "stdout-large.js"],
  ["scripts/querystring", "querystring.js"],
  ["scripts/stream", "pipeline-finished.js"],
  ["scripts/stream", "duplex-transform.js"],
  ["scripts/stream", "web-streams.js"],
  ["scripts/string_decoder", "string-decoder.js"],
  ["scripts/timers", "timeout-vs-immediate-in-io.js"],
  ["scripts/timers", "timers-promises.js"],
  ["scripts/util", "inspect.js"],
  ["scripts/util", "promisify.js"],
  ["scripts/zlib", "sync.js"],
  ["scripts/zlib", "streams.js"],
  ["packages", "scripts/lodash.js"],
  ["packages", "scripts/chalk.mjs"],
  ["packages", "scripts/dayjs.js"],
  ["packages", "scripts/uuid.js"],
  ["packages", "scripts/semver.js"],
  ["packages", "scripts/yargs.js"],
  ["packages", "scripts/zod.js"],
  ["packages", "scripts/marked.js"],
  ["packages", "scripts/rxjs.js"],
  ["packages", "scripts/nanoid.mjs"],
  ["packages", "scripts/jsonwebtoken.js"],
  ["packages", "scripts/ws.js"],
];

/** What the machine's node prints: stdout (bytes as latin1) with the project's path as the VM's /app, and the exit code. */
function underNode(project, entry) {
  const r = spawnSync(process.execPath, [entry], {
    cwd: project,
    // The environment the compat suite gives both runners (compat_test.go).
    // The Console is a terminal and node's stdout here a pipe: NO_COLOR
    // keeps util.inspect's colours out of both.
    env: { PATH: process.env.PATH, HOME: project, PWD: project, TMPDIR: "/tmp", TZ: "UTC", NO_COLOR: "1" },
    encoding: "latin1", // byte for byte: some programs write binary
    timeout: 30_000,
    maxBuffer: 64 << 20,
  });
  if (r.error) throw r.error;
  return { stdout: r.stdout.split(project).join("/app"), code: r.status };
}

/**
 * Starts `wasmrun os PROJECT --entry ENTRY` in place (the project is only
 * read: the program writes into the VM's copy) and resolves with the URL;
 * -v makes the host's terminal report the exit;
 * out() is the guest's stdout (bytes as latin1) as the host's terminal received over the
 * WebSocket, and exit() resolves with the code the terminal reported.
 */
async function serve(project, entry) {
  const child = spawn(h.BIN, ["os", project, "--entry", entry, "--env", "TZ=UTC", "--env", "NO_COLOR=1", "--no-open", "-P", "0", "-v"], {
    cwd: project,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  let wake = () => {};
  child.stdout.setEncoding("latin1").on("data", (d) => {
    out += d;
    wake();
  });
  child.stderr.setEncoding("utf8").on("data", (d) => {
    err += d;
    wake();
  });
  const until = (pred, what, ms) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}\nstdout: ${out.slice(-2000)}\nstderr: ${err}`)), ms);
      const check = () => {
        const v = pred();
        if (v) {
          clearTimeout(timer);
          wake = () => {};
          resolve(v);
        } else if (child.exitCode !== null) {
          clearTimeout(timer);
          reject(new Error(`wasmrun os exited (${child.exitCode}) before ${what}\nstderr: ${err}`));
        }
      };
      wake = check;
      check();
    });
  const m = await until(() => /wasmrun: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(err + out), "the URL", 10_000);
  return {
    url: m[1],
    out: () => out,
    exit: async () => Number((await until(() => /exited with code (\d+)/.exec(err), "the exit", h.BOOT_MS))[1]),
    stop: async () => {
      if (child.exitCode === null) {
        const gone = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await gone;
      }
    },
  };
}

describe("the Node compatibility suite in the browser", { skip: h.missing() ?? false }, () => {
  let browser;
  before(async () => {
    if (!existsSync(join(COMPAT, "packages/node_modules/.package-lock.json"))) {
      const npm = spawnSync("npm", ["ci", "--no-audit", "--no-fund"], { cwd: join(COMPAT, "packages"), stdio: "inherit" });
      assert.equal(npm.status, 0, "npm ci in compat/packages failed");
    }
    browser = await h.launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  for (const [dir, entry] of PROGRAMS) {
    test(`${dir}/${entry} prints what node prints and exits with its code`, async () => {
      const project = join(COMPAT, dir);
      const want = underNode(project, entry);
      const srv = await serve(project, entry);
      try {
        const page = await h.openPage(browser, srv.url);
        const code = await srv.exit();
        // The exit line follows the output on the same WebSocket; give the
        // pipe a moment to deliver what it holds.
        for (let i = 0; i < 20 && srv.out().length < want.stdout.length; i++) await new Promise((r) => setTimeout(r, 50));
        assert.equal(srv.out(), want.stdout);
        assert.equal(code, want.code);
        // A program writing binary to the Console makes xterm.js log what it
        // cannot parse; anything else on the page's console is a failure.
        assert.deepEqual(page.errors.filter((e) => !e.includes("xterm.js: Parsing error")), []);
        await page.context().close();
      } finally {
        await srv.stop();
      }
    });
  }
});
