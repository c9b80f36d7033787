// console, as Node's: util.format/inspect formatting (node-inspect-extracted),
// colors when the stream is a terminal, groups, counters, timers, tables.
// The global console writes to fds 1 and 2 directly until the program first
// touches process.stdout or process.stderr; from then on it writes through
// them, so a program that replaces process.stdout.write sees console output.
import { writeFd, colorDepth } from "./stdio.js";
import { os } from "./sys.js";
import { isMaterialized } from "./process.js";

let lib;
// Node 20 shows a RegExp in one colour; the extracted inspect (a later
// Node's) highlights its parts.
const inspector = () => lib || ((lib = require("node-inspect-extracted")), (lib.inspect.styles.regexp = "red"), lib);

const kWrite = Symbol("write");

function plainStrings(args) {
  for (let i = 0; i < args.length; i++) {
    if (typeof args[i] !== "string") return false;
  }
  return args.length === 0 || !args[0].includes("%");
}

function formatTime(ms) {
  let hours = 0, minutes = 0, seconds = 0;
  if (ms >= 1000) {
    if (ms >= 60000) {
      if (ms >= 3600000) {
        hours = Math.floor(ms / 3600000);
        ms %= 3600000;
      }
      minutes = Math.floor(ms / 60000);
      ms %= 60000;
    }
    seconds = ms / 1000;
  }
  if (hours !== 0 || minutes !== 0) {
    const [s, frac] = seconds.toFixed(3).split(".");
    const res = hours !== 0 ? `${hours}:${String(minutes).padStart(2, "0")}` : minutes;
    return `${res}:${s.padStart(2, "0")}.${frac} (${hours !== 0 ? "h:m" : ""}m:ss.mmm)`;
  }
  if (seconds !== 0) return `${seconds.toFixed(3)}s`;
  return `${Number(ms.toFixed(3))}ms`;
}

function renderTable(head, columns) {
  const rows = columns[0] ? columns[0].length : 0;
  const width = head.map((h, i) => {
    let w = h.length;
    for (const cell of columns[i]) w = Math.max(w, stringWidth(cell));
    return w + 2;
  });
  const line = (l, m, r) => l + width.map((w) => "─".repeat(w)).join(m) + r;
  const row = (cells) => "│" + cells.map((c, i) => ` ${c}${" ".repeat(width[i] - 2 - stringWidth(c))} `).join("│") + "│";
  let out = `${line("┌", "┬", "┐")}\n${row(head)}\n${line("├", "┼", "┤")}\n`;
  for (let r = 0; r < rows; r++) out += `${row(columns.map((c) => c[r]))}\n`;
  return out + line("└", "┴", "┘");
}

function stringWidth(s) {
  return inspector().stripVTControlCharacters(s).length;
}

export class Console {
  constructor(stdout, stderr, ignoreErrors = true) {
    let options = stdout;
    if (!options || typeof options.write === "function") options = { stdout, stderr, ignoreErrors };
    if (!options.stdout || typeof options.stdout.write !== "function") {
      throw new TypeError('The "stdout" argument must be a writable stream');
    }
    this._stdout = options.stdout;
    this._stderr = options.stderr || options.stdout;
    this._ignoreErrors = options.ignoreErrors !== false;
    this._colorMode = options.colorMode === undefined ? "auto" : options.colorMode;
    this._inspectOptions = options.inspectOptions;
    this._groupIndent = "";
    this._groupIndentation = options.groupIndentation === undefined ? 2 : options.groupIndentation;
    this._counts = new Map();
    this._times = new Map();
    // Methods work detached (const { log } = console), as in Node.
    for (const name of Object.getOwnPropertyNames(Console.prototype)) {
      if (name !== "constructor" && typeof this[name] === "function") this[name] = this[name].bind(this);
    }
  }

  _useColors(stream) {
    if (this._colorMode !== "auto") return Boolean(this._colorMode);
    return Boolean(stream && stream.isTTY && (typeof stream.getColorDepth !== "function" || stream.getColorDepth() > 2));
  }

  _format(stream, args) {
    if (plainStrings(args)) return args.join(" ");
    const opts = { ...this._inspectOptions, colors: this._useColors(stream) };
    return inspector().formatWithOptions(opts, ...args);
  }

  [kWrite](toErr, text) {
    const stream = toErr ? this._stderr : this._stdout;
    if (this._groupIndent) {
      text = this._groupIndent + (text.includes("\n") ? text.replace(/\n/g, `\n${this._groupIndent}`) : text);
    }
    text += "\n";
    try {
      stream.write(text);
    } catch (err) {
      if (!this._ignoreErrors) throw err;
    }
  }

  log(...args) { this[kWrite](false, this._format(this._stdout, args)); }
  info(...args) { this.log(...args); }
  debug(...args) { this.log(...args); }
  dirxml(...args) { this.log(...args); }
  warn(...args) { this[kWrite](true, this._format(this._stderr, args)); }
  error(...args) { this.warn(...args); }

  dir(object, options) {
    const opts = { customInspect: false, ...this._inspectOptions, colors: this._useColors(this._stdout), ...options };
    this[kWrite](false, inspector().inspect(object, opts));
  }

