// The peer: npm @bjorn3/browser_wasi_shim running the runtime module on the
// same files (project at /app, support files at /opt/wasmrun, /tmp) with the
// argv and environment wasmrun's kernel gives the process. Like wasmrun's
// worker it fetches what to run, fetches and compiles the runtime while
// streaming (WebAssembly.compileStreaming), fetches a tar of the files and
// builds its in-memory tree, instantiates the guest synchronously and calls
// _start. Output is posted per write, as wasmrun's kernel does.
/// <reference lib="webworker" />
import { ConsoleStdout, Directory, File, OpenFile, PreopenDirectory, WASI, type Inode } from "@bjorn3/browser_wasi_shim";

declare const self: DedicatedWorkerGlobalScope;

interface Spec {
  argv: string[];
  env: string[];
  cwd: string;
  runtimeUrl: string;
  fsUrl: string;
}

const marks: [string, number][] = [];
const mark = (what: string) => {
  marks.push([what, performance.timeOrigin + performance.now()]);
  performance.mark(what); // for run.mjs --trace
};
mark("worker script");

interface Tree {
  [name: string]: Tree | Uint8Array;
}

/** Reads a ustar archive of directories and regular files. */
function untar(b: Uint8Array): Tree {
  const root: Tree = {};
  const dec = new TextDecoder();
  const str = (off: number, n: number) => {
    const s = b.subarray(off, off + n);
    const end = s.indexOf(0);
    return dec.decode(end < 0 ? s : s.subarray(0, end));
  };
  for (let off = 0; off + 512 <= b.length; ) {
    if (b[off] === 0) break;
    const prefix = str(off + 345, 155);
    const name = (prefix ? prefix + "/" : "") + str(off, 100);
    const size = parseInt(str(off + 124, 12).trim() || "0", 8);
    const type = String.fromCharCode(b[off + 156] || 48);
    const parts = name.split("/").filter((p) => p && p !== ".");
    let dir = root;
    const last = type === "5" ? parts.length : parts.length - 1;
    for (let i = 0; i < last; i++) dir = (dir[parts[i]] ??= {}) as Tree;
    if (type === "0") dir[parts[parts.length - 1]] = b.slice(off + 512, off + 512 + size);
    off += 512 + Math.ceil(size / 512) * 512;
  }
  return root;
}

function contents(t: Tree): Map<string, Inode> {
  const m = new Map<string, Inode>();
  for (const [name, v] of Object.entries(t)) m.set(name, v instanceof Uint8Array ? new File(v) : new Directory(contents(v)));
  return m;
}

let spec: Spec;
let module: WebAssembly.Module;
let root: Map<string, Inode>;

async function start(): Promise<void> {
  mark("init");
  spec = await (await fetch("/shim/spec.json")).json();
  mark("spec fetched");
  const [m, fsBytes] = await Promise.all([
    WebAssembly.compileStreaming(fetch(spec.runtimeUrl)).then((m) => {
      mark("runtime compiled");
      return m;
    }),
    fetch(spec.fsUrl)
      .then((r) => r.arrayBuffer())
      .then((a) => {
        mark("files fetched");
        return new Uint8Array(a);
      }),
  ]);
  module = m;
  root = contents(untar(fsBytes));
  mark("files built");
  runGuest();
}

/** Instantiates the runtime on the files and runs _start. */
function runGuest(): void {
  const out = (stream: string) =>
    new ConsoleStdout((data: Uint8Array) => {
      const copy = data.slice();
      self.postMessage({ type: "output", stream, data: copy }, [copy.buffer]);
    });
  const fds = [new OpenFile(new File([])), out("stdout"), out("stderr"), new PreopenDirectory("/", root)];
  // debug: false, or the shim logs every call to the console (its default is on).
  const wasi = new WASI(spec.argv, spec.env, fds, { debug: false });
  const wasiImport = { ...(wasi.wasiImport as WebAssembly.ModuleImports) };
  // browser_wasi_shim 0.4.2's poll_oneoff (one clock subscription only)
  // never writes the number of events: wasi-libc's poll() then reads
  // whatever was there and runs off the end of memory (QuickJS's event loop
  // waiting for a timer traps). Write it, as the function's contract says.
  const pollOneoff = wasiImport.poll_oneoff as (inPtr: number, outPtr: number, n: number, neventsPtr: number) => number;
  wasiImport.poll_oneoff = (inPtr: number, outPtr: number, n: number, neventsPtr: number): number => {
    const errno = pollOneoff(inPtr, outPtr, n, neventsPtr);
    if (errno === 0) new DataView((inst.exports.memory as WebAssembly.Memory).buffer).setUint32(neventsPtr, 1, true);
    return errno;
  };
  const imports: WebAssembly.Imports = { wasi_snapshot_preview1: wasiImport };
  // The instrumented runtime (--shim-runtime same, the default) calls the
  // interruption check at loop headers: the shim has nothing to interrupt,
  // so its check returns at once (the countdown's cost stays in both).
  if (WebAssembly.Module.imports(module).some((i) => i.module === "wasmrun" && i.name === "check")) {
    imports.wasmrun = { check: () => {} };
  }
  const inst = new WebAssembly.Instance(module, imports);
  mark("instantiated");
  let code: number;
  try {
    code = wasi.start(inst as unknown as { exports: { memory: WebAssembly.Memory; _start: () => unknown } });
  } catch (e) {
    self.postMessage({ type: "error", message: `trap: ${e instanceof Error ? e.message : String(e)}` });
    return;
  }
  mark("exited");
  self.postMessage({ type: "exit", code, marks });
}

self.onmessage = (e: MessageEvent) => {
  const type = (e.data as { type: string }).type;
  if (type === "init") {
    start().catch((err: unknown) => self.postMessage({ type: "error", message: err instanceof Error ? err.stack || err.message : String(err) }));
  } else if (type === "rerun") {
    runGuest();
  }
};
