// The bench page: starts one fresh Worker per run, for either runner, and
// reports when its first output and its exit reach the page. Times are
// milliseconds from just before `new Worker`, on the page's clock; the
// workers' own marks are epoch milliseconds (timeOrigin + now), converted
// here.
import { MB_LEN, MB_STATE, bump, createShared } from "../../web/src/kernel/shared";

type Runner = string; // "wasmrun", "shim", or a wasmrun variant

interface RunOptions {
  /** wasmrun only: load the kernel worker through the timing patch. */
  profile?: boolean;
  /** wasmrun only, with profile: GODEBUG for the kernel. */
  godebug?: string;
  /** wasmrun only: another kernel worker script (run.mjs --variant). */
  workerUrl?: string;
  timeoutMs?: number;
  /** After the exit, run the program again in the same worker (wasmrun: a
   * "run" request through the mailbox, as the UI's Run button sends it; the
   * shim: a new instance of the compiled module on the same files) and time
   * that second run from the request. */
  rerun?: boolean;
  /** Keep the worker this long after the exit (warm-up runs: lets V8 write its code cache). */
  lingerMs?: number;
}

interface RunResult {
  runner: Runner;
  firstOutput: number;
  exit: number;
  exitCode: number;
  stdout: string;
  stderr: string;
  /** [what, ms since t0], first occurrence of each, in order. */
  events: [string, number][];
  /** The worker's own marks (profile, or always for the shim). */
  marks: [string, number][];
  timings?: Record<string, number>;
  /** The second run (opts.rerun): ms from the request. */
  rerun?: { firstOutput: number; exit: number; stdout: string };
}

const epoch = () => performance.timeOrigin + performance.now();

