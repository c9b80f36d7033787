// compat: env DEBUG=app:*,-app:quiet
// compat: env DEBUG_HIDE_DATE=true
// compat: env DEBUG_COLORS=false
// debug: namespaces enabled by DEBUG, wildcards and exclusions, formatters,
// extend, enable/disable at run time; output on stderr (without dates or
// timings when not on a terminal and DEBUG_HIDE_DATE is set).
const createDebug = require("debug");
const main = createDebug("app:main");
const quiet = createDebug("app:quiet");
const other = createDebug("other");
console.log("enabled:", main.enabled, quiet.enabled, other.enabled);
main("hello %s, number %d, json %j", "world", 42, { a: 1 });
main("object %O", { nested: { list: [1, 2] } });
quiet("never printed");
other("never printed");
const sub = main.extend("sub");
console.log("extended namespace:", sub.namespace, sub.enabled);
sub("from the sub namespace");
createDebug.enable("other");
console.log("after enable('other'):", createDebug("other").enabled, createDebug("app:main").enabled);
createDebug("other")("now printed");
createDebug.disable();
console.log("after disable():", createDebug("other").enabled);
const toStdout = createDebug("stdout");
toStdout.enabled = true;
toStdout.log = console.log.bind(console);
toStdout("written with console.log");
console.log("humanize:", createDebug.humanize(1500));
