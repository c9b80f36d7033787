// yargs: options with types and defaults, aliases, commands, positional
// arguments, coercion, validation failures and the help text, parsed from
// fixed argument lists.
const yargs = require("yargs/yargs");
const { hideBin } = require("yargs/helpers");

function parser(args) {
  return yargs(args)
    .scriptName("tool")
    .wrap(80)
    .locale("en")
    .option("port", { alias: "p", type: "number", default: 8080, describe: "the port" })
    .option("verbose", { alias: "v", type: "boolean", describe: "say more" })
    .option("tags", { type: "array", describe: "some tags" })
    .option("level", { choices: ["low", "high"], default: "low" })
    .command("serve [dir]", "serve a directory", (y) => y.positional("dir", { type: "string", default: "." }), (argv) => {
      console.log("serve command:", argv.dir, argv.port);
    })
    .strict()
    .exitProcess(false)
    .fail((msg, err) => {
      console.log("failure:", msg || (err && err.message));
    })
    .help();
}

const a = parser(["-p", "3000", "-v", "--tags", "x", "y", "--level", "high", "extra"]).parse();
console.log(JSON.stringify({ port: a.port, p: a.p, verbose: a.verbose, tags: a.tags, level: a.level, _: a._ }));
parser(["serve", "public", "--port", "9000"]).parse();
parser(["--level", "medium"]).parse();
parser(["--nope"]).parse();
console.log("hideBin:", hideBin(["node", "script.js", "--x"]));
parser([]).getHelp().then((help) => console.log(help));
const parsed = require("yargs-parser")(["--a=1", "-bc", "--no-d", "--e.f", "2", "rest"]);
console.log("yargs-parser:", JSON.stringify(parsed));
