// assert and its comparisons: what passes, and the AssertionError of what
// fails (name, code, operator, actual, expected, generatedMessage, message).
const assert = require("assert");
function report(label, fn) {
  try {
    fn();
    console.log(label + ": passed");
  } catch (err) {
    console.log(`${label}: ${err.name} ${err.code} operator=${err.operator} generated=${err.generatedMessage}`);
    console.log(err.message.split("\n").map((l) => "  | " + l).join("\n"));
  }
}
report("assert(true)", () => assert(true));
report("assert(false, message)", () => assert(false, "custom message"));
report("equal(1, '1')", () => assert.equal(1, "1"));
report("equal(1, 2)", () => assert.equal(1, 2));
report("notEqual(1, '1')", () => assert.notEqual(1, "1"));
report("strictEqual(1, 1)", () => assert.strictEqual(1, 1));
report("strictEqual(1, '1')", () => assert.strictEqual(1, "1"));
report("strictEqual strings", () => assert.strictEqual("hello world", "hello there"));
report("strictEqual multiline", () => assert.strictEqual("a\nb\nc", "a\nB\nc"));
report("notStrictEqual(2, 2)", () => assert.notStrictEqual(2, 2));
report("deepEqual loose", () => assert.deepEqual({ a: 1 }, { a: "1" }));
report("notDeepStrictEqual", () => assert.notDeepStrictEqual({ a: 1 }, { a: 1 }));
report("match", () => assert.match("abc", /b/));
report("match fails", () => assert.match("abc", /x/));
report("doesNotMatch fails", () => assert.doesNotMatch("abc", /b/));
report("fail()", () => assert.fail());
report("fail(message)", () => assert.fail("boom"));
report("ifError(null)", () => assert.ifError(null));
report("ifError(err)", () => assert.ifError(new Error("from a callback")));
report("message is an Error", () => assert.strictEqual(1, 2, new TypeError("my own error")));
const e = new assert.AssertionError({ actual: 1, expected: 2, operator: "strictEqual" });
console.log("AssertionError:", e instanceof Error, e.name, e.actual, e.expected);
