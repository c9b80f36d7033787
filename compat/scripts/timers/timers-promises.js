// timers/promises: setTimeout and setImmediate resolve with their value,
// setInterval is an async iterator, and an AbortSignal rejects with an
// AbortError.
const tp = require("timers/promises");
async function main() {
  console.log("same as node:timers/promises:", tp === require("node:timers/promises"));
  console.log("setTimeout:", await tp.setTimeout(5, "timeout value"));
  console.log("setImmediate:", await tp.setImmediate("immediate value"));
  let n = 0;
  for await (const v of tp.setInterval(2, "interval value")) {
    console.log("setInterval", ++n, v);
    if (n === 3) break;
  }
  const ac = new AbortController();
  const p = tp.setTimeout(1000, "never", { signal: ac.signal });
  ac.abort();
  try {
    await p;
  } catch (err) {
    console.log("aborted:", err.name, err.code);
  }
  try {
    await tp.setTimeout(1, null, { signal: AbortSignal.abort() });
  } catch (err) {
    console.log("already aborted:", err.name);
  }
  console.log("scheduler.wait:", typeof tp.scheduler.wait);
  await tp.scheduler.wait(1);
  console.log("done");
}
main();
