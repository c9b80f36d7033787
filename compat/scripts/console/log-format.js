// console.log's printf-like format: %s %d %i %f %j %o %O %c %%, extra
// arguments joined by spaces, and no format string at all.
console.log("%s is %d years and %i days", "Ada", 36.5, 12.9);
console.log("%f and %f", "3.25", 1.5);
console.log("json: %j", { a: [1, 2], b: "x" });
console.log("%o", { nested: { deep: { deeper: { deepest: 1 } } } });
console.log("%O", { nested: { deep: { deeper: { deepest: 1 } } } });
console.log("%c styled", "color: red");
console.log("100%% sure, %s", "really");
console.log("%s %s", "only one");
console.log("extra", "arguments", 1, true, null, undefined);
console.log("%s", Symbol("sym"), 42n, -0);
console.log("%d %d %d", "abc", 10n, -0);
console.log("%s", { toString() { return "custom toString"; } });
console.log("%s", [1, [2, [3]]]);
console.log("%s", new Error("as %s").message);
console.log();
console.log("");
console.log("multi\nline");
console.log(1, "1", [1], { 1: 1 });
