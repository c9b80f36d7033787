// A KernelClient that runs entirely in the page, for working on the UI
// without kernel.wasm: `npm run dev:fake` or `npm run build:fake`. The
// production build never includes it (see vite.config.ts).
//
// It boots with progress events, serves a small VFS, and runs a scripted
// "program" that prints, asks for a line on stdin, writes a file, and exits.
// Typed lines steer it: "loop" spins until Stop, "crash" traps, "exit N"
// exits with N, Ctrl-D closes stdin.
//
// URL switches: ?fake=fail (boot fails), ?fake=fast (no download delays).
import type {
  Commands,
  CommandName,
  DirEntry,
  Events,
  EventName,
  KernelEntry,
  KernelInfo,
  Session,
  StatusBody,
  Timings,
} from "../../protocol.gen";
import type { KernelClient, KernelPhase, NetStream, Output } from "../types";
import { base64ToBytes as fromBase64, bytesToBase64 as toBase64 } from "../../app/lib/bytes";
import { WASI_FUNCTIONS } from "./wasi";
import { zipStore } from "./zip";

export function createKernelClient(): KernelClient {
  const mode = new URLSearchParams(globalThis.location?.search ?? "").get("fake") ?? "";
  return new FakeKernel({ fail: mode === "fail", fast: mode === "fast" });
}

interface Node {
  type: "file" | "dir" | "device";
  data: Uint8Array;
  mtime: number;
}

class Killed extends Error {}

interface Proc {
  info: KernelInfo;
  killed: string | null;
  wake: (() => void) | null;
}

const enc = new TextEncoder();

const PROJECT_FILES: Record<string, string> = {
  "/app/main.py": `"""Counts fruit in data/input.csv and greets whoever runs it."""
import csv
import sys
import time
from pathlib import Path

from lib.report import write_report


def main() -> int:
    print("word-count on", sys.implementation.name, sys.version.split()[0])
    rows = list(csv.reader(open("data/input.csv")))
    counts = {}
    for i, row in enumerate(rows, 1):
        if not row[0]:
            print(f"warning: row {i} has an empty name, skipped", file=sys.stderr)
            continue
        counts[row[0]] = counts.get(row[0], 0) + int(row[1])
    for name, n in sorted(counts.items()):
        print(f"  {name:<10}{n:>4}")
    who = input("What's your name? ") or "stranger"
    print(f"Hello, {who}! Writing out/report.txt")
    write_report(Path("out/report.txt"), who, counts)
    for i in range(1, 6):
        time.sleep(0.6)
        print(f"tick {i}/5")
    return 0


if __name__ == "__main__":
    sys.exit(main())
`,
  "/app/lib/__init__.py": "",
  "/app/lib/report.py": `from pathlib import Path


def write_report(path: Path, who: str, counts: dict[str, int]) -> None:
    path.parent.mkdir(exist_ok=True)
    lines = [f"report for {who}"] + [f"{k},{v}" for k, v in sorted(counts.items())]
    path.write_text("\\n".join(lines) + "\\n")
`,
  "/app/data/input.csv": "apples,12\nbananas,7\ncherries,31\n,4\n",
  "/app/README.md": "# word-count\n\nA tiny project to try `wasmrun os` on.\n\nType `loop`, `crash` or `exit 3` at the prompt to see how the kernel reports them.\n",
  "/app/requirements.txt": "# no dependencies\n",
  "/usr/lib/python3.12/os.py": "# (runtime stdlib, read-only)\n",
  "/usr/lib/python3.12/csv.py": "# (runtime stdlib, read-only)\n",
  "/usr/lib/python3.12/pathlib.py": "# (runtime stdlib, read-only)\n",
};

class FakeKernel implements KernelClient {
  session: Session | null = null;
  phase: KernelPhase = "loading";
  readonly crossOriginIsolated = globalThis.crossOriginIsolated === true;