function run(runner: Runner, opts: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const dec = { stdout: new TextDecoder(), stderr: new TextDecoder() };
    const res: RunResult = { runner, firstOutput: -1, exit: -1, exitCode: -1, stdout: "", stderr: "", events: [], marks: [] };
    const seen = new Set<string>();
    let worker: Worker;
    const t0 = performance.now();
    const t0epoch = performance.timeOrigin + t0;
    const at = () => performance.now() - t0;
    const note = (what: string) => {
      if (seen.has(what)) return;
      seen.add(what);
      res.events.push([what, at()]);
    };
    const timer = setTimeout(() => finish(new Error(`${runner}: no exit after ${opts.timeoutMs ?? 120000} ms; stdout ${JSON.stringify(res.stdout)} stderr ${JSON.stringify(res.stderr)}`)), opts.timeoutMs ?? 120000);
    const finish = (err?: Error) => {
      clearTimeout(timer);
      if (err) {
        worker.terminate();
        reject(err);
      } else if (opts.lingerMs) {
        setTimeout(() => {
          worker.terminate();
          resolve(res);
        }, opts.lingerMs);
      } else {
        worker.terminate();
        resolve(res);
      }
    };
    // The second run (opts.rerun): its start, and what it printed.
    let again = -1;
    const output = (stream: string, data: Uint8Array) => {
      if (again >= 0) {
        const r = res.rerun!;
        if (r.firstOutput < 0) r.firstOutput = performance.now() - again;
        r.stdout += new TextDecoder().decode(data);
        return;
      }
      if (res.firstOutput < 0) res.firstOutput = at();
      if (stream === "stderr") res.stderr += dec.stderr.decode(data, { stream: true });
      else res.stdout += dec.stdout.decode(data, { stream: true });
    };
    const toMarks = (marks: [string, number][]) => marks.map(([n, t]) => [n, t - t0epoch] as [string, number]);

    if (runner !== "shim") {
      // As web/src/kernel/client.ts does it.
      const shared = createShared();
      worker = new Worker(opts.profile ? `/bench/profile-worker.js${opts.godebug ? `?godebug=${encodeURIComponent(opts.godebug)}` : ""}` : (opts.workerUrl ?? "/bench/kernel-worker.js"), { type: "module" });
      worker.onerror = (e) => finish(new Error(`wasmrun worker failed: ${e.message}`));
      worker.onmessage = (e: MessageEvent) => {
        const msg = e.data;
        if (msg.type === "bench-marks") {
          res.marks = toMarks(msg.marks);
          return;
        }
        if (msg.type !== "event") return;
        const ev: string = msg.event;
        switch (ev) {
          case "output":
            note("output");
            output(msg.body.stream, msg.data ?? new Uint8Array());
            break;
          case "progress":
            if (msg.body.loaded === msg.body.total && msg.body.total > 0) note(`${msg.body.what} downloaded`);
            break;
          case "ready":
            note("ready");
            res.timings = msg.body;
            break;
          case "error":
            finish(new Error(`wasmrun: ${msg.body?.message}`));
            break;
          case "process": {
            const st: string = msg.body.state;
            note(`process ${st}`);
            if (st === "exited" || st === "killed" || st === "trapped") {
              if (again >= 0) {
                res.rerun!.exit = performance.now() - again;
                if (st !== "exited" || msg.body.exitCode !== 0) {
                  finish(new Error(`wasmrun: second run ${st} ${msg.body.exitCode} ${msg.body.reason ?? ""}`));
                  return;
                }
                finish();
                return;
              }
              res.exit = at();
              res.exitCode = msg.body.exitCode;
              if (st === "exited" && res.exitCode === 0 && opts.rerun) {
                // As client.ts sends a request: the mailbox, then a nudge.
                res.rerun = { firstOutput: -1, exit: -1, stdout: "" };
                again = performance.now();
                const req = new TextEncoder().encode(JSON.stringify({ seq: 1, command: "run", arguments: {} }));
                shared.mailbox.set(req);
                Atomics.store(shared.ctl, MB_LEN, req.length);
                Atomics.store(shared.ctl, MB_STATE, 1);
                bump(shared.ctl);
                worker.postMessage({ type: "nudge" });
                return;
              }
              if (st !== "exited" || res.exitCode !== 0) {
                finish(new Error(`wasmrun: process ${st} ${res.exitCode} ${msg.body.reason ?? ""}; stderr ${res.stderr}`));
                return;
              }
              // The timing patch posts its marks after the exit event.
              if (opts.profile || /[?&]marks=1/.test(opts.workerUrl ?? "")) setTimeout(() => finish(), 50);
              else finish();
            }
            break;
          }
          default:
            note(ev);
        }
      };
      worker.postMessage({ type: "init", sab: shared.sab });
    } else {
      worker = new Worker("/bench/shim-worker.js", { type: "module" });
      worker.onerror = (e) => finish(new Error(`shim worker failed: ${e.message}`));
      worker.onmessage = (e: MessageEvent) => {
        const msg = e.data;
        switch (msg.type) {
          case "output":
            note("output");
            output(msg.stream, msg.data);
            break;
          case "exit":
            if (again >= 0) {
              res.rerun!.exit = performance.now() - again;
              if (msg.code !== 0) finish(new Error(`shim: second run exit ${msg.code}`));
              else finish();
              break;
            }
            if (msg.code === 0 && opts.rerun) {
              res.exit = at();
              res.exitCode = 0;
              res.marks = toMarks(msg.marks);
              res.rerun = { firstOutput: -1, exit: -1, stdout: "" };
              again = performance.now();
              worker.postMessage({ type: "rerun" });
              break;
            }
            res.exit = at();
            res.exitCode = msg.code;
            res.marks = toMarks(msg.marks);
            if (msg.code !== 0) finish(new Error(`shim: exit ${msg.code}; stderr ${res.stderr}`));
            else finish();
            break;
          case "error":
            finish(new Error(`shim: ${msg.message}; stderr ${res.stderr}`));
            break;
        }
      };
      worker.postMessage({ type: "init" });
    }
  });
}

/** Times the empty Go program (floor/) in a fresh Worker: ms from
 * `new Worker` to its instantiation and to its main. */
function floor(): Promise<{ instantiated: number; main: number }> {
  return new Promise((resolve, reject) => {
    const t0epoch = epoch();
    const w = new Worker("/bench/floor-worker.js", { type: "module" });
    let instantiated = -1;
    const timer = setTimeout(() => {
      w.terminate();
      reject(new Error("floor: no main after 30 s"));
    }, 30000);
    w.onerror = (e) => {
      clearTimeout(timer);
      w.terminate();
      reject(new Error(`floor worker failed: ${e.message}`));
    };
    w.onmessage = (e: MessageEvent) => {
      const m = e.data as { type: string; at: number };
      if (m.type === "instantiated") instantiated = m.at - t0epoch;
      if (m.type === "main") {
        clearTimeout(timer);
        w.terminate();
        resolve({ instantiated, main: m.at - t0epoch });
      }
    };
  });
}

(globalThis as unknown as { bench: unknown }).bench = { run, floor, crossOriginIsolated: self.crossOriginIsolated, epoch };
