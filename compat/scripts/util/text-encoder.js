// util.TextEncoder and util.TextDecoder are the globals; other helpers of
// util that programs use.
const util = require("util");
console.log("TextEncoder:", util.TextEncoder === globalThis.TextEncoder);
console.log("TextDecoder:", util.TextDecoder === globalThis.TextDecoder);
console.log("round trip:", new util.TextDecoder().decode(new util.TextEncoder().encode("ünïcødé")));
console.log("stripVTControlCharacters:", util.stripVTControlCharacters("\u001b[31mred\u001b[39m"));
console.log("toUSVString:", util.toUSVString("a\ud800b"));
console.log("same module:", require("node:util") === util);
const { values, positionals } = util.parseArgs({
  args: ["-v", "--name", "x", "file"],
  options: { v: { type: "boolean" }, name: { type: "string" } },
  allowPositionals: true,
});
console.log("parseArgs:", JSON.stringify(values), positionals);
