// chalk (ES module only): with stdout piped there is no colour; with an
// explicit level, the ANSI codes.
import chalk, { Chalk, supportsColor } from "chalk";
console.log("level when piped:", chalk.level, "supportsColor:", supportsColor);
console.log(chalk.red("plain when piped"));
const c = new Chalk({ level: 1 });
console.log(JSON.stringify(c.red("red")));
console.log(JSON.stringify(c.bold.underline.blue("bold underline blue")));
console.log(JSON.stringify(c.bgYellow.black(`nested ${c.green("green")} inside`)));
console.log(JSON.stringify(c.dim("multi\nline")));
const c3 = new Chalk({ level: 3 });
console.log(JSON.stringify(c3.hex("#ff8800")("hex")), JSON.stringify(c3.rgb(10, 20, 30).bgRgb(1, 2, 3)("rgb")));
const c2 = new Chalk({ level: 2 });
console.log(JSON.stringify(c2.hex("#ff8800")("256 colours")));
console.log("visible:", JSON.stringify(c.visible("shown")), JSON.stringify(new Chalk({ level: 0 }).visible("hidden")));
