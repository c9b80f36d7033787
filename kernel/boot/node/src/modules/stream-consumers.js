// stream/consumers: read a whole stream (or async iterable) as text, JSON, bytes.
export default function (layer) {
  const { Buffer } = layer.builtin("buffer");
  async function buffer(stream) {
    const chunks = [];
    for await (const chunk of stream) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
    return Buffer.concat(chunks);
  }
  return {
    buffer,
    async arrayBuffer(stream) {
      const b = await buffer(stream);
      return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
    },
    async text(stream) {
      return new TextDecoder().decode(await buffer(stream));
    },
    async json(stream) {
      return JSON.parse(new TextDecoder().decode(await buffer(stream)));
    },
    async blob() {
      throw layer.errors.notAvailable("stream/consumers.blob()", "there is no Blob");
    },
  };
}
