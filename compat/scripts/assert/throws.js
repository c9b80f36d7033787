// assert.throws, doesNotThrow, rejects and doesNotReject with every kind
// of validation: a class, a RegExp, an object, a function.
const assert = require("assert");
const thrower = () => {
  const e = new TypeError("wrong type");
  e.code = "E_TYPE";
  throw e;
};
function report(label, fn) {
  try {
    fn();
    console.log(label + ": passed");
  } catch (err) {
    console.log(`${label}: ${err.name} ${err.code || ""}`);
    console.log("  " + err.message.split("\n")[0]);
  }
}
report("throws", () => assert.throws(thrower));
report("throws class", () => assert.throws(thrower, TypeError));
report("throws wrong class", () => assert.throws(thrower, RangeError));
report("throws RegExp", () => assert.throws(thrower, /wrong/));
report("throws object", () => assert.throws(thrower, { name: "TypeError", code: "E_TYPE" }));
report("throws object mismatch", () => assert.throws(thrower, { code: "OTHER" }));
report("throws function", () => assert.throws(thrower, (err) => err.code === "E_TYPE"));
report("throws nothing thrown", () => assert.throws(() => {}));
report("throws with message", () => assert.throws(() => {}, "it should have thrown"));
report("doesNotThrow", () => assert.doesNotThrow(() => 1));
report("doesNotThrow throws", () => assert.doesNotThrow(thrower));
(async () => {
  await assert.rejects(Promise.reject(new Error("rejected")), /rejected/);
  console.log("rejects: passed");
  await assert.rejects(async () => {
    throw new RangeError("async");
  }, RangeError);
  console.log("rejects async function: passed");
  try {
    await assert.rejects(Promise.resolve(1));
  } catch (err) {
    console.log("rejects on a resolved promise:", err.code, err.message);
  }
  await assert.doesNotReject(Promise.resolve(2));
  console.log("doesNotReject: passed");
  try {
    await assert.doesNotReject(Promise.reject(new Error("no")));
  } catch (err) {
    console.log("doesNotReject on a rejection:", err.code, err.message.split("\n")[0]);
  }
})();
