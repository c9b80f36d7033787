// compat: stdin answers.txt
// readline/promises: question returns a promise of the answer.
const readline = require("readline/promises");
async function main() {
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
  const name = await rl.question("Name: ");
  rl.close();
  console.log(`\nHello, ${name}`);
}
main();
