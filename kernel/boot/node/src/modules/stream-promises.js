// stream/promises: pipeline and finished returning promises.
export default function (layer) {
  return layer.builtin("stream").promises;
}
