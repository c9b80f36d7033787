import { describe, expect, it } from "vitest";
import type { DirEntry } from "../../protocol.gen";
import { baseName, dirsToRefresh, dropListings, joinPath, parentPath, sortEntries, visibleRows } from "./fileTree";

const f = (name: string, size = 1): DirEntry => ({ name, type: "file", size, mtime: 0 });
const d = (name: string): DirEntry => ({ name, type: "dir", size: 0, mtime: 0 });

describe("paths", () => {
  it.each([
    ["/", "a", "/a"],
    ["/app", "main.py", "/app/main.py"],
    ["/app/", "x", "/app/x"],
  ])("joins %s and %s", (dir, name, want) => expect(joinPath(dir, name)).toBe(want));

  it.each([
    ["/", "/"],
    ["/app", "/"],
    ["/app/main.py", "/app"],
    ["/app/lib/", "/app"],
  ])("the parent of %s is %s", (p, want) => expect(parentPath(p)).toBe(want));

  it("names the last element", () => {
    expect(baseName("/app/main.py")).toBe("main.py");
    expect(baseName("/app/lib/")).toBe("lib");
    expect(baseName("/")).toBe("/");
  });
});

describe("sortEntries", () => {
  it("puts directories first, then natural name order", () => {
    const sorted = sortEntries([f("b.txt"), f("file10"), d("zdir"), f("file2"), f("A.txt"), d("adir"), f(".env")]);
    expect(sorted.map((e) => e.name)).toEqual(["adir", "zdir", ".env", "A.txt", "b.txt", "file2", "file10"]);
  });
});

describe("visibleRows", () => {
  const listings = new Map<string, DirEntry[]>([
    ["/", [d("tmp"), d("app")]],
    ["/app", [f("main.py", 120), d("lib"), d("data")]],
    ["/app/lib", [f("util.py")]],
  ]);

  it("shows the root's entries when nothing is expanded", () => {
    const rows = visibleRows("/", listings, new Set());
    expect(rows.map((r) => [r.path, r.depth, r.expanded])).toEqual([
      ["/app", 0, false],
      ["/tmp", 0, false],
    ]);
  });

  it("walks expanded directories depth first", () => {
    const rows = visibleRows("/", listings, new Set(["/app", "/app/lib"]));
    expect(rows.map((r) => `${"  ".repeat(r.depth)}${r.name}`)).toEqual(["app", "  data", "  lib", "    util.py", "  main.py", "tmp"]);
    expect(rows.find((r) => r.name === "main.py")?.size).toBe(120);
  });

  it("marks an expanded directory without a listing as loading", () => {
    const rows = visibleRows("/", listings, new Set(["/app", "/app/data"]));
    const data = rows.find((r) => r.path === "/app/data")!;
    expect(data.expanded).toBe(true);
    expect(data.loading).toBe(true);
    expect(rows.find((r) => r.path === "/app/lib")!.loading).toBe(false);
  });

  it("starts below the given root", () => {
    expect(visibleRows("/app/lib", listings, new Set()).map((r) => r.path)).toEqual(["/app/lib/util.py"]);
  });

  it("draws nothing before the root is listed", () => {
    expect(visibleRows("/srv", listings, new Set())).toEqual([]);
  });
});

describe("dirsToRefresh", () => {
  const listed = ["/", "/app", "/app/lib", "/tmp"];

  it("lists again the directories holding changed paths", () => {
    expect(dirsToRefresh(["/app/out.txt", "/tmp/x"], listed)).toEqual(["/app", "/tmp"]);
  });

  it("lists again a changed directory itself", () => {
    expect(dirsToRefresh(["/app/lib"], listed)).toEqual(["/app", "/app/lib"]);
  });

  it("ignores changes in directories not listed", () => {
    expect(dirsToRefresh(["/usr/lib/python3.12/x.py"], listed)).toEqual([]);
  });
});

describe("dropListings", () => {
  it("forgets a directory and its descendants only", () => {
    const m = new Map([
      ["/app", 1],
      ["/app/lib", 2],
      ["/app/lib/x", 3],
      ["/application", 4],
    ]);
    expect([...dropListings(m, "/app/lib").keys()]).toEqual(["/app", "/application"]);
  });
});
