// process.exitCode is the code of a program that ends by itself.
process.on("exit", (code) => console.log("exit listener, code", code));
process.exitCode = 4;
setTimeout(() => {
  console.log("timer still runs, exitCode", process.exitCode);
}, 5);
