// queueMicrotask runs with promise callbacks, in order, before timers; an
// exception in it is an uncaught exception.
const order = [];
setTimeout(() => console.log(order.join("\n")), 0);
queueMicrotask(() => {
  order.push("microtask 1");
  queueMicrotask(() => order.push("microtask from microtask"));
});
Promise.resolve().then(() => order.push("promise"));
queueMicrotask(() => order.push("microtask 2"));
order.push("sync");
try {
  queueMicrotask("not a function");
} catch (err) {
  console.log("non-function:", err.name, err.code);
}
