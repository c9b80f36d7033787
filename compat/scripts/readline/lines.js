// compat: stdin lines.txt
// Reading stdin line by line with the 'line' event, including an empty line
// and a last line without a newline.
const readline = require("readline");
const rl = readline.createInterface({ input: process.stdin, terminal: false });
let n = 0;
rl.on("line", (line) => {
  n++;
  console.log(`${n}: ${JSON.stringify(line)}`);
});
rl.on("close", () => console.log("lines:", n));
