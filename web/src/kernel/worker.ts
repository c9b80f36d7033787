// The kernel worker: runs kernel.wasm (Go, GOOS=js) and the guest in one
// thread. The guest imports the kernel's exports directly as
// wasi_snapshot_preview1; this file only loads things, drives runs, and
// provides the kernel's imports (module "wasmrun_worker"). See
// docs/browser.md and kernel/browser.
/// <reference lib="webworker" />
import type { Session } from "../protocol.gen";
import { ATTN, IN_CLOSED, MB_LEN, MB_STATE, type Shared, stdinAvailable, stdinTake, viewShared } from "./shared";

declare const self: DedicatedWorkerGlobalScope;
declare class Go {
  importObject: WebAssembly.Imports;
  run(instance: WebAssembly.Instance): Promise<void>;
}

/** The kernel's exports the worker calls (besides the 46 WASI functions). */
interface KernelExports {
  mem: WebAssembly.Memory;
  kernel_alloc(n: number): number;
  kernel_free(p: number): void;
  kernel_timing(which: number, ms: number): void;
  kernel_boot(sess: number, sessLen: number, tar: number, tarLen: number, support: number, supportLen: number, resNs: number): number;
  kernel_imports(p: number, n: number): number;
  kernel_spawn(): number;
  kernel_end(how: number, msg: number, msgLen: number): number;
  kernel_check(): number;
  kernel_attend(): number;
  [name: string]: unknown;
}

/** Thrown through the guest to unwind it when the kernel says so. */
const UNWIND = Symbol("wasmrun unwind");
/** The kernel's errno meaning "unwind now" (wasi.Terminate). */
const TERMINATE = 0xffff;
/** WASI functions that may return TERMINATE (they wait, write or end). */
const MAY_TERMINATE = ["fd_read", "fd_write", "poll_oneoff", "proc_raise"];

let shared: Shared;
let kernel: KernelExports;
let guestMemory: WebAssembly.Memory | null = null;
let runtime: WebAssembly.Module;
let guestImports: WebAssembly.Imports;
let running = false;
const decoder = new TextDecoder();
const encoder = new TextEncoder();

function goBytes(ptr: number, n: number): Uint8Array<ArrayBuffer> {
  // The kernel's memory is never shared: a plain ArrayBuffer.
  return new Uint8Array(kernel.mem.buffer as ArrayBuffer, ptr, n);
}

function guestBytes(off: number, n: number): Uint8Array {
  return new Uint8Array(guestMemory!.buffer, off, n);
}

/** Copies bytes into a kernel buffer (kernel_alloc); the caller frees it. */
function toKernel(b: Uint8Array): number {
  const p = kernel.kernel_alloc(b.length);
  goBytes(p, b.length).set(b);
  return p;
}

function postEvent(event: string, body: unknown): void {
  self.postMessage({ type: "event", event, body });
}

/** The kernel's imports: guest memory, attention, mailbox, stdin, post. */
function kernelHost(): WebAssembly.ModuleImports {
  return {
    guest_read(dst: number, off: number, n: number): number {
      goBytes(dst, n).set(guestBytes(off, n));
      return n;
    },
    guest_write(src: number, off: number, n: number): number {
      guestBytes(off, n).set(goBytes(src, n));
      return n;
    },
    guest_size(): number {
      return guestMemory ? guestMemory.buffer.byteLength : 0;
    },
    attn_load(): number {
      return Atomics.load(shared.ctl, ATTN);
    },
    attn_wait(seq: number, timeoutMs: number): void {
      Atomics.wait(shared.ctl, ATTN, seq, timeoutMs < 0 ? Infinity : timeoutMs);
    },
    attn_notify(): void {
      Atomics.add(shared.ctl, ATTN, 1);
      Atomics.notify(shared.ctl, ATTN);
    },
    mailbox_take(dst: number, cap: number): number {
      if (Atomics.load(shared.ctl, MB_STATE) !== 1) return 0;
      const len = Atomics.load(shared.ctl, MB_LEN);
      if (len > cap) return -len;
      goBytes(dst, len).set(shared.mailbox.subarray(0, len));
      Atomics.store(shared.ctl, MB_STATE, 0);
      Atomics.notify(shared.ctl, MB_STATE);
      return len;
    },
    stdin_read(dst: number, cap: number): number {
      const n = stdinTake(shared, goBytes(dst, cap));
      if (n === 0 && Atomics.load(shared.ctl, IN_CLOSED) === 1) return -1;
      return n;
    },
    stdin_available(): number {
      const n = stdinAvailable(shared);
      if (n === 0 && Atomics.load(shared.ctl, IN_CLOSED) === 1) return -1;
      return n;
    },
    post(json: number, jsonLen: number, data: number, dataLen: number): void {
      const msg = JSON.parse(decoder.decode(goBytes(json, jsonLen)));
      if (dataLen > 0) {
        msg.data = goBytes(data, dataLen).slice();
        self.postMessage(msg, [msg.data.buffer]);
      } else {
        self.postMessage(msg);
      }
    },
    now_ms(): number {
      return performance.now();
    },
    random_fill(dst: number, n: number): void {
      // getRandomValues fills at most 64 KiB at a time.
      for (let off = 0; off < n; off += 65536) {
        crypto.getRandomValues(goBytes(dst + off, Math.min(65536, n - off)));
      }
    },
  };
}

