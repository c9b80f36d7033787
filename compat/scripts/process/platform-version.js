// process.platform, version and versions have Node's shapes; the values
// themselves depend on the machine and are not printed.
const os = require("os");

console.log("platform is a string:", typeof process.platform === "string" && process.platform.length > 0);
console.log("platform matches os.platform():", process.platform === os.platform());
console.log("arch is a string:", typeof process.arch === "string" && process.arch.length > 0);
console.log("version looks like vN.N.N:", /^v\d+\.\d+\.\d+$/.test(process.version));
console.log("versions.node matches version:", "v" + process.versions.node === process.version);
console.log("versions is an object of strings:", Object.values(process.versions).every((v) => typeof v === "string"));
console.log("release.name:", process.release.name);
console.log("pid is a positive integer:", Number.isInteger(process.pid) && process.pid > 0);
console.log("ppid is an integer:", Number.isInteger(process.ppid));
console.log("title is a string:", typeof process.title === "string");
console.log("execPath is absolute:", require("path").isAbsolute(process.execPath));
console.log("uptime is a number:", typeof process.uptime() === "number" && process.uptime() >= 0);
console.log("process is an EventEmitter:", process instanceof require("events"));
console.log("Object.prototype.toString:", Object.prototype.toString.call(process));
