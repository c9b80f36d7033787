// stream/web: the WHATWG streams, from web-streams-polyfill (a conformant
// implementation of the Streams standard, pinned), with TextEncoderStream
// and TextDecoderStream built on its TransformStream. The same classes are
// Node's globals (internal/globals.js). CompressionStream and
// DecompressionStream are absent: constructing one throws, naming itself.
export default function (layer) {
  const ws = require("web-streams-polyfill");
  const { notAvailable } = layer.errors;

  class TextEncoderStream {
    #t;
    constructor() {
      const enc = new TextEncoder();
      let pending = ""; // a lone high surrogate at the end of a chunk
      this.#t = new ws.TransformStream({
        transform(chunk, controller) {
          let s = pending + String(chunk);
          pending = "";
          const last = s.charCodeAt(s.length - 1);
          if (last >= 0xd800 && last <= 0xdbff) {
            pending = s.slice(-1);
            s = s.slice(0, -1);
          }
          if (s.length) controller.enqueue(enc.encode(s));
        },
        flush(controller) {
          if (pending) controller.enqueue(enc.encode(pending));
        },
      });
    }
    get encoding() { return "utf-8"; }
    get readable() { return this.#t.readable; }
    get writable() { return this.#t.writable; }
  }

  class TextDecoderStream {
    #t;
    #dec;
    constructor(label = "utf-8", options = {}) {
      const dec = new TextDecoder(label, options);
      this.#dec = dec;
      this.#t = new ws.TransformStream({
        transform(chunk, controller) {
          const s = dec.decode(chunk, { stream: true });
          if (s) controller.enqueue(s);
        },
        flush(controller) {
          const s = dec.decode();
          if (s) controller.enqueue(s);
        },
      });
    }
    get encoding() { return this.#dec.encoding; }
    get fatal() { return this.#dec.fatal; }
    get ignoreBOM() { return this.#dec.ignoreBOM; }
    get readable() { return this.#t.readable; }
    get writable() { return this.#t.writable; }
  }

  const absentClass = (name) => class {
    constructor() { throw notAvailable(`new ${name}()`, "use zlib"); }
  };

  return {
    ReadableStream: ws.ReadableStream,
    ReadableStreamDefaultReader: ws.ReadableStreamDefaultReader,
    ReadableStreamBYOBReader: ws.ReadableStreamBYOBReader,
    ReadableStreamBYOBRequest: ws.ReadableStreamBYOBRequest,
    ReadableByteStreamController: ws.ReadableByteStreamController,
    ReadableStreamDefaultController: ws.ReadableStreamDefaultController,
    TransformStream: ws.TransformStream,
    TransformStreamDefaultController: ws.TransformStreamDefaultController,
    WritableStream: ws.WritableStream,
    WritableStreamDefaultWriter: ws.WritableStreamDefaultWriter,
    WritableStreamDefaultController: ws.WritableStreamDefaultController,
    ByteLengthQueuingStrategy: ws.ByteLengthQueuingStrategy,
    CountQueuingStrategy: ws.CountQueuingStrategy,
    TextEncoderStream,
    TextDecoderStream,
    CompressionStream: absentClass("CompressionStream"),
    DecompressionStream: absentClass("DecompressionStream"),
  };
}