/** Fetches url; an answer other than 2xx is an error that names what was
 * fetched and gives the host's message. */
async function fetchOK(url: string, what: string): Promise<Response> {
  const resp = await fetch(url);
  if (!resp.ok) throw new Error(`${what}: ${resp.status} ${await resp.text()}`);
  return resp;
}

/** Fetches url, posting progress events as the body arrives. The response
 * itself goes to the compiler untouched (progress reads a clone), so that
 * the browser can reuse the code it compiled for the same cached URL. */
async function fetchWithProgress(url: string, what: string): Promise<Response> {
  const resp = await fetchOK(url, url);
  const total = Number(resp.headers.get("x-content-length") ?? resp.headers.get("content-length") ?? 0);
  const body = resp.clone().body;
  if (body) void countProgress(body, what, total);
  return resp;
}

async function countProgress(body: ReadableStream<Uint8Array>, what: string, total: number): Promise<void> {
  const reader = body.getReader();
  let loaded = 0;
  let last = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    loaded += value.length;
    const now = performance.now();
    if (now - last > 50) {
      last = now;
      postEvent("progress", { what, loaded, total });
    }
  }
  postEvent("progress", { what, loaded, total: total || loaded });
}

/** Builds the guest's imports: the kernel's exports, trampolines for the
 * calls that can end the guest, and the interruption check. */
function makeGuestImports(): WebAssembly.Imports {
  const wasi: Record<string, unknown> = {};
  for (const name of Object.keys(kernel)) {
    if (/^(args|environ|clock|fd|path|poll|proc|sched|random|sock)_/.test(name)) wasi[name] = kernel[name];
  }
  for (const name of MAY_TERMINATE) {
    const f = kernel[name] as (...a: number[]) => number;
    wasi[name] = (...a: number[]) => {
      const r = f(...a);
      if (r === TERMINATE) throw UNWIND;
      return r;
    };
  }
  const procExit = kernel["proc_exit"] as (code: number) => void;
  wasi["proc_exit"] = (code: number) => {
    procExit(code);
    throw UNWIND;
  };
  let seen = -1;
  let nextTick = 0;
  return {
    wasi_snapshot_preview1: wasi as WebAssembly.ModuleImports,
    wasmrun: {
      // Reached every few thousand loop iterations of the guest: cheap
      // unless the page asked for something or it is time to look at the
      // clock (time limit, file-change notices).
      check(): void {
        const attn = Atomics.load(shared.ctl, ATTN);
        const now = performance.now();
        if (attn === seen && now < nextTick) return;
        seen = attn;
        nextTick = now + 100;
        if (kernel.kernel_check() === 1) throw UNWIND;
      },
    },
  };
}

function describe(e: unknown): string {
  if (e instanceof Error) {
    const frame = (e.stack ?? "").split("\n").find((l) => l.includes("wasm-function") || l.includes("wasm://"));
    return frame ? `${e.message} (${frame.trim().replace(/^at /, "")})` : e.message;
  }
  return String(e);
}

/** Runs the entry once, then again while the kernel asks (Restart). */
function run(): void {
  if (running) return;
  running = true;
  try {
    for (;;) {
      const pid = kernel.kernel_spawn();
      if (pid < 0) break;
      let how = 0;
      let msg = "";
      try {
        const inst = new WebAssembly.Instance(runtime, guestImports);
        guestMemory = inst.exports.memory as WebAssembly.Memory;
        (inst.exports._start as () => void)();
      } catch (e) {
        if (e === UNWIND) how = 1;
        else {
          how = 2;
          msg = describe(e);
        }
      }
      const m = encoder.encode(msg);
      const p = m.length ? toKernel(m) : 0;
      let again = kernel.kernel_end(how, p, m.length);
      if (p) kernel.kernel_free(p);
      // Requests that came while the guest ran but were not served (it
      // ended before its next wait or check) are served now.
      if (again !== 1) again = kernel.kernel_attend();
      if (again !== 1) break;
    }
  } finally {
    running = false;
  }
}

/** Serves the mailbox while no guest runs. */
function attend(): void {
  if (!kernel || running) return;
  if (kernel.kernel_attend() === 1) run();
}

/** The source of a helper worker that fetches and compiles a module off the
 * kernel's thread (which go.run and kernel_boot keep busy) and posts it
 * back, with progress. A Blob URL: the CSP allows blob: workers. */
