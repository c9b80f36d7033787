// readline/promises: the Interface whose question() returns a promise (an
// AbortSignal rejects it with an AbortError), and Readline, which queues
// cursor moves and writes them on commit().
export default function (layer) {
  const rl = layer.builtin("readline");
  const { abortError, codedError, invalidArgType } = layer.errors;

  class Interface extends rl.Interface {
    question(query, options = {}) {
      return new Promise((resolve, reject) => {
        let cb = resolve;
        const signal = options && options.signal;
        if (signal) {
          if (signal.aborted) {
            reject(abortError(signal));
            return;
          }
          const onAbort = () => {
            reject(abortError(signal));
          };
          signal.addEventListener("abort", onAbort, { once: true });
          cb = (answer) => {
            signal.removeEventListener("abort", onAbort);
            resolve(answer);
          };
        }
        try {
          this._question(query, cb);
        } catch (err) {
          reject(err);
        }
      });
    }
  }

  const CSI = "\x1b[";
  class Readline {
    #stream;
    #todo = [];
    #autoCommit;
    constructor(stream, options = undefined) {
      if (!stream || typeof stream.write !== "function") throw invalidArgType("stream", "an instance of Writable", stream);
      this.#stream = stream;
      this.#autoCommit = Boolean(options && options.autoCommit);
    }
    #add(s) {
      if (this.#autoCommit) layer.loop.nextTick(() => this.#stream.write(s));
      else this.#todo.push(s);
      return this;
    }
    cursorTo(x, y = undefined) {
      if (typeof x !== "number" || Number.isNaN(x)) throw codedError(TypeError, "ERR_INVALID_ARG_VALUE", `The argument 'x' is invalid. Received ${x}`);
      return this.#add(typeof y !== "number" ? `${CSI}${x + 1}G` : `${CSI}${y + 1};${x + 1}H`);
    }
    moveCursor(dx, dy) {
      if (!(dx || dy)) return this;
      let s = "";
      if (dx < 0) s += `${CSI}${-dx}D`; else if (dx > 0) s += `${CSI}${dx}C`;
      if (dy < 0) s += `${CSI}${-dy}A`; else if (dy > 0) s += `${CSI}${dy}B`;
      return this.#add(s);
    }
    clearLine(dir) {
      return this.#add(dir < 0 ? `${CSI}1K` : dir > 0 ? `${CSI}0K` : `${CSI}2K`);
    }
    clearScreenDown() {
      return this.#add(`${CSI}0J`);
    }
    commit() {
      return new Promise((resolve) => {
        const s = this.#todo.join("");
        this.#todo = [];
        this.#stream.write(s, resolve);
      });
    }
    rollback() {
      this.#todo = [];
      return this;
    }
  }

  return {
    Interface,
    Readline,
    createInterface: (input, output, completer, terminal) => new Interface(input, output, completer, terminal),
  };
}