  private listeners = new Map<string, Set<(body: never) => void>>();
  private outputs = new Set<(o: Output) => void>();
  private phases = new Set<(p: KernelPhase) => void>();
  private files = new Map<string, Node>();
  private procs: Proc[] = [];
  private nextPid = 1;
  private stdin = "";
  private stdinClosed = false;
  private log: KernelEntry[] = [];
  private seq = 0;
  private started = performance.now();
  private timings: Timings = { kernelFetched: 0, kernelReady: 0, runtimeFetched: 0, projectLoaded: 0, firstOutput: 0 };
  private disposed = false;
  private timers = new Set<ReturnType<typeof setTimeout>>();

  constructor(private opts: { fail: boolean; fast: boolean }) {
    this.mkdir("/");
    for (const d of ["/app", "/tmp", "/dev", "/usr", "/usr/lib", "/usr/lib/python3.12", "/app/lib", "/app/data"]) this.mkdir(d);
    for (const [p, text] of Object.entries(PROJECT_FILES)) this.files.set(p, { type: "file", data: enc.encode(text), mtime: Date.now() - 3_600_000 });
    for (const dev of ["null", "zero", "random", "stdin", "stdout", "stderr"]) this.files.set(`/dev/${dev}`, { type: "device", data: new Uint8Array(), mtime: Date.now() });
    void this.boot();
  }

  // ---- KernelClient

  request<C extends CommandName>(command: C, args: Commands[C]["args"]): Promise<Commands[C]["body"]> {
    return new Promise((resolve, reject) => {
      this.later(2 + Math.random() * 8, () => {
        try {
          resolve(this.serve(command, args) as Commands[C]["body"]);
        } catch (e) {
          reject(e instanceof Error ? e : new Error(String(e)));
        }
      });
    });
  }

  writeStdin(data: Uint8Array | string): void {
    this.stdin += typeof data === "string" ? data : new TextDecoder().decode(data);
    this.current()?.wake?.();
  }

  on<E extends EventName>(event: E, fn: (body: Events[E]) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(fn as (body: never) => void);
    return () => set.delete(fn as (body: never) => void);
  }

  onOutput(fn: (out: Output) => void): () => void {
    this.outputs.add(fn);
    return () => this.outputs.delete(fn);
  }

  onPhase(fn: (phase: KernelPhase) => void): () => void {
    this.phases.add(fn);
    return () => this.phases.delete(fn);
  }

  /** The fake kernel has no network: every stream is refused. */
  openStream(port: number): NetStream {
    const err = new Error(`ENETUNREACH: the fake kernel has no network (guest port ${port})`);
    const s: NetStream = {
      id: "p0",
      opened: Promise.reject(err),
      write() {},
      end() {},
      close() {},
      ondata() {},
      onend() {},
      onclose() {},
    };
    s.opened.catch(() => {});
    return s;
  }

  dispose(): void {
    this.disposed = true;
    for (const t of this.timers) clearTimeout(t);
    for (const p of this.procs) p.killed ??= "disposed";
  }

  // ---- boot

