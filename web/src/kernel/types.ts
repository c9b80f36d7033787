// The page's view of the kernel worker. The UI talks to the kernel only
// through this interface; web/src/kernel/client.ts implements it over the
// worker (postMessage out, a SharedArrayBuffer mailbox in).
import type { Commands, CommandName, Events, EventName, Session } from "../protocol.gen";

/** Where the kernel is in its life. */
export type KernelPhase =
  | "loading" // fetching and compiling kernel.wasm
  | "booting" // loading the project and the runtime
  | "ready" // booted; a process may be running
  | "failed"; // boot failed: see the "error" event

/** A guest output chunk, as the Console receives it. */
export interface Output {
  pid: number;
  stream: "stdout" | "stderr";
  data: Uint8Array;
}

export interface KernelClient {
  /** The host's session: project, runtime, limits. Known once booting. */
  readonly session: Session | null;
  readonly phase: KernelPhase;
  /** True when the page is cross-origin isolated (SharedArrayBuffer works). */
  readonly crossOriginIsolated: boolean;

  /** Sends a request; resolves with its body, rejects with its message. */
  request<C extends CommandName>(command: C, args: Commands[C]["args"]): Promise<Commands[C]["body"]>;

  /** Types into the running process's stdin (what a terminal would send). */
  writeStdin(data: Uint8Array | string): void;

  /** Subscribes to an event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, fn: (body: Events[E]) => void): () => void;
  /** Guest output, with its bytes. */
  onOutput(fn: (out: Output) => void): () => void;
  /** Phase changes. */
  onPhase(fn: (phase: KernelPhase) => void): () => void;

  /**
   * Opens a connection to the guest's listening port (the Preview panel):
   * `from` names the client in the kernel's log.
   */
  openStream(port: number, from: string): NetStream;

  /** Stops the worker for good (page unload). */
  dispose(): void;
}

/** A connection from the page to a guest's port, through the kernel. */
export interface NetStream {
  readonly id: string;
  /** Resolves once the kernel took the connection; rejects with why not. */
  readonly opened: Promise<void>;
  /** Sends bytes to the guest (queued under the stream's window). */
  write(data: Uint8Array): void;
  /** Stops writing: the guest reads the end of the stream. */
  end(): void;
  /** Ends the connection. */
  close(): void;
  /** Bytes the guest sent. */
  ondata: (data: Uint8Array) => void;
  /** The guest stopped writing. */
  onend: () => void;
  /** The connection ended: error is an errno name when it failed. */
  onclose: (error?: string) => void;
}
