// The Network panel: the kernel's network as the `status` request reports
// it (every second while the panel is in view: the effective policy, the
// forwarded ports, the listening ports, the open connections with their
// bytes), and the audit log of its decisions, from the log entries with
// source "net" (see store.ts), filterable by decision and text.
import { useMemo, useState } from "preact/hooks";
import type { NetConnInfo, NetListenerInfo, NetPortForward, NetRuleInfo, NetSnapshot } from "../protocol.gen";
import type { Store } from "./store";
import { useStatus } from "./useStatus";
import { Card, Section } from "./Kernel";
import { Icon } from "./ui/Icon";
import { formatBytes, formatClock, formatCount, formatDuration } from "./lib/format";
import {
  DECISIONS,
  decisionMatcher,
  decisions,
  formatBandwidth,
  listenSummary,
  localEnd,
  originLabel,
  outboundSummary,
  remoteEnd,
  type Decision,
  type DecisionFilter,
} from "./lib/network";

/** The audit table draws at most this many rows, the newest. */
const MAX_ROWS = 300;

export function Network({ store, active }: { store: Store; active: boolean }) {
  const { status, error } = useStatus(store, active);
  const ready = store.ready.value;
  if (!active) return null;
  if (!status) {
    return (
      <div class="kernel network">
        <div class="empty">{error ?? (ready ? "Asking the kernel…" : "The network appears once the kernel has booted.")}</div>
      </div>
    );
  }
  const n = status.network;
  return (
    <div class="kernel network">
      {error && (
        <div class="banner banner-warn">
          <Icon name="alert" size={14} /> {error} (showing the last answer)
        </div>
      )}
      {n ? (
        <NetworkState n={n} />
      ) : (
        <div class="empty net-none" data-testid="no-network">
          <p>
            <strong>No network in this kernel.</strong>
          </p>
          <p>Every open of /dev/tcp/HOST/PORT and /dev/tcp-listen/PORT fails with EACCES: guests run isolated, with no sockets at all.</p>
        </div>
      )}
      <Section title="Decisions">
        <Audit store={store} />
      </Section>
    </div>
  );
}

function NetworkState({ n }: { n: NetSnapshot }) {
  const p = n.policy;
  const byPort = new Map<number, NetPortForward[]>();
  for (const f of n.forwards) byPort.set(f.port, [...(byPort.get(f.port) ?? []), f]);
  return (
    <>
      <div class="cards">
        <Card
          label="Outbound"
          value={p.allow.length ? `${p.allow.length} allow rule${p.allow.length === 1 ? "" : "s"}` : "isolated"}
          sub={p.allow.length ? `${p.deny.length} deny · the rest stays in` : "nothing goes out"}
        />
        <Card label="Listening" value={`${n.listeners.length} port${n.listeners.length === 1 ? "" : "s"}`} sub={`${n.forwards.length} forwarded`} />
        <Card label="Connections" value={`${n.connections.length} open`} sub={`${n.open} of ${formatCount(p.maxConnections)} sockets`} />
        <Card label="Decisions" value={`${formatCount(n.denied)} denied`} tone={n.denied ? "bad" : undefined} sub={`${formatCount(n.allowed)} allowed`} />
      </div>

      <Section title="Policy">
        <dl class="facts net-policy" data-testid="net-policy">
          <dt>Outbound</dt>
          <dd>{outboundSummary(p)}</dd>
          {p.allow.length > 0 && (
            <>
              <dt>Allow</dt>
              <dd>
                <Rules rules={p.allow} kind="allow" />
              </dd>
            </>
          )}
          {p.deny.length > 0 && (
            <>
              <dt>Deny</dt>
              <dd>
                <Rules rules={p.deny} kind="deny" />
              </dd>
            </>
          )}
          <dt>Special</dt>
          <dd class="dim">loopback, private, link-local and metadata addresses only through an allow rule naming their range; deny wins</dd>
          <dt>localhost</dt>
          <dd class="dim">the VM itself: guests reach each other's ports without the policy</dd>
          <dt>Listen on</dt>
          <dd>
            {p.bindPorts ? (
              <span class="rule">
                <span class="mono">bind_ports {p.bindPorts}</span> <span class="tag">{originLabel(p.bindPortsFrom)}</span>
              </span>
            ) : null}
            {p.forwarded.map((f) => (
              <span class="rule" key={f.text}>
                <span class="mono">{f.text}</span> <span class="tag">{f.origin}</span>
              </span>
            ))}
            {!p.bindPorts && p.forwarded.length === 0 && <span class="dim">{listenSummary(p)}</span>}
          </dd>
          <dt>Limits</dt>
          <dd>
            <span class="rule">
              max_connections {formatCount(p.maxConnections)} <span class="tag">{originLabel(p.maxConnectionsFrom)}</span>
            </span>
            <span class="rule">
              bandwidth {formatBandwidth(p.bandwidth)} <span class="tag">{originLabel(p.bandwidthFrom)}</span>
            </span>
            <span class="rule">
              connect timeout {formatDuration(p.connectTimeoutMs)} <span class="tag">{originLabel(p.connectTimeoutFrom)}</span>
            </span>
          </dd>
        </dl>
      </Section>

      <Section title="Listening ports" count={n.listeners.length}>
        <Listeners listeners={n.listeners} byPort={byPort} bindable={Boolean(p.bindPorts) || p.forwarded.length > 0} />
      </Section>

      <Section title="Forwarded ports" count={n.forwards.length}>
        <Forwards forwards={n.forwards} />
      </Section>

      <Section title="Connections" count={n.connections.length}>
        <Connections conns={n.connections} />
      </Section>
    </>
  );
}

