// The UI's end of the Preview panel. The previewed app runs at the
// Preview's origin (this page's host name with the session's previewPort),
// not the UI's, so that it cannot reach the UI's documents, its kernel or
// the host's API as the UI. A bridge page there (public/preview-bridge.html,
// served at /preview/bridge.html, framed hidden by the UI) registers the
// Service Worker (public/preview-sw.js, /preview/sw.js, scope /preview/)
// and passes each request the worker hands it on to this page with
// postMessage and a MessagePort. This page checks where each message comes
// from and what it is, writes the request to a new connection to the
// guest's port through the kernel (KernelClient.openStream), and streams
// the guest's HTTP/1.1 response back to the worker on the port.
//
// The app shares its origin with the bridge, so it can post what the
// bridge posts: a request for a guest's port, which it could make with
// fetch anyway. Nothing else is taken from that origin.
import type { KernelClient } from "../kernel/types";
import { encodeRequest, isPreviewRequest, ResponseParser, type PreviewRequest } from "./http";

/** The Preview's origin: this page's, with the Preview's port. */
export function previewOrigin(port: number): string {
  const u = new URL(location.href);
  u.port = String(port);
  return u.origin;
}

/** How long the bridge may take to register and start the Service Worker. */
const READY_MS = 20_000;

let bridge: { origin: string; frame: HTMLIFrameElement; ready: Promise<void> } | null = null;

/**
 * Frames the bridge page of the Preview's origin (once) and resolves once
 * its Service Worker is active; rejects with why it cannot be (no Service
 * Worker support, registration refused).
 */
export function previewReady(origin: string): Promise<void> {
  if (bridge?.origin === origin) return bridge.ready;
  bridge?.frame.remove();
  const frame = document.createElement("iframe");
  frame.hidden = true;
  frame.title = "wasmrun Preview bridge";
  // Scripts (it registers the worker) at its own origin (where the worker
  // is); nothing else: no forms, popups or navigation of the UI.
  frame.setAttribute("sandbox", "allow-scripts allow-same-origin");
  frame.src = `${origin}/preview/bridge.html?ui=${encodeURIComponent(location.origin)}`;
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`the Preview's bridge at ${origin} did not start within ${READY_MS / 1000} s`)), READY_MS);
    const onMessage = (e: MessageEvent) => {
      if (e.origin !== origin || e.source !== frame.contentWindow) return;
      const d = e.data as { type?: unknown; error?: unknown };
      if (d?.type === "wasmrun.preview.ready") done();
      else if (d?.type === "wasmrun.preview.failed") done(new Error(typeof d.error === "string" ? d.error : "the Preview's Service Worker did not start"));
    };
    const done = (err?: Error) => {
      clearTimeout(timer);
      window.removeEventListener("message", onMessage);
      if (err) reject(err);
      else resolve();
    };
    window.addEventListener("message", onMessage);
  });
  document.body.append(frame);
  bridge = { origin, frame, ready };
  return ready;
}

let requests = 0;

/**
 * Answers the requests the Preview's bridge posts with client's kernel;
 * returns the way to stop. A message is taken only from the bridge's
 * window, at the Preview's origin, and only as a PreviewRequest with one
 * MessagePort to answer on.
 */
export function startPreviewBridge(client: KernelClient): () => void {
  const onMessage = (e: MessageEvent) => {
    if (!bridge || e.origin !== bridge.origin || e.source !== bridge.frame.contentWindow) return;
    if (!isPreviewRequest(e.data) || e.ports.length !== 1) return;
    answer(client, e.data, e.ports[0]!);
  };
  window.addEventListener("message", onMessage);
  return () => window.removeEventListener("message", onMessage);
}

function answer(client: KernelClient, req: PreviewRequest, port: MessagePort): void {
  const s = client.openStream(req.port, `preview #${++requests}`);
  let answered = false;
  let ctrl: ReadableStreamDefaultController<Uint8Array> | null = null;
  const fail = (status: number, error: string) => {
    if (!answered) {
      answered = true;
      port.postMessage({ status, error });
    } else ctrl?.error(new Error(error));
    s.close();
  };
  const parser = new ResponseParser(req.method, {
    head(h) {
      answered = true;
      const body = new ReadableStream<Uint8Array>({ start: (c) => void (ctrl = c) });
      const nullBody = req.method === "HEAD" || [204, 205, 304].includes(h.status);
      port.postMessage({ status: h.status, statusText: h.statusText, headers: h.headers, body: nullBody ? null : body }, nullBody ? [] : [body as unknown as Transferable]);
    },
    body(chunk) {
      ctrl?.enqueue(chunk);
    },
    done() {
      try {
        ctrl?.close();
      } catch {
        /* already closed */
      }
      s.close();
    },
    error(message) {
      fail(502, `wasmrun: guest port ${req.port} answered ${req.method} ${req.target} with something the Preview cannot read: ${message}`);
    },
  });
  s.ondata = (b) => parser.push(b);
  s.onend = () => parser.end();
  let open = false;
  s.onclose = (err) => {
    if (!open) return; // refused: said below
    if (!parser.finished) {
      if (err) fail(502, `wasmrun: the connection to guest port ${req.port} failed (${err})`);
      else parser.end();
    }
  };
  s.opened.then(
    () => {
      open = true;
      s.write(encodeRequest(req.method, req.target, req.headers, req.body, `localhost:${req.port}`));
    },
    (e: Error) => {
      const refused = /ECONNREFUSED/.test(e.message);
      fail(502, refused ? `wasmrun: nothing listens on guest port ${req.port} in the VM (start a server on it, or pick a port the kernel lists)` : `wasmrun: guest port ${req.port}: ${e.message}`);
    },
  );
}
