// diagnostics_channel: named publish/subscribe channels and tracing channels
// (Node's TracingChannel: start/end/asyncStart/asyncEnd/error around a call).
// No AsyncLocalStorage in the layer, so no stores: bindStore throws, and
// runStores publishes and runs the function, as Node does for a channel
// without stores.
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
    unbindStore() { return false; }
    runStores(data, fn, thisArg, ...args) {
      this.publish(data);
      return fn.apply(thisArg, args);
    }
  }
  const KINDS = ["start", "end", "asyncStart", "asyncEnd", "error"];
  class TracingChannel {
    constructor(nameOrChannels) {
      if (typeof nameOrChannels === "string") {
        for (const k of KINDS) this[k] = channel(`tracing:${nameOrChannels}:${k}`);
      } else if (nameOrChannels && typeof nameOrChannels === "object") {
        for (const k of KINDS) {
          const c = nameOrChannels[k];
          if (!(c instanceof Channel)) throw layer.errors.invalidArgType(`nameOrChannels.${k}`, "an instance of Channel", c);
          this[k] = c;
        }
      } else {
        throw layer.errors.invalidArgType("nameOrChannels", "string or an instance of TracingChannel or Object", nameOrChannels);
      }
    }
    get hasSubscribers() { return KINDS.some((k) => this[k].hasSubscribers); }
    subscribe(handlers) {
      for (const k of KINDS) if (handlers[k]) this[k].subscribe(handlers[k]);
    }
    unsubscribe(handlers) {
      let done = true;
      for (const k of KINDS) if (handlers[k] && !this[k].unsubscribe(handlers[k])) done = false;
      return done;
    }
    traceSync(fn, context = {}, thisArg, ...args) {
      if (!this.hasSubscribers) return fn.apply(thisArg, args);
      const { start, end, error } = this;
      return start.runStores(context, () => {
        try {
          const result = fn.apply(thisArg, args);
          context.result = result;
          return result;
        } catch (err) {
          context.error = err;
          error.publish(context);
          throw err;
        } finally {
          end.publish(context);
        }
      });
    }
    tracePromise(fn, context = {}, thisArg, ...args) {
      if (!this.hasSubscribers) return fn.apply(thisArg, args);
      const { start, end, asyncStart, asyncEnd, error } = this;
      const resolve = (result) => {
        context.result = result;
        asyncStart.publish(context);
        asyncEnd.publish(context);
        return result;
      };
      const reject = (err) => {
        context.error = err;
        error.publish(context);
        asyncStart.publish(context);
        asyncEnd.publish(context);
        return Promise.reject(err);
      };
      return start.runStores(context, () => {
        try {
          let promise = fn.apply(thisArg, args);
          if (!(promise instanceof Promise)) promise = Promise.resolve(promise);
          return promise.then(resolve, reject);
        } catch (err) {
          context.error = err;
          error.publish(context);
          throw err;
        } finally {
          end.publish(context);
        }
      });
    }
    traceCallback(fn, position = -1, context = {}, thisArg, ...args) {
      if (!this.hasSubscribers) return fn.apply(thisArg, args);
      const { start, end, asyncStart, asyncEnd, error } = this;
      const callback = args.at(position);
      if (typeof callback !== "function") throw layer.errors.invalidArgType("callback", "function", callback);
      function wrapped(err, res) {
        if (err) {
          context.error = err;
          error.publish(context);
        } else {
          context.result = res;
        }
        return asyncStart.runStores(context, () => {
          try {
            return callback.apply(this, arguments);
          } finally {
            asyncEnd.publish(context);
          }
        });
      }
      args.splice(position, 1, wrapped);
      return start.runStores(context, () => {
        try {
          return fn.apply(thisArg, args);
        } catch (err) {
          context.error = err;
          error.publish(context);
          throw err;
        } finally {
          end.publish(context);
        }
      });
    }
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
    tracingChannel: (nameOrChannels) => new TracingChannel(nameOrChannels),
    Channel,
  };
}
