// How the UI writes sizes, durations, times and process outcomes. One place,
// so every panel says "1.5 MiB" and "1.2 s" the same way.
import type { KernelInfo } from "../../protocol.gen";

const UNITS = ["B", "KiB", "MiB", "GiB", "TiB"];

/** 0 B, 512 B, 1.5 KiB, 12 MiB, 4.00 GiB: binary units, three significant digits. */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n)) return "–";
  const sign = n < 0 ? "-" : "";
  let v = Math.abs(n);
  let u = 0;
  while (v >= 1024 && u < UNITS.length - 1) {
    v /= 1024;
    u++;
  }
  if (u === 0) return `${sign}${Math.round(v)} B`;
  const digits = v >= 100 ? 0 : v >= 10 ? 1 : 2;
  return `${sign}${trimZeros(v.toFixed(digits))} ${UNITS[u]}`;
}

function trimZeros(s: string): string {
  return s.includes(".") ? s.replace(/\.?0+$/, "") : s;
}

/** 0 ms, 0.4 ms, 850 ms, 1.25 s, 42.5 s, 2m 05s, 1h 02m, 3d 4h. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "–";
  if (ms < 1) return ms === 0 ? "0 ms" : `${trimZeros(ms.toFixed(2))} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 10) return `${trimZeros(s.toFixed(2))} s`;
  if (s < 60) return `${trimZeros(s.toFixed(1))} s`;
  const totalS = Math.floor(s);
  const m = Math.floor(totalS / 60);
  if (m < 60) return `${m}m ${pad2(totalS % 60)}s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h ${pad2(m % 60)}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

/** Nanoseconds (the protocol's cpuTime) as a duration. */
export function formatNanos(ns: number): string {
  return formatDuration(ns / 1e6);
}

/** 12:03:04.123 in local time, from an RFC 3339 string; the input when it is not a time. */
export function formatClock(time: string | Date): string {
  const d = typeof time === "string" ? new Date(time) : time;
  if (Number.isNaN(d.getTime())) return String(time);
  return `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, "0")}`;
}

/** 1,234,567 */
export function formatCount(n: number): string {
  return n.toLocaleString("en-US");
}

/** The first 12 hex digits of a hash, as git shortens commits. */
export function shortHash(hash: string): string {
  return hash.length > 12 ? hash.slice(0, 12) : hash;
}

function pad2(n: number): string {
  return String(n).padStart(2, "0");
}

/** A process has ended when it exited, was killed or trapped. */
export function hasEnded(p: Pick<KernelInfo, "state">): boolean {
  return p.state === "exited" || p.state === "killed" || p.state === "trapped";
}

/** A process is live while it starts, runs or waits in the kernel. */
export function isLive(p: Pick<KernelInfo, "state"> | null | undefined): boolean {
  return !!p && (p.state === "starting" || p.state === "running" || p.state === "blocked");
}

/** The Console's line when a process ends: "process 3 exited with code 0", "process 3 killed: reason". */
export function describeEnd(p: Pick<KernelInfo, "pid" | "state" | "exitCode" | "reason">): string {
  switch (p.state) {
    case "exited":
      return `process ${p.pid} exited with code ${p.exitCode}`;
    case "killed":
      return `process ${p.pid} killed: ${p.reason || "killed"} (code ${p.exitCode})`;
    case "trapped":
      return `process ${p.pid} trapped: ${p.reason || "trap"}`;
    default:
      return `process ${p.pid} ${p.state}`;
  }
}

/** The short state a badge shows: "running", "blocked", "exited 0", "killed". */
export function stateLabel(p: Pick<KernelInfo, "state" | "exitCode">): string {
  return p.state === "exited" ? `exited ${p.exitCode}` : p.state;
}

/** The state's tone, for colour: good, busy, waiting, bad or quiet. */
export function stateTone(p: Pick<KernelInfo, "state" | "exitCode"> | null | undefined): "ok" | "run" | "wait" | "bad" | "idle" {
  if (!p) return "idle";
  switch (p.state) {
    case "running":
    case "starting":
      return "run";
    case "blocked":
      return "wait";
    case "exited":
      return p.exitCode === 0 ? "ok" : "bad";
    case "killed":
    case "trapped":
      return "bad";
    default:
      return "idle";
  }
}
