// timers/promises: setTimeout, setImmediate and setInterval as promises and
// async iterators, with AbortSignal and ref options; scheduler.wait/yield.
export default function (layer) {
  const l = layer.loop;
  const { abortError } = layer.errors;
  function later(start, value, options = {}) {
    const { signal, ref = true } = options;
    if (signal && signal.aborted) return Promise.reject(abortError(signal));
    return new Promise((resolve, reject) => {
      let onAbort;
      const handle = start(() => {
        if (signal) signal.removeEventListener("abort", onAbort);
        resolve(value);
      });
      if (!ref) handle.unref();
      if (signal) {
        onAbort = () => {
          if (handle._onImmediate) l.clearImmediate(handle);
          else l.clearTimeout(handle);
          reject(abortError(signal));
        };
        signal.addEventListener("abort", onAbort, { once: true });
      }
    });
  }
  const setTimeout = (delay, value, options) => later((cb) => l.setTimeout(cb, delay), value, options);
  const setImmediate = (value, options) => later((cb) => l.setImmediate(cb), value, options);
  async function* setInterval(delay, value, options = {}) {
    const { signal, ref = true } = options;
    if (signal && signal.aborted) throw abortError(signal);
    let pending = 0;
    let wake = null;
    const timer = l.setInterval(() => {
      pending++;
      if (wake) {
        wake();
        wake = null;
      }
    }, delay);
    if (!ref) timer.unref();
    let onAbort;
    const aborted = signal && new Promise((_, reject) => {
      onAbort = () => reject(abortError(signal));
      signal.addEventListener("abort", onAbort, { once: true });
    });
    try {
      for (;;) {
        if (pending === 0) {
          const tick = new Promise((resolve) => { wake = resolve; });
          await (aborted ? Promise.race([tick, aborted]) : tick);
        }
        pending--;
        yield value;
      }
    } finally {
      l.clearInterval(timer);
      if (signal) signal.removeEventListener("abort", onAbort);
    }
  }
  return {
    setTimeout,
    setImmediate,
    setInterval,
    scheduler: {
      wait: (delay, options) => setTimeout(delay, undefined, options),
      yield: () => setImmediate(),
    },
  };
}
