// The Kernel panel: what the kernel says of itself (the `status` request,
// every second while the panel is in view): processes, VFS, runtime, boot
// timings and the WASI support table.
import { Fragment, type ComponentChildren } from "preact";
import { useMemo, useState } from "preact/hooks";
import type { KernelInfo, StatusBody, Timings } from "../protocol.gen";
import type { Store } from "./store";
import { useStatus } from "./useStatus";
import { Icon } from "./ui/Icon";
import { formatBytes, formatCount, formatDuration, formatNanos, shortHash, stateLabel, stateTone } from "./lib/format";

export function Kernel({ store, active }: { store: Store; active: boolean }) {
  const { status, error } = useStatus(store, active);
  const ready = store.ready.value;

  if (!active) return null;
  if (!status) {
    return <div class="kernel">{<div class="empty">{error ?? (ready ? "Asking the kernel…" : "The kernel's status appears once it has booted.")}</div>}</div>;
  }
  const s = status;
  const live = s.processes.filter((p) => p.state === "running" || p.state === "blocked" || p.state === "starting");
  const isolated = store.client.crossOriginIsolated;
  const usagePct = s.usage.maxBytes ? (s.usage.bytes / s.usage.maxBytes) * 100 : 0;
  return (
    <div class="kernel">
      {error && (
        <div class="banner banner-warn">
          <Icon name="alert" size={14} /> {error} (showing the last answer)
        </div>
      )}
      <div class="cards">
        <Card label="Uptime" value={formatDuration(s.uptimeMs)} />
        <Card label="Processes" value={`${live.length} live`} sub={`${s.processes.length} in the table`} />
        <Card label="VFS" value={formatBytes(s.usage.bytes)} sub={`${formatCount(s.usage.inodes)} inodes${s.usage.maxBytes ? ` · ${usagePct < 1 ? "<1" : usagePct.toFixed(0)}% used` : ""}`} />
        <Card
          label="Cross-origin"
          value={isolated ? "isolated" : "not isolated"}
          tone={isolated ? "ok" : "bad"}
          sub={isolated ? "COOP + COEP" : "COOP/COEP missing"}
        />
      </div>

      <Section title="Processes" count={s.processes.length}>
        <ProcessTable processes={s.processes} />
      </Section>

      <Section title="Boot">
        <BootTimeline t={s.timings} />
      </Section>

      <Section title="Runtime">
        <dl class="facts">
          <dt>Runtime</dt>
          <dd>
            {s.runtime.name} {s.runtime.version} <span class="dim">({s.runtime.language})</span>
          </dd>
          <dt>Entry</dt>
          <dd class="mono">{s.entry}</dd>
          <dt>Size</dt>
          <dd>{formatBytes(s.runtime.size)}</dd>
          <dt>License</dt>
          <dd>{s.runtime.license || "–"}</dd>
          <dt>sha256</dt>
          <dd class="mono hash">
            <span title={s.runtime.sha256}>{s.runtime.sha256}</span>
            <button class="btn btn-icon btn-ghost" title="Copy the sha256" onClick={() => void navigator.clipboard?.writeText(s.runtime.sha256)}>
              <Icon name="copy" size={13} />
            </button>
          </dd>
        </dl>
      </Section>

      <Section title="File systems" count={s.mounts.length}>
        <div class="usage">
          <div class="progress progress-thin">
            <div class={`progress-bar${usagePct > 85 ? " progress-bad" : ""}`} style={{ width: `${Math.max(usagePct, 0.5)}%` }} />
          </div>
          <span class="dim">
            {formatBytes(s.usage.bytes)} of {s.usage.maxBytes ? formatBytes(s.usage.maxBytes) : "no limit"} in memory · {formatCount(s.usage.inodes)} inodes
          </span>
        </div>
        <table class="table">
          <thead>
            <tr>
              <th>Mount</th>
              <th>Source</th>
              <th>Mode</th>
            </tr>
          </thead>
          <tbody>
            {s.mounts.map((m) => (
              <tr key={m.path}>
                <td class="mono">{m.path}</td>
                <td>{m.source}</td>
                <td>{m.readOnly ? <span class="tag">read-only</span> : <span class="dim">read-write</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>

      <Section title="WASI preview1" count={s.wasi.length}>
        <WasiTable fns={s.wasi} />
      </Section>
    </div>
  );
}

export function Card({ label, value, sub, tone }: { label: string; value: string; sub?: string; tone?: "ok" | "bad" }) {
  return (
    <div class="card">
      <div class="card-label">{label}</div>
      <div class={`card-value${tone ? ` tone-${tone}` : ""}`}>{value}</div>
      {sub && <div class="card-sub">{sub}</div>}
    </div>
  );
}

export function Section({ title, count, children }: { title: string; count?: number; children: ComponentChildren }) {
  return (
    <section class="section">
      <h3 class="section-title">
        {title}
        {count !== undefined && <span class="count">{count}</span>}
      </h3>
      {children}
    </section>
  );
}

function ProcessTable({ processes }: { processes: KernelInfo[] }) {
  const [open, setOpen] = useState<number | null>(null);
  const rows = [...processes].reverse().map(withLists); // newest first
  if (rows.length === 0) return <div class="empty">No process has run yet.</div>;
  return (
    <table class="table proc-table">
      <colgroup>
        <col class="col-pid" />
        <col class="col-ppid" />
        <col />
        <col class="col-state" />
        <col class="col-mem" />
        <col class="col-sys" />
        <col class="col-fds" />
      </colgroup>
      <thead>
        <tr>
          <th class="num">PID</th>
          <th class="num">PPID</th>
          <th>Command</th>
          <th>State</th>
          <th class="num" title="Linear memory">Memory</th>
          <th class="num" title="WASI calls made">Syscalls</th>
          <th class="num" title="Open file descriptors">FDs</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((p) => {
          const total = Object.values(p.syscalls).reduce((a, b) => a + b, 0);
          const isOpen = open === p.pid;
          return (
            <Fragment key={p.pid}>
              <tr data-testid={`process-${p.pid}`} class={`clickable${isOpen ? " open" : ""}`} onClick={() => setOpen(isOpen ? null : p.pid)} title="Show syscalls and open files">
                <td class="num mono">
                  <Icon name={isOpen ? "chevronDown" : "chevronRight"} size={11} class="twisty" />
                  {p.pid}
                </td>
                <td class="num mono dim">{p.ppid}</td>
                <td class="mono ellipsis" title={p.argv.join(" ")}>
                  {p.argv.join(" ")}
                </td>
                <td>
                  <span class={`badge badge-small badge-${stateTone(p)}`} title={p.state === "exited" ? `exit code ${p.exitCode}` : p.state}>
                    <span class="dot" />
                    {stateLabel(p)}
                  </span>
                  {p.blockedOn && (
                    <span class="state-detail mono" title={`blocked on ${p.blockedOn}`}>
                      {p.blockedOn}
                    </span>
                  )}
                  {p.state === "killed" && (
                    <span class="state-detail" title={`${p.reason ?? "killed"}, exit code ${p.exitCode}`}>
                      code {p.exitCode}
                      {p.reason && ` · ${p.reason}`}
                    </span>
                  )}
                  {p.state === "trapped" && p.reason && (
                    <span class="state-detail" title={p.reason}>
                      {p.reason}
                    </span>
                  )}
                </td>
                <td class="num">{formatBytes(p.memory)}</td>
                <td class="num">{formatCount(total)}</td>
                <td class="num">{p.fds.length}</td>
              </tr>
              {isOpen && (
                <tr class="detail-row">
                  <td colSpan={7}>
                    <ProcessDetail p={p} />
                  </td>
                </tr>
              )}
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
}

/** The kernel sends null for an empty list (Go's nil slice: an ended
 * process has no open fds): make them lists, so that rendering never throws. */
function withLists(p: KernelInfo): KernelInfo {
  return { ...p, argv: p.argv ?? [], env: p.env ?? [], fds: p.fds ?? [], syscalls: p.syscalls ?? {} };
}

function ProcessDetail({ p }: { p: KernelInfo }) {
  const calls = Object.entries(p.syscalls).sort((a, b) => b[1] - a[1]);
  const max = calls[0]?.[1] ?? 1;
  return (
    <div class="proc-detail">
      <div>
        <h4>Syscalls by function</h4>
        {calls.length === 0 && <div class="dim">none yet</div>}
        <div class="syscalls">
          {calls.map(([name, n]) => (
            <div class="syscall" key={name}>
              <span class="mono">{name}</span>
              <span class="syscall-bar">
                <span style={{ width: `${(n / max) * 100}%` }} />
              </span>
              <span class="num">{formatCount(n)}</span>
            </div>
          ))}
        </div>
      </div>
      <div>
        <h4>Open files</h4>
        {p.fds.length === 0 && <div class="dim">none</div>}
        {p.fds.map((f) => (
          <div class="fd mono" key={f.fd}>
            <span class="fd-num">{f.fd}</span>
            <span class="dim">{f.kind}</span>
            <span>{f.path ?? ""}</span>
          </div>
        ))}
        <h4>Process</h4>
        <dl class="facts facts-tight">
          <dt>cwd</dt>
          <dd class="mono">{p.cwd}</dd>
          <dt>CPU</dt>
          <dd title="Time running guest code">{formatNanos(p.cpuTime)}</dd>
          <dt>started</dt>
          <dd>{new Date(p.started).toLocaleTimeString()}</dd>
          {p.ended && (
            <>
              <dt>ran</dt>
              <dd>{formatDuration(Date.parse(p.ended) - Date.parse(p.started))}</dd>
            </>
          )}
          <dt>env</dt>
          <dd class="mono env">{p.env.length ? p.env.join("\n") : <span class="dim">empty</span>}</dd>
        </dl>
      </div>
    </div>
  );
}

const MILESTONES: { key: keyof Timings; label: string }[] = [
  { key: "kernelFetched", label: "kernel.wasm fetched" },
  { key: "kernelReady", label: "kernel compiled, started" },
  { key: "runtimeFetched", label: "runtime fetched" },
  { key: "projectLoaded", label: "project loaded" },
  { key: "firstOutput", label: "first output" },
];

/** The boot's milestones as a waterfall: each bar runs from the previous milestone to its own. */
function BootTimeline({ t }: { t: Timings }) {
  const end = Math.max(...MILESTONES.map((m) => t[m.key]), 1);
  let prev = 0;
  return (
    <div class="timeline">
      {MILESTONES.map(({ key, label }) => {
        const at = t[key];
        const from = Math.min(prev, at);
        if (at) prev = at;
        return (
          <div class="timeline-row" key={key}>
            <span class="timeline-label">{label}</span>
            <span class="timeline-track">
              {at > 0 && <span class={`timeline-bar timeline-${key}`} style={{ left: `${(from / end) * 100}%`, width: `${Math.max(((at - from) / end) * 100, 0.6)}%` }} />}
            </span>
            <span class="timeline-value num">{at > 0 ? formatDuration(at) : <span class="dim">–</span>}</span>
          </div>
        );
      })}
      <div class="timeline-note dim">milliseconds since the worker started · compile = {formatDuration(Math.max(0, t.kernelReady - t.kernelFetched))}</div>
    </div>
  );
}

const SUPPORTS = ["supported", "partial", "unsupported"] as const;

function WasiTable({ fns }: { fns: StatusBody["wasi"] }) {
  const [text, setText] = useState("");
  const [level, setLevel] = useState<string>("all");
  const counts = useMemo(() => {
    const c: Record<string, number> = {};
    for (const f of fns) c[f.support] = (c[f.support] ?? 0) + 1;
    return c;
  }, [fns]);
  const q = text.trim().toLowerCase();
  const shown = fns.filter((f) => (level === "all" || f.support === level) && (!q || `${f.name} ${f.signature} ${f.note}`.toLowerCase().includes(q)));
  return (
    <>
      <div class="toolbar toolbar-inline">
        <label class="search">
          <Icon name="search" size={13} />
          <input class="input" type="search" placeholder="Filter functions" value={text} onInput={(e) => setText(e.currentTarget.value)} aria-label="Filter WASI functions" />
        </label>
        <div class="segmented" role="radiogroup" aria-label="Support level">
          <button class={level === "all" ? "on" : ""} onClick={() => setLevel("all")} role="radio" aria-checked={level === "all"}>
            all <span class="count">{fns.length}</span>
          </button>
          {SUPPORTS.map((s) => (
            <button key={s} class={level === s ? "on" : ""} onClick={() => setLevel(s)} role="radio" aria-checked={level === s}>
              {s} <span class="count">{counts[s] ?? 0}</span>
            </button>
          ))}
        </div>
      </div>
      <table class="table wasi-table">
        <colgroup>
          <col class="col-fn" />
          <col class="col-support" />
          <col />
        </colgroup>
        <thead>
          <tr>
            <th>Function</th>
            <th>Support</th>
            <th>Note</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((f) => (
            <tr key={f.name}>
              <td class="mono" title={f.signature}>
                <div>{f.name}</div>
                <div class="signature" title={f.signature}>
                  {f.signature.slice(f.name.length)}
                </div>
              </td>
              <td>
                <span class={`tag tag-${f.support}`}>{f.support}</span>
              </td>
              <td class="note">{f.note || <span class="dim">–</span>}</td>
            </tr>
          ))}
          {shown.length === 0 && (
            <tr>
              <td colSpan={3} class="empty">
                No function matches.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </>
  );
}
