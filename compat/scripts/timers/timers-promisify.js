// util.promisify(setTimeout) and (setImmediate) resolve with the value.
const util = require("util");
const sleep = util.promisify(setTimeout);
const immediate = util.promisify(setImmediate);
(async () => {
  console.log(await sleep(2, "slept"));
  console.log(await immediate("immediate"));
  console.log("same as timers/promises:", sleep === require("timers/promises").setTimeout);
})();
