// compat: expect
// The VM runs one thread: require("worker_threads") works and describes the
// main thread; new Worker() throws an Error that names it and says it is not
// available in the wasmrun VM. Node has the module, so each runner has its own
// expected output: worker-threads.node.out and worker-threads.wasmrun.out.
for (const name of ["worker_threads", "node:worker_threads"]) {
  const wt = require(name);
  console.log(`require("${name}"): isMainThread ${wt.isMainThread}, threadId ${wt.threadId}, parentPort ${wt.parentPort}, workerData ${wt.workerData}`);
}
const wt = require("worker_threads");
wt.setEnvironmentData("answer", 42);
console.log("environment data:", wt.getEnvironmentData("answer"));
const buf = new ArrayBuffer(8);
wt.markAsUntransferable(buf);
console.log("markAsUntransferable is a function:", typeof wt.markAsUntransferable === "function");
try {
  const w = new wt.Worker("process.exit(0)", { eval: true });
  w.on("exit", (code) => console.log("worker: exited with", code));
} catch (err) {
  const message = String(err && err.message);
  console.log(`new Worker threw; names it: ${message.includes("Worker")}; not available in the wasmrun VM: ${/not available in the wasmrun VM/.test(message)}`);
}
