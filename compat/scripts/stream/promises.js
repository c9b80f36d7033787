// stream/promises: pipeline and finished as promises.
const { pipeline, finished } = require("stream/promises");
const { Readable, Writable, PassThrough } = require("stream");
async function main() {
  const out = [];
  await pipeline(
    Readable.from(["p", "q"]),
    async function* (src) {
      for await (const c of src) yield c.toUpperCase();
    },
    new Writable({
      write(c, e, cb) {
        out.push(String(c));
        cb();
      },
    }),
  );
  console.log("pipeline resolved:", out.join(""));
  try {
    await pipeline(Readable.from(["z"]), async function* (src) {
      for await (const c of src) throw new Error("generator threw on " + c);
    }, new PassThrough());
  } catch (err) {
    console.log("pipeline rejected:", err.message);
  }
  const r = Readable.from(["a"]);
  r.resume();
  await finished(r);
  console.log("finished resolved:", r.readableEnded);
  const ac = new AbortController();
  const slow = new Readable({ read() {} });
  const p = pipeline(slow, new PassThrough(), { signal: ac.signal });
  ac.abort();
  try {
    await p;
  } catch (err) {
    console.log("aborted:", err.name);
  }
}
main();
