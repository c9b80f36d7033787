// More listeners than the maximum: a warning on stderr (once per event
// name), with the emitter still working.
const EventEmitter = require("events");
const e = new EventEmitter();
e.setMaxListeners(2);
process.on("warning", (w) => console.log("warning event:", w.name, w.count, w.type));
for (let i = 0; i < 4; i++) e.on("busy", () => {});
console.log("count:", e.listenerCount("busy"), "max:", e.getMaxListeners());
const unlimited = new EventEmitter();
unlimited.setMaxListeners(0);
for (let i = 0; i < 20; i++) unlimited.on("x", () => {});
console.log("unlimited count:", unlimited.listenerCount("x"));
