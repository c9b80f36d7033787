// The Preview panel: the app a guest serves, in an iframe on
// PREVIEW-ORIGIN/preview/PORT/, an origin of its own (this page's host
// name with the session's previewPort), which the Service Worker there
// answers through this page's kernel (src/preview/). The port picker lists
// the ports guests listen on, from the kernel's status; Reload reloads the
// frame, and "Open in new tab" shows the app in a tab of its own (served
// the same way while this page stays open).
import { useEffect, useState } from "preact/hooks";
import type { Store } from "./store";
import { useStatus } from "./useStatus";
import { previewOrigin, previewReady } from "../preview/bridge";
import { Icon } from "./ui/Icon";

export function Preview({ store, active }: { store: Store; active: boolean }) {
  const { status } = useStatus(store, active);
  const previewPort = store.session.value?.previewPort;
  const origin = previewPort ? previewOrigin(previewPort) : null;
  const ports = (status?.network?.listeners ?? []).map((l) => l.port);
  const [port, setPort] = useState<number | null>(null);
  const [sw, setSW] = useState<"waiting" | "ready" | string>("waiting");
  const [nonce, setNonce] = useState(0);

  useEffect(() => {
    if (!origin) return;
    previewReady(origin).then(
      () => setSW("ready"),
      (e: Error) => setSW(e.message),
    );
  }, [origin]);
  // The first port listened on is shown until one is picked.
  useEffect(() => {
    if (port === null && ports.length > 0) setPort(ports[0]!);
  }, [port, ports.join(",")]);

  const url = port !== null && origin ? `${origin}/preview/${port}/` : null;
  // The frame is another origin's: its location cannot be read or reloaded
  // from here; a new frame loads it again.
  const reload = () => setNonce(nonce + 1);

  return (
    <div class={`preview${active ? "" : " hidden"}`}>
      <div class="panel-bar preview-bar">
        <label class="preview-port">
          Port{" "}
          <select aria-label="Guest port" value={port ?? ""} onChange={(e) => setPort(Number((e.target as HTMLSelectElement).value))} disabled={ports.length === 0 && port === null}>
            {port !== null && !ports.includes(port) && <option value={port}>{port} (not listening)</option>}
            {ports.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </label>
        <span class="panel-meta mono preview-url">{url ?? "no port"}</span>
        <span class="spacer" />
        <button class="btn btn-small btn-ghost" onClick={reload} disabled={!url || sw !== "ready"} title="Reload the preview">
          <Icon name="refresh" /> Reload
        </button>
        <a class={`btn btn-small btn-ghost${url ? "" : " disabled"}`} href={url ?? undefined} target="_blank" rel="noopener noreferrer" title="Open the preview in a new tab (served while this page stays open)">
          Open in new tab
        </a>
      </div>
      <div class="preview-body">
        {!origin ? (
          <div class="empty">The Preview needs the wasmrun host, which serves the Preview's origin.</div>
        ) : sw !== "ready" ? (
          <div class="empty">{sw === "waiting" ? "Starting the Preview's Service Worker…" : `The Preview cannot start: ${sw}`}</div>
        ) : url === null ? (
          <div class="empty">
            No guest listens on a port yet. A server started with <span class="mono">--listen</span>, <span class="mono">--forward</span>, or on a port of{" "}
            <span class="mono">bind_ports</span> shows here.
          </div>
        ) : (
          active && (
            // Another origin than the UI's, so it cannot reach the UI; the
            // sandbox also keeps it from navigating the UI's tab.
            <iframe
              key={`${url}#${nonce}`}
              class="preview-frame"
              title={`Preview of guest port ${port}`}
              src={url}
              sandbox="allow-scripts allow-forms allow-popups allow-modals allow-same-origin"
            />
          )
        )}
      </div>
    </div>
  );
}
