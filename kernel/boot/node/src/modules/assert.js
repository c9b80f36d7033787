// assert: the `assert` package (Node's assert for other engines), whose
// AssertionError messages use the layer's util.inspect (build.mjs points the
// package's require("util/") at the built-in util), with what Node 20 does
// differently:
//  - assert(value) / assert.ok(value) without a message quotes the failing
//    call from the source file ("The expression evaluated to a falsy
//    value:\n\n  assert(0)\n");
//  - the diff of deepStrictEqual/strictEqual keeps Node 20's context (the
//    first two lines, up to three before a change, three after it);
//  - assert.throws(fn, ErrorClass) with another error class fails with an
//    AssertionError instead of rethrowing.
export default function (layer) {
  const base = require("assert/build/assert.js");
  const { AssertionError } = base;
  const inspectFn = () => layer.builtin("util").inspect;

  // ---- the diff ----

  const READABLE = {
    deepStrictEqual: "Expected values to be strictly deep-equal:",
    strictEqual: "Expected values to be strictly equal:",
    strictEqualObject: 'Expected "actual" to be reference-equal to "expected":',
    notIdentical: "Values identical but not reference-equal:",
  };

  function inspectValue(v) {
    return inspectFn()(v, { compact: false, customInspect: false, depth: 1000, maxArrayLength: Infinity, showHidden: false, showProxy: false, sorted: true, getters: true });
  }

  function colors() {
    const err = layer.process.stderr;
    const on = err && err.isTTY && typeof err.hasColors === "function" && err.hasColors();
    return on ? { blue: "\u001b[34m", green: "\u001b[32m", red: "\u001b[31m", white: "\u001b[39m" } : { blue: "", green: "", red: "", white: "" };
  }

  function errDiff(actual, expected, operator) {
    const { blue, green, red, white } = colors();
    const actualInspected = inspectValue(actual);
    const actualLines = actualInspected.split("\n");
    const expectedLines = inspectValue(expected).split("\n");
    let other = "";
    let res = "";
    let end = "";
    let skipped = false;
    let i = 0;
    let indicator = "";
    const isObj = (v) => (typeof v === "object" && v !== null) || typeof v === "function";
    if (operator === "strictEqual" && isObj(actual) && isObj(expected)) operator = "strictEqualObject";

    if (actualLines.length === 1 && expectedLines.length === 1 && actualLines[0] !== expectedLines[0]) {
      const inputLength = actualLines[0].length + expectedLines[0].length;
      if (inputLength <= 12) {
        if ((typeof actual !== "object" || actual === null) && (typeof expected !== "object" || expected === null) && (actual !== 0 || expected !== 0)) {
          return `${READABLE[operator]}\n\n${actualLines[0]} !== ${expectedLines[0]}\n`;
        }
      } else if (operator !== "strictEqualObject") {
        const stderr = layer.process.stderr;
        const maxLength = stderr && stderr.isTTY ? stderr.columns : 80;
        if (inputLength < maxLength) {
          while (actualLines[0][i] === expectedLines[0][i]) i++;
          if (i > 2) {
            indicator = `\n  ${" ".repeat(i)}^`;
            i = 0;
          }
        }
      }
    }

    // The identical lines at the end: three are kept, a fourth stands for the rest.
    let a = actualLines[actualLines.length - 1];
    let b = expectedLines[expectedLines.length - 1];
    while (a === b) {
      if (i++ < 3) end = `\n  ${a}${end}`;
      else other = a;
      actualLines.pop();
      expectedLines.pop();
      if (actualLines.length === 0 || expectedLines.length === 0) break;
      a = actualLines[actualLines.length - 1];
      b = expectedLines[expectedLines.length - 1];
    }
    const maxLines = Math.max(actualLines.length, expectedLines.length);
    if (maxLines === 0) {
      const lines = actualInspected.split("\n");
      if (lines.length > 50) {
        lines[46] = `${blue}...${white}`;
        lines.length = 47;
      }
      return `${READABLE.notIdentical}\n\n${lines.join("\n")}\n`;
    }
    if (i >= 5) {
      end = `\n${blue}...${white}${end}`;
      skipped = true;
    }
    if (other !== "") {
      end = `\n  ${other}${end}`;
      other = "";
    }

    let printed = 0;
    let identical = 0;
    const msg = `${READABLE[operator]}\n${green}+ actual${white} ${red}- expected${white}`;
    const skippedMsg = ` ${blue}...${white} Lines skipped`;
    let lines = actualLines;
    let plusMinus = `${green}+${white}`;
    let maxLength = expectedLines.length;
    if (actualLines.length < maxLines) {
      lines = expectedLines;
      plusMinus = `${red}-${white}`;
      maxLength = actualLines.length;
    }
    // Up to three identical lines before a change; more become "...".
    const context = (src) => {
      if (identical > 2) {
        if (identical > 3) {
          if (identical > 4) {
            if (identical === 5) {
              res += `\n  ${src[i - 3]}`;
              printed++;
            } else {
              res += `\n${blue}...${white}`;
              skipped = true;
            }
          }
          res += `\n  ${src[i - 2]}`;
          printed++;
        }
        res += `\n  ${src[i - 1]}`;
        printed++;
      }
      identical = 0;
    };
    for (i = 0; i < maxLines; i++) {
      if (maxLength < i + 1) {
        context(lines);
        if (lines === actualLines) res += `\n${plusMinus} ${lines[i]}`;
        else other += `\n${plusMinus} ${lines[i]}`;
        printed++;
      } else {
        const expectedLine = expectedLines[i];
        let actualLine = actualLines[i];
        let diverging = actualLine !== expectedLine && (!actualLine.endsWith(",") || actualLine.slice(0, -1) !== expectedLine);
        if (diverging && expectedLine.endsWith(",") && expectedLine.slice(0, -1) === actualLine) {
          diverging = false;
          actualLine += ",";
        }
        if (diverging) {
          context(actualLines);
          res += `\n${green}+${white} ${actualLine}`;
          other += `\n${red}-${white} ${expectedLine}`;
          printed += 2;
        } else {
          res += other;
          other = "";
          identical++;
          if (identical <= 2) {
            res += `\n  ${actualLine}`;
            printed++;
          }
        }
      }
      if (printed > 50 && i < maxLines - 2) {
        return `${msg}${skippedMsg}\n${res}\n${blue}...${white}${other}\n${blue}...${white}`;
      }
    }
    return `${msg}${skipped ? skippedMsg : ""}\n${res}${other}${end}${indicator}`;
  }

  function setMessage(err, message) {
    const old = err.message;
    err.message = message;
    if (typeof err.stack === "string" && err.stack.includes(old)) {
      const i = err.stack.indexOf(old);
      err.stack = err.stack.slice(0, i) + message + err.stack.slice(i + old.length);
    }
  }

  function withDiff(fn) {
    const wrapped = function (...args) {
      try {
        return fn.apply(this, args);
      } catch (err) {
        if (err instanceof AssertionError && err.generatedMessage && (err.operator === "deepStrictEqual" || err.operator === "strictEqual")) {
          setMessage(err, errDiff(err.actual, err.expected, err.operator));
        }
        throw err;
      }
    };
    Object.defineProperty(wrapped, "name", { value: fn.name });
    return wrapped;
  }

  // ---- assert(value): the failing expression, from the source ----

  function sourceOf(stackStart) {
    const holder = {};
    Error.captureStackTrace(holder, stackStart);
    const m = /\n {4}at (?:.* \()?((?:file:\/\/)?\/[^():]+):(\d+):(\d+)\)?/.exec(`\n${String(holder.stack).split("\n").find((l) => l.startsWith("    at ")) || ""}`);
    if (!m) return undefined;
    const file = m[1].startsWith("file://") ? decodeURIComponent(m[1].slice(7)) : m[1];
    const text = layer.sys.readText(file);
    if (text === null) return undefined;
    const lines = text.split(/\r?\n/);
    const line = Number(m[2]) - 1;
    let col = Number(m[3]) - 1;
    const src = lines.slice(line).join("\n");
    // qjs's column is at the callee's last name: back to the expression's start.
    let start = col;
    while (start > 0 && /[\w$.]/.test(src[start - 1])) start--;
    if (!/^[\w$.]+\s*\(/.test(src.slice(start))) {
      // The column is inside the arguments: back to the unmatched "(".
      let depth = 0;
      let k = col - 1;
      for (; k >= 0; k--) {
        const c = src[k];
        if (c === ")" || c === "]" || c === "}") depth++;
        else if (c === "(" || c === "[" || c === "{") {
          if (depth === 0) break;
          depth--;
        }
      }
      if (k < 0 || src[k] !== "(") return undefined;
      start = k;
      while (start > 0 && /\s/.test(src[start - 1])) start--;
      while (start > 0 && /[\w$.]/.test(src[start - 1])) start--;
      col = start;
    }
    let j = src.indexOf("(", col);
    if (j < 0) return undefined;
    let depth = 0;
    let quote = null;
    for (; j < src.length; j++) {
      const c = src[j];
      if (quote) {
        if (c === "\\") j++;
        else if (c === quote) quote = null;
      } else if (c === '"' || c === "'" || c === "`") quote = c;
      else if (c === "(" || c === "[" || c === "{") depth++;
      else if (c === ")" || c === "]" || c === "}") {
        depth--;
        if (depth === 0) break;
      }
    }
    if (depth !== 0) return undefined;
    let code = src.slice(start, j + 1);
    if (code.includes("\n")) {
      // Node keeps the lines, indented relative to the first.
      const indent = (lines[line].match(/^\s*/) || [""])[0].length;
      code = code.split("\n").map((l, k) => (k === 0 ? l : l.slice(Math.min(indent, (l.match(/^\s*/) || [""])[0].length)))).join("\n  ");
    }
    return `The expression evaluated to a falsy value:\n\n  ${code}\n`;
  }

  function makeOk(baseOk) {
    function ok(...args) {
      if (args.length > 0 && !args[0] && (args.length < 2 || args[1] === undefined || args[1] === null)) {
        let message;
        try {
          message = sourceOf(ok);
        } catch {
          message = undefined;
        }
        if (message !== undefined) {
          const err = new AssertionError({ actual: args[0], expected: true, message, operator: "==", stackStartFn: ok });
          err.generatedMessage = true;
          throw err;
        }
      }
      return baseOk.apply(this, args);
    }
    return ok;
  }

  // ---- assert.throws(fn, ErrorClass) ----

  function makeThrows(baseThrows) {
    function throws(fn, expected, message) {
      if (typeof fn !== "function" || typeof expected !== "function" || expected.prototype === undefined || !Object.prototype.isPrototypeOf.call(Error, expected)) {
        return baseThrows.apply(this, arguments);
      }
      let actual;
      let threw = false;
      try {
        fn();
      } catch (e) {
        actual = e;
        threw = true;
      }
      if (!threw || actual instanceof expected) return baseThrows.apply(this, [() => { if (threw) throw actual; }, expected, message]);
      let generated = false;
      if (!message) {
        generated = true;
        message = `The error is expected to be an instance of "${expected.name}". Received `;
        if (actual instanceof Error) {
          const name = (actual.constructor && actual.constructor.name) || actual.name;
          message += expected.name === name ? "an error with identical name but a different prototype." : `"${name}"`;
          if (actual.message) message += `\n\nError message:\n\n${actual.message}`;
        } else {
          message += `"${inspectFn()(actual, { depth: -1 })}"`;
        }
      }
      const err = new AssertionError({ actual, expected, message, operator: "throws", stackStartFn: throws });
      err.generatedMessage = generated;
      throw err;
    }
    return throws;
  }

  const wrapped = new Map(); // one wrapper per function: strict.equal === assert.strictEqual
  function build(src, strictMode) {
    const ok = makeOk(src.ok);
    const out = ok;
    for (const k of Object.keys(src)) out[k] = src[k];
    out.ok = ok;
    out.throws = makeThrows(src.throws);
    for (const name of ["deepStrictEqual", "strictEqual", "deepEqual", "equal"]) {
      const fn = src[name];
      if (typeof fn !== "function") continue;
      if (!wrapped.has(fn)) wrapped.set(fn, withDiff(fn));
      out[name] = wrapped.get(fn);
    }
    out.AssertionError = AssertionError;
    void strictMode;
    return out;
  }

  const assert = build(base, false);
  const strict = build(base.strict, true);
  strict.strict = strict;
  assert.strict = strict;
  return assert;
}
