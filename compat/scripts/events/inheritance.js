// Extending EventEmitter with class syntax and with util.inherits; the
// captureRejections option; getEventListeners.
const EventEmitter = require("events");
const util = require("util");
class Job extends EventEmitter {
  run() {
    this.emit("start", this.name);
    return this;
  }
}
const j = new Job();
j.name = "class job";
j.on("start", (n) => console.log("started:", n));
j.run();
console.log("instanceof:", j instanceof EventEmitter);
function Legacy() {
  EventEmitter.call(this);
}
util.inherits(Legacy, EventEmitter);
const l = new Legacy();
l.on("x", () => console.log("legacy emitter works"));
l.emit("x");
console.log("super_:", Legacy.super_ === EventEmitter);
console.log("getEventListeners:", EventEmitter.getEventListeners(j, "start").length);
const cr = new EventEmitter({ captureRejections: true });
cr.on("event", async () => {
  throw new Error("async listener failed");
});
cr.on("error", (err) => console.log("captured rejection:", err.message));
cr.emit("event");
