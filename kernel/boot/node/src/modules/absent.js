// PLACEHOLDER, owned by the engineer who writes child_process, worker_threads
// and cluster: replace it (keep the default export's contract).
//
// absent(layer, name) is the module object for a built-in the VM does not
// have: requiring it works (programs that only import it, or check for it,
// keep running); reading any member throws notAvailable naming it.
export default function absent(layer, name) {
  return new Proxy({}, {
    get(target, prop) {
      if (typeof prop === "symbol" || prop === "__esModule" || prop === "then" || prop === "default") return undefined;
      throw layer.errors.notAvailable(`${name}.${String(prop)}`, `the node:${name} module is not available`);
    },
    has() {
      return false;
    },
    ownKeys() {
      return [];
    },
  });
}
