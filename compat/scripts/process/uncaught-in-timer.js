// compat: stderr headline
// An exception thrown in a timer callback ends the program with exit code 1.
process.on("exit", (code) => console.log("exit listener, code", code));
setTimeout(() => {
  console.log("in timer");
  throw new TypeError("thrown in a timer");
}, 1);
setTimeout(() => console.log("second timer must not fire"), 50);
