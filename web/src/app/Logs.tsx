// The Logs panel: the kernel's structured entries (the `logs` request at
// start, then "log" events; see store.ts), filtered by level, source and
// text, following the newest unless paused, exportable as JSON and CSV.
// Rows have one height and only those in view are drawn, so thousands of
// entries scroll smoothly.
import { Fragment } from "preact";
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from "preact/hooks";
import type { KernelEntry } from "../protocol.gen";
import type { Store } from "./store";
import { Icon } from "./ui/Icon";
import { formatClock, formatCount } from "./lib/format";
import { DEFAULT_FILTER, entryMatcher, LEVELS, MAX_ENTRIES, SOURCES, toCSV, toJSON, type Level, type LogFilter } from "./lib/logs";
import { loadPref, savePref } from "./lib/storage";
import { saveBlob } from "./lib/download";

const ROW = 22; // px; keep in step with .log-row in styles.css
const OVERSCAN = 10;

interface SavedFilter {
  minLevel: Level;
  sources: string[];
}
const isSaved = (v: unknown): v is SavedFilter =>
  typeof v === "object" && v !== null && LEVELS.includes((v as SavedFilter).minLevel) && Array.isArray((v as SavedFilter).sources);

export function Logs({ store, active }: { store: Store; active: boolean }) {
  const [saved] = useState(() => loadPref<SavedFilter>("logs.filter", { minLevel: DEFAULT_FILTER.minLevel, sources: [...DEFAULT_FILTER.sources] }, isSaved));
  const [minLevel, setMinLevel] = useState<Level>(saved.minLevel);
  const [sources, setSources] = useState<ReadonlySet<string>>(new Set(saved.sources));
  const [text, setText] = useState("");
  const [follow, setFollow] = useState(true);
  const [clearedAt, setClearedAt] = useState(-1);
  const [selected, setSelected] = useState<KernelEntry | null>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const [view, setView] = useState({ top: 0, height: 400 });

  useEffect(() => savePref("logs.filter", { minLevel, sources: [...sources] }), [minLevel, sources]);

  const all = store.logs.value;
  const filter: LogFilter = { minLevel, sources, text };
  const shown = useMemo(() => {
    const match = entryMatcher(filter);
    return all.filter((e) => e.seq > clearedAt && match(e));
  }, [all, minLevel, sources, text, clearedAt]);

  // Follow the newest entry while following.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (active && follow && el) el.scrollTop = el.scrollHeight;
  }, [shown, follow, active]);

  // Track the viewport for the windowed rows.
  useEffect(() => {
    const el = scroller.current;
    if (!el || !active) return;
    const measure = () => setView({ top: el.scrollTop, height: el.clientHeight });
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    measure();
    return () => ro.disconnect();
  }, [active]);

  const onScroll = (e: Event) => {
    const el = e.currentTarget as HTMLDivElement;
    setView({ top: el.scrollTop, height: el.clientHeight });
    const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < ROW;
    if (atBottom !== follow) setFollow(atBottom);
  };

  const first = Math.max(0, Math.floor(view.top / ROW) - OVERSCAN);
  const last = Math.min(shown.length, Math.ceil((view.top + view.height) / ROW) + OVERSCAN);
  const visible = shown.slice(first, last);

  const toggleSource = (src: string) => {
    const next = new Set(sources);
    if (next.has(src)) next.delete(src);
    else next.add(src);
    setSources(next);
  };

  const stamp = () => new Date().toISOString().replace(/[:.]/g, "-").slice(0, 19);
  const name = store.session.value?.project.name ?? "wasmrun";

  return (
    <div class={`logs${active ? "" : " hidden"}`}>
      <div class="toolbar">
        <label class="search search-grow">
          <Icon name="search" size={13} />
          <input
            class="input"
            type="search"
            placeholder="Search messages, fields, pid"
            value={text}
            onInput={(e) => setText(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === "Escape" && text) {
                e.stopPropagation();
                setText("");
              }
            }}
            aria-label="Search the logs"
          />
        </label>
        <select class="select" value={minLevel} onChange={(e) => setMinLevel(e.currentTarget.value as Level)} aria-label="Lowest level shown" title="Lowest level shown">
          {LEVELS.map((l) => (
            <option key={l} value={l}>
              {l}+
            </option>
          ))}
        </select>
        <div class="chips" role="group" aria-label="Sources">
          {SOURCES.map((src) => (
            <label key={src} class={`chip${sources.has(src) ? " on" : ""}`} title={`Show entries from ${src}`}>
              <input type="checkbox" checked={sources.has(src)} onChange={() => toggleSource(src)} />
              {src}
            </label>
          ))}
        </div>
        <div class="toolbar-group">
          <span class="toolbar-meta" title={`The page keeps the newest ${formatCount(MAX_ENTRIES)} entries`}>
            {formatCount(shown.length)} / {formatCount(all.length)}
          </span>
          <button class={`btn btn-icon btn-ghost${follow ? " on" : ""}`} onClick={() => setFollow(!follow)} title={follow ? "Following the newest entries: click to pause" : "Paused: click to follow the newest entries"} aria-pressed={follow}>
            <Icon name={follow ? "follow" : "pause"} />
          </button>
          <button class="btn btn-ghost btn-small" onClick={() => saveBlob(new Blob([toJSON(shown)], { type: "application/json" }), `${name}-logs-${stamp()}.json`)} title="Download the entries shown as JSON">
            JSON
          </button>
          <button class="btn btn-ghost btn-small" onClick={() => saveBlob(new Blob([toCSV(shown)], { type: "text/csv" }), `${name}-logs-${stamp()}.csv`)} title="Download the entries shown as CSV">
            CSV
          </button>
          <button class="btn btn-icon btn-ghost" onClick={() => setClearedAt(all.length ? all[all.length - 1]!.seq : -1)} title="Clear the view (the kernel keeps its log)">
            <Icon name="clear" />
          </button>
        </div>
      </div>
      <div class="log-head" aria-hidden="true">
        <span class="log-time">time</span>
        <span class="log-level">level</span>
        <span class="log-source">source</span>
        <span class="log-pid">pid</span>
        <span class="log-message">message</span>
      </div>
      <div class="log-scroll" ref={scroller} onScroll={onScroll} role="log" aria-label="Kernel log">
        {shown.length === 0 ? (
          <div class="empty">{all.length === 0 ? "No log entries yet." : "No entry matches the filter."}</div>
        ) : (
          <div class="log-body" style={{ height: `${shown.length * ROW}px` }}>
            {visible.map((e, i) => (
              <LogRow key={e.seq} e={e} top={(first + i) * ROW} selected={selected?.seq === e.seq} onClick={() => setSelected(selected?.seq === e.seq ? null : e)} />
            ))}
          </div>
        )}
      </div>
      {!follow && shown.length > 0 && (
        <button class="btn btn-small resume" onClick={() => setFollow(true)}>
          <Icon name="follow" size={13} /> Follow newest
        </button>
      )}
      {selected && <LogDetail e={selected} onClose={() => setSelected(null)} />}
    </div>
  );
}

