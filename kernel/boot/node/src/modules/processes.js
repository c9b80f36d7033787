// child_process, cluster and worker_threads: the VM runs one process with one
// thread, so nothing here can start another. Requiring the modules works (many
// packages, commander among them, require child_process when they load and
// only spawn on request); each function that would start a process or a
// thread throws notAvailable naming it. The values a single process really
// has (isMainThread, isPrimary, threadId...) are given as they are.
const WHY = "the VM runs one process with one thread";

function refuse(layer, api) {
  return function () {
    throw layer.errors.notAvailable(`${api}()`, WHY);
  };
}

function refuseClass(layer, api) {
  return class {
    constructor() {
      throw layer.errors.notAvailable(`new ${api}()`, WHY);
    }
  };
}

export function childProcess(layer) {
  const mod = { ChildProcess: refuseClass(layer, "child_process.ChildProcess") };
  for (const fn of ["spawn", "spawnSync", "exec", "execSync", "execFile", "execFileSync", "fork"]) {
    mod[fn] = refuse(layer, `child_process.${fn}`);
  }
  return mod;
}

export function cluster(layer) {
  const EventEmitter = layer.builtin("events");
  const c = new EventEmitter();
  c.isPrimary = true;
  c.isMaster = true;
  c.isWorker = false;
  c.workers = {};
  c.settings = {};
  c.SCHED_NONE = 1;
  c.SCHED_RR = 2;
  c.schedulingPolicy = 2;
  c.Worker = refuseClass(layer, "cluster.Worker");
  // setupPrimary only records the settings fork() would use.
  c.setupPrimary = c.setupMaster = (settings = {}) => {
    c.settings = { ...c.settings, ...settings };
    c.emit("setup", c.settings);
  };
  for (const fn of ["fork", "disconnect"]) c[fn] = refuse(layer, `cluster.${fn}`);
  return c;
}

export function workerThreads(layer) {
  const environment = new Map();
  return {
    isMainThread: true,
    parentPort: null,
    workerData: null,
    threadId: 0,
    resourceLimits: {},
    SHARE_ENV: Symbol.for("nodejs.worker_threads.SHARE_ENV"),
    // The environment data of the one thread there is.
    getEnvironmentData: (key) => environment.get(key),
    setEnvironmentData: (key, value) => {
      if (value === undefined) environment.delete(key);
      else environment.set(key, value);
    },
    Worker: refuseClass(layer, "worker_threads.Worker"),
    receiveMessageOnPort: refuse(layer, "worker_threads.receiveMessageOnPort"),
    // With one thread nothing is ever transferred: marking changes nothing.
    markAsUntransferable: () => {},
    moveMessagePortToContext: refuse(layer, "worker_threads.moveMessagePortToContext"),
    MessageChannel: globalThis.MessageChannel ?? refuseClass(layer, "worker_threads.MessageChannel"),
    MessagePort: globalThis.MessagePort ?? refuseClass(layer, "worker_threads.MessagePort"),
    BroadcastChannel: globalThis.BroadcastChannel ?? refuseClass(layer, "worker_threads.BroadcastChannel"),
  };
}
