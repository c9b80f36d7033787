// Duplex, Transform (with flush) and PassThrough.
const { Duplex, Transform, PassThrough, Readable } = require("stream");
async function collect(stream) {
  const out = [];
  for await (const c of stream) out.push(String(c));
  return out;
}
async function main() {
  const upper = new Transform({
    transform(chunk, enc, cb) {
      cb(null, String(chunk).toUpperCase());
    },
    flush(cb) {
      this.push("[flushed]");
      cb();
    },
  });
  upper.write("hello ");
  upper.end("world");
  console.log("Transform:", (await collect(upper)).join(""));

  const splitter = new Transform({
    readableObjectMode: true,
    transform(chunk, enc, cb) {
      for (const word of String(chunk).split(" ")) if (word) this.push({ word });
      cb();
    },
  });
  splitter.end("one two  three");
  console.log("to objects:", (await collect(splitter)).length);

  const pt = new PassThrough();
  pt.end("passes through");
  console.log("PassThrough:", (await collect(pt)).join(""), pt instanceof Transform);

  const written = [];
  const d = new Duplex({
    read() {
      this.push("from the readable side");
      this.push(null);
    },
    write(chunk, enc, cb) {
      written.push(String(chunk));
      cb();
    },
  });
  d.end("to the writable side");
  console.log("Duplex read:", (await collect(d)).join(""));
  console.log("Duplex wrote:", written);

  const fromPair = Duplex.from({ readable: Readable.from(["r"]), writable: new PassThrough() });
  console.log("Duplex.from:", typeof fromPair.write, typeof fromPair.read);
  const t = Readable.from(["a", "b"]).pipe(new Transform({
    transform(c, e, cb) {
      cb(null, c + c);
    },
  }));
  console.log("piped:", (await collect(t)).join(","));
}
main();
