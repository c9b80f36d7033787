// events.on: an async iterator of events, ended by break or an AbortSignal.
const { EventEmitter, on } = require("events");
async function main() {
  const e = new EventEmitter();
  process.nextTick(() => {
    e.emit("data", 1);
    e.emit("data", 2, "extra");
    e.emit("data", 3);
  });
  for await (const args of on(e, "data")) {
    console.log("event:", args);
    if (args[0] === 3) break;
  }
  console.log("listeners after break:", e.listenerCount("data"));
  const ac = new AbortController();
  setTimeout(() => ac.abort(), 5);
  try {
    for await (const args of on(e, "data", { signal: ac.signal })) console.log("never", args);
  } catch (err) {
    console.log("aborted:", err.name);
  }
  process.nextTick(() => e.emit("error", new Error("iterator error")));
  try {
    for await (const args of on(e, "data")) console.log("never", args);
  } catch (err) {
    console.log("error ends it:", err.message);
  }
}
main();
