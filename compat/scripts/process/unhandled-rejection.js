// compat: stderr headline
// An unhandled rejection ends the program with exit code 1 after the
// current microtasks, reporting the rejection reason.
process.on("exit", (code) => console.log("exit listener, code", code));
async function fail() {
  await null;
  throw new RangeError("rejected in an async function");
}
fail();
console.log("after starting the async function");
