// 'uncaughtException' and 'unhandledRejection' listeners take over: the
// program goes on and exits 0.
process.on("uncaughtException", (err, origin) => {
  console.log("uncaughtException:", err.message, origin);
});
process.on("unhandledRejection", (reason, promise) => {
  console.log("unhandledRejection:", reason instanceof Error ? reason.message : reason, promise instanceof Promise);
});
process.on("exit", (code) => console.log("exit", code));
setTimeout(() => {
  throw new Error("from a timer");
}, 1);
setTimeout(() => console.log("later timer still fires"), 20);
Promise.reject(new Error("a rejection"));
Promise.reject("a plain value");
