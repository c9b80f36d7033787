// PLACEHOLDER, owned by the engineer who writes readline (an interactive
// prompt on the console's stdin): replace this file, keeping the factory
// convention (see builtins.js). It has line events, question() and close().
export default function (layer) {
  const EventEmitter = layer.builtin("events");
  const { StringDecoder } = layer.builtin("string_decoder");
  class Interface extends EventEmitter {
    constructor(input, output) {
      super();
      if (input && input.input) ({ input, output } = input);
      this.input = input;
      this.output = output;
      this.closed = false;
      this._buffer = "";
      this._questions = [];
      const decoder = new StringDecoder("utf8");
      this._onData = (chunk) => {
        this._buffer += typeof chunk === "string" ? chunk : decoder.write(chunk);
        let i;
        while ((i = this._buffer.search(/\r?\n/)) >= 0) {
          const line = this._buffer.slice(0, i);
          this._buffer = this._buffer.slice(this._buffer[i] === "\r" ? i + 2 : i + 1);
          this._line(line);
        }
      };
      this._onEnd = () => {
        if (this._buffer) this._line(this._buffer);
        this._buffer = "";
        this.close();
      };
      input.on("data", this._onData);
      input.on("end", this._onEnd);
      if (typeof input.resume === "function") input.resume();
    }
    _line(line) {
      const q = this._questions.shift();
      if (q) q(line);
      else this.emit("line", line);
    }
    setPrompt(p) { this._prompt = p; }
    prompt() { if (this.output) this.output.write(this._prompt === undefined ? "> " : this._prompt); }
    question(query, options, cb) {
      if (typeof options === "function") cb = options;
      if (this.output) this.output.write(query);
      this._questions.push(cb);
    }
    write(data) { if (this.output) this.output.write(data); }
    pause() { this.input.pause(); this.emit("pause"); return this; }
    resume() { this.input.resume(); this.emit("resume"); return this; }
    close() {
      if (this.closed) return;
      this.closed = true;
      this.input.removeListener("data", this._onData);
      this.input.removeListener("end", this._onEnd);
      if (typeof this.input.pause === "function") this.input.pause();
      this.emit("close");
    }
    [Symbol.asyncIterator]() {
      return EventEmitter.on(this, "line", {})[Symbol.asyncIterator]();
    }
  }
  return {
    Interface,
    createInterface: (input, output) => new Interface(input, output),
    clearLine: (stream, dir, cb) => stream.clearLine ? stream.clearLine(dir, cb) : true,
    cursorTo: (stream, x, y, cb) => stream.cursorTo ? stream.cursorTo(x, y, cb) : true,
    moveCursor: (stream, dx, dy, cb) => stream.moveCursor ? stream.moveCursor(dx, dy, cb) : true,
    emitKeypressEvents() {},
  };
}
