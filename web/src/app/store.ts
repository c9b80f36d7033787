// The page's state that more than one panel reads: the kernel's phase and
// session, download progress, boot timings, the process table as "process"
// events tell it, the retained log entries, and toasts. Each panel keeps
// its own view state; this is only what they share.
import { batch, computed, signal } from "@preact/signals";
import type { Commands, CommandName, KernelEntry, KernelInfo, ProgressEvent, Session, Timings } from "../protocol.gen";
import type { KernelClient, KernelPhase } from "../kernel/types";
import { isLive } from "./lib/format";
import { appendEntries } from "./lib/logs";

export interface Toast {
  id: number;
  tone: "error" | "info";
  text: string;
}

export interface ConsoleControl {
  clear(): void;
  focus(): void;
}

const MAX_PROCESSES = 50;
const TOAST_MS = 6000;

export type Store = ReturnType<typeof createStore>;

export function createStore(client: KernelClient) {
  const phase = signal<KernelPhase>(client.phase);
  const session = signal<Session | null>(client.session);
  const progress = signal<Record<string, ProgressEvent>>({});
  const timings = signal<Timings | null>(null);
  const bootError = signal<string | null>(null);
  /** Processes by pid, oldest first, as the "process" events left them. */
  const processes = signal<readonly KernelInfo[]>([]);
  const logs = signal<readonly KernelEntry[]>([]);
  const toasts = signal<readonly Toast[]>([]);

  /** The newest process: the one the Console and the header show. */
  const current = computed(() => {
    const ps = processes.value;
    return ps.length ? ps[ps.length - 1]! : null;
  });
  const running = computed(() => isLive(current.value));
  const ready = computed(() => phase.value === "ready");

  let toastId = 0;
  function toast(text: string, tone: Toast["tone"] = "error") {
    const t = { id: ++toastId, tone, text };
    toasts.value = [...toasts.value, t].slice(-4);
    setTimeout(() => dismiss(t.id), TOAST_MS);
  }
  function dismiss(id: number) {
    toasts.value = toasts.value.filter((t) => t.id !== id);
  }

  /** Sends a request; a failure becomes a toast and resolves to undefined. */
  async function call<C extends CommandName>(command: C, args: Commands[C]["args"]): Promise<Commands[C]["body"] | undefined> {
    try {
      return await client.request(command, args);
    } catch (e) {
      toast(errorText(e, command));
      return undefined;
    }
  }

  function upsertProcess(info: KernelInfo) {
    const ps = processes.value;
    const i = ps.findIndex((p) => p.pid === info.pid);
    if (i >= 0) {
      const next = ps.slice();
      next[i] = info;
      processes.value = next;
    } else {
      const next = [...ps, info].sort((a, b) => a.pid - b.pid);
      processes.value = next.length > MAX_PROCESSES ? next.slice(next.length - MAX_PROCESSES) : next;
    }
  }

  // What the header and the shortcuts ask of the Console, which binds it.
  let terminal: ConsoleControl | null = null;

  const actions = {
    /** Runs the project; the Console takes the focus, ready for input. */
    run: async () => {
      const body = await call("run", {});
      if (body) terminal?.focus();
      return body;
    },
    stop: (reason = "stopped from the UI") => (running.value ? call("stop", { reason }) : Promise.resolve(undefined)),
    /** Run while one runs restarts it: the kernel kills the old process first. */
    restart: () => actions.run(),
    closeStdin: () => call("stdin.close", {}),
    clear: () => terminal?.clear(),
    bindConsole(c: ConsoleControl) {
      terminal = c;
      return () => {
        if (terminal === c) terminal = null;
      };
    },
  };

  let logsLoaded = false;
  async function loadLogs() {
    if (logsLoaded) return;
    logsLoaded = true;
    try {
      const body = await client.request("logs", {});
      logs.value = appendEntries(logs.value, body.entries);
    } catch {
      logsLoaded = false; // events still arrive; the next phase change tries again
    }
  }

  // Log events come in bursts (one per syscall at debug level): gather them
  // and update the signal once a frame.
  let pendingLogs: KernelEntry[] = [];
  let cancelFlush: (() => void) | null = null;
  function queueLog(e: KernelEntry) {
    pendingLogs.push(e);
    cancelFlush ??= nextFrame(() => {
      cancelFlush = null;
      const arrived = pendingLogs;
      pendingLogs = [];
      logs.value = appendEntries(logs.value, arrived);
    });
  }

  const subs = [
    client.onPhase((p) =>
      batch(() => {
        phase.value = p;
        session.value = client.session;
        if (p === "failed" && !bootError.value) bootError.value = "The kernel failed to boot, and said nothing more.";
        if (p === "booting" || p === "ready") void loadLogs();
      }),
    ),
    client.on("progress", (e) => (progress.value = { ...progress.value, [e.what]: e })),
    client.on("ready", (t) =>
      batch(() => {
        timings.value = t;
        session.value = client.session;
      }),
    ),
    client.on("error", (e) => {
      if (phase.value === "ready") toast(e.message);
      else bootError.value = e.message;
    }),
    client.on("process", upsertProcess),
    client.on("log", queueLog),
  ];
  if (phase.value === "booting" || phase.value === "ready") void loadLogs();

  function dispose() {
    subs.forEach((off) => off());
    terminal = null;
    cancelFlush?.();
  }

  return {
    client,
    phase,
    session,
    progress,
    timings,
    bootError,
    processes,
    current,
    running,
    ready,
    logs,
    toasts,
    toast,
    dismiss,
    call,
    actions,
    dispose,
  };
}

export function errorText(e: unknown, command?: string): string {
  const msg = e instanceof Error ? e.message : String(e);
  return command && !msg.startsWith(command) ? `${command}: ${msg}` : msg;
}

// Runs fn on the next frame, or after a short timer in a hidden tab (where
// frames stop); returns the cancel function.
function nextFrame(fn: () => void): () => void {
  if (document.hidden) {
    const t = setTimeout(fn, 250);
    return () => clearTimeout(t);
  }
  const f = requestAnimationFrame(fn);
  return () => cancelAnimationFrame(f);
}