function LogRow({ e, top, selected, onClick }: { e: KernelEntry; top: number; selected: boolean; onClick: () => void }) {
  const fields = e.fields ? Object.entries(e.fields) : [];
  return (
    <div class={`log-row level-${e.level}${selected ? " selected" : ""}`} style={{ transform: `translateY(${top}px)` }} onClick={onClick}>
      <span class="log-time mono">{formatClock(e.time)}</span>
      <span class="log-level">
        <span class={`lvl lvl-${e.level}`}>{e.level}</span>
      </span>
      <span class="log-source">{e.source}</span>
      <span class="log-pid mono">{e.pid ?? ""}</span>
      <span class="log-message" title={e.message}>
        {e.message}
        {fields.map(([k, v]) => (
          <span class="log-field" key={k}>
            {" "}
            {k}=<span class="mono">{v}</span>
          </span>
        ))}
      </span>
    </div>
  );
}

function LogDetail({ e, onClose }: { e: KernelEntry; onClose: () => void }) {
  return (
    <div class="log-detail">
      <div class="log-detail-head">
        <span class={`lvl lvl-${e.level}`}>{e.level}</span>
        <span class="mono dim">
          #{e.seq} · {e.time} · {e.source}
          {e.pid !== undefined && ` · pid ${e.pid}`}
        </span>
        <span class="spacer" />
        <button class="btn btn-icon btn-ghost" onClick={() => void navigator.clipboard?.writeText(JSON.stringify(e, null, 2))} title="Copy as JSON">
          <Icon name="copy" size={13} />
        </button>
        <button class="btn btn-icon btn-ghost" onClick={onClose} title="Close">
          <Icon name="close" size={13} />
        </button>
      </div>
      <pre class="log-detail-message">{e.message}</pre>
      {e.fields && (
        <dl class="facts facts-tight">
          {Object.entries(e.fields).map(([k, v]) => (
            <Fragment key={k}>
              <dt>{k}</dt>
              <dd class="mono">{v}</dd>
            </Fragment>
          ))}
        </dl>
      )}
    </div>
  );
}
