// util.callbackify: async functions become error-first callback functions;
// a falsy rejection reason is wrapped in an Error with .reason.
const util = require("util");
async function ok(x) {
  return x * 2;
}
async function fails() {
  throw new Error("async failure");
}
async function rejectsNull() {
  return Promise.reject(null);
}
util.callbackify(ok)(21, (err, v) => {
  console.log("ok:", err, v);
  util.callbackify(fails)((err, v) => {
    console.log("fails:", err.message, v);
    util.callbackify(rejectsNull)((err) => {
      console.log("falsy reason:", err instanceof Error, err.code, err.reason, err.message);
    });
  });
});
