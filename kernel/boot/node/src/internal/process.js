// The process object. Choices where the VM differs from a Linux host (the
// values a program sees, README.md lists them):
//  - platform "linux" (what a program believes it runs on: POSIX paths,
//    "\n"), arch "wasm32", version v20.20.2 (the Node API the layer
//    targets), versions.quickjs the engine's;
//  - execPath "/usr/local/bin/node" and argv0 "node": there is no node
//    binary, but argv looks like Node's: [execPath, "/app/ENTRY", ...args];
//  - pid 1 and ppid 0: WASI has no process ids;
//  - uid/gid 0, umask 0o022 (settable; the VM does not apply it);
//  - memoryUsage() and resourceUsage() are all zeros: a WASI guest cannot
//    measure its memory; cpuUsage() counts wall time since start as user time;
//  - signal listeners are accepted but never called: WASI has no signals;
//    process.kill(process.pid, sig) emits sig (or exits 128+n), any other
//    pid is ESRCH; setuid & co. and dlopen throw.
import EventEmitter from "events";
import { std, os, systemError } from "./sys.js";
import * as loop from "./loop.js";
import { notAvailable, codedError, invalidArgType } from "./errors.js";
import { stackOf, topFrame } from "./stack.js";
import { createWriteStream, createStdin, writeFd } from "./stdio.js";
import { resolvePath } from "./loader/resolve.js";

export const NODE_VERSION = "v20.20.2";
const QUICKJS_VERSION = "0.11.0";

const startMicros = os.now();

const SIGNALS = {
  SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGILL: 4, SIGTRAP: 5, SIGABRT: 6, SIGBUS: 7, SIGFPE: 8, SIGKILL: 9,
  SIGUSR1: 10, SIGSEGV: 11, SIGUSR2: 12, SIGPIPE: 13, SIGALRM: 14, SIGTERM: 15, SIGCHLD: 17, SIGCONT: 18,
  SIGSTOP: 19, SIGTSTP: 20, SIGTTIN: 21, SIGTTOU: 22, SIGURG: 23, SIGXCPU: 24, SIGXFSZ: 25, SIGVTALRM: 26,
  SIGPROF: 27, SIGWINCH: 28, SIGIO: 29, SIGPWR: 30, SIGSYS: 31,
};

/** The environment as a live object: reads, writes and deletes go to the C environment. */
function createEnv() {
  return new Proxy({}, {
    get(target, key) {
      if (typeof key === "symbol") return target[key];
      const v = std.getenv(key);
      return v === undefined ? target[key] : v;
    },
    set(target, key, value) {
      if (typeof key === "symbol") throw new TypeError("Cannot convert a Symbol value to a string");
      std.setenv(key, String(value));
      return true;
    },
    has(target, key) {
      return typeof key === "string" && std.getenv(key) !== undefined;
    },
    deleteProperty(target, key) {
      if (typeof key === "string") std.unsetenv(key);
      return true;
    },
    ownKeys() {
      return Object.keys(std.getenviron());
    },
    getOwnPropertyDescriptor(target, key) {
      if (typeof key !== "string") return undefined;
      const v = std.getenv(key);
      if (v === undefined) return undefined;
      return { value: v, writable: true, enumerable: true, configurable: true };
    },
    defineProperty(target, key, desc) {
      if (!("value" in desc) || desc.configurable === false || desc.writable === false || desc.enumerable === false) {
        throw codedError(TypeError, "ERR_INVALID_OBJECT_DEFINE_PROPERTY", "'process.env' only accepts a configurable, writable, and enumerable data descriptor");
      }
      std.setenv(key, String(desc.value));
      return true;
    },
  });
}

const materialized = { stdout: null, stderr: null, stdin: null };
/** isMaterialized("stdout"): whether the program has touched process.stdout. */
export function isMaterialized(name) {
  return materialized[name] !== null;
}

export const process = new EventEmitter();

let exiting = false;
let beforeExitDone = false;
let lastWork = -1;
let exitCodeValue;
let umaskValue = 0o022;
let captureCallback = null;
let warned = false;
const exitChecks = []; // main.js: functions that may change the exit code at a natural exit

/** addExitCheck(fn): fn() runs before a natural exit (an unsettled top-level await sets 13). */
export function addExitCheck(fn) {
  exitChecks.push(fn);
}

