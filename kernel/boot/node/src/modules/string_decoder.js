// string_decoder: the `string_decoder` package (Node's, for other engines),
// with Node's coded error for an unknown encoding.
export default function (layer) {
  const mod = require("string_decoder/lib/string_decoder.js");
  const Base = mod.StringDecoder;
  function StringDecoder(encoding) {
    if (encoding !== undefined && encoding !== null && typeof encoding === "string") {
      const { Buffer } = layer.builtin("buffer");
      if (!Buffer.isEncoding(encoding)) throw layer.errors.codedError(TypeError, "ERR_UNKNOWN_ENCODING", `Unknown encoding: ${encoding}`);
    }
    if (!(this instanceof StringDecoder)) return new StringDecoder(encoding);
    Base.call(this, encoding);
  }
  StringDecoder.prototype = Base.prototype;
  Object.defineProperty(Base.prototype, "constructor", { value: StringDecoder, writable: true, configurable: true });
  return { ...mod, StringDecoder };
}
