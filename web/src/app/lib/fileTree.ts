// The Files panel's tree: VM paths, and the rows to draw from the directory
// listings loaded so far (fs.list answers) and the directories expanded.
import type { DirEntry } from "../../protocol.gen";

export function joinPath(dir: string, name: string): string {
  return dir.endsWith("/") ? dir + name : `${dir}/${name}`;
}

/** The directory holding path; "/" for "/" and top-level entries. */
export function parentPath(path: string): string {
  const trimmed = path.length > 1 ? path.replace(/\/+$/, "") : path;
  const i = trimmed.lastIndexOf("/");
  return i <= 0 ? "/" : trimmed.slice(0, i);
}

export function baseName(path: string): string {
  const trimmed = path.replace(/\/+$/, "");
  return trimmed.slice(trimmed.lastIndexOf("/") + 1) || "/";
}

/** Directories first, then names in natural order (file2 before file10), dotfiles with the rest. */
export function sortEntries(entries: readonly DirEntry[]): DirEntry[] {
  return [...entries].sort((a, b) => {
    const da = a.type === "dir" ? 0 : 1;
    const db = b.type === "dir" ? 0 : 1;
    if (da !== db) return da - db;
    return a.name.localeCompare(b.name, "en", { numeric: true, sensitivity: "base" }) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  });
}

export interface TreeRow {
  path: string;
  name: string;
  depth: number;
  type: string;
  size: number;
  mtime: number;
  /** A directory shown open. */
  expanded: boolean;
  /** An open directory whose listing has not arrived yet. */
  loading: boolean;
}

/**
 * The rows to draw under root: each listed entry, and under each expanded
 * directory its own entries, depth first. Directories not yet listed show as
 * loading when expanded.
 */
export function visibleRows(root: string, listings: ReadonlyMap<string, readonly DirEntry[]>, expanded: ReadonlySet<string>): TreeRow[] {
  const rows: TreeRow[] = [];
  const walk = (dir: string, depth: number) => {
    const entries = listings.get(dir);
    if (!entries) return;
    for (const e of sortEntries(entries)) {
      const path = joinPath(dir, e.name);
      const isDir = e.type === "dir";
      const open = isDir && expanded.has(path);
      rows.push({ path, name: e.name, depth, type: e.type, size: e.size, mtime: e.mtime, expanded: open, loading: open && !listings.has(path) });
      if (open) walk(path, depth + 1);
    }
  };
  walk(root, 0);
  return rows;
}

/**
 * The listed directories to list again after a "changed" event: each one
 * that holds a changed path, or is one. Removed directories are listed too;
 * their failure drops them.
 */
export function dirsToRefresh(changed: readonly string[], listed: Iterable<string>): string[] {
  const want = new Set<string>();
  for (const p of changed) {
    want.add(parentPath(p));
    want.add(p.length > 1 ? p.replace(/\/+$/, "") : p);
  }
  return [...listed].filter((d) => want.has(d));
}

/** Forgets a directory's listing and those of everything under it. */
export function dropListings<T>(listings: ReadonlyMap<string, T>, dir: string): Map<string, T> {
  const prefix = dir.endsWith("/") ? dir : dir + "/";
  return new Map([...listings].filter(([p]) => p !== dir && !p.startsWith(prefix)));
}
