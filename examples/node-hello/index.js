// A QuickJS program run as a Node.js project (the Node API layer comes with
// a later release; today qjs:std and qjs:os are what it has).
import * as std from "qjs:std";
import * as os from "qjs:os";

const [cwd] = os.getcwd();
console.log(`QuickJS-NG in ${cwd}, arguments: ${JSON.stringify(scriptArgs.slice(1))}`);
const f = std.open("notes.txt", "w");
f.puts("written inside the VM\n");
f.close();
console.log("notes.txt:", std.loadFile("notes.txt").trim());
os.setTimeout(() => console.log("a timer fired after 50 ms"), 50);
