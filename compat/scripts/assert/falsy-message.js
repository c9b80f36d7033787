// The message of assert(value) without a message of its own quotes the
// failing call from the source file.
const assert = require("assert");
for (const fn of [() => assert(0), () => assert.ok(""), () => assert(null, undefined)]) {
  try {
    fn();
  } catch (err) {
    console.log(err.generatedMessage, JSON.stringify(err.message));
  }
}
