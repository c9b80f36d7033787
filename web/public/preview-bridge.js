// The Preview's bridge, at the Preview's origin (http://localhost:PORT),
// served at /preview/bridge.html and framed hidden by the wasmrun UI
// (web/src/preview/bridge.ts): it registers the Preview's Service Worker
// (/preview/sw.js, scope /preview/), which a page can do for its own origin
// only, and passes each request the worker hands it to the UI with
// postMessage, with the MessagePort the UI answers the worker on.
//
// Messages go to the UI's origin only, named by ?ui=: the browser delivers
// them only if the parent is at that origin, and the host lets only the
// UI's origins frame this page (frame-ancestors). The UI takes nothing
// from here but requests for guest ports, which it checks.
"use strict";

const ui = new URLSearchParams(location.search).get("ui");

function tell(message, transfer = []) {
  parent.postMessage(message, ui, transfer);
}

async function register() {
  if (!("serviceWorker" in navigator)) throw new Error("this browser has no Service Workers, which the Preview panel needs");
  const reg = await navigator.serviceWorker.register("/preview/sw.js", { scope: "/preview/" });
  const sw = reg.active ?? reg.waiting ?? reg.installing;
  if (!sw) throw new Error("the Preview's Service Worker did not install");
  if (sw.state === "activated") return;
  await new Promise((resolve, reject) => {
    sw.addEventListener("statechange", () => {
      if (sw.state === "activated") resolve();
      if (sw.state === "redundant") reject(new Error("the Preview's Service Worker was replaced before it started"));
    });
  });
}

if (ui && parent !== window) {
  navigator.serviceWorker?.addEventListener("message", (e) => {
    if (e.origin !== location.origin || e.data?.type !== "wasmrun.preview" || e.ports.length !== 1) return;
    tell(e.data, [e.ports[0]]);
  });
  navigator.serviceWorker?.startMessages();
  register().then(
    () => tell({ type: "wasmrun.preview.ready" }),
    (err) => tell({ type: "wasmrun.preview.failed", error: String(err?.message ?? err) }),
  );
}
