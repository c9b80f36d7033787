// setImmediate runs after the current operation and its microtasks, in
// order, with arguments; clearImmediate cancels; immediates scheduled by an
// immediate run on the next turn.
const order = [];
setImmediate((a) => {
  order.push("immediate 1 " + a);
  setImmediate(() => {
    order.push("immediate from immediate");
    console.log(order.join("\n"));
  });
  process.nextTick(() => order.push("tick from immediate 1"));
}, "arg");
setImmediate(() => order.push("immediate 2"));
const cancelled = setImmediate(() => order.push("cancelled"));
clearImmediate(cancelled);
Promise.resolve().then(() => order.push("promise"));
process.nextTick(() => order.push("tick"));
order.push("sync");
