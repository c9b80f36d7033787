// Writable: a custom _write, write's backpressure result, 'drain', cork
// and uncork with _writev, end with a callback, 'finish', write after end.
const { Writable } = require("stream");
const log = [];
const w = new Writable({
  highWaterMark: 4,
  write(chunk, encoding, cb) {
    log.push(`write ${chunk} (${encoding})`);
    setTimeout(cb, 1);
  },
});
console.log("first write:", w.write("ab"));
console.log("second write passes the highWaterMark:", w.write("cdef"));
console.log("writableLength:", w.writableLength, "writableNeedDrain:", w.writableNeedDrain);
w.once("drain", () => {
  console.log("drain");
  w.end("last", () => {
    console.log(log.join("\n"));
    console.log("end callback, writableFinished:", w.writableFinished);
    corked();
  });
});
w.on("finish", () => console.log("finish"));

function corked() {
  const batches = [];
  const c = new Writable({
    writev(chunks, cb) {
      batches.push(chunks.map((x) => String(x.chunk)).join("+"));
      cb();
    },
    write(chunk, enc, cb) {
      batches.push("single " + chunk);
      cb();
    },
  });
  c.cork();
  c.write("1");
  c.write("2");
  c.write("3");
  process.nextTick(() => {
    c.uncork();
    c.end(() => {
      console.log("writev batches:", batches);
      afterEnd();
    });
  });
}

function afterEnd() {
  const done = new Writable({ write(c, e, cb) { cb(); } });
  done.on("error", (err) => console.log("write after end:", err.code));
  done.end();
  done.write("too late", (err) => console.log("write callback gets:", err && err.code));
  const objs = new Writable({
    objectMode: true,
    write(obj, enc, cb) {
      console.log("objectMode write:", obj);
      cb();
    },
  });
  objs.end({ an: "object" });
  const failing = new Writable({
    write(chunk, enc, cb) {
      cb(new Error("write failed"));
    },
  });
  failing.on("error", (err) => console.log("error event:", err.message, "destroyed:", failing.destroyed));
  failing.write("x");
}
