// compat: expect
// The VM has no child_process: require throws an Error that names the module and
// says it is not available in the wasmrun VM (the issue's "absent is
// loud"). Node has the module, so each runner has its own expected output:
// child-process.node.out and child-process.wasmrun.out.
for (const name of ["child_process", "node:child_process"]) {
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
    console.log("  names the module:", message.includes("child_process"));
    console.log("  says it is not available in the wasmrun VM:", /not available in the wasmrun VM/i.test(message));
  }
}
