// EventEmitter: on/emit and their results, arguments, this, once,
// prependListener, off, removeAllListeners, listenerCount, eventNames,
// listeners and rawListeners, newListener and removeListener events.
const EventEmitter = require("events");
const e = new EventEmitter();
e.on("newListener", (name) => name !== "removeListener" && console.log("newListener:", name));
e.on("removeListener", (name) => console.log("removeListener:", name));
function onGreet(who, punct) {
  console.log("greet", who + punct, this === e);
}
e.on("greet", onGreet);
e.prependListener("greet", () => console.log("prepended runs first"));
e.once("greet", () => console.log("once"));
e.prependOnceListener("greet", () => console.log("prepended once"));
console.log("emit returns:", e.emit("greet", "world", "!"));
console.log("second emit:", e.emit("greet", "again", "?"));
console.log("emit without listeners:", e.emit("nothing"));
console.log("listenerCount:", e.listenerCount("greet"), EventEmitter.listenerCount(e, "greet"));
console.log("eventNames:", e.eventNames());
e.once("o", () => {});
console.log("rawListeners wraps once:", typeof e.rawListeners("o")[0].listener, "listeners does not:", e.listeners("o")[0].listener);
e.off("greet", onGreet);
console.log("after off:", e.listenerCount("greet"));
e.removeAllListeners("greet");
console.log("after removeAllListeners:", e.listenerCount("greet"), e.eventNames());
const arrow = new EventEmitter();
arrow.on("x", function (a, b, c, d) {
  console.log("many arguments:", a, b, c, d, arguments.length);
});
arrow.emit("x", 1, 2, 3, 4);
const sym = Symbol("event");
arrow.on(sym, () => console.log("symbol event"));
arrow.emit(sym);
console.log("chaining:", arrow.on("y", () => {}) === arrow, arrow.setMaxListeners(20) === arrow);
console.log("EventEmitter.EventEmitter:", EventEmitter.EventEmitter === EventEmitter);
console.log("defaultMaxListeners:", EventEmitter.defaultMaxListeners, new EventEmitter().getMaxListeners());
