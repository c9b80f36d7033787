// Remembered UI preferences (panel sizes, theme, tab, log filters) in
// localStorage, under one prefix. Storage can be missing or full (private
// windows, quotas): preferences then just do not stick.
const PREFIX = "wasmrun.";

export function loadPref<T>(key: string, fallback: T, valid: (v: unknown) => v is T = (v): v is T => typeof v === typeof fallback): T {
  try {
    const raw = globalThis.localStorage?.getItem(PREFIX + key);
    if (raw == null) return fallback;
    const v: unknown = JSON.parse(raw);
    return valid(v) ? v : fallback;
  } catch {
    return fallback;
  }
}

export function savePref(key: string, value: unknown): void {
  try {
    globalThis.localStorage?.setItem(PREFIX + key, JSON.stringify(value));
  } catch {
    // not remembered; nothing else to do
  }
}

export function clearPref(key: string): void {
  try {
    globalThis.localStorage?.removeItem(PREFIX + key);
  } catch {
    // as above
  }
}
