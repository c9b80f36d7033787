// process.exit inside an 'exit' listener changes the code; the remaining
// listeners do not run.
process.on("exit", (code) => {
  console.log("first listener", code);
  process.exit(7);
});
process.on("exit", () => console.log("second listener must not run"));
process.exitCode = 2;
