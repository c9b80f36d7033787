// diagnostics_channel: named publish/subscribe channels (no tracing channels).
export default function (layer) {
  const channels = new Map();
  class Channel {
    constructor(name) {
      this.name = name;
      this._subscribers = [];
    }
    get hasSubscribers() { return this._subscribers.length > 0; }
    subscribe(fn) { this._subscribers.push(fn); }
    unsubscribe(fn) {
      const i = this._subscribers.indexOf(fn);
      if (i < 0) return false;
      this._subscribers.splice(i, 1);
      return true;
    }
    publish(message) {
      for (const fn of this._subscribers.slice()) {
        try {
          fn(message, this.name);
        } catch (err) {
          layer.loop.nextTick(() => { throw err; });
        }
      }
    }
    bindStore() { throw layer.errors.notAvailable("diagnostics_channel Channel.bindStore()"); }
    runStores() { throw layer.errors.notAvailable("diagnostics_channel Channel.runStores()"); }
  }
  const channel = (name) => {
    let c = channels.get(name);
    if (!c) channels.set(name, (c = new Channel(name)));
    return c;
  };
  return {
    channel,
    hasSubscribers: (name) => channels.has(name) && channels.get(name).hasSubscribers,
    subscribe: (name, fn) => channel(name).subscribe(fn),
    unsubscribe: (name, fn) => channel(name).unsubscribe(fn),
    tracingChannel() { throw layer.errors.notAvailable("diagnostics_channel.tracingChannel()"); },
    Channel,
  };
}
