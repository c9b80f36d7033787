// Keyboard shortcuts, and how tooltips name them on this platform.

export const isMac = /Mac|iPhone|iPad/.test(globalThis.navigator?.platform ?? "");

/** "Ctrl+Enter" or "⌘Enter": the label of Ctrl/Cmd + key. */
export function modKey(key: string): string {
  return isMac ? `⌘${key}` : `Ctrl+${key}`;
}

/** The primary modifier is down: Cmd on macOS, Ctrl elsewhere (either is accepted). */
export function hasMod(e: KeyboardEvent): boolean {
  return e.ctrlKey || e.metaKey;
}

export type Shortcut = "run" | "stop" | "clear";

/** The UI's shortcut a key press means, if any. */
export function shortcutOf(e: KeyboardEvent): Shortcut | null {
  if (!hasMod(e) || e.altKey) return null;
  if (e.key === "Enter") return "run";
  if (e.key === ".") return "stop";
  if (e.key === "k" || e.key === "K") return "clear";
  return null;
}

export const SHORTCUT_LABEL: Record<Shortcut, string> = {
  run: modKey("Enter"),
  stop: modKey("."),
  clear: modKey("K"),
};
