import { describe, expect, it } from "vitest";
import { describeEnd, formatBytes, formatClock, formatDuration, formatNanos, shortHash, stateLabel, stateTone } from "./format";

describe("formatBytes", () => {
  it.each([
    [0, "0 B"],
    [1, "1 B"],
    [1023, "1023 B"],
    [1024, "1 KiB"],
    [1536, "1.5 KiB"],
    [10 * 1024 + 512, "10.5 KiB"],
    [4 * 1024 * 1024, "4 MiB"],
    [123.4 * 1024 * 1024, "123 MiB"],
    [3.256 * 1024 ** 3, "3.26 GiB"],
    [-2048, "-2 KiB"],
  ])("%d bytes is %s", (n, want) => expect(formatBytes(n)).toBe(want));

  it("does not pretend to know NaN", () => expect(formatBytes(Number.NaN)).toBe("–"));
});

describe("formatDuration", () => {
  it.each([
    [0, "0 ms"],
    [0.25, "0.25 ms"],
    [12.4, "12 ms"],
    [850, "850 ms"],
    [1000, "1 s"],
    [1250, "1.25 s"],
    [42_500, "42.5 s"],
    [125_000, "2m 05s"],
    [3_720_000, "1h 02m"],
    [100 * 3_600_000, "4d 4h"],
  ])("%d ms is %s", (ms, want) => expect(formatDuration(ms)).toBe(want));

  it("rejects negative durations", () => expect(formatDuration(-1)).toBe("–"));
  it("reads nanoseconds", () => expect(formatNanos(1_500_000)).toBe("2 ms"));
});

describe("formatClock", () => {
  it("writes local hours to milliseconds", () => {
    expect(formatClock(new Date(2024, 0, 2, 3, 4, 5, 67))).toBe("03:04:05.067");
  });
  it("passes through what is not a time", () => expect(formatClock("soon")).toBe("soon"));
});

describe("process outcomes", () => {
  it("says how a process exited", () => {
    expect(describeEnd({ pid: 3, state: "exited", exitCode: 0, reason: "" })).toBe("process 3 exited with code 0");
  });
  it("says why a process was killed", () => {
    expect(describeEnd({ pid: 4, state: "killed", exitCode: 137, reason: "stopped from the UI" })).toBe(
      "process 4 killed: stopped from the UI (code 137)",
    );
  });
  it("says why a process trapped", () => {
    expect(describeEnd({ pid: 5, state: "trapped", exitCode: 0, reason: "unreachable" })).toBe("process 5 trapped: unreachable");
  });
  it("labels and colours states", () => {
    expect(stateLabel({ state: "exited", exitCode: 2 })).toBe("exited 2");
    expect(stateTone({ state: "exited", exitCode: 2 })).toBe("bad");
    expect(stateTone({ state: "exited", exitCode: 0 })).toBe("ok");
    expect(stateTone({ state: "blocked", exitCode: 0 })).toBe("wait");
    expect(stateTone(null)).toBe("idle");
  });
});

describe("shortHash", () => {
  it("keeps 12 digits", () => expect(shortHash("0123456789abcdef")).toBe("0123456789ab"));
});