  private async boot() {
    const scale = this.opts.fast ? 0.05 : 1;
    await this.download("kernel", 4_187_392, 700 * scale);
    this.timings.kernelFetched = this.now();
    if (this.opts.fail) {
      this.logEntry("error", "kernel", "boot failed: fetch /runtimes/python-3.12.wasm: 404 Not Found");
      this.emit("error", { message: "fetch /runtimes/python-3.12.wasm: 404 Not Found (run 'wasmrun runtimes fetch python' and reload)" });
      this.setPhase("failed");
      return;
    }
    await this.sleep(60 * scale);
    this.timings.kernelReady = this.now();
    this.logEntry("info", "kernel", "kernel.wasm compiled and started", { size: "4.0 MiB" });
    this.session = {
      network: { file: "", allow: [], deny: [], bindPorts: "", maxConnections: 0, maxBandwidthMbps: 0, connectionTimeoutSecs: 0, allowNet: [], forwards: [] },
      version: "0.4.0-dev",
      project: {
        root: "/home/dev/word-count",
        name: "word-count",
        language: "python",
        entry: "main.py",
        reason: "main.py with a __main__ guard",
        files: 6,
        bytes: 1796,
        skipped: [{ path: ".venv", reason: "ignored by .gitignore" }],
      },
      runtime: {
        language: "python",
        name: "CPython",
        version: "3.12.3",
        sha256: "9b1c5d7e3f0a42c68e1d2b7a4f5c3e9d8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d",
        size: 26_314_752,
        license: "PSF-2.0",
      },
      runtimeUrl: "/runtimes/9b1c5d7e3f0a.wasm",
      supportUrl: "/support/4e07408562be.tar",
      previewPort: 0, // no host: no Preview
      command: ["python", "{entry}"],
      args: [],
      env: ["PYTHONUNBUFFERED=1", "HOME=/app"],
      limits: { maxMemory: 512 << 20, maxOutput: 8 << 20, maxFs: 256 << 20, timeoutMs: 0 },
      watch: true,
    };
    this.setPhase("booting");
    this.logEntry("info", "host", "session: python project 'word-count' (main.py with a __main__ guard)");
    await this.download("runtime", 26_314_752, 1100 * scale);
    this.timings.runtimeFetched = this.now();
    await this.download("project", 1796, 80 * scale);
    this.timings.projectLoaded = this.now();
    this.logEntry("info", "fs", "mounted /app from the project: 6 files, 1.8 KiB", { skipped: "1" });
    this.logEntry("info", "fs", "mounted /usr/lib/python3.12 read-only from the runtime");
    this.logEntry("debug", "net", "no network: sock_* return ENOTSOCK");
    this.emit("ready", { ...this.timings });
    this.setPhase("ready");
    this.run();
  }

  private async download(what: string, total: number, ms: number) {
    const steps = Math.max(1, Math.round(ms / 50));
    for (let i = 1; i <= steps; i++) {
      await this.sleep(ms / steps);
      this.emit("progress", { what, loaded: Math.round((total * i) / steps), total });
    }
  }

  // ---- requests

  private serve(command: CommandName, args: unknown): unknown {
    if (this.phase !== "ready" && command !== "logs") throw new Error(`${command}: the kernel is not ready (${this.phase})`);
    const path = (args as { path?: string }).path ?? "";
    switch (command) {
      case "run":
        return { pid: this.run() };
      case "stop": {
        const p = this.current();
        if (!p || !live(p.info)) throw new Error("stop: no process is running");
        this.kill(p, (args as { reason?: string }).reason || "stopped from the UI");
        return {};
      }
      case "stdin.close":
        this.stdinClosed = true;
        this.current()?.wake?.();
        return {};
      case "fs.list": {
        const node = this.files.get(path);
        if (!node) throw new Error(`fs.list ${path}: no such file or directory`);
        if (node.type !== "dir") throw new Error(`fs.list ${path}: not a directory`);
        const prefix = path === "/" ? "/" : path + "/";
        const entries: DirEntry[] = [];
        for (const [p, n] of this.files) {
          if (p !== path && p.startsWith(prefix) && !p.slice(prefix.length).includes("/")) {
            entries.push({ name: p.slice(prefix.length), type: n.type, size: n.data.length, mtime: n.mtime });
          }
        }
        return { path, entries };
      }
      case "fs.read": {
        const node = this.files.get(path);
        if (!node) throw new Error(`fs.read ${path}: no such file or directory`);
        if (node.type === "dir") throw new Error(`fs.read ${path}: is a directory`);
        return { path, data: toBase64(node.data), size: node.data.length };
      }
      case "fs.write": {
        const a = args as { path: string; data: string };
        this.writeFile(a.path, fromBase64(a.data), 0);
        return {};
      }
      case "fs.mkdir":
        if (this.files.has(path)) throw new Error(`fs.mkdir ${path}: file exists`);
        this.requireParent(path);
        this.mkdir(path);
        this.changed([path]);
        return {};
      case "fs.remove": {
        const node = this.files.get(path);
        if (!node) throw new Error(`fs.remove ${path}: no such file or directory`);
        if (readOnly(path)) throw new Error(`fs.remove ${path}: read-only file system`);
        if (node.type === "dir" && [...this.files.keys()].some((p) => p.startsWith(path + "/"))) {
          throw new Error(`fs.remove ${path}: directory not empty`);
        }
        this.files.delete(path);
        this.logEntry("info", "fs", `removed ${path}`);
        this.changed([path]);
        return {};
      }
      case "fs.archive": {
        const prefix = path === "/" ? "/" : path + "/";
        const files = [...this.files]
          .filter(([p, n]) => n.type === "file" && p.startsWith(prefix))
          .map(([p, n]) => ({ name: p.slice(prefix.length), data: n.data }));
        return { data: toBase64(zipStore(files)), files: files.length };
      }
      case "status":
        return this.status();
      case "logs":
        return { entries: [...this.log] };
    }
    throw new Error(`${command}: unknown command`);
  }

