// perf_hooks: performance (the global: QuickJS-NG's now() and timeOrigin,
// with marks and measures added by globals.js); observers and event loop
// monitoring are absent.
export default function (layer) {
  const { notAvailable } = layer.errors;
  class PerformanceObserver {
    constructor() { throw notAvailable("perf_hooks.PerformanceObserver"); }
  }
  return {
    performance: globalThis.performance,
    PerformanceObserver,
    constants: {},
    monitorEventLoopDelay() { throw notAvailable("perf_hooks.monitorEventLoopDelay()"); },
    createHistogram() { throw notAvailable("perf_hooks.createHistogram()"); },
  };
}
