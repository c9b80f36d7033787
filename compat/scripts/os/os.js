// The os module: constants with fixed values, and machine facts that have
// fixed shapes (only the shapes are printed).
const os = require("os");
console.log("EOL:", JSON.stringify(os.EOL));
console.log("devNull:", os.devNull);
console.log("platform === process.platform:", os.platform() === process.platform);
console.log("endianness:", os.endianness());
console.log("homedir (HOME):", os.homedir());
console.log("tmpdir (TMPDIR):", os.tmpdir());
console.log("strings:", ["arch", "hostname", "release", "type", "version", "machine"].map((f) => `${f}=${typeof os[f]()}`).join(" "));
console.log("arch === process.arch:", os.arch() === process.arch);
const cpus = os.cpus();
console.log("cpus is an array:", Array.isArray(cpus), cpus.every((c) => typeof c.model === "string" && typeof c.speed === "number" && typeof c.times === "object"));
console.log("availableParallelism >= 1:", os.availableParallelism() >= 1);
console.log("memory:", os.totalmem() > 0, os.freemem() >= 0, os.freemem() <= os.totalmem());
console.log("uptime:", typeof os.uptime());
console.log("loadavg:", os.loadavg().length, os.loadavg().every((n) => typeof n === "number"));
console.log("networkInterfaces is an object:", typeof os.networkInterfaces());
const u = os.userInfo();
console.log("userInfo:", typeof u.username, typeof u.uid, typeof u.homedir);
console.log("signals:", os.constants.signals.SIGINT, os.constants.signals.SIGTERM, os.constants.signals.SIGKILL);
console.log("errno:", os.constants.errno.ENOENT, os.constants.errno.EACCES);
console.log("priority constants:", typeof os.constants.priority.PRIORITY_LOW);
console.log("same module:", require("node:os") === os);
