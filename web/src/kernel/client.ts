// The page's side of the kernel: starts the worker, sends requests through
// the shared mailbox (one at a time, in order), feeds stdin into the shared
// ring, and dispatches what the worker posts. It also keeps the host's
// WebSocket back-channel: guest output and process ends go to the terminal
// that runs `wasmrun os`, and --watch edits come back to be written into the
// VM, after which the project runs again.
import type { CommandName, Commands, EventName, Events, Session } from "../protocol.gen";
import type { KernelClient, KernelPhase, NetStream, Output } from "./types";
import { IN_CLOSED, MB_LEN, MB_STATE, MAILBOX_BYTES, type Shared, bump, createShared, stdinWrite } from "./shared";

interface Pending {
  seq: number;
  command: string;
  bytes: Uint8Array;
  resolve: (body: unknown) => void;
  reject: (err: Error) => void;
}

type Listener = (body: unknown) => void;

const encoder = new TextEncoder();

function base64(b: Uint8Array): string {
  let s = "";
  for (let i = 0; i < b.length; i += 0x8000) s += String.fromCharCode(...b.subarray(i, i + 0x8000));
  return btoa(s);
}

function fromBase64(s: string): Uint8Array {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

class WorkerKernelClient implements KernelClient {
  session: Session | null = null;
  phase: KernelPhase = "loading";
  readonly crossOriginIsolated = self.crossOriginIsolated;

  private shared: Shared;
  private worker: Worker;
  private seq = 0;
  private queue: Pending[] = [];
  private inflight: Pending | null = null;
  private listeners = new Map<string, Set<Listener>>();
  private outputs = new Set<(o: Output) => void>();
  private phases = new Set<(p: KernelPhase) => void>();
  private ws: WebSocket | null = null;
  private stdinBacklog: Uint8Array[] = [];
  /** The page's own streams (the Preview panel), by id ("p1"). */
  private streams = new Map<string, PageStream>();
  private streamIds = 0;
  /** The host's streams the kernel has open ("h1", "k1"), to end if the WebSocket goes. */
  private hostStreams = new Set<string>();

  constructor() {
    this.shared = createShared();
    this.worker = new Worker(new URL("./worker.ts", import.meta.url), { type: "module" });
    this.worker.onmessage = (e) => this.receive(e.data);
    this.worker.onerror = (e) => {
      this.emit("error", { message: `the kernel worker failed: ${e.message || "unknown error"}` });
      this.setPhase("failed");
    };
    this.worker.postMessage({ type: "init", sab: this.shared.sab });
    this.connectHost();
  }

  request<C extends CommandName>(command: C, args: Commands[C]["args"]): Promise<Commands[C]["body"]> {
    if (command === "stdin.close") {
      Atomics.store(this.shared.ctl, IN_CLOSED, 1);
      bump(this.shared.ctl);
      return Promise.resolve({} as Commands[C]["body"]);
    }
    return new Promise((resolve, reject) => {
      const seq = ++this.seq;
      const bytes = encoder.encode(JSON.stringify({ seq, command, arguments: args }));
      if (bytes.length > MAILBOX_BYTES) {
        reject(new Error(`${command}: request of ${bytes.length} bytes is larger than the ${MAILBOX_BYTES}-byte mailbox`));
        return;
      }
      this.queue.push({ seq, command, bytes, resolve: resolve as (b: unknown) => void, reject });
      this.pump();
    });
  }

  /** Sends the next queued request once the mailbox is free. */
  private pump(): void {
    if (this.inflight || this.queue.length === 0) return;
    const ctl = this.shared.ctl;
    if (Atomics.load(ctl, MB_STATE) !== 0) {
      setTimeout(() => this.pump(), 5);
      return;
    }
    const p = this.queue.shift()!;
    this.inflight = p;
    this.shared.mailbox.set(p.bytes);
    Atomics.store(ctl, MB_LEN, p.bytes.length);
    Atomics.store(ctl, MB_STATE, 1);
    bump(ctl);
    this.worker.postMessage({ type: "nudge" });
  }

  writeStdin(data: Uint8Array | string): void {
    const bytes = typeof data === "string" ? encoder.encode(data) : data;
    this.stdinBacklog.push(bytes);
    this.flushStdin();
  }

  private flushStdin(): void {
    while (this.stdinBacklog.length > 0) {
      const b = this.stdinBacklog[0];
      const n = stdinWrite(this.shared, b);
      bump(this.shared.ctl);
      if (n < b.length) {
        this.stdinBacklog[0] = b.subarray(n);
        setTimeout(() => this.flushStdin(), 10);
        return;
      }
      this.stdinBacklog.shift();
    }
  }

  on<E extends EventName>(event: E, fn: (body: Events[E]) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(fn as Listener);
    return () => set!.delete(fn as Listener);
  }

  onOutput(fn: (out: Output) => void): () => void {
    this.outputs.add(fn);
    return () => this.outputs.delete(fn);
  }

  onPhase(fn: (phase: KernelPhase) => void): () => void {
    this.phases.add(fn);
    return () => this.phases.delete(fn);
  }

  dispose(): void {
    this.worker.terminate();
    this.ws?.close();
  }

  private setPhase(p: KernelPhase): void {
    if (this.phase === p) return;
    this.phase = p;
    for (const fn of this.phases) fn(p);
  }

  private emit(event: string, body: unknown): void {
    for (const fn of this.listeners.get(event) ?? []) fn(body);
  }

  private receive(msg: { type: string; event?: string; body?: unknown; data?: Uint8Array; request_seq?: number; success?: boolean; message?: string }): void {
    if (msg.type === "response") {
      const p = this.inflight;
      if (p && p.seq === msg.request_seq) {
        this.inflight = null;
        if (msg.success) p.resolve(msg.body ?? {});
        else p.reject(new Error(msg.message || `${p.command} failed`));
        this.pump();
      }
      return;
    }
    const event = msg.event ?? "";
    switch (event) {
      case "loaded":
        this.setPhase("booting");
        break;
      case "session":
        this.session = msg.body as Session;
        break;
      case "ready":
        this.setPhase("ready");
        break;
      case "error":
        if (this.phase !== "ready") this.setPhase("failed");
        this.toHost("error", msg.body);
        break;
      case "output": {
        const body = msg.body as Events["output"];
        const out: Output = { pid: body.pid, stream: body.stream as Output["stream"], data: msg.data ?? new Uint8Array() };
        for (const fn of this.outputs) fn(out);
        this.toHost("output", { ...body, data: base64(out.data) });
        break;
      }
      case "process":
        this.toHost("process", msg.body);
        break;
      case "log":
        this.toHost("log", msg.body);
        break;
      case "net.data":
      case "net.end":
      case "net.close":
      case "net.ack":
      case "net.resolve":
      case "net.dial":
        this.fromKernelNet(event, msg.body as { id: string }, msg.data);
        return;
    }
    this.emit(event, msg.body);
  }

  /**
   * A stream message from the kernel: the page's own streams are the
   * Preview panel's; the others (forwarded host ports "h1", outbound
   * connections "k1") belong to the host, over the WebSocket.
   */
  private fromKernelNet(event: string, body: { id: string }, data?: Uint8Array): void {
    const local = this.streams.get(body.id);
    if (local) {
      local.fromKernel(event, body, data);
      return;
    }
    if (body.id.startsWith("p")) return; // a stream the page has ended
    if (event === "net.resolve" || event === "net.dial") this.hostStreams.add(body.id);
    if (event === "net.close") this.hostStreams.delete(body.id);
    if (event === "net.data") {
      this.toHost(event, { id: body.id, data: base64(data ?? new Uint8Array()) });
      return;
    }
    if (!this.toHost(event, body) && (event === "net.resolve" || event === "net.dial")) {
      // No host to make the connection: the kernel fails it.
      const message = "the page is not connected to the wasmrun host, which makes outbound connections";
      if (event === "net.resolve") void this.netRequest("net.resolved", { id: body.id, addrs: [], error: "ENETUNREACH", message });
      else void this.netRequest("net.dialed", { id: body.id, error: "ENETUNREACH", message });
    }
  }

  /** A stream message from the host: it goes to the kernel. */
  private fromHostNet(event: string, body: Record<string, unknown> & { id: string }): void {
    switch (event) {
      case "net.accept":
        this.request("net.open", body as unknown as Commands["net.open"]["args"]).then(
          () => {
            this.hostStreams.add(body.id);
            this.toHost("net.accepted", { id: body.id });
          },
          (e: Error) => this.toHost("net.accepted", { id: body.id, error: /^E[A-Z]+/.exec(e.message)?.[0] ?? "ECONNREFUSED", message: e.message }),
        );
        break;
      case "net.data":
        void this.netRequest("net.send", body as unknown as Commands["net.send"]["args"]);
        break;
      case "net.close":
        this.hostStreams.delete(body.id);
        void this.netRequest(event, body as never);
        break;
      case "net.end":
      case "net.ack":
      case "net.resolved":
      case "net.dialed":
        void this.netRequest(event, body as never);
        break;
    }
  }

  /** Sends a stream request; a failure (the stream is gone) is nobody's to see. */
  private netRequest<C extends CommandName>(command: C, args: Commands[C]["args"]): Promise<unknown> {
    return this.request(command, args).catch(() => undefined);
  }

  openStream(port: number, from: string): NetStream {
    const id = `p${++this.streamIds}`;
    const s = new PageStream(id, (c, a) => this.netRequest(c, a), () => this.streams.delete(id));
    this.streams.set(id, s);
    s.start(this.request("net.open", { id, port, from }));
    return s;
  }

  /** The host's back-channel: output to its terminal, edits from disk. */
  private connectHost(): void {
    const url = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/api/ws`;
    let ws: WebSocket;
    try {
      ws = new WebSocket(url);
    } catch {
      return; // served statically (a CDN): no host to talk to
    }
    this.ws = ws;
    ws.onmessage = (e) => {
      let msg: { event?: string; body?: unknown };
      try {
        msg = JSON.parse(String(e.data));
      } catch {
        return;
      }
      if (msg.event === "host.file") void this.applyHostFile(msg.body as Events["host.file"]);
      if (msg.event?.startsWith("net.")) {
        this.fromHostNet(msg.event, msg.body as Record<string, unknown> & { id: string });
        return;
      }
      this.emit(msg.event ?? "", msg.body);
    };
    ws.onclose = () => {
      this.ws = null;
      // The host's ends are gone: so are its streams.
      for (const id of this.hostStreams) void this.netRequest("net.close", { id, error: "ECONNRESET", message: "the page lost the wasmrun host" });
      this.hostStreams.clear();
    };
  }

  private toHost(event: string, body: unknown): boolean {
    if (this.ws?.readyState !== WebSocket.OPEN) return false;
    this.ws.send(JSON.stringify({ event, body }));
    return true;
  }

  private pendingRestart: ReturnType<typeof setTimeout> | null = null;

  /** Writes a file changed on disk into the VM, then runs the project again. */
  private async applyHostFile(f: Events["host.file"]): Promise<void> {
    const path = `/app/${f.path}`;
    try {
      if (f.removed) await this.request("fs.remove", { path });
      else await this.request("fs.write", { path, data: f.data ?? "" });
    } catch (err) {
      this.emit("error", { message: `--watch: ${path}: ${(err as Error).message}` });
      return;
    }
    if (this.pendingRestart) clearTimeout(this.pendingRestart);
    this.pendingRestart = setTimeout(() => {
      this.pendingRestart = null;
      void this.request("run", {}).catch(() => {});
    }, 50);
  }
}

/** The window a stream may have sent and not acknowledged (knet.RelayWindow). */
const WINDOW = 64 << 10;
const CHUNK = 32 << 10;

/** A stream the page opened to a guest port: writes go out under the window. */
class PageStream implements NetStream {
  ondata: (data: Uint8Array) => void = () => {};
  onend: () => void = () => {};
  onclose: (error?: string) => void = () => {};
  opened!: Promise<void>;

  private credit = WINDOW;
  private queue: Uint8Array[] = [];
  private ending = false;
  private ended = false;
  private closed = false;

  constructor(
    readonly id: string,
    private readonly send: <C extends CommandName>(c: C, a: Commands[C]["args"]) => Promise<unknown>,
    private readonly forget: () => void,
  ) {}

  start(open: Promise<unknown>): void {
    this.opened = open.then(
      () => {
        this.isOpen = true;
        this.flush();
      },
      (e: Error) => {
        this.finish(/^E[A-Z]+/.exec(e.message)?.[0] ?? "ECONNREFUSED");
        throw e;
      },
    );
    this.opened.catch(() => {});
  }

  write(data: Uint8Array): void {
    for (let off = 0; off < data.length; off += CHUNK) this.queue.push(data.subarray(off, off + CHUNK));
    this.flush();
  }

  end(): void {
    this.ending = true;
    this.flush();
  }

  close(): void {
    if (this.closed) return;
    void this.send("net.close", { id: this.id });
    this.finish();
  }

  private isOpen = false;

  private flush(): void {
    if (this.closed || !this.isOpen) return;
    while (this.queue.length && this.credit > 0) {
      let b = this.queue[0]!;
      if (b.length > this.credit) {
        this.queue[0] = b.subarray(this.credit);
        b = b.subarray(0, this.credit);
      } else this.queue.shift();
      this.credit -= b.length;
      void this.send("net.send", { id: this.id, data: base64(b) });
    }
    if (this.ending && !this.ended && this.queue.length === 0) {
      this.ended = true;
      void this.send("net.end", { id: this.id });
    }
  }

  fromKernel(event: string, body: { id: string; n?: number; error?: string }, data?: Uint8Array): void {
    switch (event) {
      case "net.data":
        if (data?.length) {
          // Taken at once: the page holds what it reads.
          void this.send("net.ack", { id: this.id, n: data.length });
          this.ondata(data);
        }
        break;
      case "net.ack":
        this.credit = Math.min(WINDOW, this.credit + (body.n ?? 0));
        this.flush();
        break;
      case "net.end":
        this.onend();
        break;
      case "net.close":
        this.finish(body.error || undefined);
        break;
    }
  }

  private finish(error?: string): void {
    if (this.closed) return;
    this.closed = true;
    this.forget();
    this.onclose(error);
  }
}

export function createKernelClient(): KernelClient {
  return new WorkerKernelClient();
}

export { fromBase64 };
