// assert/strict and assert.strict: the strict versions of every comparison.
const assert = require("assert");
const strict = require("assert/strict");
console.log("same object:", strict === assert.strict, require("node:assert/strict") === strict);
console.log("strict.strict:", strict.strict === strict);
console.log("equal is strictEqual:", strict.equal === assert.strictEqual, strict.deepEqual === assert.deepStrictEqual);
try {
  strict.equal(1, "1");
} catch (err) {
  console.log("strict.equal(1, '1'):", err.code, err.operator);
  console.log(err.message);
}
try {
  strict.deepEqual([1], ["1"]);
} catch (err) {
  console.log("strict.deepEqual([1], ['1']):", err.operator);
}
strict.ok(true);
strict(true);
console.log("callable:", typeof strict);
