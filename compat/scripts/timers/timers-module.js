// The timers module exports the same functions as the globals.
const timers = require("timers");
const nodeTimers = require("node:timers");
console.log("same module:", timers === nodeTimers);
for (const name of ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "setImmediate", "clearImmediate"]) {
  console.log(name, typeof timers[name], timers[name] === globalThis[name]);
}
timers.setTimeout((v) => console.log("timers.setTimeout fired", v), 1, "ok");
