// compat: expect
// The VM runs one process: require("cluster") works and says this is the
// primary; cluster.fork() throws an Error that names it and says it is not
// available in the wasmrun VM. Node has the module, so each runner has its own
// expected output: cluster.node.out and cluster.wasmrun.out.
for (const name of ["cluster", "node:cluster"]) {
  const cluster = require(name);
  console.log(`require("${name}"): isPrimary ${cluster.isPrimary}, isWorker ${cluster.isWorker}, on is a function: ${typeof cluster.on === "function"}`);
}
const cluster = require("cluster");
cluster.setupPrimary?.({ exec: __filename, args: ["child"], silent: true });
if (process.argv[2] === "child") process.exit(0);
try {
  const worker = cluster.fork();
  worker.on("exit", (code) => console.log("fork: the worker exited with", code));
} catch (err) {
  const message = String(err && err.message);
  console.log(`fork threw; names it: ${message.includes("cluster.fork")}; not available in the wasmrun VM: ${/not available in the wasmrun VM/.test(message)}`);
}
