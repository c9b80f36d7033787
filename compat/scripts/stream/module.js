// The stream module's shape: the classes, their relations, and the legacy
// Stream constructor with pipe.
const stream = require("stream");
console.log("stream is Stream:", typeof stream, stream.Stream === stream);
for (const k of ["Readable", "Writable", "Duplex", "Transform", "PassThrough", "pipeline", "finished", "addAbortSignal"]) {
  console.log(k, typeof stream[k]);
}
console.log("Duplex is a Readable:", new stream.Duplex() instanceof stream.Readable);
console.log("Transform is a Duplex:", new stream.Transform() instanceof stream.Duplex);
console.log("Writable instanceof for Duplex:", new stream.Duplex() instanceof stream.Writable);
console.log("EventEmitter:", new stream.Readable() instanceof require("events"));
console.log("node:stream:", require("node:stream") === stream);
console.log("isReadable:", typeof stream.Readable.from, stream.isReadable(stream.Readable.from([])));