const exitHooks = []; // cleanups after the 'exit' event (the loader's temp files)
export function addExitHook(fn) {
  exitHooks.push(fn);
}

function validateExitCode(code) {
  if (code === undefined || code === null) return undefined;
  const n = typeof code === "string" && /^-?\d+$/.test(code) ? Number(code) : code;
  if (!Number.isInteger(n)) throw invalidArgType("code", "number", code);
  return n;
}

function reallyExit(code) {
  for (const hook of exitHooks.splice(0)) {
    try { hook(); } catch { /* best effort */ }
  }
  std.out.flush();
  std.exit(code & 0xff);
}

/** exit runs the 'exit' listeners once, then ends the process with the exit code. */
export function exit(code) {
  if (code !== undefined) process.exitCode = code;
  if (exiting) reallyExit(exitCodeValue || 0); // process.exit() inside an 'exit' listener
  exiting = true;
  process._exiting = true;
  try {
    process.emit("exit", exitCodeValue || 0);
  } catch (err) {
    printUncaught(err);
    exitCodeValue = 7;
  }
  reallyExit(exitCodeValue || 0);
}

/** The loop is empty: 'beforeExit' once per time it empties, then exit. */
function idle() {
  if (loop.workCount() !== lastWork) beforeExitDone = false; // work ran since the last 'beforeExit'
  if (!beforeExitDone) {
    beforeExitDone = true;
    loop.callback(() => process.emit("beforeExit", exitCodeValue || 0), undefined, []);
    lastWork = loop.workCount();
    return; // the tick comes back once the microtasks have run
  }
  for (const check of exitChecks) check();
  exit();
}

function readSourceLine(file, line) {
  const path = file.startsWith("file://") ? decodeURIComponent(file.slice(7)) : file;
  const text = std.loadFile(path);
  if (text === null) return undefined;
  return text.split(/\r?\n/)[line - 1];
}

/** uncaughtReport(err) is what Node prints for an uncaught exception. */
export function uncaughtReport(err, fromPromise = false) {
  const { inspect } = require("node-inspect-extracted");
  let context = "";
  const isError = err !== null && typeof err === "object" && typeof err.stack === "string";
  if (isError) {
    const at = topFrame(err);
    if (at) {
      const src = readSourceLine(at.file, at.line);
      if (src !== undefined) {
        // For an exception thrown synchronously Node points at the throw;
        // for a rejected promise (or an ES module), where the error was
        // made: V8 at `new`, qjs at the constructor's name.
        let col = at.col - 1;
        if (src.slice(Math.max(0, col - 4), col) === "new ") col -= 4;
        if (!fromPromise) {
          const t = src.lastIndexOf("throw ", col);
          if (t >= 0) col = t;
        }
        context = `${at.file}:${at.line}\n${src}\n${" ".repeat(Math.max(0, col))}^\n\n`;
      }
    }
    const fixed = stackOf(err);
    let shown;
    try {
      if (fixed !== err.stack) {
        const copy = Object.create(Object.getPrototypeOf(err), Object.getOwnPropertyDescriptors(err));
        Object.defineProperty(copy, "stack", { value: fixed, configurable: true, writable: true });
        shown = inspect(copy);
      } else {
        shown = inspect(err);
      }
    } catch {
      shown = String(fixed);
    }
    return `${context}${shown}\n\nNode.js ${NODE_VERSION}\n`;
  }
  let shown;
  try {
    shown = typeof err === "string" ? err : inspect(err);
  } catch {
    shown = String(err);
  }
  return `Uncaught ${shown}\n(Use \`node --trace-uncaught ...\` to show where the exception was thrown)\n\nNode.js ${NODE_VERSION}\n`;
}

function printUncaught(err, fromPromise) {
  try {
    writeFd(2, uncaughtReport(err, fromPromise));
  } catch {
    std.err.puts(`${String(err)}\n`);
  }
}

let inFatal = false;
/** fatal handles an exception nothing caught: 'uncaughtException' listeners, or the report and exit 1. */
export function fatal(err, origin = "uncaughtException", fromPromise = origin === "unhandledRejection") {
  if (inFatal) {
    printUncaught(err);
    reallyExit(7);
  }
  inFatal = true;
  try {
    process.emit("uncaughtExceptionMonitor", err, origin);
    if (captureCallback) {
      captureCallback(err);
      return;
    }
    if (process.listenerCount("uncaughtException") > 0) {
      process.emit("uncaughtException", err, origin);
      return;
    }
  } catch (err2) {
    printUncaught(err2);
    reallyExit(7);
  } finally {
    inFatal = false;
  }
  printUncaught(err, fromPromise);
  exitCodeValue = 1;
  exit();
}

