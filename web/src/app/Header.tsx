// The top bar: what runs (project, language, runtime), how it is doing
// (the process badge, boot progress or timings), and the controls.
import type { Store } from "./store";
import { theme, toggleTheme } from "./theme";
import { Icon } from "./ui/Icon";
import { formatDuration, stateLabel, stateTone } from "./lib/format";
import { SHORTCUT_LABEL } from "./lib/keys";

export function Header({ store }: { store: Store }) {
  const { session, phase, current, running, ready, actions } = store;
  const s = session.value;
  const p = current.value;
  const dark = theme.value === "dark";
  return (
    <header class="header">
      <div class="brand" title={s ? `wasmrun ${s.version}` : "wasmrun"}>
        <svg class="brand-mark" viewBox="0 0 16 16" width="18" height="18" aria-hidden="true">
          <rect x="1" y="1" width="14" height="14" rx="3.5" fill="var(--accent)" />
          <path d="M4.2 5.5l1.4 5 1.4-3.6 1.4 3.6 1.4-5M11.8 5.5v5" stroke="var(--accent-fg)" stroke-width="1.3" fill="none" stroke-linecap="round" stroke-linejoin="round" />
        </svg>
        <span class="brand-name">wasmrun</span>
      </div>
      <div class="header-sep" />
      {s && (
        <div class="project">
          <span class="project-name" title={s.project.root}>
            {s.project.name}
          </span>
          <span class="project-meta" title={`${s.project.entry}: ${s.project.reason}`}>
            {s.project.language} · {s.runtime.name} {s.runtime.version} · {s.project.entry}
          </span>
        </div>
      )}
      <PhaseBadge store={store} />
      {p && phase.value === "ready" && (
        <span class={`badge badge-${stateTone(p)}`} title={p.reason || (p.blockedOn ? `blocked on ${p.blockedOn}` : `pid ${p.pid}`)}>
          <span class="dot" />
          {stateLabel(p)}
          {p.blockedOn && <span class="badge-detail">{p.blockedOn}</span>}
          <span class="badge-detail">pid {p.pid}</span>
        </span>
      )}
      <BootTimings store={store} />
      <div class="spacer" />
      <div class="controls">
        <button class="btn btn-run" disabled={!ready.value || running.value} onClick={() => void actions.run()} title={`Run the project (${SHORTCUT_LABEL.run})`}>
          <Icon name="play" /> Run
        </button>
        <button class="btn btn-stop" disabled={!running.value} onClick={() => void actions.stop()} title={`Stop the process (${SHORTCUT_LABEL.stop}, or Esc outside the console)`}>
          <Icon name="stop" /> Stop
        </button>
        <button class="btn" disabled={!ready.value || !running.value} onClick={() => void actions.restart()} title="Restart: stop the process and run the project again">
          <Icon name="restart" /> Restart
        </button>
        <button class="btn" onClick={actions.clear} title={`Clear the console (${SHORTCUT_LABEL.clear})`}>
          <Icon name="clear" /> Clear
        </button>
      </div>
      <div class="header-sep" />
      <button class="btn btn-icon" onClick={toggleTheme} title={dark ? "Switch to the light theme" : "Switch to the dark theme"} aria-label="Toggle theme">
        <Icon name={dark ? "sun" : "moon"} />
      </button>
    </header>
  );
}

const PHASE_TEXT = { loading: "loading kernel", booting: "booting", ready: "ready", failed: "boot failed" } as const;

function PhaseBadge({ store }: { store: Store }) {
  const ph = store.phase.value;
  if (ph === "ready") return null;
  const bars = Object.values(store.progress.value);
  const loaded = bars.reduce((n, b) => n + b.loaded, 0);
  const total = bars.reduce((n, b) => n + (b.total || b.loaded), 0);
  const pct = total ? Math.round((loaded / total) * 100) : 0;
  return (
    <span class={`badge badge-${ph === "failed" ? "bad" : "run"}`}>
      <span class={ph === "failed" ? "dot" : "dot dot-pulse"} />
      {PHASE_TEXT[ph]}
      {ph !== "failed" && total > 0 && <span class="badge-detail">{pct}%</span>}
    </span>
  );
}

function BootTimings({ store }: { store: Store }) {
  const t = store.timings.value;
  if (!t || store.phase.value !== "ready") return null;
  const title = [
    `kernel.wasm fetched: ${formatDuration(t.kernelFetched)}`,
    `kernel compiled and ready: ${formatDuration(t.kernelReady)}`,
    `runtime fetched: ${formatDuration(t.runtimeFetched)}`,
    `project loaded: ${formatDuration(t.projectLoaded)}`,
    t.firstOutput ? `first output: ${formatDuration(t.firstOutput)}` : "",
  ]
    .filter(Boolean)
    .join("\n");
  return (
    <span class="boot-time" title={`Since the worker started:\n${title}`}>
      booted in {formatDuration(t.projectLoaded || t.kernelReady)}
    </span>
  );
}
