// The Node layer's boot. qjs runs /opt/wasmrun/node/node.js, which loads
// this bundle (compiled to QuickJS bytecode at build time) with
// scriptArgs = [node.js, "/app/ENTRY", ...args]. It sets up the globals,
// then runs the entry as CommonJS or as an ES module (.mjs/.cjs, or the
// nearest package.json "type"), then starts the event loop.
import { std, os } from "./internal/sys.js";
import { install as installStack } from "./internal/stack.js";
import { process, setupProcess, fatal, unhandledRejection, addExitCheck } from "./internal/process.js";
import { setupGlobals } from "./internal/globals.js";
import * as loop from "./internal/loop.js";
import { runMain } from "./internal/loader/cjs.js";
import { install as installEsm, runMainModule } from "./internal/loader/esm.js";
import { formatOf, resolvePath, fileURL } from "./internal/loader/resolve.js";
import { writeFd } from "./internal/stdio.js";

/**
 * qjs's own event loop exits the process on a promise rejection nobody
 * handled, printing "Possibly unhandled promise rejection: " and then the
 * reason converted to a string. For an Error that conversion calls
 * Error.prototype[Symbol.toPrimitive], which the layer defines: when the
 * engine calls it with no JavaScript on the stack, it is that report, and
 * the layer takes over as Node would ('unhandledRejection' listeners, or
 * the error's report and exit code 1). A program converting an error to a
 * string gets what Error.prototype.toString gives, as without the hook.
 */
function installRejectionHook() {
  const probe = {};
  function toPrimitive(hint) {
    Error.captureStackTrace(probe, toPrimitive);
    if (typeof probe.stack === "string" && !probe.stack.includes("\n    at ")) {
      writeFd(2, "\n");
      unhandledRejection(this);
      process.exit(); // an 'unhandledRejection' listener ran: qjs ends the process now
    }
    // OrdinaryToPrimitive.
    const order = hint === "number" ? ["valueOf", "toString"] : ["toString", "valueOf"];
    for (const name of order) {
      const fn = this[name];
      if (typeof fn === "function") {
        const v = fn.call(this);
        if (v === null || (typeof v !== "object" && typeof v !== "function")) return v;
      }
    }
    throw new TypeError("Cannot convert object to primitive value");
  }
  Object.defineProperty(Error.prototype, Symbol.toPrimitive, { value: toPrimitive, writable: true, configurable: true });
}

function main() {
  const args = globalThis.scriptArgs.slice(1);
  installStack();
  setupProcess(args);
  setupGlobals(process);
  installEsm();
  installRejectionHook();

  // A WASI program starts in "/"; the kernel passes the project in PWD.
  const pwd = std.getenv("PWD");
  if (pwd) os.chdir(pwd);

  if (args.length === 0 || !args[0]) {
    writeFd(2, "wasmrun: the Node layer needs the entry file as its first argument\n");
    std.exit(9);
  }
  const entry = resolvePath(process.cwd(), args[0]);
  process.argv[1] = entry;
  try {
    let format = "commonjs";
    try {
      format = formatOf(entry);
    } catch {
      // An unknown extension: CommonJS reports what is wrong with the file.
    }
    if (format === "module") {
      let settled = false;
      runMainModule(entry).then(
        () => { settled = true; },
        (err) => { settled = true; fatal(err, "uncaughtException", true); },
      );
      addExitCheck(() => {
        if (!settled) {
          writeFd(2, `Warning: Detected unsettled top-level await at ${fileURL(entry)}\n\n\n`);
          if (process.exitCode === undefined) process.exitCode = 13;
        }
      });
    } else {
      runMain(entry);
    }
  } catch (err) {
    fatal(err);
  }
  loop.start();
}

main();
