// Over the Console until the kernel is ready: download progress while
// kernel.wasm and the runtime arrive, or why the boot failed and a Retry.
import type { Store } from "./store";
import { Icon } from "./ui/Icon";
import { formatBytes } from "./lib/format";

const STEPS: { what: string; label: string }[] = [
  { what: "kernel", label: "kernel.wasm" },
  { what: "runtime", label: "runtime" },
  { what: "project", label: "project files" },
];

export function BootScreen({ store, onRetry }: { store: Store; onRetry: () => void }) {
  const ph = store.phase.value;
  const error = store.bootError.value;
  if (error || ph === "failed") {
    return (
      <div class="boot boot-failed" role="alert">
        <div class="boot-card">
          <div class="boot-title">
            <Icon name="alert" size={18} /> The kernel could not boot
          </div>
          <pre class="boot-message">{error ?? "The kernel failed to boot."}</pre>
          <div class="boot-actions">
            <button class="btn btn-primary" onClick={onRetry}>
              <Icon name="restart" /> Retry
            </button>
            <span class="boot-hint">The Logs panel may say more.</span>
          </div>
        </div>
      </div>
    );
  }
  if (ph === "ready") return null;
  const progress = store.progress.value;
  const s = store.session.value;
  return (
    <div class="boot">
      <div class="boot-card">
        <div class="boot-title">{ph === "loading" ? "Loading the kernel…" : `Booting ${s?.project.name ?? "the project"}…`}</div>
        {STEPS.map(({ what, label }) => {
          const p = progress[what];
          const pct = p ? (p.total ? Math.min(100, (p.loaded / p.total) * 100) : 100) : 0;
          const name = what === "runtime" && s ? `${s.runtime.name} ${s.runtime.version}` : label;
          return (
            <div class={`boot-step${p ? "" : " boot-step-waiting"}`} key={what}>
              <div class="boot-step-head">
                <span>{name}</span>
                <span class="boot-step-size">{p ? (p.total ? `${formatBytes(p.loaded)} / ${formatBytes(p.total)}` : formatBytes(p.loaded)) : "waiting"}</span>
              </div>
              <div class="progress" role="progressbar" aria-label={name} aria-valuenow={Math.round(pct)} aria-valuemin={0} aria-valuemax={100}>
                <div class={`progress-bar${p && !p.total ? " progress-indeterminate" : ""}`} style={{ width: `${pct}%` }} />
              </div>
            </div>
          );
        })}
      </div>
    </div>
  );
}
