// stream: readable-stream (Node's streams for other engines). Its main file
// exports Readable; lib/stream.js is Node's `stream` module shape (the legacy
// Stream with Readable, Writable, ..., pipeline, finished, promises on it).
export default function (layer) {
  layer.builtin("events"); // Node's EventEmitter over the package's prototype first
  return require("readable-stream/lib/stream.js");
}
