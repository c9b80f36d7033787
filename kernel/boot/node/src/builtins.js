// The registry of Node's built-in modules: `require("fs")`, `require("node:fs")`
// and `import fs from "fs"` all come here.
//
// Adding a module (the convention):
//  1. Write src/modules/NAME.js (a "/" in the name becomes "-": fs/promises
//     is modules/fs-promises.js) whose default export is a factory:
//
//        export default function (layer) { return { readFileSync, ... }; }
//
//     The factory runs once, on the module's first require or import; what it
//     returns is module.exports (ES modules get it as the default export and
//     its own enumerable keys as named exports). Keep the file's top level
//     free of work: load npm polyfills with require() inside the factory, so
//     they initialise only when the module is used.
//  2. List it in FACTORIES below.
//  `layer` is what the layer shares with modules (see makeLayer): the process
//  object, builtin(name) for other built-ins, the qjs bindings and helpers
//  (layer.sys: std, os, stat, kind, readText, writeAll, systemError,
//  errnoName, mkdirp), the errors (layer.errors: notAvailable, codedError,
//  invalidArgType) and the event loop (layer.loop: ref/unref, callback,
//  nextTick, setTimeout...).
//
// A module the VM cannot have is still a module: requiring it works, and
// every use throws notAvailable (see modules/absent.js), so a program that
// only imports it, or checks for it, keeps running.
import * as sys from "./internal/sys.js";
import * as errors from "./internal/errors.js";
import * as loop from "./internal/loop.js";
import absent from "./modules/absent.js";
import assert from "./modules/assert.js";
import assertStrict from "./modules/assert-strict.js";
import asyncHooks from "./modules/async_hooks.js";
import buffer from "./modules/buffer.js";
import consoleModule from "./modules/console.js";
import constants from "./modules/constants.js";
import crypto from "./modules/crypto.js";
import diagnosticsChannel from "./modules/diagnostics_channel.js";
import events from "./modules/events.js";
import fs from "./modules/fs.js";
import fsPromises from "./modules/fs-promises.js";
import moduleModule from "./modules/module.js";
import net from "./modules/net.js";
import http from "./modules/http.js";
import https from "./modules/https.js";
import tls from "./modules/tls.js";
import dns from "./modules/dns.js";
import dnsPromises from "./modules/dns-promises.js";
import osModule from "./modules/os.js";
import path from "./modules/path.js";
import perfHooks from "./modules/perf_hooks.js";
import { childProcess, cluster, workerThreads } from "./modules/processes.js";
import processModule from "./modules/process.js";
import punycode from "./modules/punycode.js";
import querystring from "./modules/querystring.js";
import readline from "./modules/readline.js";
import readlinePromises from "./modules/readline-promises.js";
import stream from "./modules/stream.js";
import streamConsumers from "./modules/stream-consumers.js";
import streamPromises from "./modules/stream-promises.js";
import pathWin32 from "./modules/path-win32.js";
import streamWeb from "./modules/stream-web.js";
import stringDecoder from "./modules/string_decoder.js";
import timers from "./modules/timers.js";
import timersPromises from "./modules/timers-promises.js";
import tty from "./modules/tty.js";
import url from "./modules/url.js";
import util from "./modules/util.js";
import utilTypes from "./modules/util-types.js";
import vm from "./modules/vm.js";
import zlib from "./modules/zlib.js";

const FACTORIES = {
  assert,
  "assert/strict": assertStrict,
  async_hooks: asyncHooks,
  buffer,
  console: consoleModule,
  constants,
  crypto,
  diagnostics_channel: diagnosticsChannel,
  events,
  fs,
  "fs/promises": fsPromises,
  module: moduleModule,
  net,
  http,
  https,
  tls,
  dns,
  "dns/promises": dnsPromises,
  os: osModule,
  path,
  "path/win32": pathWin32,
  "path/posix": (layer) => layer.builtin("path").posix,
  perf_hooks: perfHooks,
  process: processModule,
  punycode,
  querystring,
  readline,
  "readline/promises": readlinePromises,
  stream,
  "stream/consumers": streamConsumers,
  "stream/promises": streamPromises,
  "stream/web": streamWeb,
  string_decoder: stringDecoder,
  sys: (layer) => layer.builtin("util"),
  timers,
  "timers/promises": timersPromises,
  tty,
  url,
  util,
  "util/types": utilTypes,
  vm,
  zlib,
  // Kept by Node for old code: the streams under their old names.
  _stream_duplex: (layer) => layer.builtin("stream").Duplex,
  _stream_passthrough: (layer) => layer.builtin("stream").PassThrough,
  _stream_readable: (layer) => layer.builtin("stream").Readable,
  _stream_transform: (layer) => layer.builtin("stream").Transform,
  _stream_writable: (layer) => layer.builtin("stream").Writable,
};

// Processes and threads: the modules load, starting anything throws.
FACTORIES.child_process = childProcess;
FACTORIES.cluster = cluster;
FACTORIES.worker_threads = workerThreads;

// Node's other built-ins: requiring them works, using them throws (absent.js).
const ABSENT = [
  "_http_agent", "_http_client", "_http_common", "_http_incoming", "_http_outgoing",
  "_http_server", "_stream_wrap", "_tls_common", "_tls_wrap", "dgram", "domain", "http2",
  "inspector", "inspector/promises", "repl",
  "trace_events", "v8", "wasi",
];
for (const name of ABSENT) FACTORIES[name] = (layer) => absent(layer, name);

// Built-ins that exist only with the node: prefix.
const PREFIX_ONLY = new Set(["test", "test/reporters", "sea", "sqlite"]);
for (const name of PREFIX_ONLY) FACTORIES[name] = (layer) => absent(layer, name);

/** builtinModules is Node's list (module.builtinModules). */
export const builtinModules = Object.keys(FACTORIES).filter((n) => !PREFIX_ONLY.has(n)).sort();

/** builtinName("node:fs") === "fs"; undefined if it is no built-in. */
export function builtinName(spec) {
  if (spec.startsWith("node:")) {
    const name = spec.slice(5);
    return Object.hasOwn(FACTORIES, name) ? name : undefined;
  }
  return Object.hasOwn(FACTORIES, spec) && !PREFIX_ONLY.has(spec) ? spec : undefined;
}

const cache = new Map();
let layer;

/** builtin("fs") is the module's exports, created on first use. */
export function builtin(name) {
  let m = cache.get(name);
  if (m === undefined) {
    const real = builtinName(name);
    if (real === undefined) throw new Error(`No such built-in module: ${name}`);
    if (real !== name) return builtin(real);
    if (!layer) layer = makeLayer();
    m = FACTORIES[name](layer);
    cache.set(name, m);
  }
  return m;
}

function makeLayer() {
  return {
    get process() { return globalThis.process; },
    builtin,
    sys,
    errors,
    loop,
  };
}
