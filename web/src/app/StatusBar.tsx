// The bottom line: facts worth a glance without opening a panel.
import type { Store } from "./store";
import { formatBytes } from "./lib/format";

export function StatusBar({ store }: { store: Store }) {
  const s = store.session.value;
  const isolated = store.client.crossOriginIsolated;
  const procs = store.processes.value;
  const live = procs.filter((p) => p.state === "running" || p.state === "blocked" || p.state === "starting").length;
  return (
    <footer class="statusbar">
      <span class={`status-item status-phase status-${store.phase.value}`}>
        <span class="dot" /> kernel {store.phase.value}
      </span>
      <span
        class={`status-item ${isolated ? "" : "status-warn"}`}
        title={isolated ? "SharedArrayBuffer and Atomics.wait are available: stdin, Stop and live panels work while a guest runs" : "Not cross-origin isolated: SharedArrayBuffer is unavailable, so the kernel cannot be reached while a guest runs. Serve the page with COOP/COEP headers."}
      >
        {isolated ? "cross-origin isolated" : "not isolated"}
      </span>
      <span class="status-item">
        {procs.length} process{procs.length === 1 ? "" : "es"}
        {live > 0 && `, ${live} live`}
      </span>
      <span class="spacer" />
      {s && (
        <>
          <span class="status-item" title="Limits of the guest in the browser">
            memory ≤ {formatBytes(s.limits.maxMemory)} · files ≤ {formatBytes(s.limits.maxFs)}
            {s.limits.timeoutMs > 0 && ` · ${s.limits.timeoutMs / 1000} s`}
          </span>
          {s.watch && (
            <span class="status-item" title="wasmrun os --watch: edits on disk are copied into the VM and restart the process">
              watching {s.project.root}
            </span>
          )}
          <span class="status-item">wasmrun {s.version}</span>
        </>
      )}
    </footer>
  );
}
