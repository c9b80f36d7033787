import { describe, expect, it } from "vitest";
import type { KernelEntry, NetConnInfo, NetSummary } from "../../protocol.gen";
import { decisionMatcher, decisions, formatBandwidth, listenSummary, localEnd, originLabel, outboundSummary, remoteEnd } from "./network";

let seq = 0;
function entry(source: string, message: string, fields?: Record<string, string>, pid?: number): KernelEntry {
  return { seq: ++seq, time: "2024-05-01T10:00:00.000Z", level: fields?.decision === "denied" ? "warn" : "info", source, message, fields, pid };
}

const log = [
  entry("process", "started: python /app/main.py", undefined, 1),
  entry("net", "allowed listen :3000: port 3000 is in bind_ports", { decision: "allowed", op: "listen", target: ":3000", rule: 'bind_ports "3000" (wasmrun.toml)', by: "pid 1 (python)" }, 1),
  entry("net", "allowed connect localhost:3000: the VM's own listener", { decision: "allowed", op: "connect", target: "localhost:3000", rule: "loopback", by: "pid 1 (python)" }, 1),
  entry("net", "denied connect 10.0.0.1:5432: a private address", { decision: "denied", op: "connect", target: "10.0.0.1:5432", rule: "default: private addresses", by: "pid 1 (python)" }, 1),
  entry("net", "a net entry that is not a decision"),
];

const policy = (p: Partial<NetSummary> = {}): NetSummary => ({
  allow: [],
  deny: [],
  bindPorts: "",
  bindPortsFrom: "",
  forwarded: [],
  maxConnections: 256,
  maxConnectionsFrom: "default",
  bandwidth: 0,
  bandwidthFrom: "default",
  connectTimeoutMs: 30000,
  connectTimeoutFrom: "default",
  ...p,
});

describe("network decisions", () => {
  it("are the net entries with a decision, oldest first, with their fields", () => {
    const ds = decisions(log);
    expect(ds.map((d) => d.target)).toEqual([":3000", "localhost:3000", "10.0.0.1:5432"]);
    expect(ds[2]).toMatchObject({ decision: "denied", op: "connect", rule: "default: private addresses", by: "pid 1 (python)", pid: 1 });
  });

  it("filter by decision", () => {
    const ds = decisions(log);
    expect(ds.filter(decisionMatcher("denied", "")).map((d) => d.target)).toEqual(["10.0.0.1:5432"]);
    expect(ds.filter(decisionMatcher("allowed", ""))).toHaveLength(2);
    expect(ds.filter(decisionMatcher("all", ""))).toHaveLength(3);
  });

  it("filter by every word of the text, in target, rule, op and by", () => {
    const ds = decisions(log);
    expect(ds.filter(decisionMatcher("all", "LOOPBACK")).map((d) => d.op)).toEqual(["connect"]);
    expect(ds.filter(decisionMatcher("all", "connect private")).map((d) => d.target)).toEqual(["10.0.0.1:5432"]);
    expect(ds.filter(decisionMatcher("allowed", "private"))).toHaveLength(0);
    expect(ds.filter(decisionMatcher("all", "wasmrun.toml"))).toHaveLength(1);
  });
});

describe("the policy in words", () => {
  it("says isolation when nothing is allowed", () => {
    expect(outboundSummary(policy())).toBe("default: isolation — nothing goes out until allowed");
    expect(outboundSummary(policy({ allow: [{ text: "*.example.com", origin: "wasmrun.toml" }], deny: [{ text: "*:25", origin: "wasmrun.toml" }] }))).toBe(
      "1 allow rule, 1 deny — everything else stays in",
    );
  });

  it("says what to do when no port may be listened on", () => {
    expect(listenSummary(policy())).toBe("no port: add bind_ports in wasmrun.toml or run with --forward");
    expect(listenSummary(policy({ bindPorts: "3000,8000-8100", forwarded: [{ text: "9000", origin: "--forward 9000" }] }))).toBe(
      "bind_ports 3000,8000-8100 · forwarded 9000",
    );
  });

  it("writes bandwidth in megabits and origins by file name", () => {
    expect(formatBandwidth(0)).toBe("no limit");
    expect(formatBandwidth(6_250_000)).toBe("50 Mbit/s each way");
    expect(formatBandwidth(1_000_000)).toBe("8 Mbit/s each way");
    expect(originLabel("/home/ada/app/wasmrun.toml")).toBe("wasmrun.toml");
    expect(originLabel("default")).toBe("default");
    expect(originLabel("--forward 3000:8080")).toBe("--forward 3000:8080");
  });
});

describe("connection ends", () => {
  const conn = (c: Partial<NetConnInfo>): NetConnInfo => ({ id: 1, direction: "out", pid: 2, peerPid: 0, local: "", remote: "example.com:443", state: "open", in: 0, out: 0, opened: "", ...c });
  it("name the guest port, or the process that connected", () => {
    expect(localEnd(conn({ direction: "in", local: ":3000", remote: "127.0.0.1:5555" }))).toBe(":3000");
    expect(localEnd(conn({}))).toBe("pid 2");
    expect(remoteEnd(conn({}))).toBe("example.com:443");
    expect(remoteEnd(conn({ direction: "internal", remote: "localhost:3000", peerPid: 1 }))).toBe("localhost:3000 (pid 1)");
  });
});