function Rules({ rules, kind }: { rules: NetRuleInfo[]; kind: "allow" | "deny" }) {
  return (
    <>
      {rules.map((r, i) => (
        <span class="rule" key={i}>
          <span class={`mono rule-${kind}`}>{r.text}</span> <span class="tag">{originLabel(r.origin)}</span>
        </span>
      ))}
    </>
  );
}

function Listeners({ listeners, byPort, bindable }: { listeners: NetListenerInfo[]; byPort: Map<number, NetPortForward[]>; bindable: boolean }) {
  if (listeners.length === 0) {
    return (
      <div class="empty empty-box">
        No guest listens.{" "}
        {bindable
          ? "A guest listens by opening /dev/tcp-listen/PORT on a port it may listen on, or on the socket it is passed."
          : "Add bind_ports in wasmrun.toml ([os.network] bind_ports = \"3000\") or run with --forward 3000, then open /dev/tcp-listen/3000."}
      </div>
    );
  }
  return (
    <table class="table net-table net-listeners" data-testid="net-listeners">
      <colgroup>
        <col class="col-port" />
        <col class="col-pid" />
        <col class="col-pending" />
        <col />
      </colgroup>
      <thead>
        <tr>
          <th class="num">Port</th>
          <th class="num">PID</th>
          <th class="num" title="Connections waiting to be accepted">Pending</th>
          <th>Reached from</th>
        </tr>
      </thead>
      <tbody>
        {listeners.map((l) => {
          const fw = byPort.get(l.port) ?? [];
          return (
            <tr key={l.port} data-testid={`listener-${l.port}`}>
              <td class="num mono">{l.port}</td>
              <td class="num mono">{l.pid || <span class="dim" title="Only the host holds it: no guest has taken it yet">host</span>}</td>
              <td class="num">{l.pending}</td>
              <td class="ellipsis">
                {fw.map((f) => (
                  <a class="mono link" href={f.url} target="_blank" rel="noreferrer" key={f.url} title={f.origin}>
                    {f.addr || f.url}
                  </a>
                ))}
                {fw.length === 0 && <span class="dim">guests in the VM (localhost:{l.port})</span>}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function Forwards({ forwards }: { forwards: NetPortForward[] }) {
  if (forwards.length === 0) {
    return (
      <div class="empty empty-box">
        No port is forwarded from the host. Run <span class="mono">wasmrun os --forward 3000</span> (or <span class="mono">--forward 3000:8080</span>) to reach
        guest port 3000 from the host's 127.0.0.1.
      </div>
    );
  }
  return (
    <table class="table net-table net-forwards" data-testid="net-forwards">
      <colgroup>
        <col class="col-port" />
        <col />
        <col class="col-by" />
      </colgroup>
      <thead>
        <tr>
          <th class="num">Guest port</th>
          <th>URL</th>
          <th>By</th>
        </tr>
      </thead>
      <tbody>
        {forwards.map((f) => (
          <tr key={`${f.port} ${f.url}`}>
            <td class="num mono">{f.port}</td>
            <td class="mono ellipsis">
              <a class="link" href={f.url} target="_blank" rel="noreferrer">
                {f.url}
              </a>
            </td>
            <td class="mono dim">{f.origin}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const DIRECTION: Record<string, string> = { in: "in", out: "out", internal: "in VM" };

function Connections({ conns }: { conns: NetConnInfo[] }) {
  if (conns.length === 0) return <div class="empty empty-box">No connection is open.</div>;
  const now = Date.now();
  return (
    <table class="table net-table net-conns" data-testid="net-connections">
      <colgroup>
        <col class="col-id" />
        <col class="col-dir" />
        <col class="col-pid" />
        <col />
        <col class="col-state" />
        <col class="col-bytes" />
        <col class="col-bytes" />
        <col class="col-age" />
      </colgroup>
      <thead>
        <tr>
          <th class="num">#</th>
          <th>Dir</th>
          <th class="num">PID</th>
          <th>Local → remote</th>
          <th>State</th>
          <th class="num" title="Bytes that arrived for the guest">In</th>
          <th class="num" title="Bytes the guest sent">Out</th>
          <th class="num">Open for</th>
        </tr>
      </thead>
      <tbody>
        {conns.map((c) => (
          <tr key={c.id} data-testid={`conn-${c.id}`}>
            <td class="num mono dim">{c.id}</td>
            <td>
              <span class={`tag tag-dir-${c.direction}`}>{DIRECTION[c.direction] ?? c.direction}</span>
            </td>
            <td class="num mono">{c.pid || <span class="dim">–</span>}</td>
            <td class="mono ellipsis" title={`${localEnd(c)} → ${remoteEnd(c)}`}>
              {localEnd(c)} <span class="dim">→</span> {remoteEnd(c)}
            </td>
            <td>
              <span class={`tag tag-state-${c.state}`} title={c.error ?? c.state}>
                {c.state}
              </span>
            </td>
            <td class="num" title={`${formatCount(c.in)} bytes`}>
              {formatBytes(c.in)}
            </td>
            <td class="num" title={`${formatCount(c.out)} bytes`}>
              {formatBytes(c.out)}
            </td>
            <td class="num dim" title={`opened ${new Date(c.opened).toLocaleTimeString()}`}>
              {formatDuration(Math.max(0, now - Date.parse(c.opened)))}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Audit({ store }: { store: Store }) {
  const [kind, setKind] = useState<DecisionFilter>("all");
  const [text, setText] = useState("");
  const logs = store.logs.value;
  const all = useMemo(() => decisions(logs), [logs]);
  const counts = useMemo(() => {
    const c = { all: all.length, allowed: 0, denied: 0 };
    for (const d of all) c[d.decision]++;
    return c;
  }, [all]);
  const shown = useMemo(() => {
    const match = decisionMatcher(kind, text);
    return all.filter(match).reverse(); // newest first
  }, [all, kind, text]);
  const rows = shown.slice(0, MAX_ROWS);
  return (
    <>
      <div class="toolbar toolbar-inline">
        <label class="search">
          <Icon name="search" size={13} />
          <input
            class="input"
            type="search"
            placeholder="Filter by target, rule, process"
            value={text}
            onInput={(e) => setText(e.currentTarget.value)}
            aria-label="Filter the network decisions"
          />
        </label>
        <div class="segmented" role="radiogroup" aria-label="Decision">
          {DECISIONS.map((d) => (
            <button key={d} class={kind === d ? "on" : ""} onClick={() => setKind(d)} role="radio" aria-checked={kind === d}>
              {d} <span class="count">{counts[d]}</span>
            </button>
          ))}
        </div>
      </div>
      <table class="table net-table net-audit" data-testid="net-decisions">
        <colgroup>
          <col class="col-time" />
          <col class="col-decision" />
          <col class="col-op" />
          <col />
          <col />
          <col class="col-by" />
        </colgroup>
        <thead>
          <tr>
            <th>Time</th>
            <th>Decision</th>
            <th>Op</th>
            <th>Target</th>
            <th>Rule</th>
            <th>By</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((d) => (
            <AuditRow key={d.seq} d={d} />
          ))}
          {shown.length === 0 && (
            <tr>
              <td colSpan={6} class="empty">
                {all.length === 0 ? "No decision yet: each connect, listen, accept and name lookup a guest asks for is logged here." : "No decision matches the filter."}
              </td>
            </tr>
          )}
        </tbody>
      </table>
      {shown.length > rows.length && (
        <div class="dim net-more">
          Showing the newest {formatCount(rows.length)} of {formatCount(shown.length)}; the Logs panel has them all.
        </div>
      )}
    </>
  );
}

function AuditRow({ d }: { d: Decision }) {
  return (
    <tr data-testid="net-decision" title={d.message}>
      <td class="mono dim">{formatClock(d.time)}</td>
      <td>
        <span class={`tag ${d.decision === "allowed" ? "tag-supported" : "tag-unsupported"}`}>{d.decision}</span>
      </td>
      <td class="mono">{d.op}</td>
      <td class="mono ellipsis" title={d.target}>
        {d.target}
      </td>
      <td class="mono wrap">{d.rule}</td>
      <td class="mono ellipsis dim" title={d.by}>
        {d.by}
      </td>
    </tr>
  );
}
