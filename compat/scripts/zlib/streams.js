// zlib streams: createGzip piped into createGunzip, and createDeflate with
// pipeline.
const zlib = require("zlib");
const { pipeline, Readable, Writable } = require("stream");
function sink(done) {
  const chunks = [];
  return new Writable({
    write(c, e, cb) {
      chunks.push(c);
      cb();
    },
    final(cb) {
      done(Buffer.concat(chunks));
      cb();
    },
  });
}
const parts = Array.from({ length: 100 }, (_, i) => `part ${i};`);
pipeline(Readable.from(parts), zlib.createGzip(), zlib.createGunzip(), sink((out) => {
  console.log("gzip stream round trip:", out.toString() === parts.join(""));
}), (err) => {
  console.log("pipeline 1:", err);
  pipeline(Readable.from([Buffer.from("deflated stream")]), zlib.createDeflate(), zlib.createInflate(), sink((out) => {
    console.log("deflate stream:", out.toString());
  }), (err) => {
    console.log("pipeline 2:", err);
    const gunzip = zlib.createGunzip();
    gunzip.on("error", (e) => console.log("stream error:", e.code));
    gunzip.end(Buffer.from("not gzip"));
  });
});
