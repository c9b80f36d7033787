// minimist: every kind of argument it parses.
const minimist = require("minimist");
const cases = [
  ["-a", "beep", "-b", "boop"],
  ["-x", "3", "-y", "4", "-n5", "-abc", "--beep=boop", "foo", "bar", "baz"],
  ["--no-color", "--flag", "--", "--not-a-flag", "-x"],
  ["--num", "10", "--hex", "0x10", "--str", "010", "--neg", "-5"],
  ["--list", "a", "--list", "b", "--list", "c"],
  ["--key.nested", "v", "--key.other=w"],
];
for (const args of cases) console.log(JSON.stringify(minimist(args)));
console.log(JSON.stringify(minimist(["-h", "--verbose", "--name", "x", "file"], {
  boolean: ["verbose"],
  string: ["name"],
  alias: { h: "help" },
  default: { name: "none", port: 80 },
  "--": true,
})));
console.log(JSON.stringify(minimist(["--unknown", "x"], { unknown: () => false })));
