// The Files panel: the VM's file tree (fs.list; never the host's disk),
// kept live by "changed" events, and an editor that saves into the VM.
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "preact/hooks";
import type { DirEntry } from "../protocol.gen";
import type { Store } from "./store";
import { Icon } from "./ui/Icon";
import { SplitPane } from "./ui/SplitPane";
import { base64ToBytes, decodeText, textToBase64 } from "./lib/bytes";
import { baseName, dirsToRefresh, dropListings, joinPath, parentPath, visibleRows, type TreeRow } from "./lib/fileTree";
import { formatBytes, formatClock } from "./lib/format";
import { saveBlob } from "./lib/download";

const ROOT = "/";
const HOME = "/app";
/** Files larger than this open as "download only". */
const MAX_EDIT_BYTES = 2 << 20;
const CHANGE_DEBOUNCE_MS = 200;
const FRESH_MS = 1500;

export function Files({ store, active }: { store: Store; active: boolean }) {
  const { client, call, ready } = store;
  const [listings, setListings] = useState<ReadonlyMap<string, readonly DirEntry[]>>(new Map());
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set([HOME]));
  const [selected, setSelected] = useState<string | null>(null);
  const [creating, setCreating] = useState<{ dir: string; kind: "file" | "dir" } | null>(null);
  const [changedPaths, setChangedPaths] = useState<{ paths: string[]; at: number }>({ paths: [], at: 0 });
  /** Paths just changed, highlighted for a moment. */
  const [fresh, setFresh] = useState<ReadonlySet<string>>(new Set());
  const listingsRef = useRef(listings);
  listingsRef.current = listings;

  const list = useCallback(
    async (dir: string, quiet = false) => {
      try {
        const body = await client.request("fs.list", { path: dir });
        setListings((m) => new Map(m).set(dir, body.entries));
      } catch (e) {
        setListings((m) => dropListings(m, dir));
        if (!quiet) store.toast(e instanceof Error ? e.message : String(e));
      }
    },
    [client],
  );

  // First listing once the kernel is ready (and again after a reboot).
  useEffect(() => {
    if (!ready.value) return;
    void list(ROOT);
    for (const d of expanded) void list(d, true);
  }, [ready.value]);

  // Live: list again the directories a change touched, a moment after the
  // last change of a burst.
  useEffect(() => {
    let pending = new Set<string>();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let fade: ReturnType<typeof setTimeout> | undefined;
    const off = client.on("changed", (e) => {
      for (const p of e.paths) pending.add(p);
      clearTimeout(timer);
      timer = setTimeout(() => {
        const paths = [...pending];
        pending = new Set();
        for (const d of dirsToRefresh(paths, listingsRef.current.keys())) void list(d, true);
        setChangedPaths({ paths, at: Date.now() });
        setFresh(new Set(paths));
        clearTimeout(fade);
        fade = setTimeout(() => setFresh(new Set()), FRESH_MS);
      }, CHANGE_DEBOUNCE_MS);
    });
    return () => {
      off();
      clearTimeout(timer);
      clearTimeout(fade);
    };
  }, [client, list]);

  const rows = useMemo(() => visibleRows(ROOT, listings, expanded), [listings, expanded]);

  const toggle = (row: TreeRow) => {
    const next = new Set(expanded);
    if (next.has(row.path)) next.delete(row.path);
    else {
      next.add(row.path);
      void list(row.path);
    }
    setExpanded(next);
  };

  const targetDir = () => {
    if (!selected) return HOME;
    const row = rows.find((r) => r.path === selected);
    return row?.type === "dir" ? row.path : parentPath(selected);
  };

  const create = async (name: string) => {
    if (!creating) return;
    const path = joinPath(creating.dir, name);
    const ok = creating.kind === "dir" ? await call("fs.mkdir", { path }) : await call("fs.write", { path, data: "" });
    setCreating(null);
    if (!ok) return;
    setExpanded((s) => new Set(s).add(creating.dir));
    await list(creating.dir, true);
    setSelected(path);
  };

  const remove = async (row: TreeRow) => {
    if (!confirm(`Remove ${row.path} from the VM?${row.type === "dir" ? " (only an empty directory can be removed)" : ""}`)) return;
    if (await call("fs.remove", { path: row.path })) {
      if (selected === row.path) setSelected(null);
      void list(parentPath(row.path), true);
    }
  };

  const download = async (path: string) => {
    const body = await call("fs.read", { path });
    if (body) saveBlob(new Blob([base64ToBytes(body.data)]), baseName(path));
  };

  const archive = async (path: string) => {
    const body = await call("fs.archive", { path });
    if (!body) return;
    const name = path === "/" ? `${store.session.value?.project.name ?? "vm"}-vfs.zip` : `${baseName(path)}.zip`;
    saveBlob(new Blob([base64ToBytes(body.data)], { type: "application/zip" }), name);
    store.toast(`${name}: ${body.files} file${body.files === 1 ? "" : "s"}`, "info");
  };

  const openFile = selected && rows.find((r) => r.path === selected)?.type !== "dir" ? selected : null;

  return (
    <div class={`files${active ? "" : " hidden"}`}>
      <SplitPane id="files" direction="row" initial={0.36} minFirst={160} minSecond={240}>
        <div class="tree-pane">
          <div class="toolbar">
            <span class="toolbar-title">VM files</span>
            <span class="spacer" />
            <button class="btn btn-icon btn-ghost" title={`New file in ${targetDir()}`} disabled={!ready.value} onClick={() => setCreating({ dir: targetDir(), kind: "file" })}>
              <Icon name="newFile" />
            </button>
            <button class="btn btn-icon btn-ghost" title={`New folder in ${targetDir()}`} disabled={!ready.value} onClick={() => setCreating({ dir: targetDir(), kind: "dir" })}>
              <Icon name="newFolder" />
            </button>
            <button class="btn btn-icon btn-ghost" title="List again" disabled={!ready.value} onClick={() => [ROOT, ...expanded].forEach((d) => void list(d))}>
              <Icon name="refresh" />
            </button>
            <button class="btn btn-ghost btn-small" title="Download /app (the project in the VM) as a zip" disabled={!ready.value} onClick={() => void archive(HOME)}>
              <Icon name="archive" /> /app
            </button>
            <button class="btn btn-ghost btn-small" title="Download the whole VFS (/) as a zip" disabled={!ready.value} onClick={() => void archive(ROOT)}>
              <Icon name="archive" /> /
            </button>
          </div>
          <div class="tree" role="tree" aria-label="VM files">
            {creating && <NewEntry kind={creating.kind} dir={creating.dir} onDone={create} onCancel={() => setCreating(null)} />}
            {rows.length === 0 && !creating && <div class="empty">{ready.value ? "Listing…" : "The file tree appears once the kernel has booted."}</div>}
            {rows.map((row) => (
              <TreeItem
                key={row.path}
                row={row}
                selected={row.path === selected}
                fresh={fresh.has(row.path)}
                onClick={() => {
                  setSelected(row.path);
                  if (row.type === "dir") toggle(row);
                }}
                onDownload={() => void download(row.path)}
                onRemove={() => void remove(row)}
              />
            ))}
          </div>
        </div>
        {openFile ? (
          <Editor key={openFile} store={store} path={openFile} changed={changedPaths} onDownload={() => void download(openFile)} />
        ) : (
          <div class="editor editor-empty">
            <div class="empty">
              <p>Open a file from the tree to read or edit it.</p>
              <p class="empty-dim">
                These are the VM's files: saving writes into the VM, never to your disk. The project is under <code>/app</code>.
              </p>
              <Skipped store={store} />
            </div>
          </div>
        )}
      </SplitPane>
    </div>
  );
}