const compilerSource = `
onmessage = async (e) => {
  const { url, what } = e.data;
  try {
    const resp = await fetch(url);
    if (!resp.ok) throw new Error(url + ": " + resp.status + " " + (await resp.text()));
    const total = Number(resp.headers.get("x-content-length") || resp.headers.get("content-length") || 0);
    (async () => {
      const reader = resp.clone().body.getReader();
      let loaded = 0, last = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        loaded += value.length;
        const now = performance.now();
        if (now - last > 50) { last = now; postMessage({ progress: { what, loaded, total } }); }
      }
      postMessage({ progress: { what, loaded, total: total || loaded } });
    })();
    const module = await WebAssembly.compileStreaming(resp);
    postMessage({ module });
  } catch (err) {
    postMessage({ error: String(err && err.message || err) });
  }
};`;

/** Fetches and compiles a module in a helper worker. */
function compileElsewhere(url: string, what: string): Promise<WebAssembly.Module> {
  return new Promise((resolve, reject) => {
    const blob = URL.createObjectURL(new Blob([compilerSource], { type: "text/javascript" }));
    const w = new Worker(blob);
    w.onmessage = (e: MessageEvent) => {
      const d = e.data as { progress?: unknown; module?: WebAssembly.Module; error?: string };
      if (d.progress) {
        postEvent("progress", d.progress);
        return;
      }
      w.terminate();
      URL.revokeObjectURL(blob);
      if (d.module) resolve(d.module);
      else reject(new Error(d.error ?? `${url}: compile failed`));
    };
    w.onerror = (e) => reject(new Error(`${url}: ${e.message}`));
    // A blob: worker cannot resolve a relative URL: give it an absolute one.
    w.postMessage({ url: new URL(url, self.location.href).href, what });
  });
}

async function boot(sab: SharedArrayBuffer): Promise<void> {
  shared = viewShared(sab);
  // Everything that does not need the kernel starts at once, beside it: the
  // session, the project's files, and the runtime's fetch and compile.
  const bytes = async (r: Response) => new Uint8Array(await r.arrayBuffer());
  const sessionP = fetchOK("/api/session", "session").then((r) => r.json() as Promise<Session>);
  const tarP = fetchOK("/api/project.tar", "project").then(bytes);
  const runtimeP = sessionP.then((s) => compileElsewhere(s.runtimeUrl, "runtime"));
  runtimeP.catch(() => {}); // reported where it is awaited
  // The language's support files (the Node layer...), for /opt/wasmrun.
  const supportP = sessionP.then((s) => fetchOK(s.supportUrl, "support files")).then(bytes);
  supportP.catch(() => {});

  // kernel.wasm streams while wasm_exec.js (Go's loader) is imported.
  const kernelResp = fetchWithProgress("/kernel.wasm", "kernel");
  kernelResp.catch(() => {}); // reported where it is awaited
  await import(/* @vite-ignore */ `${self.location.origin}/wasm_exec.js`);
  const go = new Go();
  const imports = { ...go.importObject, wasmrun_worker: kernelHost() };
  const { instance } = await WebAssembly.instantiateStreaming(kernelResp, imports);
  const fetched = performance.now();
  kernel = instance.exports as unknown as KernelExports;
  void go.run(instance);
  // Timings count from the worker's start, as the kernel's own do.
  kernel.kernel_timing(0, fetched);
  kernel.kernel_timing(1, performance.now());

  const session = await sessionP;
  postEvent("session", session);
  const tar = await tarP;
  const support = await supportP;
  const sess = encoder.encode(JSON.stringify(session));
  const sp = toKernel(sess);
  const tp = toKernel(tar);
  const up = toKernel(support);
  const resNs = self.crossOriginIsolated ? 5000 : 100000;
  const ok = kernel.kernel_boot(sp, sess.length, tp, tar.length, up, support.length, resNs);
  kernel.kernel_free(sp);
  kernel.kernel_free(tp);
  kernel.kernel_free(up);
  // Requests the page sent while the kernel booted are served now.
  attend();
  if (ok !== 0) return;

  runtime = await runtimeP;
  kernel.kernel_timing(2, performance.now());
  const imps = encoder.encode(JSON.stringify(WebAssembly.Module.imports(runtime)));
  const ip = toKernel(imps);
  const importsOK = kernel.kernel_imports(ip, imps.length);
  kernel.kernel_free(ip);
  if (importsOK !== 0) return;
  guestImports = makeGuestImports();
  // The project runs as soon as the kernel has booted.
  run();
}

self.onmessage = (e: MessageEvent) => {
  const msg = e.data as { type: string; sab?: SharedArrayBuffer };
  switch (msg.type) {
    case "init":
      boot(msg.sab!).catch((err: unknown) => postEvent("error", { message: describe(err) }));
      break;
    case "nudge":
      attend();
      break;
  }
};
