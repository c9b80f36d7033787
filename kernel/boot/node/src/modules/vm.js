// vm: code runs in the one context the VM has. runInThisContext and
// compileFunction work; new contexts do not exist (QuickJS-NG gives
// JavaScript no way to create a realm).
export default function (layer) {
  const { notAvailable } = layer.errors;
  const run = (code) => (0, eval)(String(code));
  class Script {
    constructor(code) { this.code = String(code); }
    runInThisContext() { return run(this.code); }
    runInContext() { throw notAvailable("vm.Script.runInContext()", "there is one context"); }
    runInNewContext() { throw notAvailable("vm.Script.runInNewContext()", "there is one context"); }
    createCachedData() { throw notAvailable("vm.Script.createCachedData()"); }
  }
  return {
    Script,
    runInThisContext: run,
    compileFunction: (code, params = []) => new Function(...params, String(code)),
    isContext: () => false,
    createContext() { throw notAvailable("vm.createContext()", "there is one context"); },
    runInContext() { throw notAvailable("vm.runInContext()", "there is one context"); },
    runInNewContext() { throw notAvailable("vm.runInNewContext()", "there is one context"); },
    measureMemory() { throw notAvailable("vm.measureMemory()"); },
  };
}
