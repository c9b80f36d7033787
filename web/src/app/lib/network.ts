// The Network panel's model: the audit log of `net` decisions (log entries
// with source "net", whose fields are decision, op, target, rule and by),
// its filter, and the policy said in sentences.
import type { KernelEntry, NetConnInfo, NetSummary } from "../../protocol.gen";

export const DECISIONS = ["all", "allowed", "denied"] as const;
export type DecisionFilter = (typeof DECISIONS)[number];

/** One decision of the kernel's network, from its log entry. */
export interface Decision {
  seq: number;
  time: string;
  pid?: number;
  decision: "allowed" | "denied";
  op: string;
  target: string;
  rule: string;
  by: string;
  message: string;
}

/** The decisions among log entries, oldest first. */
export function decisions(entries: readonly KernelEntry[]): Decision[] {
  const out: Decision[] = [];
  for (const e of entries) {
    const f = e.fields;
    if (e.source !== "net" || !f || (f.decision !== "allowed" && f.decision !== "denied")) continue;
    out.push({
      seq: e.seq,
      time: e.time,
      pid: e.pid,
      decision: f.decision,
      op: f.op ?? "",
      target: f.target ?? "",
      rule: f.rule ?? "",
      by: f.by ?? "",
      message: e.message,
    });
  }
  return out;
}

/** Keeps the decisions of one kind whose text holds every word of `text`. */
export function decisionMatcher(kind: DecisionFilter, text: string): (d: Decision) => boolean {
  const words = text.toLowerCase().split(/\s+/).filter(Boolean);
  return (d) => {
    if (kind !== "all" && d.decision !== kind) return false;
    if (words.length === 0) return true;
    const hay = `${d.decision} ${d.op} ${d.target} ${d.rule} ${d.by} ${d.message}`.toLowerCase();
    return words.every((w) => hay.includes(w));
  };
}

/** What the policy lets out, in a sentence: the default, then the rules. */
export function outboundSummary(p: NetSummary): string {
  if (p.allow.length === 0) return "default: isolation — nothing goes out until allowed";
  const n = p.allow.length;
  return `${n} allow rule${n === 1 ? "" : "s"}${p.deny.length ? `, ${p.deny.length} deny` : ""} — everything else stays in`;
}

/** Where guests may listen, or what to do when they may not. */
export function listenSummary(p: NetSummary): string {
  const parts: string[] = [];
  if (p.bindPorts) parts.push(`bind_ports ${p.bindPorts}`);
  if (p.forwarded.length) parts.push(`forwarded ${p.forwarded.map((f) => f.text).join(", ")}`);
  return parts.length ? parts.join(" · ") : "no port: add bind_ports in wasmrun.toml or run with --forward";
}

/** 50 Mbit/s each way, from bytes per second; "no limit" for 0. */
export function formatBandwidth(bytesPerSecond: number): string {
  if (!bytesPerSecond) return "no limit";
  const mbps = (bytesPerSecond * 8) / 1e6;
  return `${Number.isInteger(mbps) ? mbps : mbps.toFixed(1)} Mbit/s each way`;
}

/** A limit's origin as the panel shows it: "default", or the file's name. */
export function originLabel(origin: string): string {
  if (origin === "default" || origin.startsWith("--")) return origin;
  const slash = origin.lastIndexOf("/");
  return slash >= 0 ? origin.slice(slash + 1) : origin;
}

/** The guest end of a connection: its port, or the process that made it. */
export function localEnd(c: NetConnInfo): string {
  if (c.local) return c.local;
  return c.pid ? `pid ${c.pid}` : "guest";
}

/** The other end: the address, and the guest listening there for one inside the VM. */
export function remoteEnd(c: NetConnInfo): string {
  return c.direction === "internal" && c.peerPid ? `${c.remote} (pid ${c.peerPid})` : c.remote;
}
