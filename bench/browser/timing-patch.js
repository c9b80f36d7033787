// Profile mode: wraps fetch, WebAssembly's compile and instantiate calls,
// the kernel's exports the worker calls, the guest's _start and
// postMessage, and records epoch milliseconds for each. The marks are posted
// ({type: "bench-marks"}) after the process's exit event. The guest's
// WASI imports are not wrapped: they stay the kernel's exports.
const T = () => performance.timeOrigin + performance.now();
const marks = [];
const mark = (what, t = T()) => {
  marks.push([what, t]);
  performance.mark(what); // for --trace
};
mark("worker script");

const short = (u) => {
  const s = String(u instanceof Request ? u.url : u).replace(self.location.origin, "");
  return s.startsWith("/runtimes/") ? "/runtimes/…" : s;
};

const origFetch = self.fetch.bind(self);
self.fetch = (url, ...rest) => {
  const name = short(url);
  mark(`fetch ${name} start`);
  return origFetch(url, ...rest).then((r) => {
    mark(`fetch ${name} headers`);
    return r;
  });
};
const origArrayBuffer = Response.prototype.arrayBuffer;
Response.prototype.arrayBuffer = function () {
  const name = short(this.url) || "(response)";
  return origArrayBuffer.call(this).then((b) => {
    mark(`body ${name} read`);
    return b;
  });
};
const origJson = Response.prototype.json;
Response.prototype.json = function () {
  const name = short(this.url) || "(response)";
  return origJson.call(this).then((b) => {
    mark(`body ${name} read`);
    return b;
  });
};

const KERNEL_CALLS = ["kernel_boot", "kernel_imports", "kernel_spawn", "kernel_end", "kernel_timing"];
const origInstantiateStreaming = WebAssembly.instantiateStreaming;
WebAssembly.instantiateStreaming = async (source, imports) => {
  mark("kernel instantiateStreaming start");
  const { module, instance } = await origInstantiateStreaming(source, imports);
  mark("kernel instantiateStreaming end");
  const ex = {};
  for (const k of Object.keys(instance.exports)) ex[k] = instance.exports[k];
  for (const k of KERNEL_CALLS) {
    const f = ex[k];
    ex[k] = (...a) => {
      mark(`${k} start`);
      const r = f(...a);
      mark(`${k} end`);
      return r;
    };
  }
  const inst = Object.create(WebAssembly.Instance.prototype, { exports: { value: ex } });
  return { module, instance: inst };
};
const origCompileStreaming = WebAssembly.compileStreaming;
WebAssembly.compileStreaming = async (source) => {
  mark("runtime compileStreaming start");
  const m = await origCompileStreaming(source);
  mark("runtime compileStreaming end");
  return m;
};
const OrigInstance = WebAssembly.Instance;
function Instance(module, imports) {
  mark("guest instantiate start");
  const inst = new OrigInstance(module, imports);
  mark("guest instantiate end");
  const ex = {};
  for (const k of Object.keys(inst.exports)) ex[k] = inst.exports[k];
  const start = ex._start;
  ex._start = () => {
    mark("_start");
    try {
      return start();
    } finally {
      mark("_start returned or unwound");
    }
  };
  return Object.create(OrigInstance.prototype, { exports: { value: ex } });
}
Instance.prototype = OrigInstance.prototype;
WebAssembly.Instance = Instance;

const origPost = self.postMessage.bind(self);
const posted = new Set();
self.postMessage = (msg, transfer) => {
  const what = msg && msg.type === "event" ? `post ${msg.event}` : `post ${msg && msg.type}`;
  if (!posted.has(what)) {
    posted.add(what);
    mark(what);
  }
  origPost(msg, transfer);
  if (msg && msg.type === "event" && msg.event === "process" && msg.body && ["exited", "killed", "trapped"].includes(msg.body.state)) {
    origPost({ type: "bench-marks", marks });
  }
};

// --godebug VALUE: the kernel's Go runtime gets GODEBUG=VALUE (e.g.
// inittrace=1; its output goes to the console, which run.mjs prints).
const godebug = new URLSearchParams(self.location.search).get("godebug");
if (godebug) {
  let Go;
  Object.defineProperty(globalThis, "Go", {
    configurable: true,
    get: () => Go,
    set: (cls) => {
      Go = class extends cls {
        constructor() {
          super();
          this.env = { ...this.env, GODEBUG: godebug };
        }
      };
    },
  });
}
