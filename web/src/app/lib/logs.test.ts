import { describe, expect, it } from "vitest";
import type { KernelEntry } from "../../protocol.gen";
import { appendEntries, csvCell, DEFAULT_FILTER, filterEntries, levelRank, SOURCES, toCSV, toJSON, type LogFilter } from "./logs";

let seq = 0;
function entry(level: string, source: string, message: string, extra: Partial<KernelEntry> = {}): KernelEntry {
  return { seq: ++seq, time: "2024-05-01T10:00:00.000Z", level, source, message, ...extra };
}

const entries = [
  entry("debug", "wasi", "fd_write(1) 12 bytes", { pid: 1 }),
  entry("info", "process", "process 1 started", { pid: 1, fields: { argv: "python main.py" } }),
  entry("info", "fs", "wrote /app/out.txt", { pid: 1 }),
  entry("warn", "kernel", "memory grew to 64 MiB"),
  entry("error", "host", "watch: too many files"),
  entry("info", "gpu", "from a source the UI does not know"),
];

const filter = (f: Partial<LogFilter>): LogFilter => ({ ...DEFAULT_FILTER, ...f });
const messages = (es: KernelEntry[]) => es.map((e) => e.message);

describe("log filtering", () => {
  it("hides debug by default", () => {
    expect(filterEntries(entries, DEFAULT_FILTER)).toHaveLength(5);
  });

  it("keeps entries at or above the minimum level", () => {
    expect(messages(filterEntries(entries, filter({ minLevel: "warn" })))).toEqual(["memory grew to 64 MiB", "watch: too many files"]);
    expect(filterEntries(entries, filter({ minLevel: "debug" }))).toHaveLength(6);
  });

  it("ranks an unknown level as info", () => {
    expect(levelRank("notice")).toBe(levelRank("info"));
  });

  it("hides unchecked sources but never unknown ones", () => {
    const onlyFs = filter({ sources: new Set(["fs"]) });
    expect(messages(filterEntries(entries, onlyFs))).toEqual(["wrote /app/out.txt", "from a source the UI does not know"]);
  });

  it("searches message, source, level, pid and fields, case-insensitively, all words", () => {
    expect(messages(filterEntries(entries, filter({ text: "MAIN.py" })))).toEqual(["process 1 started"]);
    expect(messages(filterEntries(entries, filter({ text: "fs out" })))).toEqual(["wrote /app/out.txt"]);
    expect(messages(filterEntries(entries, filter({ text: "error" })))).toEqual(["watch: too many files"]);
    expect(filterEntries(entries, filter({ text: "fs nothing" }))).toEqual([]);
    expect(filterEntries(entries, filter({ text: "   " }))).toHaveLength(5);
  });

  it("names every kernel source", () => {
    expect([...SOURCES]).toEqual(["kernel", "wasi", "fs", "process", "net", "host"]);
  });
});

describe("appendEntries", () => {
  const mk = (s: number): KernelEntry => ({ seq: s, time: "", level: "info", source: "kernel", message: `m${s}` });
  const seqs = (es: readonly KernelEntry[]) => es.map((e) => e.seq);

  it("appends newer entries", () => {
    expect(seqs(appendEntries([mk(1), mk(2)], [mk(3)]))).toEqual([1, 2, 3]);
  });

  it("merges overlapping entries once, in seq order", () => {
    expect(seqs(appendEntries([mk(2), mk(4)], [mk(1), mk(2), mk(3), mk(4), mk(5)]))).toEqual([1, 2, 3, 4, 5]);
  });

  it("returns the same array when nothing is new", () => {
    const held = [mk(1), mk(2)];
    expect(appendEntries(held, [mk(2)])).toBe(held);
    expect(appendEntries(held, [])).toBe(held);
  });

  it("keeps only the newest entries past the cap", () => {
    const held = [mk(1), mk(2), mk(3)];
    expect(seqs(appendEntries(held, [mk(4), mk(5)], 3))).toEqual([3, 4, 5]);
  });
});

describe("export", () => {
  const tricky: KernelEntry[] = [
    { seq: 7, time: "2024-05-01T10:00:00.000Z", level: "warn", source: "fs", pid: 2, message: 'a, "quoted"\nline', fields: { path: "/app/a,b.txt" } },
    { seq: 8, time: "2024-05-01T10:00:01.000Z", level: "info", source: "kernel", message: "plain" },
  ];

  it("quotes CSV cells with commas, quotes, newlines and edge spaces", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell("cr\rhere")).toBe('"cr\rhere"');
    expect(csvCell(" padded")).toBe('" padded"');
    expect(csvCell("")).toBe("");
  });

  it("writes a header and one CRLF row per entry", () => {
    expect(toCSV(tricky)).toBe(
      "seq,time,level,source,pid,message,fields\r\n" +
        '7,2024-05-01T10:00:00.000Z,warn,fs,2,"a, ""quoted""\nline","path=/app/a,b.txt"\r\n' +
        "8,2024-05-01T10:00:01.000Z,info,kernel,,plain,\r\n",
    );
  });

  it("writes JSON that reads back as the same entries", () => {
    expect(JSON.parse(toJSON(tricky))).toEqual(tricky);
  });

  it("exports an empty list", () => {
    expect(toCSV([])).toBe("seq,time,level,source,pid,message,fields\r\n");
    expect(JSON.parse(toJSON([]))).toEqual([]);
  });
});
