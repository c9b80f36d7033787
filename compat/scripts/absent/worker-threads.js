// compat: expect
// The VM has no worker_threads: require throws an Error that names the module and
// says it is not available in the wasmrun VM (the issue's "absent is
// loud"). Node has the module, so each runner has its own expected output:
// worker-threads.node.out and worker-threads.wasmrun.out.
for (const name of ["worker_threads", "node:worker_threads"]) {
  let threw = false;
  let message = "";
  try {
    require(name);
  } catch (err) {
    threw = true;
    message = String(err && err.message);
  }
  console.log(`require("${name}") threw: ${threw}`);
  if (threw) {
    console.log("  names the module:", message.includes("worker_threads"));
    console.log("  says it is not available in the wasmrun VM:", /not available in the wasmrun VM/i.test(message));
  }
}
