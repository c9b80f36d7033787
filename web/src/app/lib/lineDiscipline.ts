// The Console's line discipline. The guest reads its stdin from a pipe, not
// a tty, so nothing in the kernel echoes or edits what is typed: this does,
// as a terminal's cooked mode would. It turns what xterm.js reports as typed
// (onData strings) into effects: text to echo, lines to send to stdin, and
// the two keys that mean something to the process (Ctrl-C, Ctrl-D). It does
// no I/O, so it is tested on its own.

export type LineEffect =
  | { kind: "echo"; text: string } // write to the terminal
  | { kind: "send"; data: string } // write to the process's stdin
  | { kind: "interrupt" } // Ctrl-C: stop the process
  | { kind: "eof" } // Ctrl-D on an empty line: close stdin
  | { kind: "clear" }; // Ctrl-L: clear the screen

const ERASE = "\b \b";
const MAX_HISTORY = 200;

export class LineDiscipline {
  /** The line being typed, not yet sent. */
  private chars: string[] = [];
  private history: string[] = [];
  /** Where Up/Down is in history; history.length means the draft. */
  private cursor = 0;
  private draft: string[] = [];
  /** An escape sequence cut between two feeds. */
  private pending = "";
  /** The last character fed was CR, so a following LF is the same Enter. */
  private afterCR = false;

  get line(): string {
    return this.chars.join("");
  }

  /** Drops the typed line (the process ended, or the screen was cleared). */
  reset(): void {
    this.chars = [];
    this.draft = [];
    this.cursor = this.history.length;
    this.pending = "";
    this.afterCR = false;
  }

  /** Handles typed or pasted input and returns what to do, in order. */
  feed(input: string): LineEffect[] {
    const out: LineEffect[] = [];
    let echo = "";
    const flushEcho = () => {
      if (echo) out.push({ kind: "echo", text: echo });
      echo = "";
    };
    const s = this.pending + input;
    this.pending = "";
    const cps = Array.from(s);
    for (let i = 0; i < cps.length; i++) {
      const c = cps[i]!;
      const wasCR = this.afterCR;
      this.afterCR = c === "\r";
      if (c === "\x1b") {
        // The Escape key alone arrives as a feed of its own: a whole key,
        // not the start of a sequence to wait for.
        const seq = cps.length === 1 ? c : readEscape(cps, i);
        if (seq === null) {
          this.pending = cps.slice(i).join("");
          break;
        }
        i += seq.length - 1;
        echo += this.escape(seq);
        continue;
      }
      if (c === "\n" && wasCR) continue; // CRLF from a paste is one Enter
      switch (c) {
        case "\n":
        case "\r": {
          echo += "\r\n";
          flushEcho();
          const line = this.line;
          out.push({ kind: "send", data: line + "\n" });
          this.remember(line);
          this.chars = [];
          break;
        }
        case "\x7f":
        case "\b":
          echo += this.eraseChars(1);
          break;
        case "\x03":
          echo += "^C\r\n";
          flushEcho();
          this.chars = [];
          this.cursor = this.history.length;
          out.push({ kind: "interrupt" });
          break;
        case "\x04":
          flushEcho();
          if (this.chars.length === 0) {
            out.push({ kind: "eof" });
          } else {
            // As a tty does: Ctrl-D on a partial line sends it without a newline.
            out.push({ kind: "send", data: this.line });
            this.chars = [];
          }
          break;
        case "\x15": // Ctrl-U: the whole line
          echo += this.eraseChars(this.chars.length);
          break;
        case "\x17": // Ctrl-W: the word before the cursor
          echo += this.eraseChars(wordLength(this.chars));
          break;
        case "\x0c": // Ctrl-L
          flushEcho();
          out.push({ kind: "clear" });
          if (this.chars.length) echo += this.line;
          break;
        default:
          if (c === "\t" || c >= " ") {
            this.chars.push(c);
            echo += c;
          }
        // other control characters mean nothing here
      }
    }
    flushEcho();
    return out;
  }

  private eraseChars(n: number): string {
    let echo = "";
    for (let k = 0; k < n && this.chars.length > 0; k++) {
      const c = this.chars.pop()!;
      echo += ERASE.repeat(charWidth(c));
    }
    return echo;
  }

  private escape(seq: string): string {
    // Up and Down walk the history; everything else (arrows, Home, F-keys) is
    // ignored: the cursor stays at the end of the line.
    const key = seq.slice(-1);
    if (seq !== "\x1b[A" && seq !== "\x1bOA" && seq !== "\x1b[B" && seq !== "\x1bOB") return "";
    if (this.cursor === this.history.length) this.draft = [...this.chars];
    const next = key === "A" ? Math.max(0, this.cursor - 1) : Math.min(this.history.length, this.cursor + 1);
    if (next === this.cursor) return "";
    this.cursor = next;
    const erase = this.eraseChars(this.chars.length);
    this.chars = next === this.history.length ? [...this.draft] : Array.from(this.history[next]!);
    return erase + this.line;
  }

  private remember(line: string): void {
    if (line.trim() !== "" && this.history[this.history.length - 1] !== line) {
      this.history.push(line);
      if (this.history.length > MAX_HISTORY) this.history.shift();
    }
    this.cursor = this.history.length;
    this.draft = [];
  }
}

/** Reads the escape sequence at cps[i]; null when it is cut short. */
function readEscape(cps: string[], i: number): string | null {
  const next = cps[i + 1];
  if (next === undefined) return null;
  if (next === "[") {
    // CSI: parameters and intermediates, then a final byte in @..~
    for (let j = i + 2; j < cps.length; j++) {
      const c = cps[j]!;
      if (c >= "@" && c <= "~") return cps.slice(i, j + 1).join("");
    }
    return null;
  }
  if (next === "O") {
    const fin = cps[i + 2];
    return fin === undefined ? null : "\x1bO" + fin;
  }
  return "\x1b" + next; // Alt+key: ignored as a whole
}

function wordLength(chars: string[]): number {
  let n = chars.length;
  while (n > 0 && chars[n - 1] === " ") n--;
  while (n > 0 && chars[n - 1] !== " ") n--;
  return chars.length - n;
}

/** Columns a character takes in the terminal: 0 for combining marks, 2 for wide ones. */
export function charWidth(c: string): number {
  const cp = c.codePointAt(0) ?? 0;
  if (cp >= 0x300 && cp <= 0x36f) return 0;
  if (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1f64f) ||
    (cp >= 0x1f900 && cp <= 0x1f9ff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  ) {
    return 2;
  }
  return 1;
}
