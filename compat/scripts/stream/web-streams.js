// The WHATWG streams, as globals and from stream/web: a ReadableStream read
// by a reader and by async iteration, pipeThrough a TransformStream into a
// WritableStream, tee, backpressure with a queuing strategy, errors, and the
// text encoder and decoder streams.
const web = require("stream/web");
console.log("same classes:", web.ReadableStream === ReadableStream, web.TransformStream === TransformStream, web.WritableStream === WritableStream);
console.log("globals:", ["ReadableStream", "WritableStream", "TransformStream", "TextEncoderStream", "TextDecoderStream", "CountQueuingStrategy", "ByteLengthQueuingStrategy"].every((n) => typeof globalThis[n] === "function"));

async function main() {
  const rs = new ReadableStream({
    start(c) {
      for (const x of [1, 2, 3]) c.enqueue(x);
      c.close();
    },
  });
  const reader = rs.getReader();
  const got = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    got.push(value);
  }
  console.log("reader:", got);

  let n = 0;
  const counted = new ReadableStream({
    pull(c) {
      n++;
      if (n > 4) c.close();
      else c.enqueue(n * 10);
    },
  });
  const iterated = [];
  for await (const v of counted) iterated.push(v);
  console.log("async iteration:", iterated);

  const out = [];
  await new ReadableStream({ start(c) { c.enqueue("a"); c.enqueue("b"); c.close(); } })
    .pipeThrough(new TransformStream({ transform(chunk, c) { c.enqueue(chunk.toUpperCase()); c.enqueue(chunk); } }))
    .pipeTo(new WritableStream({ write(chunk) { out.push(chunk); }, close() { out.push("closed"); } }));
  console.log("pipeThrough/pipeTo:", out);

  const [a, b] = new ReadableStream({ start(c) { c.enqueue("x"); c.close(); } }).tee();
  console.log("tee:", (await a.getReader().read()).value, (await b.getReader().read()).value);

  const ws = new WritableStream({}, new CountQueuingStrategy({ highWaterMark: 2 }));
  const w = ws.getWriter();
  console.log("desiredSize:", w.desiredSize);
  w.write(1);
  console.log("after a write:", w.desiredSize);
  await w.close();

  const failing = new ReadableStream({ start(c) { c.error(new TypeError("boom")); } });
  try {
    await failing.getReader().read();
  } catch (e) {
    console.log("error:", e.name, e.message);
  }

  const bytes = [];
  await new ReadableStream({ start(c) { c.enqueue("héllo "); c.enqueue("wörld"); c.close(); } })
    .pipeThrough(new TextEncoderStream())
    .pipeTo(new WritableStream({ write(chunk) { bytes.push(...chunk); } }));
  console.log("TextEncoderStream:", bytes.length, Buffer.from(bytes).toString());
  const text = [];
  const euro = Buffer.from("€uro");
  await new ReadableStream({ start(c) { c.enqueue(euro.subarray(0, 1)); c.enqueue(euro.subarray(1)); c.close(); } })
    .pipeThrough(new TextDecoderStream())
    .pipeTo(new WritableStream({ write(chunk) { text.push(chunk); } }));
  console.log("TextDecoderStream:", text.join(""), new TextDecoderStream().encoding);
  console.log("strategy:", new ByteLengthQueuingStrategy({ highWaterMark: 16 }).size(new Uint8Array(5)));
}
main();
