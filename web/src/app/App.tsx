// The page: header, the Console beside (or above) the Files / Kernel /
// Network / Logs panels, and a status bar. Also where the keyboard shortcuts live.
import { useEffect, useMemo, useState } from "preact/hooks";
import { useSignalEffect } from "@preact/signals";
import type { KernelClient } from "../kernel/types";
import type { KernelEntry } from "../protocol.gen";
import { createStore, type Store } from "./store";
import { Header } from "./Header";
import { Console } from "./Console";
import { Files } from "./Files";
import { Kernel } from "./Kernel";
import { Logs } from "./Logs";
import { Network } from "./Network";
import { Preview } from "./Preview";
import { startPreviewBridge } from "../preview/bridge";
import { StatusBar } from "./StatusBar";
import { Toasts } from "./Toasts";
import { BootScreen } from "./BootScreen";
import { SplitPane } from "./ui/SplitPane";
import { shortcutOf, SHORTCUT_LABEL } from "./lib/keys";
import { loadPref, savePref } from "./lib/storage";
import { levelRank } from "./lib/logs";

/** Makes a client; called again by Retry after a failed boot. */
export function Root({ connect }: { connect: () => KernelClient }) {
  const [{ client, generation }, setClient] = useState(() => ({ client: connect(), generation: 0 }));
  const store = useMemo(() => createStore(client), [client]);
  useEffect(() => () => store.dispose(), [store]);
  useEffect(() => startPreviewBridge(client), [client]);
  useEffect(() => {
    const bye = () => client.dispose();
    window.addEventListener("pagehide", bye);
    return () => window.removeEventListener("pagehide", bye);
  }, [client]);
  const retry = () => {
    client.dispose();
    setClient({ client: connect(), generation: generation + 1 });
  };
  return <App key={generation} store={store} onRetry={retry} />;
}

const TABS = ["files", "kernel", "network", "preview", "logs"] as const;
type Tab = (typeof TABS)[number];
const TAB_LABEL: Record<Tab, string> = { files: "Files", kernel: "Kernel", network: "Network", preview: "Preview", logs: "Logs" };
const isTab = (v: unknown): v is Tab => TABS.includes(v as Tab);

/** Below this width the Console goes above the panels instead of beside them. */
const NARROW = 900;

function App({ store, onRetry }: { store: Store; onRetry: () => void }) {
  const [tab, setTab] = useState<Tab>(() => loadPref("tab", "files", isTab));
  const narrow = useNarrow();
  useShortcuts(store);

  useSignalEffect(() => {
    const s = store.session.value;
    document.title = s ? `${s.project.name} · wasmrun` : "wasmrun";
  });

  const choose = (t: Tab) => {
    setTab(t);
    savePref("tab", t);
  };

  return (
    <div class="app" data-phase={store.phase.value}>
      <Header store={store} />
      <main class="workspace">
        <SplitPane id={narrow ? "main-stacked" : "main"} direction={narrow ? "column" : "row"} initial={0.5} minFirst={260} minSecond={narrow ? 200 : 360}>
          <section class="panel console-panel" aria-label="Console">
            <ConsoleBar store={store} />
            <div class="console-body">
              <Console store={store} />
              <BootScreen store={store} onRetry={onRetry} />
            </div>
          </section>
          <section class="panel side-panel">
            <div class="tabs" role="tablist">
              {TABS.map((t) => (
                <button key={t} role="tab" aria-selected={tab === t} class={`tab${tab === t ? " on" : ""}`} onClick={() => choose(t)}>
                  {TAB_LABEL[t]}
                  {t === "logs" && <LogBadge store={store} seen={tab === "logs"} />}
                  {t === "kernel" && <ProcBadge store={store} />}
                  {t === "network" && <DeniedBadge store={store} seen={tab === "network"} />}
                </button>
              ))}
            </div>
            <div class="tab-body">
              <Files store={store} active={tab === "files"} />
              <Kernel store={store} active={tab === "kernel"} />
              <Network store={store} active={tab === "network"} />
              <Preview store={store} active={tab === "preview"} />
              <Logs store={store} active={tab === "logs"} />
            </div>
          </section>
        </SplitPane>
      </main>
      <StatusBar store={store} />
      <Toasts store={store} />
    </div>
  );
}

