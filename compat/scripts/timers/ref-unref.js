// Timer objects: ref/unref/hasRef/refresh, chaining, and an unref'd timer
// that does not keep the program alive.
const t = setTimeout(() => console.log("ref'd timer fires"), 50);
console.log("typeof:", typeof t);
console.log("hasRef:", t.hasRef());
console.log("unref returns the timer:", t.unref() === t, "hasRef:", t.hasRef());
console.log("ref returns the timer:", t.ref() === t, "hasRef:", t.hasRef());
console.log("refresh returns the timer:", t.refresh() === t);
console.log("to a primitive id:", typeof +t === "number" && Number.isInteger(+t));
const keep = setTimeout(() => console.log("never: unref'd and the program ends first"), 1000);
keep.unref();
const iv = setInterval(() => console.log("never: unref'd interval"), 500);
iv.unref();
const im = setImmediate(() => console.log("immediate fires"));
console.log("immediate hasRef:", im.hasRef(), "unref returns it:", im.unref() === im, im.hasRef());
im.ref();
const byId = setTimeout(() => console.log("never: cleared by its id"), 5);
clearTimeout(+byId);
