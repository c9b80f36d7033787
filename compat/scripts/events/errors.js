// 'error' events: thrown when nobody listens, handed to listeners
// otherwise; errorMonitor sees them first; a non-Error is wrapped.
const { EventEmitter, errorMonitor } = require("events");
const e = new EventEmitter();
try {
  e.emit("error", new Error("unhandled error event"));
} catch (err) {
  console.log("thrown:", err.message);
}
try {
  e.emit("error", "a string");
} catch (err) {
  console.log("non-Error:", err.name, err.code, err.message);
}
e.on(errorMonitor, (err) => console.log("monitor:", err.message));
e.on("error", (err) => console.log("listener:", err.message));
console.log("emit returns:", e.emit("error", new Error("handled")));
const throwing = new EventEmitter();
throwing.on("x", () => {
  throw new Error("listener threw");
});
throwing.on("x", () => console.log("never: the first listener threw"));
try {
  throwing.emit("x");
} catch (err) {
  console.log("emit passes on:", err.message);
}
