// process.nextTick runs before promise callbacks, after the current
// operation, with its arguments; ticks scheduled by ticks run in the same
// round; all of them before timers.
const order = [];
setTimeout(() => {
  order.push("timeout");
  console.log(order.join(" > "));
}, 0);
Promise.resolve().then(() => order.push("promise 1"));
process.nextTick((a, b) => {
  order.push(`tick 1 (${a}, ${b})`);
  process.nextTick(() => order.push("tick from tick"));
  Promise.resolve().then(() => order.push("promise from tick"));
}, "x", 2);
process.nextTick(() => order.push("tick 2"));
queueMicrotask(() => order.push("microtask"));
order.push("sync");
