// Light or dark: follows prefers-color-scheme until the user picks one with
// the toggle, which is then remembered.
import { signal } from "@preact/signals";
import { loadPref, savePref } from "./lib/storage";

export type Theme = "light" | "dark";

const isTheme = (v: unknown): v is Theme => v === "light" || v === "dark";
const media = globalThis.matchMedia?.("(prefers-color-scheme: dark)");
const chosen = loadPref<Theme | null>("theme", null, (v): v is Theme | null => v === null || isTheme(v));

export const theme = signal<Theme>(chosen ?? (media?.matches ? "dark" : "light"));

let followsSystem = chosen === null;
media?.addEventListener("change", (e) => {
  if (followsSystem) theme.value = e.matches ? "dark" : "light";
});

theme.subscribe((t) => {
  document.documentElement.dataset.theme = t;
  document.documentElement.style.colorScheme = t;
});

export function toggleTheme() {
  followsSystem = false;
  theme.value = theme.value === "dark" ? "light" : "dark";
  savePref("theme", theme.value);
}
