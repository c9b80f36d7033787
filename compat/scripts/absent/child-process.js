// compat: expect
// The VM runs one process: require("child_process") works (packages such as
// commander require it when they load), and each function that would start a
// process throws an Error that names it and says it is not available in the
// wasmrun VM (the "absent is loud"). Node has the module, so each
// runner has its own expected output: child-process.node.out and
// child-process.wasmrun.out.
for (const name of ["child_process", "node:child_process"]) {
  const cp = require(name);
  console.log(`require("${name}") exports spawn, exec, execSync, fork:`,
    ["spawn", "exec", "execSync", "fork"].every((fn) => typeof cp[fn] === "function"));
}
const cp = require("child_process");
for (const [fn, args] of [["spawn", ["false"]], ["execSync", ["exit 3"]], ["execFileSync", ["false"]]]) {
  try {
    cp[fn](...args);
    console.log(`${fn}: returned`);
  } catch (err) {
    const message = String(err && err.message);
    console.log(`${fn} threw; names it: ${message.includes(fn)}; not available in the wasmrun VM: ${/not available in the wasmrun VM/.test(message)}; code: ${err.code ?? err.status}`);
  }
}
