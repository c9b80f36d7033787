// util.deprecate: the wrapped function works, and the first call prints one
// DeprecationWarning on stderr (per code), emitted as a 'warning' event.
const util = require("util");
process.on("warning", (w) => console.log("warning event:", w.name, w.code, w.message));
const old = util.deprecate((a, b) => a + b, "old() is deprecated, use new()", "DEP_COMPAT_1");
console.log("result:", old(1, 2));
console.log("second call:", old(3, 4));
const other = util.deprecate(() => "other", "other() is deprecated");
other();
other();
const sameCode = util.deprecate(() => {}, "same code, second function", "DEP_COMPAT_1");
sameCode();
console.log("done");
