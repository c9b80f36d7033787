// The Preview panel's Service Worker, served at the Preview's origin
// (http://localhost:PORT, not the UI's) at /preview/sw.js with scope
// /preview/, registered by the bridge page the UI frames hidden
// (/preview/bridge.html). Each request for /preview/PORT/PATH goes to the
// bridge, which passes it to the UI's page with postMessage; the UI hands it
// to the kernel as a connection to the guest's port PORT and answers on the
// MessagePort with what the guest's server sent (web/src/preview/bridge.ts).
// The app so runs in an origin of its own: it cannot reach the UI's
// documents, kernel or API. Responses made here carry the headers a
// document framed by the cross-origin isolated UI needs: it declares
// Cross-Origin-Embedder-Policy, and lets the UI's origin embed it.
"use strict";

const ANSWER_MS = 60_000;

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (e) => e.waitUntil(self.clients.claim()));

self.addEventListener("fetch", (e) => {
  const url = new URL(e.request.url);
  if (url.origin !== self.location.origin) return;
  const m = /^\/preview\/(\d{1,5})(\/.*)?$/.exec(url.pathname);
  if (!m) return;
  const port = Number(m[1]);
  if (!m[2]) {
    // /preview/3000 -> /preview/3000/, so that the app's relative links resolve under it.
    e.respondWith(Response.redirect(url.pathname + "/" + url.search, 302));
    return;
  }
  e.respondWith(relay(e.request, port, m[2] + url.search));
});

function isolate(headers) {
  headers.set("Cross-Origin-Embedder-Policy", "require-corp");
  headers.set("Cross-Origin-Resource-Policy", "cross-origin");
  return headers;
}

function text(status, message) {
  return new Response(message + "\n", {
    status,
    headers: isolate(new Headers({ "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" })),
  });
}

/**
 * The bridge page framed by a wasmrun UI, whose kernel serves the guest.
 * The browser shows this worker only the windows of its own partition:
 * those under the UI's tabs, never a tab opened on this origin by itself.
 */
async function findBridge() {
  const all = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  const bridges = all.filter((c) => new URL(c.url).pathname === "/preview/bridge.html");
  return bridges.find((c) => c.focused) ?? bridges[bridges.length - 1] ?? null;
}

async function relay(request, port, target) {
  const bridge = await findBridge();
  if (!bridge) return text(503, `wasmrun: no wasmrun UI runs guest port ${port} here: open the app in the UI's Preview panel (a tab of its own cannot reach the UI's kernel)`);
  const body = request.method === "GET" || request.method === "HEAD" ? null : new Uint8Array(await request.arrayBuffer());
  const ch = new MessageChannel();
  const answer = new Promise((resolve) => {
    ch.port1.onmessage = (m) => resolve(m.data);
    setTimeout(() => resolve({ status: 504, error: `wasmrun: guest port ${port} did not answer within ${ANSWER_MS / 1000} s` }), ANSWER_MS);
  });
  bridge.postMessage(
    { type: "wasmrun.preview", port, method: request.method, target, headers: [...request.headers], body },
    [ch.port2],
  );
  const a = await answer;
  if (a.error) return text(a.status || 502, a.error);
  return new Response(a.body, { status: a.status, statusText: a.statusText, headers: isolate(new Headers(a.headers)) });
}
