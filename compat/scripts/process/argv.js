// compat: args --name Ada -v one two=2
// process.argv: the runtime, the script as an absolute path, then the
// arguments after `--` unchanged.
const path = require("path");

console.log("length:", process.argv.length);
console.log("argv[0] is an absolute path:", path.isAbsolute(process.argv[0]));
console.log("argv[1]:", process.argv[1]);
console.log("arguments:", JSON.stringify(process.argv.slice(2)));
console.log("argv0 is a string:", typeof process.argv0 === "string");
console.log("execArgv:", JSON.stringify(process.execArgv));