  private status(): StatusBody {
    let bytes = 0;
    for (const n of this.files.values()) bytes += n.data.length;
    return {
      uptimeMs: Math.round(this.now()),
      processes: this.procs.map((p) => structuredClone(p.info)),
      mounts: [
        { path: "/", source: "memfs", readOnly: false },
        { path: "/app", source: "project word-count (memfs)", readOnly: false },
        { path: "/tmp", source: "memfs", readOnly: false },
        { path: "/dev", source: "devfs", readOnly: false },
        { path: "/usr/lib/python3.12", source: "runtime CPython 3.12.3 stdlib", readOnly: true },
      ],
      usage: { bytes, inodes: this.files.size, maxBytes: 256 << 20 },
      runtime: this.session!.runtime,
      entry: "/app/main.py",
      wasi: WASI_FUNCTIONS,
      timings: { ...this.timings },
    };
  }

  // ---- processes

  private current(): Proc | undefined {
    return this.procs[this.procs.length - 1];
  }

  private run(): number {
    const prev = this.current();
    if (prev && live(prev.info)) this.kill(prev, "restarted");
    this.stdin = "";
    this.stdinClosed = false;
    const pid = this.nextPid++;
    const p: Proc = {
      info: {
        pid,
        ppid: 0,
        argv: ["python", "/app/main.py"],
        env: this.session!.env,
        cwd: "/app",
        state: "starting",
        exitCode: 0,
        started: new Date().toISOString(),
        memory: 12 << 20,
        cpuTime: 0,
        syscalls: {},
        fds: [
          { fd: 0, kind: "pipe", path: "stdin" },
          { fd: 1, kind: "pipe", path: "stdout" },
          { fd: 2, kind: "pipe", path: "stderr" },
          { fd: 3, kind: "dir", path: "/" },
          { fd: 4, kind: "dir", path: "/app" },
          { fd: 5, kind: "dir", path: "/tmp" },
        ],
      },
      killed: null,
      wake: null,
    };
    this.procs.push(p);
    if (this.procs.length > 12) this.procs.shift();
    this.update(p);
    this.logEntry("info", "process", `process ${pid} started: python /app/main.py`, undefined, pid);
    void this.program(p);
    return pid;
  }

  private kill(p: Proc, reason: string) {
    if (p.killed) return;
    p.killed = reason;
    this.logEntry("warn", "process", `kill: ${reason}`, undefined, p.info.pid);
    p.wake?.();
  }