/** The project files the host left out of the VM, and why. */
function Skipped({ store }: { store: Store }) {
  const skipped = store.session.value?.project.skipped ?? [];
  if (skipped.length === 0) return null;
  return (
    <details class="skipped" data-testid="skipped-files">
      <summary>
        {skipped.length} project {skipped.length === 1 ? "file was" : "files were"} left out of the VM
      </summary>
      <ul>
        {skipped.slice(0, 200).map((s) => (
          <li key={s.path}>
            <code>{s.path}</code>: {s.reason}
          </li>
        ))}
        {skipped.length > 200 ? <li>and {skipped.length - 200} more (wasmrun os -v lists them all)</li> : null}
      </ul>
    </details>
  );
}

function TreeItem(props: { row: TreeRow; selected: boolean; fresh: boolean; onClick: () => void; onDownload: () => void; onRemove: () => void }) {
  const { row } = props;
  const dir = row.type === "dir";
  return (
    <div
      class={`tree-row${props.selected ? " selected" : ""}${props.fresh ? " fresh" : ""}`}
      role="treeitem"
      aria-expanded={dir ? row.expanded : undefined}
      aria-selected={props.selected}
      style={{ paddingLeft: `${6 + row.depth * 14}px` }}
      onClick={props.onClick}
      title={`${row.path}${dir ? "" : ` · ${formatBytes(row.size)}`} · modified ${formatClock(new Date(row.mtime))}`}
    >
      <span class="tree-twisty">{dir && <Icon name={row.expanded ? "chevronDown" : "chevronRight"} size={12} />}</span>
      <Icon name={dir ? (row.expanded ? "folderOpen" : "folder") : row.type === "device" ? "device" : "file"} class={dir ? "icon-folder" : "icon-file"} size={14} />
      <span class="tree-name">{row.name}</span>
      {row.loading && <span class="tree-size">…</span>}
      {!dir && row.type !== "device" && <span class="tree-size">{formatBytes(row.size)}</span>}
      <span class="tree-actions">
        {!dir && row.type !== "device" && (
          <button
            class="btn btn-icon btn-ghost"
            title={`Download ${row.name}`}
            onClick={(e) => {
              e.stopPropagation();
              props.onDownload();
            }}
          >
            <Icon name="download" size={14} />
          </button>
        )}
        <button
          class="btn btn-icon btn-ghost"
          title={`Remove ${row.name}`}
          onClick={(e) => {
            e.stopPropagation();
            props.onRemove();
          }}
        >
          <Icon name="trash" size={14} />
        </button>
      </span>
    </div>
  );
}

