// timers: the layer's timers (internal/loop.js), the same functions as the globals.
export default function (layer) {
  const l = layer.loop;
  return {
    setTimeout: l.setTimeout,
    clearTimeout: l.clearTimeout,
    setInterval: l.setInterval,
    clearInterval: l.clearInterval,
    setImmediate: l.setImmediate,
    clearImmediate: l.clearImmediate,
    get promises() { return layer.builtin("timers/promises"); },
  };
}
