// compat: expect
// The VM has no cluster: require throws an Error that names the module and
// says it is not available in the wasmrun VM (the issue's "absent is
// loud"). Node has the module, so each runner has its own expected output:
// cluster.node.out and cluster.wasmrun.out.
for (const name of ["cluster", "node:cluster"]) {
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
    console.log("  names the module:", message.includes("cluster"));
    console.log("  says it is not available in the wasmrun VM:", /not available in the wasmrun VM/i.test(message));
  }
}