function NewEntry({ kind, dir, onDone, onCancel }: { kind: "file" | "dir"; dir: string; onDone: (name: string) => void; onCancel: () => void }) {
  const input = useRef<HTMLInputElement>(null);
  // Focus at once (not after the next frame), so no typed key is lost.
  useLayoutEffect(() => input.current?.focus(), []);
  return (
    <form
      class="tree-new"
      onSubmit={(e) => {
        e.preventDefault();
        const name = input.current!.value.trim();
        if (name && !name.includes("/")) onDone(name);
      }}
    >
      <Icon name={kind === "dir" ? "folder" : "file"} size={14} />
      <input
        ref={input}
        class="input input-small"
        placeholder={`new ${kind === "dir" ? "folder" : "file"} in ${dir}`}
        aria-label={`Name of the new ${kind === "dir" ? "folder" : "file"} in ${dir}`}
        onKeyDown={(e) => {
          if (e.key === "Escape") {
            e.stopPropagation();
            onCancel();
          }
        }}
        onBlur={onCancel}
      />
    </form>
  );
}

type Loaded = { kind: "text"; text: string; size: number } | { kind: "binary"; size: number } | { kind: "large"; size: number } | { kind: "error"; message: string };

function Editor({ store, path, changed, onDownload }: { store: Store; path: string; changed: { paths: string[]; at: number }; onDownload: () => void }) {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [text, setText] = useState("");
  const [stale, setStale] = useState(false);
  const [saving, setSaving] = useState(false);
  const escaped = useRef(false);
  const gutter = useRef<HTMLDivElement>(null);
  const dirty = loaded?.kind === "text" && text !== loaded.text;

  const load = useCallback(async () => {
    try {
      const body = await store.client.request("fs.read", { path });
      if (body.size > MAX_EDIT_BYTES) return setLoaded({ kind: "large", size: body.size });
      const bytes = base64ToBytes(body.data);
      const t = decodeText(bytes);
      if (t === null) return setLoaded({ kind: "binary", size: bytes.length });
      setLoaded({ kind: "text", text: t, size: bytes.length });
      setText(t);
      setStale(false);
    } catch (e) {
      setLoaded({ kind: "error", message: e instanceof Error ? e.message : String(e) });
    }
  }, [path]);

  useEffect(() => void load(), [load]);

  // The program wrote the open file: reload it, unless there are unsaved edits.
  useEffect(() => {
    if (!changed.paths.includes(path) || saving) return;
    if (dirty) setStale(true);
    else void load();
  }, [changed]);

  const save = async () => {
    if (loaded?.kind !== "text") return;
    setSaving(true);
    const ok = await store.call("fs.write", { path, data: textToBase64(text) });
    setSaving(false);
    if (ok) {
      setLoaded({ kind: "text", text, size: new TextEncoder().encode(text).length });
      setStale(false);
    }
  };

  const lines = useMemo(() => {
    let n = 1;
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
    return n;
  }, [text]);

  return (
    <div class="editor">
      <div class="toolbar">
        <Icon name="file" size={14} class="icon-file" />
        <span class="editor-path" title={path}>
          {path}
        </span>
        {dirty && <span class="dirty-dot" title="Unsaved changes" />}
        <span class="toolbar-meta">{loaded && "size" in loaded ? formatBytes(loaded.size) : ""}</span>
        <span class="spacer" />
        {loaded?.kind === "text" && (
          <>
            <button class="btn btn-small" disabled={!dirty} onClick={() => setText(loaded.text)} title="Drop the unsaved changes">
              <Icon name="revert" /> Revert
            </button>
            <button class="btn btn-small btn-primary" disabled={!dirty || saving} onClick={() => void save()} title="Write into the VM (Ctrl+S)">
              <Icon name="save" /> Save
            </button>
          </>
        )}
        <button class="btn btn-icon btn-ghost" onClick={onDownload} title={`Download ${baseName(path)}`}>
          <Icon name="download" />
        </button>
      </div>
      {stale && (
        <div class="banner banner-warn">
          <Icon name="alert" size={14} /> The program changed this file since you opened it.
          <button class="btn btn-small" onClick={() => void load()}>
            Load theirs
          </button>
          <button class="btn btn-small btn-ghost" onClick={() => setStale(false)}>
            Keep mine
          </button>
        </div>
      )}
      {loaded === null && <div class="empty">Reading {path}…</div>}
      {loaded?.kind === "error" && <div class="empty empty-bad">{loaded.message}</div>}
      {(loaded?.kind === "binary" || loaded?.kind === "large") && (
        <div class="empty">
          <p>
            {loaded.kind === "binary" ? "A binary file" : "Too large to edit here"} ({formatBytes(loaded.size)}).
          </p>
          <button class="btn" onClick={onDownload}>
            <Icon name="download" /> Download
          </button>
        </div>
      )}
      {loaded?.kind === "text" && (
        <div class="code">
          <div class="code-gutter" ref={gutter} aria-hidden="true">
            {Array.from({ length: lines }, (_, i) => (
              <div key={i}>{i + 1}</div>
            ))}
          </div>
          <textarea
            class="code-text"
            value={text}
            spellcheck={false}
            autocomplete="off"
            autocapitalize="off"
            wrap="off"
            aria-label={`Contents of ${path}`}
            onInput={(e) => setText(e.currentTarget.value)}
            onScroll={(e) => {
              if (gutter.current) gutter.current.scrollTop = e.currentTarget.scrollTop;
            }}
            onKeyDown={(e) => {
              const afterEscape = escaped.current;
              escaped.current = e.key === "Escape";
              if (e.key === "Escape") e.stopPropagation(); // Esc here is not Stop
              if ((e.ctrlKey || e.metaKey) && e.key === "s") {
                e.preventDefault();
                void save();
              } else if (e.key === "Tab" && !afterEscape && !e.shiftKey && !e.ctrlKey && !e.metaKey && !e.altKey) {
                // Tab indents, as in any code editor (Esc then Tab leaves).
                e.preventDefault();
                const el = e.currentTarget;
                el.setRangeText("    ", el.selectionStart, el.selectionEnd, "end");
                setText(el.value);
              }
            }}
          />
        </div>
      )}
    </div>
  );
}
