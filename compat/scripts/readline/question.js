// compat: stdin answers.txt
// An interactive prompt answered from stdin: rl.question, one question
// after the other, then close.
const readline = require("readline");
const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
rl.question("What is your name? ", (name) => {
  rl.question("How old are you? ", (age) => {
    rl.question("Continue (yes/no)? ", (answer) => {
      console.log(`Hello ${name}, ${Number(age) + 1} next year; continue: ${answer === "yes"}`);
      rl.close();
    });
  });
});
rl.on("close", () => console.log("[closed]"));