/** unhandledRejection: Node's default ("throw") mode. */
export function unhandledRejection(reason, promise) {
  if (process.listenerCount("unhandledRejection") > 0) {
    process.emit("unhandledRejection", reason, promise);
    return;
  }
  let err = reason;
  if (!(reason !== null && typeof reason === "object" && typeof reason.stack === "string")) {
    err = codedError(Error, "ERR_UNHANDLED_REJECTION", `This error originated either by throwing inside of an async function without a catch block, or by rejecting a promise which was not handled with .catch(). The promise rejected with the reason "${require("node-inspect-extracted").inspect(reason)}".`);
    err.name = "UnhandledPromiseRejection";
  }
  fatal(err, "unhandledRejection");
}

function emitWarning(warning, type, code, ctor) {
  let detail;
  if (type !== null && typeof type === "object" && !Array.isArray(type)) {
    ({ type, code, detail } = type);
  } else if (typeof type === "function") {
    ctor = type;
    type = undefined;
  } else if (typeof code === "function") {
    ctor = code;
    code = undefined;
  }
  if (typeof warning === "string") {
    const w = new Error(warning);
    w.name = String(type || "Warning");
    if (code !== undefined) w.code = code;
    if (detail !== undefined) w.detail = detail;
    warning = w;
  } else if (!(warning instanceof Error)) {
    throw invalidArgType("warning", "string or an instance of Error", warning);
  }
  if (warning.name === "DeprecationWarning") {
    if (process.noDeprecation) return;
    if (process.throwDeprecation) throw warning;
  }
  void ctor;
  loop.nextTick(() => process.emit("warning", warning));
}

function defaultWarningHandler(warning) {
  if (process.noProcessWarnings || process.env.NODE_NO_WARNINGS === "1") return;
  let msg = `(node:${process.pid}) `;
  if (warning.code) msg += `[${warning.code}] `;
  msg += `${warning.name}: ${warning.message}`;
  if (warning.detail) msg += `\n${warning.detail}`;
  if (!warned) {
    warned = true;
    const flag = warning.name === "DeprecationWarning" ? "--trace-deprecation" : "--trace-warnings";
    msg += `\n(Use \`node ${flag} ...\` to show where the warning was created)`;
  }
  writeFd(2, `${msg}\n`);
}

function hrtime(prev) {
  const us = os.now();
  let sec = Math.floor(us / 1e6);
  let ns = (us % 1e6) * 1000;
  if (prev) {
    if (!Array.isArray(prev) || prev.length !== 2) throw invalidArgType("time", "an instance of Array", prev);
    sec -= prev[0];
    ns -= prev[1];
    if (ns < 0) {
      sec--;
      ns += 1e9;
    }
  }
  return [sec, ns];
}
hrtime.bigint = () => BigInt(os.now()) * 1000n;

