// qjs's own os module, as programs written for plain qjs use it (the global
// `os`, `import * as os from "qjs:os"`): the same functions, except that
// timers and read/write handlers keep the process alive while they are
// pending, as the layer's own handles do (the layer's loop ends the process
// when nothing it counts is left), and their callbacks run as the loop's
// (an exception is uncaught, nextTick runs after).
import { os } from "./sys.js";
import * as loop from "./loop.js";

let wrapped;

export function qjsOs() {
  if (wrapped) return wrapped;
  const pending = new Map(); // timer handle -> true while it keeps the process alive
  const handlers = new Map(); // "r:fd" / "w:fd" -> true

  function setTimeout(fn, ms) {
    let handle;
    handle = os.setTimeout(() => {
      if (pending.delete(handle)) loop.unref();
      loop.callback(fn, undefined, []);
    }, ms);
    pending.set(handle, true);
    loop.ref();
    return handle;
  }
  function clearTimeout(handle) {
    if (pending.delete(handle)) loop.unref();
    os.clearTimeout(handle);
  }
  function setInterval(fn, ms) {
    const handle = os.setInterval(() => loop.callback(fn, undefined, []), ms);
    pending.set(handle, true);
    loop.ref();
    return handle;
  }
  function clearInterval(handle) {
    if (pending.delete(handle)) loop.unref();
    os.clearInterval(handle);
  }
  function handler(kind, set) {
    return (fd, fn) => {
      const key = `${kind}:${fd}`;
      if (fn === null || fn === undefined) {
        if (handlers.delete(key)) loop.unref();
        set(fd, null);
        return;
      }
      if (!handlers.has(key)) {
        handlers.set(key, true);
        loop.ref();
      }
      set(fd, () => loop.callback(fn, undefined, []));
    };
  }
  function sleepAsync(ms) {
    loop.ref();
    return os.sleepAsync(ms).finally(() => loop.unref());
  }
  wrapped = Object.freeze({
    ...os,
    setTimeout,
    clearTimeout,
    setInterval,
    clearInterval,
    setReadHandler: handler("r", os.setReadHandler),
    setWriteHandler: handler("w", os.setWriteHandler),
    sleepAsync,
    [Symbol.toStringTag]: "Module",
  });
  return wrapped;
}
