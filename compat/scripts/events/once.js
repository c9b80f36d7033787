// events.once: a promise of the arguments of the next event, rejected by
// 'error' and by an AbortSignal; also on an EventTarget.
const { EventEmitter, once } = require("events");
async function main() {
  const e = new EventEmitter();
  setTimeout(() => e.emit("ready", 1, "two"), 1);
  console.log("resolved with:", await once(e, "ready"));
  setTimeout(() => e.emit("error", new Error("failed")), 1);
  try {
    await once(e, "never");
  } catch (err) {
    console.log("rejected:", err.message);
  }
  const ac = new AbortController();
  setTimeout(() => ac.abort(), 1);
  try {
    await once(e, "never", { signal: ac.signal });
  } catch (err) {
    console.log("aborted:", err.name, err.code);
  }
  const et = new EventTarget();
  setTimeout(() => et.dispatchEvent(new Event("ping")), 1);
  const [ev] = await once(et, "ping");
  console.log("EventTarget:", ev.type);
  console.log("listeners left:", e.listenerCount("never"), e.listenerCount("error"));
}
main();