function ConsoleBar({ store }: { store: Store }) {
  const p = store.current.value;
  return (
    <div class="panel-bar">
      <span class="panel-title">Console</span>
      {p && (
        <span class="panel-meta mono" title={p.argv.join(" ")}>
          {p.argv.join(" ")}
        </span>
      )}
      <span class="spacer" />
      <span class="panel-hint" title="stdin is line-buffered here: the line is sent on Enter">
        {store.running.value ? "Enter sends a line · ^C stops · ^D ends input" : `${SHORTCUT_LABEL.run} runs · ${SHORTCUT_LABEL.clear} clears`}
      </span>
    </div>
  );
}

/**
 * The log entries that arrived since a tab was last open (none while it is
 * open), newest first: what its badge counts.
 */
function useUnseenLogs(store: Store, seen: boolean): KernelEntry[] {
  const [seenSeq, setSeenSeq] = useState(0);
  const logs = store.logs.value;
  const lastSeq = logs.length ? logs[logs.length - 1]!.seq : 0;
  useEffect(() => {
    if (seen) setSeenSeq(lastSeq);
  }, [seen, lastSeq]);
  const out: KernelEntry[] = [];
  if (seen) return out;
  for (let i = logs.length - 1; i >= 0 && logs[i]!.seq > seenSeq; i--) out.push(logs[i]!);
  return out;
}

/** Warnings and errors logged since the Logs tab was last open. */
function LogBadge({ store, seen }: { store: Store; seen: boolean }) {
  let warn = 0;
  let err = 0;
  for (const e of useUnseenLogs(store, seen)) {
    const r = levelRank(e.level);
    if (r >= 3) err++;
    else if (r === 2) warn++;
  }
  if (!warn && !err) return null;
  return (
    <span class={`tab-badge ${err ? "tab-badge-bad" : "tab-badge-warn"}`} title={`${err} error(s), ${warn} warning(s) since you last looked`}>
      {err + warn}
    </span>
  );
}

/** Network decisions denied since the Network tab was last open. */
function DeniedBadge({ store, seen }: { store: Store; seen: boolean }) {
  const denied = useUnseenLogs(store, seen).filter((e) => e.source === "net" && e.fields?.decision === "denied").length;
  if (!denied) return null;
  return (
    <span class="tab-badge tab-badge-bad" title={`${denied} connection(s) or listener(s) denied since you last looked`}>
      {denied}
    </span>
  );
}

function ProcBadge({ store }: { store: Store }) {
  return store.running.value ? <span class="tab-dot" title="A process is running" /> : null;
}

function useNarrow() {
  const [narrow, setNarrow] = useState(() => window.innerWidth < NARROW);
  useEffect(() => {
    const on = () => setNarrow(window.innerWidth < NARROW);
    window.addEventListener("resize", on);
    return () => window.removeEventListener("resize", on);
  }, []);
  return narrow;
}

function useShortcuts(store: Store) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const sc = shortcutOf(e);
      if (sc) {
        e.preventDefault();
        if (sc === "run") void (store.running.value ? store.actions.restart() : store.ready.value && store.actions.run());
        else if (sc === "stop") void store.actions.stop();
        else store.actions.clear();
        return;
      }
      if (e.key === "Escape" && !e.defaultPrevented && store.running.value && !inTextField(e.target)) {
        e.preventDefault();
        void store.actions.stop();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [store]);
}

/** The console's own textarea counts too: Esc there belongs to the program. */
function inTextField(t: EventTarget | null): boolean {
  if (!(t instanceof HTMLElement)) return false;
  return t.isContentEditable || t.closest("input, textarea, select, .terminal") !== null;
}
