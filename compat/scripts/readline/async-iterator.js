// compat: stdin lines.txt
// for await over a readline interface, as most line-reading programs do.
const readline = require("readline");
async function main() {
  const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  const words = [];
  for await (const line of rl) words.push(...line.split(/\s+/).filter(Boolean));
  console.log("words:", words.length, words.join("|"));
}
main();