  private async program(p: Proc) {
    const t0 = performance.now();
    try {
      await this.step(p, 40);
      p.info.state = "running";
      this.syscalls(p, { args_sizes_get: 1, args_get: 1, environ_sizes_get: 1, environ_get: 1, fd_prestat_get: 4, fd_prestat_dir_name: 3, path_open: 86, fd_read: 140, fd_seek: 40, fd_close: 80, path_filestat_get: 210, fd_filestat_get: 90, clock_time_get: 12 });
      p.info.memory = 28 << 20;
      this.update(p);
      await this.step(p, 120);
      this.out(p, "stdout", "word-count on cpython 3.12.3\n");
      const rows = [
        ["apples", 12],
        ["bananas", 7],
        ["cherries", 31],
      ] as const;
      this.logEntry("debug", "wasi", "path_open /app/data/input.csv", { rights: "read" }, p.info.pid);
      await this.step(p, 80);
      this.out(p, "stderr", "warning: row 4 has an empty name, skipped\n");
      for (const [name, n] of rows) this.out(p, "stdout", `  ${name.padEnd(10)}${String(n).padStart(4)}\n`);
      this.out(p, "stdout", "What's your name? ");
      let line = await this.readLine(p);
      let who = (line ?? "").trim();
      if (line === null) this.out(p, "stdout", "\n");
      if (who === "loop") {
        this.out(p, "stdout", "spinning in a tight loop: press Stop (Ctrl+. or Ctrl-C)\n");
        for (;;) {
          await this.step(p, 250);
          p.info.cpuTime += 250e6;
          p.info.memory = Math.min(p.info.memory + (1 << 20), 96 << 20);
          this.syscalls(p, { clock_time_get: 3 });
        }
      }
      if (who === "crash") {
        await this.step(p, 50);
        throw new Trap("wasm trap: unreachable executed (python.wasm!_PyEval_EvalFrameDefault+0x1f3)");
      }
      const exit = /^exit (\d+)$/.exec(who);
      if (exit) {
        this.exit(p, "exited", Number(exit[1]), "");
        return;
      }
      who ||= "stranger";
      this.out(p, "stdout", `Hello, ${who}! Writing out/report.txt\n`);
      if (!this.files.has("/app/out")) {
        this.mkdir("/app/out");
        this.changed(["/app/out"]);
      }
      this.writeFile("/app/out/report.txt", enc.encode(`report for ${who}\n${rows.map(([k, v]) => `${k},${v}`).join("\n")}\n`), p.info.pid);
      this.syscalls(p, { path_create_directory: 1, path_open: 1, fd_write: 1, fd_close: 1 });
      for (let i = 1; i <= 5; i++) {
        p.info.state = "blocked";
        p.info.blockedOn = "poll_oneoff(clock 600ms)";
        this.update(p);
        await this.step(p, 600);
        p.info.state = "running";
        p.info.blockedOn = undefined;
        this.syscalls(p, { poll_oneoff: 1, clock_time_get: 2 });
        this.out(p, "stdout", `tick ${i}/5\n`);
      }
      line = null;
      this.out(p, "stdout", `done in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
      this.exit(p, "exited", 0, "");
    } catch (e) {
      if (e instanceof Killed) this.exit(p, "killed", 137, p.killed ?? "killed");
      else if (e instanceof Trap) this.exit(p, "trapped", 0, e.message);
      else this.exit(p, "trapped", 0, String(e));
    }
  }

  private exit(p: Proc, state: "exited" | "killed" | "trapped", code: number, reason: string) {
    if (this.disposed) return;
    p.info.state = state;
    p.info.exitCode = code;
    p.info.reason = reason || undefined;
    p.info.blockedOn = undefined;
    p.info.ended = new Date().toISOString();
    p.info.fds = [];
    this.syscalls(p, { proc_exit: state === "exited" ? 1 : 0 });
    const msg = state === "exited" ? `exited with code ${code}` : `${state}: ${reason}`;
    this.logEntry(state === "exited" && code === 0 ? "info" : "warn", "process", msg, { state }, p.info.pid);
    this.update(p);
  }

  /** Waits ms of guest time, unwinding when the process is killed. */
  private async step(p: Proc, ms: number) {
    await new Promise<void>((resolve) => {
      p.wake = resolve;
      this.later(ms, resolve);
    });
    p.wake = null;
    if (p.killed) throw new Killed();
  }

  private async readLine(p: Proc): Promise<string | null> {
    p.info.state = "blocked";
    p.info.blockedOn = "fd_read(0)";
    this.update(p);
    this.logEntry("debug", "wasi", "fd_read(0): waiting for input", undefined, p.info.pid);
    while (!this.stdin.includes("\n") && !this.stdinClosed) {
      await new Promise<void>((resolve) => (p.wake = resolve));
      p.wake = null;
      if (p.killed) throw new Killed();
    }
    p.info.state = "running";
    p.info.blockedOn = undefined;
    this.syscalls(p, { fd_read: 1 });
    this.update(p);
    const nl = this.stdin.indexOf("\n");
    if (nl < 0) {
      const rest = this.stdin;
      this.stdin = "";
      return rest === "" ? null : rest;
    }
    const line = this.stdin.slice(0, nl);
    this.stdin = this.stdin.slice(nl + 1);
    return line;
  }

  private out(p: Proc, stream: "stdout" | "stderr", text: string) {
    if (!this.timings.firstOutput) this.timings.firstOutput = this.now();
    const data = enc.encode(text);
    this.syscalls(p, { fd_write: 1 });
    for (const fn of this.outputs) fn({ pid: p.info.pid, stream, data });
    this.emit("output", { pid: p.info.pid, stream });
    this.logEntry("debug", "wasi", `fd_write(${stream === "stdout" ? 1 : 2}) ${data.length} bytes`, undefined, p.info.pid);
  }

  private syscalls(p: Proc, counts: Record<string, number>) {
    for (const [k, v] of Object.entries(counts)) if (v) p.info.syscalls[k] = (p.info.syscalls[k] ?? 0) + v;
  }

  private update(p: Proc) {
    this.emit("process", structuredClone(p.info));
  }

  // ---- files

  private mkdir(path: string) {
    this.files.set(path, { type: "dir", data: new Uint8Array(), mtime: Date.now() });
  }

  private requireParent(path: string) {
    const parent = path.slice(0, path.lastIndexOf("/")) || "/";
    if (this.files.get(parent)?.type !== "dir") throw new Error(`${path}: no such directory ${parent}`);
    if (readOnly(path)) throw new Error(`${path}: read-only file system`);
  }

  private writeFile(path: string, data: Uint8Array, pid: number) {
    if (this.files.get(path)?.type === "dir") throw new Error(`fs.write ${path}: is a directory`);
    this.requireParent(path);
    this.files.set(path, { type: "file", data, mtime: Date.now() });
    this.logEntry("info", "fs", `wrote ${path} (${data.length} bytes)`, undefined, pid || undefined);
    this.changed([path]);
  }

  private changed(paths: string[]) {
    this.emit("changed", { paths });
  }

  // ---- plumbing

  private logEntry(level: string, source: string, message: string, fields?: Record<string, string>, pid?: number) {
    const e: KernelEntry = { seq: ++this.seq, time: new Date().toISOString(), level, source, message };
    if (pid !== undefined) e.pid = pid;
    if (fields) e.fields = fields;
    this.log.push(e);
    if (this.log.length > 2000) this.log.shift();
    this.emit("log", e);
  }

  private emit<E extends EventName>(event: E, body: Events[E]) {
    if (this.disposed) return;
    for (const fn of this.listeners.get(event) ?? []) (fn as (b: Events[E]) => void)(body);
  }

  private setPhase(phase: KernelPhase) {
    this.phase = phase;
    if (!this.disposed) for (const fn of this.phases) fn(phase);
  }

  private now() {
    return performance.now() - this.started;
  }

  private later(ms: number, fn: () => void) {
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (!this.disposed) fn();
    }, ms);
    this.timers.add(t);
  }

  private sleep(ms: number) {
    return new Promise<void>((resolve) => this.later(ms, resolve));
  }
}

class Trap extends Error {}

function live(info: KernelInfo) {
  return info.state === "starting" || info.state === "running" || info.state === "blocked";
}

function readOnly(path: string) {
  return path.startsWith("/usr/lib/python3.12/") || path === "/usr/lib/python3.12";
}
