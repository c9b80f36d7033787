// A program that ends by itself with work in the timer queue first drains it
// and then exits 0; 'beforeExit' fires once the loop is empty.
let rounds = 0;
process.on("beforeExit", (code) => {
  console.log("beforeExit", code, "round", rounds);
  if (rounds++ < 2) setTimeout(() => console.log("scheduled from beforeExit", rounds), 1);
});
process.on("exit", (code) => {
  console.log("exit", code);
  setTimeout(() => console.log("a timer set in 'exit' never fires"), 0);
});
console.log("main done");