  trace(...args) {
    const err = { name: "Trace", message: this._format(this._stderr, args) };
    Error.captureStackTrace(err, this.trace);
    this.error(err.stack);
  }

  assert(expression, ...args) {
    if (!expression) {
      // Node: the first argument becomes part of a string, whatever it is.
      args[0] = `Assertion failed${args.length === 0 ? "" : `: ${args[0]}`}`;
      this.warn(...args);
    }
  }

  count(label = "default") {
    label = `${label}`;
    const n = (this._counts.get(label) || 0) + 1;
    this._counts.set(label, n);
    this.log(`${label}: ${n}`);
  }
  countReset(label = "default") {
    label = `${label}`;
    if (!this._counts.has(label)) {
      globalThis.process.emitWarning(`Count for '${label}' does not exist`);
      return;
    }
    this._counts.delete(label);
  }

  group(...data) {
    if (data.length > 0) this.log(...data);
    this._groupIndent += " ".repeat(this._groupIndentation);
  }
  groupCollapsed(...data) { this.group(...data); }
  groupEnd() {
    this._groupIndent = this._groupIndent.slice(0, this._groupIndent.length - this._groupIndentation);
  }

  time(label = "default") {
    label = `${label}`;
    if (this._times.has(label)) {
      globalThis.process.emitWarning(`Label '${label}' already exists for console.time()`);
      return;
    }
    this._times.set(label, performance.now());
  }
  timeEnd(label = "default") {
    label = `${label}`;
    if (this._timeLog("timeEnd", label, [])) this._times.delete(label);
  }
  timeLog(label = "default", ...data) {
    this._timeLog("timeLog", `${label}`, data);
  }
  _timeLog(name, label, data) {
    const start = this._times.get(label);
    if (start === undefined) {
      globalThis.process.emitWarning(`No such label '${label}' for console.${name}()`);
      return false;
    }
    const took = formatTime(performance.now() - start);
    if (data.length > 0) this.log(`${label}: ${took}`, ...data);
    else this.log(`${label}: ${took}`);
    return true;
  }

  table(data, properties) {
    if (data === null || typeof data !== "object") {
      this.log(data);
      return;
    }
    const { inspect } = inspector();
    const fmt = (v) => {
      const depth = v !== null && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length > 2 ? -1 : 0;
      return inspect(v, { ...this._inspectOptions, depth, maxArrayLength: 3, breakLength: Infinity, colors: false });
    };
    const head = ["(index)"];
    const keys = [];
    const index = [];
    const valuesColumn = [];
    let hasPrimitives = false;
    const cols = new Map(); // column key -> cells by row
    const entries = data instanceof Map ? [...data.entries()]
      : data instanceof Set ? [...data.values()].map((v, i) => [i, v])
        : Object.entries(data);
    const isMap = data instanceof Map;
    if (isMap || data instanceof Set) {
      // Node lists a Map's keys and values, a Set's values, unexpanded.
      const idx = entries.map((_, i) => String(i));
      const cols = isMap ? [idx, entries.map(([k]) => fmt(k)), entries.map(([, v]) => fmt(v))] : [idx, entries.map(([, v]) => fmt(v))];
      this.log(renderTable(isMap ? ["(iteration index)", "Key", "Values"] : ["(iteration index)", "Values"], cols));
      return;
    }
    entries.forEach(([k, v], row) => {
      index.push(isMap ? String(row) : String(k));
      if (isMap) keys.push(fmt(k));
      if (v !== null && typeof v === "object") {
        for (const key of properties || Object.keys(v)) {
          if (!cols.has(key)) cols.set(key, []);
          cols.get(key)[row] = Object.hasOwn(v, key) ? fmt(v[key]) : "";
        }
        valuesColumn[row] = "";
      } else {
        hasPrimitives = true;
        valuesColumn[row] = fmt(v);
      }
    });
    const columns = [index];
    if (isMap) {
      head.push("Key");
      columns.push(keys);
    }
    const colKeys = properties ? properties.map(String) : [...cols.keys()];
    for (const key of colKeys) {
      head.push(key);
      const cells = cols.get(key) || [];
      columns.push(index.map((_, r) => cells[r] === undefined ? "" : cells[r]));
    }
    if (hasPrimitives) {
      head.push(isMap ? "Value" : "Values");
      columns.push(index.map((_, r) => valuesColumn[r] === undefined ? "" : valuesColumn[r]));
    }
    this.log(renderTable(head, columns));
  }

  profile() {}
  profileEnd() {}
  timeStamp() {}
}

/**
 * The global console: fd 1 and 2 until process.stdout/stderr exist, then
 * the streams (so replacing process.stdout.write captures console.log).
 */
export function createGlobalConsole(process) {
  const direct = (fd, name) => {
    const tty = os.isatty(fd);
    return {
      write(text) {
        if (isMaterialized(name)) return process[name].write(text);
        writeFd(fd, text);
        return true;
      },
      isTTY: tty || undefined,
      getColorDepth: (env) => (tty ? colorDepth(env) : 1),
    };
  };
  const c = new Console({ stdout: direct(1, "stdout"), stderr: direct(2, "stderr") });
  c.Console = Console;
  return c;
}
