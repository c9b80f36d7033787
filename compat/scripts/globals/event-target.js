// EventTarget and Event: listeners in order, once, removal, handleEvent
// objects, dispatchEvent's result, preventDefault, and CustomEvent.
const et = new EventTarget();
const order = [];
function first(e) {
  order.push(`first ${e.type} ${e.target === et} ${e.currentTarget === et} ${e.eventPhase}`);
}
et.addEventListener("ping", first);
et.addEventListener("ping", first); // a duplicate is ignored
et.addEventListener("ping", () => order.push("once"), { once: true });
et.addEventListener("ping", { handleEvent(e) { order.push("handleEvent " + e.type); } });
console.log("dispatch returns:", et.dispatchEvent(new Event("ping")));
et.dispatchEvent(new Event("ping"));
et.removeEventListener("ping", first);
et.dispatchEvent(new Event("ping"));
console.log(order.join("\n"));

const e = new Event("x", { cancelable: true });
console.log("event:", e.type, e.bubbles, e.cancelable, e.defaultPrevented, typeof e.timeStamp);
et.addEventListener("x", (ev) => ev.preventDefault());
console.log("cancelled dispatch returns:", et.dispatchEvent(e), e.defaultPrevented);
const notCancelable = new Event("x");
console.log("not cancelable:", et.dispatchEvent(notCancelable), notCancelable.defaultPrevented);

et.addEventListener("stop", (ev) => {
  order.length = 0;
  order.push("stopper");
  ev.stopImmediatePropagation();
});
et.addEventListener("stop", () => order.push("never"));
et.dispatchEvent(new Event("stop"));
console.log("stopImmediatePropagation:", order.join(","));

const ce = new CustomEvent("custom", { detail: { answer: 42 } });
et.addEventListener("custom", (ev) => console.log("CustomEvent detail:", ev.detail.answer, ev instanceof Event));
et.dispatchEvent(ce);
try {
  new Event();
} catch (err) {
  console.log("Event without a type:", err.name);
}
class Emitter extends EventTarget {}
const sub = new Emitter();
sub.addEventListener("s", () => console.log("subclass works"));
sub.dispatchEvent(new Event("s"));
