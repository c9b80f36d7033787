// stream.pipeline (with a callback, async generators and error
// propagation) and stream.finished.
const { pipeline, finished, Readable, Writable, Transform, PassThrough } = require("stream");
function sink(out) {
  return new Writable({
    write(chunk, enc, cb) {
      out.push(String(chunk));
      cb();
    },
  });
}
const out1 = [];
pipeline(
  Readable.from(["a", "b", "c"]),
  new Transform({ transform(c, e, cb) { cb(null, String(c).toUpperCase()); } }),
  sink(out1),
  (err) => {
    console.log("pipeline done:", err, out1.join(""));
    step2();
  },
);
function step2() {
  const out = [];
  pipeline(
    Readable.from(["x", "y"]),
    async function* (source) {
      for await (const chunk of source) yield chunk + "!";
    },
    sink(out),
    (err) => {
      console.log("with an async generator:", err, out.join(""));
      step3();
    },
  );
}
function step3() {
  const broken = new Transform({
    transform(c, e, cb) {
      cb(new Error("transform failed"));
    },
  });
  const src = Readable.from(["1", "2"]);
  pipeline(src, broken, sink([]), (err) => {
    console.log("error propagates:", err.message, "source destroyed:", src.destroyed);
    step4();
  });
}
function step4() {
  const r = Readable.from(["data"]);
  finished(r, (err) => {
    console.log("finished readable:", err);
    const w = new PassThrough();
    finished(w, (err) => {
      console.log("finished on destroy:", err && err.code);
    });
    w.destroy();
  });
  r.resume();
}
