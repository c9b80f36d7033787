// util.promisify: callback functions become promise functions; custom
// versions through util.promisify.custom; errors reject.
const util = require("util");
function addLater(a, b, cb) {
  setTimeout(() => cb(null, a + b), 1);
}
function failLater(cb) {
  setTimeout(() => cb(new Error("failed later")), 1);
}
function withCustom(cb) {
  cb(null, "original");
}
withCustom[util.promisify.custom] = () => Promise.resolve("custom");
async function main() {
  const add = util.promisify(addLater);
  console.log("resolved:", await add(2, 3));
  try {
    await util.promisify(failLater)();
  } catch (err) {
    console.log("rejected:", err.message);
  }
  console.log("custom:", await util.promisify(withCustom)());
  console.log("custom is returned as is:", util.promisify(withCustom) === withCustom[util.promisify.custom]);
  console.log("symbol:", util.promisify.custom === Symbol.for("nodejs.util.promisify.custom"));
  const obj = {
    value: 10,
    get(cb) {
      cb(null, this.value);
    },
  };
  console.log("this is kept with bind:", await util.promisify(obj.get).call(obj));
  const readFile = util.promisify(require("fs").readFile);
  console.log("fs.readFile:", (await readFile(__filename, "utf8")).split("\n")[0]);
  try {
    util.promisify("not a function");
  } catch (err) {
    console.log("not a function:", err.code);
  }
}
main();
