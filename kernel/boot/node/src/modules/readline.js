// readline: Node's Interface over any readable (process.stdin as a rule):
// lines split as Node splits them (\n, \r\n, \r, with crlfDelay), 'line'
// and 'close' events, prompt/setPrompt/getPrompt, question (with an
// AbortSignal), pause/resume, history, the async iterator over lines
// (ended by 'close'; breaking out of it closes the interface, as in Node).
//
// A terminal: the VM's console delivers input a line at a time, echoed by
// the host's terminal (stdin has no raw mode, see internal/stdio.js). So an
// interface with `terminal: true` reads lines as a non-terminal one does
// and writes the prompt as it is; the cursor functions write ANSI codes.
export default function (layer) {
  const EventEmitter = layer.builtin("events");
  const { StringDecoder } = layer.builtin("string_decoder");
  const { codedError, invalidArgType } = layer.errors;

  const lineEnding = /\r?\n|\r(?!\n)/g;
  const kClosed = Symbol("closed");
  const kLineBuffer = Symbol("lineBuffer");
  const kSawReturnAt = Symbol("sawReturnAt");
  const kQuestionCallback = Symbol("questionCallback");
  const kOldPrompt = Symbol("oldPrompt");
  const kPrompt = Symbol("prompt");
  const kDecoder = Symbol("decoder");
  const kIterator = Symbol("iterator");
  const kOnLine = Symbol("onLine");
  const kWrite = Symbol("normalWrite");

  function useAfterClose() {
    return codedError(Error, "ERR_USE_AFTER_CLOSE", "readline was closed");
  }

  function Interface(input, output, completer, terminal) {
    if (!(this instanceof Interface)) return new Interface(input, output, completer, terminal);
    EventEmitter.call(this);
    let history;
    let historySize;
    let removeHistoryDuplicates = false;
    let crlfDelay;
    let prompt = "> ";
    let signal;
    let tabSize = 8;
    if (input && input.input) {
      // createInterface({ input, output, ... })
      const o = input;
      output = o.output;
      completer = o.completer;
      terminal = o.terminal;
      history = o.history;
      historySize = o.historySize;
      signal = o.signal;
      if (o.tabSize !== undefined) tabSize = o.tabSize;
      if (o.prompt !== undefined) prompt = o.prompt;
      crlfDelay = o.crlfDelay;
      removeHistoryDuplicates = Boolean(o.removeHistoryDuplicates);
      input = o.input;
    }
    if (completer !== undefined && typeof completer !== "function") {
      throw codedError(TypeError, "ERR_INVALID_ARG_VALUE", "The argument 'completer' is invalid. Received " + String(completer));
    }
    if (history === undefined) history = [];
    if (historySize === undefined) historySize = 30;
    if (terminal === undefined && output !== null && output !== undefined) terminal = Boolean(output.isTTY);
    this.output = output;
    this.input = input;
    this.history = history;
    this.historySize = historySize;
    this.removeHistoryDuplicates = removeHistoryDuplicates;
    this.crlfDelay = crlfDelay ? Math.max(100, crlfDelay) : 100;
    this.completer = completer;
    this.tabSize = tabSize;
    this.terminal = Boolean(terminal);
    this.line = "";
    this[kPrompt] = prompt;
    this[kClosed] = false;
    this[kLineBuffer] = null;
    this[kSawReturnAt] = 0;
    this[kQuestionCallback] = null;
    this[kDecoder] = new StringDecoder("utf8");
    if (this.terminal) this.cursor = 0;

    const ondata = (data) => this[kWrite](data);
    const onend = () => {
      if (typeof this[kLineBuffer] === "string" && this[kLineBuffer].length > 0) this.emit("line", this[kLineBuffer]);
      this[kLineBuffer] = null;
      this.close();
    };
    const onerror = (err) => this.emit("error", err);
    input.on("error", onerror);
    input.on("data", ondata);
    input.on("end", onend);
    this.once("close", () => {
      input.removeListener("data", ondata);
      input.removeListener("error", onerror);
      input.removeListener("end", onend);
    });
    if (signal) {
      const onAborted = () => this.close();
      if (signal.aborted) layer.loop.nextTick(onAborted);
      else {
        signal.addEventListener("abort", onAborted, { once: true });
        this.once("close", () => signal.removeEventListener("abort", onAborted));
      }
    }
    input.resume();
  }
  Object.setPrototypeOf(Interface.prototype, EventEmitter.prototype);
  Object.setPrototypeOf(Interface, EventEmitter);

  Object.defineProperty(Interface.prototype, "columns", {
    configurable: true,
    enumerable: true,
    get() { return this.output && this.output.columns ? this.output.columns : Infinity; },
  });

  Object.assign(Interface.prototype, {
    setPrompt(prompt) { this[kPrompt] = prompt; },
    getPrompt() { return this[kPrompt]; },
    prompt(preserveCursor) {
      if (this.paused) this.resume();
      if (this.terminal && !preserveCursor) this.cursor = 0;
      writeOut(this, this[kPrompt]);
    },
    question(query, options, cb) {
      cb = typeof options === "function" ? options : cb;
      if (options !== null && typeof options === "object" && options.signal) {
        const signal = options.signal;
        if (signal.aborted) return;
        const onAbort = () => { this[kQuestionCallback] = null; };
        signal.addEventListener("abort", onAbort, { once: true });
        const inner = cb;
        cb = (answer) => {
          signal.removeEventListener("abort", onAbort);
          inner(answer);
        };
      }
      if (typeof cb === "function") this._question(query, cb);
    },
    _question(query, cb) {
      if (this[kClosed]) throw useAfterClose();
      if (this[kQuestionCallback]) {
        this.prompt();
      } else {
        this[kOldPrompt] = this[kPrompt];
        this.setPrompt(query);
        this[kQuestionCallback] = cb;
        this.prompt();
      }
    },
    [kOnLine](line) {
      if (this[kQuestionCallback]) {
        const cb = this[kQuestionCallback];
        this[kQuestionCallback] = null;
        this.setPrompt(this[kOldPrompt]);
        cb(line);
      } else {
        this.emit("line", line);
      }
    },
    [kWrite](b) {
      if (b === undefined) return;
      let string = typeof b === "string" ? b : this[kDecoder].write(b);
      if (this[kSawReturnAt] && Date.now() - this[kSawReturnAt] <= this.crlfDelay) {
        if (string.codePointAt(0) === 10) string = string.slice(1);
        this[kSawReturnAt] = 0;
      }
      lineEnding.lastIndex = 0;
      let match = lineEnding.exec(string);
      if (match !== null) {
        if (this[kLineBuffer]) {
          string = this[kLineBuffer] + string;
          this[kLineBuffer] = null;
          lineEnding.lastIndex = 0;
          match = lineEnding.exec(string);
        }
        this[kSawReturnAt] = string.endsWith("\r") ? Date.now() : 0;
        const indexes = [0, match.index, lineEnding.lastIndex];
        let next;
        while ((next = lineEnding.exec(string)) !== null) indexes.push(next.index, lineEnding.lastIndex);
        const last = indexes.length - 1;
        this[kLineBuffer] = string.slice(indexes[last]);
        for (let i = 1; i < last; i += 2) {
          const line = string.slice(indexes[i - 1], indexes[i]);
          if (this.terminal) addHistory(this, line);
          this[kOnLine](line);
        }
      } else if (string) {
        this[kLineBuffer] = this[kLineBuffer] ? this[kLineBuffer] + string : string;
      }
    },
    write(data, key) {
      if (this[kClosed]) throw useAfterClose();
      if (this.paused) this.resume();
      if (data !== undefined && data !== null) this[kWrite](data);
      void key;
    },
    pause() {
      if (this.paused) return;
      this.input.pause();
      this.paused = true;
      this.emit("pause");
      return this;
    },
    resume() {
      if (!this.paused) return;
      this.input.resume();
      this.paused = false;
      this.emit("resume");
      return this;
    },
    close() {
      if (this[kClosed]) return;
      this.pause();
      this[kClosed] = true;
      this.emit("close");
    },
    getCursorPos() {
      const text = this[kPrompt] + (this.terminal ? this.line.slice(0, this.cursor) : "");
      const cols = this.columns;
      let width = 0;
      for (const ch of text) width += ch === "\t" ? this.tabSize - (width % this.tabSize) : 1;
      return cols === Infinity ? { rows: 0, cols: width } : { rows: Math.floor(width / cols), cols: width % cols };
    },
    clearLine() {
      this.line = "";
      if (this.terminal) this.cursor = 0;
    },
    [Symbol.asyncIterator]() {
      if (this[kIterator] === undefined) this[kIterator] = lineIterator(this);
      return this[kIterator];
    },
  });

  function writeOut(rl, text) {
    if (typeof text !== "string") throw invalidArgType("stringToWrite", "string", text);
    if (rl.output !== null && rl.output !== undefined) rl.output.write(text);
  }

  function addHistory(rl, line) {
    if (rl.historySize === 0 || line.trim() === "") return;
    if (rl.removeHistoryDuplicates) {
      const i = rl.history.indexOf(line);
      if (i >= 0) rl.history.splice(i, 1);
    }
    if (rl.history[0] !== line) rl.history.unshift(line);
    if (rl.history.length > rl.historySize) rl.history.pop();
    rl.emit("history", rl.history);
  }

  /** The lines as an async iterator: ends at 'close', pauses the input past 1024 queued lines. */
  function lineIterator(rl) {
    const queue = [];
    const waiting = [];
    let done = false;
    const onLine = (line) => {
      if (waiting.length) waiting.shift().resolve({ value: line, done: false });
      else {
        queue.push(line);
        if (queue.length > 1024) rl.pause();
      }
    };
    const onClose = () => {
      done = true;
      cleanup();
      for (const w of waiting.splice(0)) w.resolve({ value: undefined, done: true });
    };
    const onError = (err) => {
      done = true;
      cleanup();
      if (waiting.length) waiting.shift().reject(err);
    };
    const cleanup = () => {
      rl.removeListener("line", onLine);
      rl.removeListener("close", onClose);
      rl.removeListener("error", onError);
    };
    rl.on("line", onLine);
    rl.on("close", onClose);
    rl.on("error", onError);
    if (rl[kClosed]) onClose();
    return {
      next() {
        if (queue.length) {
          const value = queue.shift();
          if (queue.length === 0 && rl.paused && !rl[kClosed]) rl.resume();
          return Promise.resolve({ value, done: false });
        }
        if (done) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
      },
      return() {
        done = true;
        queue.length = 0;
        cleanup();
        rl.close();
        return Promise.resolve({ value: undefined, done: true });
      },
      throw(err) {
        this.return();
        return Promise.reject(err);
      },
      [Symbol.asyncIterator]() { return this; },
    };
  }

  // ---- the cursor, on a stream (ANSI escape codes) ----

  const CSI = "\x1b[";

  function clearLine(stream, dir, callback) {
    if (stream === null || stream === undefined) {
      if (typeof callback === "function") layer.loop.nextTick(callback, null);
      return true;
    }
    return stream.write(dir < 0 ? `${CSI}1K` : dir > 0 ? `${CSI}0K` : `${CSI}2K`, callback);
  }

  function clearScreenDown(stream, callback) {
    if (stream === null || stream === undefined) {
      if (typeof callback === "function") layer.loop.nextTick(callback, null);
      return true;
    }
    return stream.write(`${CSI}0J`, callback);
  }

  function cursorTo(stream, x, y, callback) {
    if (typeof y === "function") {
      callback = y;
      y = undefined;
    }
    if (stream === null || stream === undefined || (typeof x !== "number" && typeof y !== "number")) {
      if (typeof callback === "function") layer.loop.nextTick(callback, null);
      return true;
    }
    if (Number.isNaN(x)) throw codedError(TypeError, "ERR_INVALID_ARG_VALUE", "The argument 'x' is invalid. Received NaN");
    if (Number.isNaN(y)) throw codedError(TypeError, "ERR_INVALID_ARG_VALUE", "The argument 'y' is invalid. Received NaN");
    return stream.write(typeof y !== "number" ? `${CSI}${x + 1}G` : `${CSI}${y + 1};${x + 1}H`, callback);
  }

  function moveCursor(stream, dx, dy, callback) {
    if (stream === null || stream === undefined || !(dx || dy)) {
      if (typeof callback === "function") layer.loop.nextTick(callback, null);
      return true;
    }
    let s = "";
    if (dx < 0) s += `${CSI}${-dx}D`;
    else if (dx > 0) s += `${CSI}${dx}C`;
    if (dy < 0) s += `${CSI}${-dy}A`;
    else if (dy > 0) s += `${CSI}${dy}B`;
    return stream.write(s, callback);
  }

  /**
   * emitKeypressEvents(stream): 'keypress' events for what the stream
   * delivers. Without raw mode the console gives whole lines: each
   * character is a keypress, the line's end is "return".
   */
  const kKeypress = Symbol("keypressDecoder");
  function emitKeypressEvents(stream) {
    if (stream[kKeypress]) return;
    const decoder = new StringDecoder("utf8");
    stream[kKeypress] = decoder;
    const onData = (b) => {
      if (stream.listenerCount("keypress") === 0) return;
      const s = typeof b === "string" ? b : decoder.write(b);
      for (const ch of s) {
        let key;
        if (ch === "\r" || ch === "\n") key = { sequence: ch, name: ch === "\r" ? "return" : "enter", ctrl: false, meta: false, shift: false };
        else if (ch === "\t") key = { sequence: ch, name: "tab", ctrl: false, meta: false, shift: false };
        else if (ch === "\x7f" || ch === "\b") key = { sequence: ch, name: "backspace", ctrl: false, meta: false, shift: false };
        else if (ch === " ") key = { sequence: ch, name: "space", ctrl: false, meta: false, shift: false };
        else if (ch < " ") key = { sequence: ch, name: String.fromCharCode(ch.charCodeAt(0) + 96), ctrl: true, meta: false, shift: false };
        else key = { sequence: ch, name: /[a-z]/i.test(ch) ? ch.toLowerCase() : undefined, ctrl: false, meta: false, shift: /[A-Z]/.test(ch) };
        stream.emit("keypress", ch, key);
      }
    };
    const onNewListener = (event) => {
      if (event === "keypress") {
        stream.on("data", onData);
        stream.removeListener("newListener", onNewListener);
      }
    };
    if (stream.listenerCount("keypress") > 0) stream.on("data", onData);
    else stream.on("newListener", onNewListener);
  }

  return {
    Interface,
    createInterface: (input, output, completer, terminal) => new Interface(input, output, completer, terminal),
    clearLine,
    clearScreenDown,
    cursorTo,
    moveCursor,
    emitKeypressEvents,
    get promises() { return layer.builtin("readline/promises"); },
  };
}
