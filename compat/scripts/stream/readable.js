// Readable: from an iterable, a custom _read, flowing and paused modes,
// read(), setEncoding, objectMode, async iteration and the end of data.
const { Readable } = require("stream");
async function main() {
  const fromArray = Readable.from(["a", "b", "c"]);
  const got = [];
  for await (const chunk of fromArray) got.push(chunk);
  console.log("Readable.from:", got, fromArray.readableObjectMode);

  let i = 0;
  const counter = new Readable({
    read() {
      i++;
      this.push(i <= 3 ? `chunk${i}` : null);
    },
  });
  const chunks = [];
  counter.on("data", (c) => chunks.push(Buffer.isBuffer(c) ? "Buffer:" + c : c));
  await new Promise((resolve) => counter.on("end", resolve));
  console.log("custom _read:", chunks.join(" "));

  const paused = new Readable({ read() {} });
  paused.push("hello ");
  paused.push("world");
  paused.push(null);
  await new Promise((resolve) => paused.once("readable", resolve));
  console.log("read():", String(paused.read()), "then:", paused.read());

  const enc = new Readable({ read() {} });
  enc.setEncoding("utf8");
  enc.push(Buffer.from([0xe2, 0x82]));
  enc.push(Buffer.from([0xac]));
  enc.push(null);
  const parts = [];
  for await (const c of enc) parts.push(c);
  console.log("setEncoding joins split characters:", JSON.stringify(parts));

  const objects = new Readable({ objectMode: true, read() {} });
  objects.push({ n: 1 });
  objects.push({ n: 2 });
  objects.push(null);
  const objs = [];
  for await (const o of objects) objs.push(o.n);
  console.log("objectMode:", objs);

  const flow = Readable.from([1, 2, 3]);
  flow.pause();
  console.log("isPaused:", flow.isPaused(), "readableFlowing:", flow.readableFlowing);
  const seen = [];
  flow.on("data", (d) => seen.push(d));
  flow.resume();
  await new Promise((resolve) => flow.on("end", resolve));
  console.log("resumed:", seen, "readableEnded:", flow.readableEnded);

  const destroyed = new Readable({ read() {} });
  destroyed.on("error", (err) => console.log("error event:", err.message));
  destroyed.on("close", () => console.log("close event, destroyed:", destroyed.destroyed));
  destroyed.destroy(new Error("destroyed with an error"));
}
main();