/** setupProcess fills in the process object; argv is [entry, ...args] as the kernel passed them. */
export function setupProcess(argv) {
  const p = process;
  Object.defineProperty(p, Symbol.toStringTag, { value: "process", configurable: true });
  p.title = "node";
  p.version = NODE_VERSION;
  p.versions = {
    node: NODE_VERSION.slice(1),
    quickjs: QUICKJS_VERSION,
    modules: "115",
    napi: "9",
    unicode: "15.1",
  };
  p.release = { name: "node", lts: "Iron" };
  p.arch = "wasm32";
  p.platform = "linux";
  p.execPath = "/usr/local/bin/node";
  p.argv0 = "node";
  p.argv = [p.execPath, ...argv];
  p.execArgv = [];
  p.env = createEnv();
  p.pid = 1;
  p.ppid = 0;
  p.debugPort = 9229;
  p.features = { inspector: false, debug: false, uv: false, ipv6: false, tls_alpn: false, tls_sni: false, tls_ocsp: false, tls: false, cached_builtins: true, typescript: false };
  p.config = { target_defaults: {}, variables: {} };
  p.allowedNodeEnvironmentFlags = new Set();
  p.noDeprecation = false;
  p.throwDeprecation = false;
  p.traceDeprecation = false;
  p.exit = exit;
  Object.defineProperty(p, "exitCode", {
    enumerable: true,
    configurable: false,
    get: () => exitCodeValue,
    set: (code) => { exitCodeValue = validateExitCode(code); },
  });
  p.reallyExit = (code) => reallyExit(code === undefined ? 0 : code);
  p.abort = () => reallyExit(134);
  p.cwd = () => {
    const [dir, err] = os.getcwd();
    if (err) throw systemError(-err, "uv_cwd");
    return dir;
  };
  p.chdir = (dir) => {
    if (typeof dir !== "string") throw invalidArgType("directory", "string", dir);
    // wasi-libc keeps the path as given ("/app/lib/.."): normalise it first.
    const cwd = p.cwd();
    const r = os.chdir(resolvePath(cwd, dir));
    if (r < 0) throw systemError(r, "chdir", cwd, dir);
  };
  p.umask = (mask) => {
    const old = umaskValue;
    if (mask !== undefined) umaskValue = (typeof mask === "string" ? parseInt(mask, 8) : mask) & 0o777;
    return old;
  };
  p.getuid = p.geteuid = p.getgid = p.getegid = () => 0;
  p.getgroups = () => [0];
  for (const name of ["setuid", "seteuid", "setgid", "setegid", "setgroups", "initgroups"]) {
    p[name] = () => { throw notAvailable(`process.${name}()`, "there are no users in the VM"); };
  }
  p.kill = (pid, sig = "SIGTERM") => {
    const signum = typeof sig === "number" ? sig : SIGNALS[sig];
    if (signum === undefined) throw codedError(TypeError, "ERR_UNKNOWN_SIGNAL", `Unknown signal: ${sig}`);
    if (pid !== p.pid && pid !== 0) throw systemError(-71 /* ESRCH */, "kill");
    if (signum === 0) return true;
    const name = Object.keys(SIGNALS).find((k) => SIGNALS[k] === signum);
    if (name && p.listenerCount(name) > 0) {
      loop.nextTick(() => p.emit(name, name, signum));
      return true;
    }
    reallyExit(128 + signum);
    return true;
  };
  p.nextTick = loop.nextTick;
  p.hrtime = hrtime;
  p.uptime = () => (os.now() - startMicros) / 1e6;
  p.memoryUsage = () => ({ rss: 0, heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 });
  p.memoryUsage.rss = () => 0;
  p.constrainedMemory = () => 0;
  p.availableMemory = () => 0;
  p.cpuUsage = (prev) => {
    const user = os.now() - startMicros;
    return prev ? { user: user - prev.user, system: 0 - prev.system } : { user, system: 0 };
  };
  p.resourceUsage = () => {
    throw notAvailable("process.resourceUsage()", "a WASI guest cannot measure its resources");
  };
  p.emitWarning = emitWarning;
  p.on("warning", defaultWarningHandler);
  p.getActiveResourcesInfo = () => loop.active();
  p.setUncaughtExceptionCaptureCallback = (fn) => {
    if (fn !== null && typeof fn !== "function") throw invalidArgType("fn", "function or null", fn);
    if (fn && captureCallback) throw codedError(Error, "ERR_UNCAUGHT_EXCEPTION_CAPTURE_ALREADY_SET", "`process.setupUncaughtExceptionCapture()` was called while a capture callback was already active");
    captureCallback = fn;
  };
  p.hasUncaughtExceptionCaptureCallback = () => captureCallback !== null;
  p.setSourceMapsEnabled = () => {
    throw notAvailable("process.setSourceMapsEnabled()", "stack traces are not source-mapped");
  };
  for (const name of ["binding", "_linkedBinding", "dlopen"]) {
    p[name] = () => { throw notAvailable(`process.${name}()`, "there are no native modules"); };
  }
  p._getActiveHandles = () => [];
  p._getActiveRequests = () => [];
  p.report = undefined;
  p.moduleLoadList = [];

  for (const [name, make] of [["stdout", () => createWriteStream(1)], ["stderr", () => createWriteStream(2)], ["stdin", createStdin]]) {
    Object.defineProperty(p, name, {
      enumerable: true,
      configurable: true,
      get() {
        if (materialized[name] === null) materialized[name] = make();
        return materialized[name];
      },
    });
  }
  loop.setHooks({ uncaught: fatal, idle });
  return p;
}
