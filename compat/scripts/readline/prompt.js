// compat: stdin answers.txt
// rl.prompt with setPrompt, answered line by line until stdin ends.
const readline = require("readline");
const rl = readline.createInterface({ input: process.stdin, output: process.stdout, prompt: "> " });
console.log("prompt is:", JSON.stringify(rl.getPrompt()));
rl.setPrompt("compat> ");
rl.prompt();
rl.on("line", (line) => {
  console.log(`echo: ${line.trim().toUpperCase()}`);
  rl.prompt();
});
rl.on("close", () => console.log("\nbye"));
