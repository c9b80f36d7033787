// compat: stderr headline
// An uncaught exception is reported on stderr and the program exits 1;
// 'exit' listeners run with code 1, and nothing after the throw runs.
process.on("exit", (code) => console.log("exit listener, code", code));
setTimeout(() => console.log("timer must not fire"), 10);
console.log("before");
throw new Error("boom");
