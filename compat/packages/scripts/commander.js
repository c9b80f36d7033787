// commander: options, arguments, subcommands with actions, help text and
// errors, parsed from fixed argument lists.
const { Command, Option, InvalidArgumentError } = require("commander");

function makeProgram() {
  const program = new Command();
  program
    .name("tool")
    .description("A tool for the compatibility suite")
    .version("1.2.3")
    .exitOverride()
    .configureOutput({
      writeOut: (s) => process.stdout.write("[out] " + s),
      writeErr: (s) => process.stdout.write("[err] " + s),
    })
    .option("-v, --verbose", "say more")
    .option("-n, --count <number>", "how many", (v) => {
      const n = parseInt(v, 10);
      if (Number.isNaN(n)) throw new InvalidArgumentError("Not a number.");
      return n;
    }, 1)
    .option("--no-color", "no colours")
    .addOption(new Option("-m, --mode <mode>", "the mode").choices(["fast", "slow"]).default("fast"))
    .option("-t, --tag <tags...>", "tags")
    .action((opts) => console.log("main action, verbose:", Boolean(opts.verbose)));
  program
    .command("greet <name> [greeting]")
    .description("greet someone")
    .option("-s, --shout", "in capitals")
    .action((name, greeting, opts) => {
      const msg = `${greeting || "hello"}, ${name}`;
      console.log("greet action:", opts.shout ? msg.toUpperCase() : msg);
    });
  return program;
}

let p = makeProgram();
p.parse(["-v", "-n", "3", "--no-color", "--tag", "a", "b", "-m", "slow"], { from: "user" });
console.log("options:", JSON.stringify(p.opts()));
p = makeProgram();
p.parse(["greet", "ada", "hi", "--shout"], { from: "user" });
p = makeProgram();
p.parse(["node", "tool.js", "greet", "grace"]);
for (const args of [["--help"], ["--version"], ["-n", "x"], ["-m", "medium"], ["--unknown"], ["greet"]]) {
  p = makeProgram();
  try {
    p.parse(args, { from: "user" });
  } catch (err) {
    console.log(`${JSON.stringify(args)} -> ${err.code} (exitCode ${err.exitCode})`);
  }
}
console.log(makeProgram().helpInformation());
