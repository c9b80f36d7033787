// async_hooks: AsyncResource only. The layer tracks no asynchronous
// contexts: there are no hooks to call and no AsyncLocalStorage to restore,
// so running a function "in a resource's scope" is running it, which is
// what AsyncResource promises when nothing listens. Packages such as
// on-finished (Express) bind callbacks with it. createHook,
// AsyncLocalStorage and executionAsyncResource, whose point is the context
// tracking, throw ERR_WASMRUN_NOT_AVAILABLE.
export default function (layer) {
  const { notAvailable, invalidArgType } = layer.errors;
  let nextId = 1;

  class AsyncResource {
    constructor(type, opts = {}) {
      if (typeof type !== "string") throw invalidArgType("type", "string", type);
      this._type = type;
      this._asyncId = ++nextId;
      this._triggerAsyncId = typeof opts === "number" ? opts : opts.triggerAsyncId ?? 1;
    }
    runInAsyncScope(fn, thisArg, ...args) {
      return fn.apply(thisArg, args);
    }
    emitDestroy() { return this; }
    asyncId() { return this._asyncId; }
    triggerAsyncId() { return this._triggerAsyncId; }
    bind(fn, thisArg) {
      if (typeof fn !== "function") throw invalidArgType("fn", "function", fn);
      const resource = this;
      const bound = thisArg === undefined
        ? function (...args) { return resource.runInAsyncScope(fn, this, ...args); }
        : (...args) => resource.runInAsyncScope(fn, thisArg, ...args);
      Object.defineProperties(bound, {
        length: { configurable: true, value: fn.length },
        asyncResource: { configurable: true, enumerable: true, writable: true, value: this },
      });
      return bound;
    }
    static bind(fn, type, thisArg) {
      return new AsyncResource(type || fn.name || "bound-anonymous-fn").bind(fn, thisArg);
    }
  }

  class AsyncLocalStorage {
    constructor() { throw notAvailable("async_hooks.AsyncLocalStorage", "the VM tracks no asynchronous contexts"); }
    static bind() { throw notAvailable("AsyncLocalStorage.bind()", "the VM tracks no asynchronous contexts"); }
    static snapshot() { throw notAvailable("AsyncLocalStorage.snapshot()", "the VM tracks no asynchronous contexts"); }
  }

  return {
    AsyncResource,
    AsyncLocalStorage,
    createHook() { throw notAvailable("async_hooks.createHook()", "the VM tracks no asynchronous contexts"); },
    executionAsyncResource() { throw notAvailable("async_hooks.executionAsyncResource()", "the VM tracks no asynchronous contexts"); },
    // The top level's ids, which is where every callback runs here.
    executionAsyncId: () => 1,
    triggerAsyncId: () => 0,
    asyncWrapProviders: Object.freeze({ __proto__: null }),
  };
}
