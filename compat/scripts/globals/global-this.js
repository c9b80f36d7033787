// globalThis, global and the globals a Node program can count on.
console.log("global === globalThis:", global === globalThis);
console.log("typeof window:", typeof window);
console.log("typeof self:", typeof self);
const names = [
  "process", "console", "Buffer", "setTimeout", "setInterval", "setImmediate", "clearTimeout",
  "clearInterval", "clearImmediate", "queueMicrotask", "structuredClone", "TextEncoder",
  "TextDecoder", "URL", "URLSearchParams", "AbortController", "AbortSignal", "EventTarget",
  "Event", "performance", "atob", "btoa", "crypto", "require", "module", "exports",
  "__filename", "__dirname",
];
for (const n of names) {
  // require, module, exports, __filename and __dirname are module-scoped.
  const t = eval(`typeof ${n}`);
  console.log(n, t, n in globalThis);
}
globalThis.fromGlobalThis = 1;
console.log("a global set on globalThis is a free variable:", fromGlobalThis);
global.fromGlobal = 2;
console.log("and on global:", globalThis.fromGlobal);
