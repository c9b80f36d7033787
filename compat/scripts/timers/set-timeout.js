// setTimeout runs callbacks in order of delay, then of scheduling, with
// their arguments; clearTimeout cancels; a delay below 1 counts as 1.
const order = [];
setTimeout(() => order.push("100ms"), 100);
setTimeout(() => order.push("10ms a"), 10);
setTimeout((x, y) => order.push(`10ms b with ${x} ${y}`), 10, "arg1", "arg2");
setTimeout(() => order.push("0ms"), 0);
setTimeout(() => order.push("negative"), -5);
setTimeout(() => order.push("NaN delay"), NaN);
const cancelled = setTimeout(() => order.push("cancelled"), 5);
clearTimeout(cancelled);
clearTimeout(undefined);
clearTimeout(null);
clearTimeout(12345);
setTimeout(() => {
  setTimeout(() => order.push("nested 0ms"), 0);
  order.push("20ms");
}, 20);
setTimeout(() => console.log(order.join("\n")), 60);
