import { describe, expect, it } from "vitest";
import { LineDiscipline, type LineEffect } from "./lineDiscipline";

function feedAll(ld: LineDiscipline, ...inputs: string[]): LineEffect[] {
  return inputs.flatMap((s) => ld.feed(s));
}
const sent = (effects: LineEffect[]) => effects.flatMap((e) => (e.kind === "send" ? [e.data] : []));
const echoed = (effects: LineEffect[]) => effects.flatMap((e) => (e.kind === "echo" ? [e.text] : [])).join("");

describe("LineDiscipline", () => {
  it("echoes printable characters and sends nothing before Enter", () => {
    const ld = new LineDiscipline();
    const fx = ld.feed("hi there");
    expect(fx).toEqual([{ kind: "echo", text: "hi there" }]);
    expect(ld.line).toBe("hi there");
  });

  it("sends the line with a newline on Enter and echoes CRLF", () => {
    const ld = new LineDiscipline();
    const fx = feedAll(ld, "ada", "\r");
    expect(sent(fx)).toEqual(["ada\n"]);
    expect(echoed(fx)).toBe("ada\r\n");
    expect(ld.line).toBe("");
  });

  it("sends an empty line on a bare Enter", () => {
    expect(sent(new LineDiscipline().feed("\r"))).toEqual(["\n"]);
  });

  it("splits a pasted block into lines, CRLF counting once", () => {
    const fx = new LineDiscipline().feed("one\r\ntwo\nthree\rfour");
    expect(sent(fx)).toEqual(["one\n", "two\n", "three\n"]);
  });

  it("treats CRLF cut between two feeds as one Enter", () => {
    const fx = feedAll(new LineDiscipline(), "a\r", "\nb\r");
    expect(sent(fx)).toEqual(["a\n", "b\n"]);
  });

  it("erases the last character on Backspace (DEL and BS)", () => {
    const ld = new LineDiscipline();
    const fx = feedAll(ld, "abc", "\x7f", "\b", "\r");
    expect(echoed(fx)).toBe("abc\b \b\b \b\r\n");
    expect(sent(fx)).toEqual(["a\n"]);
  });

  it("ignores Backspace on an empty line", () => {
    expect(new LineDiscipline().feed("\x7f")).toEqual([]);
  });

  it("erases wide characters by two columns and surrogate pairs as one character", () => {
    const ld = new LineDiscipline();
    const fx = feedAll(ld, "a漢😀", "\x7f", "\x7f");
    expect(echoed(fx)).toBe("a漢😀" + "\b \b\b \b" + "\b \b\b \b");
    expect(ld.line).toBe("a");
  });

  it("interrupts on Ctrl-C, dropping the typed line", () => {
    const ld = new LineDiscipline();
    const fx = feedAll(ld, "half", "\x03");
    expect(fx.at(-1)).toEqual({ kind: "interrupt" });
    expect(echoed(fx)).toBe("half^C\r\n");
    expect(ld.line).toBe("");
  });

  it("closes stdin on Ctrl-D at the start of a line", () => {
    expect(new LineDiscipline().feed("\x04")).toEqual([{ kind: "eof" }]);
  });

  it("sends a partial line without a newline on Ctrl-D, as a tty does", () => {
    const ld = new LineDiscipline();
    const fx = feedAll(ld, "abc", "\x04");
    expect(sent(fx)).toEqual(["abc"]);
    expect(ld.line).toBe("");
    expect(ld.feed("\x04")).toEqual([{ kind: "eof" }]);
  });

  it("erases the line on Ctrl-U and the last word on Ctrl-W", () => {
    const ld = new LineDiscipline();
    feedAll(ld, "git commit  ");
    const w = ld.feed("\x17");
    expect(ld.line).toBe("git ");
    expect(echoed(w)).toBe("\b \b".repeat(8));
    ld.feed("\x15");
    expect(ld.line).toBe("");
  });

  it("asks for a clear on Ctrl-L and redraws the typed line", () => {
    const ld = new LineDiscipline();
    ld.feed("ab");
    expect(ld.feed("\x0c")).toEqual([{ kind: "clear" }, { kind: "echo", text: "ab" }]);
  });

  it("ignores other control characters and non-history escape sequences", () => {
    const ld = new LineDiscipline();
    const fx = ld.feed("a\x01\x1b[D\x1b[3~\x1bOH\x1bxb");
    expect(echoed(fx)).toBe("ab");
    expect(ld.line).toBe("ab");
  });

  it("keeps an escape sequence cut between feeds", () => {
    const ld = new LineDiscipline();
    feedAll(ld, "one\r");
    const fx = feedAll(ld, "\x1b[", "A");
    expect(ld.line).toBe("one");
    expect(echoed(fx)).toBe("one");
  });

  it("ignores the Escape key without eating the next key", () => {
    const ld = new LineDiscipline();
    feedAll(ld, "a", "\x1b", "b");
    expect(ld.line).toBe("ab");
  });

  it("walks the history with Up and Down and restores the draft", () => {
    const ld = new LineDiscipline();
    feedAll(ld, "first\r", "second\r", "dra");
    ld.feed("\x1b[A");
    expect(ld.line).toBe("second");
    ld.feed("\x1b[A");
    expect(ld.line).toBe("first");
    ld.feed("\x1b[A");
    expect(ld.line).toBe("first");
    ld.feed("\x1b[B");
    ld.feed("\x1b[B");
    expect(ld.line).toBe("dra");
    const fx = ld.feed("\x1bOA");
    expect(echoed(fx)).toBe("\b \b".repeat(3) + "second");
  });

  it("does not remember blank lines or repeats", () => {
    const ld = new LineDiscipline();
    feedAll(ld, "x\r", "x\r", "  \r");
    ld.feed("\x1b[A");
    expect(ld.line).toBe("x");
    ld.feed("\x1b[A");
    expect(ld.line).toBe("x");
  });

  it("forgets the typed line on reset", () => {
    const ld = new LineDiscipline();
    ld.feed("abc");
    ld.reset();
    expect(ld.line).toBe("");
    expect(sent(ld.feed("\r"))).toEqual(["\n"]);
  });
});
