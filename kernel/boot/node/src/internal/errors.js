// Errors the layer throws: Node's coded errors, and the one loud error for
// an API the VM does not have.

/**
 * codedError(TypeError, "ERR_INVALID_ARG_TYPE", msg) is what Node throws:
 * err.code set, and "TypeError [ERR_INVALID_ARG_TYPE]: msg" heading the
 * stack (err.name stays "TypeError").
 */
export function codedError(Ctor, code, message) {
  const err = new Ctor(message);
  err.code = code;
  if (typeof err.stack === "string") {
    const head = `${err.name}: `;
    if (err.stack.startsWith(head)) err.stack = `${err.name} [${code}]: ${err.stack.slice(head.length)}`;
  }
  return err;
}

/**
 * abortError(signal) is Node's AbortError for an operation an AbortSignal
 * ended: name AbortError, code ABORT_ERR, the signal's reason as its cause.
 */
export function abortError(signal) {
  const err = new Error("The operation was aborted", { cause: signal?.reason });
  err.name = "AbortError";
  err.code = "ABORT_ERR";
  return err;
}

/**
 * notAvailable("child_process.spawn()") is the error for an API the wasmrun
 * VM does not have: it names the API and says so, with an optional reason.
 * Never replace it with a stub that silently does nothing.
 */
export function notAvailable(api, reason) {
  const err = new Error(`${api} is not available in the wasmrun VM${reason ? ` (${reason})` : ""}`);
  err.code = "ERR_WASMRUN_NOT_AVAILABLE";
  return err;
}

/** invalidArgType("callback", "function", value): Node's ERR_INVALID_ARG_TYPE. */
export function invalidArgType(name, expected, actual) {
  return codedError(TypeError, "ERR_INVALID_ARG_TYPE",
    `The "${name}" argument must be of type ${expected}. Received ${describe(actual)}`);
}

/** describe(value) is how Node's argument errors name the value received. */
export function describe(value) {
  if (value == null) return String(value);
  if (typeof value === "function") return `function ${value.name || "<anonymous>"}`;
  if (typeof value === "object") {
    if (value.constructor && value.constructor.name) return `an instance of ${value.constructor.name}`;
    return "an instance of Object";
  }
  let shown = String(value);
  if (typeof value === "string") {
    if (shown.length > 28) shown = `${shown.slice(0, 25)}...`;
    shown = `'${shown}'`;
  } else if (typeof value === "bigint") shown += "n";
  return `type ${typeof value} (${shown})`;
}

export function validateFunction(value, name) {
  if (typeof value !== "function") throw invalidArgType(name, "function", value);
}
