// AbortController and AbortSignal: abort, reason, the abort event once,
// throwIfAborted, AbortSignal.abort/timeout/any.
const ac = new AbortController();
const { signal } = ac;
console.log("initial:", signal.aborted, signal.reason);
let events = 0;
signal.addEventListener("abort", (e) => {
  events++;
  console.log("abort event:", e.type, e.target === signal);
});
signal.onabort = () => console.log("onabort called");
ac.abort();
ac.abort();
console.log("aborted:", signal.aborted, "events:", events);
console.log("default reason:", signal.reason.name, signal.reason.message);
try {
  signal.throwIfAborted();
} catch (e) {
  console.log("throwIfAborted:", e.name);
}
const ac2 = new AbortController();
ac2.abort(new Error("custom reason"));
console.log("custom reason:", ac2.signal.reason.message);
const pre = AbortSignal.abort("why");
console.log("AbortSignal.abort:", pre.aborted, pre.reason);
const any = AbortSignal.any([new AbortController().signal, pre]);
console.log("AbortSignal.any:", any.aborted, any.reason);
const t = AbortSignal.timeout(5);
t.addEventListener("abort", () => {
  console.log("timeout signal:", t.aborted, t.reason.name);
});
console.log("instanceof EventTarget:", signal instanceof EventTarget);
setTimeout(() => {}, 50);
