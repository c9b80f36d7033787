// process.exit(3) ends at once with code 3: nothing after it runs, pending
// timers do not fire, and 'exit' listeners see the code.
process.on("exit", (code) => {
  console.log("exit listener, code", code, "exitCode", process.exitCode);
});
setTimeout(() => console.log("timer must not fire"), 0);
console.log("before exit");
process.exit(3);
console.log("after exit: must not print");
