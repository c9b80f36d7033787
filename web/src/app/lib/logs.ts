// The Logs panel's model: which entries a filter keeps, how the retained
// entries grow without bound, and the JSON and CSV exports.
import type { KernelEntry } from "../../protocol.gen";

export const LEVELS = ["debug", "info", "warn", "error"] as const;
export type Level = (typeof LEVELS)[number];

/** The kernel's log sources (kernel.Source). */
export const SOURCES = ["kernel", "wasi", "fs", "process", "net", "host"] as const;

/** How many entries the page keeps; older ones are dropped. */
export const MAX_ENTRIES = 5000;

/** A level's rank; an unknown level ranks as info, so it is not hidden by default. */
export function levelRank(level: string): number {
  const i = LEVELS.indexOf(level as Level);
  return i < 0 ? 1 : i;
}

export interface LogFilter {
  /** Entries below this level are hidden. */
  minLevel: Level;
  /** Sources shown; a source not in SOURCES is always shown. */
  sources: ReadonlySet<string>;
  /** Words that must all appear (case-insensitive) in the entry. */
  text: string;
}

export const DEFAULT_FILTER: LogFilter = { minLevel: "info", sources: new Set(SOURCES), text: "" };

/** The text search looks at: level, source, pid, message and fields. */
export function searchText(e: KernelEntry): string {
  let s = `${e.level} ${e.source} ${e.pid ?? ""} ${e.message}`;
  if (e.fields) for (const [k, v] of Object.entries(e.fields)) s += ` ${k}=${v}`;
  return s.toLowerCase();
}

/** Returns a predicate for entries the filter keeps. */
export function entryMatcher(filter: LogFilter): (e: KernelEntry) => boolean {
  const min = levelRank(filter.minLevel);
  const words = filter.text.toLowerCase().split(/\s+/).filter(Boolean);
  const known = new Set<string>(SOURCES);
  return (e) => {
    if (levelRank(e.level) < min) return false;
    if (known.has(e.source) && !filter.sources.has(e.source)) return false;
    if (words.length === 0) return true;
    const hay = searchText(e);
    return words.every((w) => hay.includes(w));
  };
}

export function filterEntries(entries: readonly KernelEntry[], filter: LogFilter): KernelEntry[] {
  return entries.filter(entryMatcher(filter));
}

/**
 * Adds entries to the retained ones, in seq order, skipping those already
 * held (the `logs` response and the "log" events overlap at start), and keeps
 * the newest cap entries. Returns the same array when nothing was added.
 */
export function appendEntries(held: readonly KernelEntry[], incoming: readonly KernelEntry[], cap = MAX_ENTRIES): readonly KernelEntry[] {
  if (incoming.length === 0) return held;
  const last = held.length ? held[held.length - 1]!.seq : -Infinity;
  let next: KernelEntry[];
  if (incoming.every((e, i) => e.seq > last && (i === 0 || e.seq > incoming[i - 1]!.seq))) {
    next = held.concat(incoming); // the usual case: newer entries, in order
  } else {
    const bySeq = new Map<number, KernelEntry>();
    for (const e of held) bySeq.set(e.seq, e);
    let added = false;
    for (const e of incoming) {
      if (!bySeq.has(e.seq)) {
        bySeq.set(e.seq, e);
        added = true;
      }
    }
    if (!added) return held;
    next = [...bySeq.values()].sort((a, b) => a.seq - b.seq);
  }
  return next.length > cap ? next.slice(next.length - cap) : next;
}

/** The entries as a JSON array, as the kernel sent them. */
export function toJSON(entries: readonly KernelEntry[]): string {
  return JSON.stringify(entries, null, 2) + "\n";
}

const CSV_COLUMNS = ["seq", "time", "level", "source", "pid", "message", "fields"] as const;

/** The entries as RFC 4180 CSV (CRLF rows, quoted where needed); fields as k=v pairs. */
export function toCSV(entries: readonly KernelEntry[]): string {
  const rows = [CSV_COLUMNS.join(",")];
  for (const e of entries) {
    const fields = e.fields
      ? Object.entries(e.fields)
          .map(([k, v]) => `${k}=${v}`)
          .join(" ")
      : "";
    rows.push([String(e.seq), e.time, e.level, e.source, e.pid === undefined ? "" : String(e.pid), e.message, fields].map(csvCell).join(","));
  }
  return rows.join("\r\n") + "\r\n";
}

/** Quotes a CSV cell when it holds a comma, a quote, a line break or edge spaces. */
export function csvCell(s: string): string {
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
