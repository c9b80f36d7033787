// os: the machine as the VM presents it. What a WASI guest cannot learn is
// given a fixed, documented value (README.md, "What a program sees"):
//  - one CPU (qjs runs one thread), model "WebAssembly (wasmrun)", speed 0;
//    its times are the process's (user = time since start);
//  - totalmem() is wasm32's 4 GiB address space, the most the VM can have;
//    freemem() the same: a guest cannot see its host's memory or measure its
//    own (process.memoryUsage() is zeros);
//  - type "Linux" and platform "linux" (what programs believe they run on),
//    release "0.0.0-wasmrun", version names the VM; hostname from HOSTNAME,
//    else "wasmrun";
//  - loadavg zeros, uptime the VM's (it starts with the process), no
//    network interfaces, one user: root (uid 0), HOME as the home directory.
export default function (layer) {
  const process = layer.process;
  const { notAvailable, invalidArgType } = layer.errors;

  const signals = {
    SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGILL: 4, SIGTRAP: 5, SIGABRT: 6, SIGIOT: 6, SIGBUS: 7, SIGFPE: 8,
    SIGKILL: 9, SIGUSR1: 10, SIGSEGV: 11, SIGUSR2: 12, SIGPIPE: 13, SIGALRM: 14, SIGTERM: 15, SIGCHLD: 17,
    SIGSTKFLT: 16, SIGCONT: 18, SIGSTOP: 19, SIGTSTP: 20, SIGTTIN: 21, SIGTTOU: 22, SIGURG: 23, SIGXCPU: 24,
    SIGXFSZ: 25, SIGVTALRM: 26, SIGPROF: 27, SIGWINCH: 28, SIGIO: 29, SIGPOLL: 29, SIGPWR: 30, SIGSYS: 31,
  };
  const errno = {
    E2BIG: 7, EACCES: 13, EADDRINUSE: 98, EADDRNOTAVAIL: 99, EAFNOSUPPORT: 97, EAGAIN: 11, EALREADY: 114,
    EBADF: 9, EBADMSG: 74, EBUSY: 16, ECANCELED: 125, ECHILD: 10, ECONNABORTED: 103, ECONNREFUSED: 111,
    ECONNRESET: 104, EDEADLK: 35, EDESTADDRREQ: 89, EDOM: 33, EDQUOT: 122, EEXIST: 17, EFAULT: 14, EFBIG: 27,
    EHOSTUNREACH: 113, EIDRM: 43, EILSEQ: 84, EINPROGRESS: 115, EINTR: 4, EINVAL: 22, EIO: 5, EISCONN: 106,
    EISDIR: 21, ELOOP: 40, EMFILE: 24, EMLINK: 31, EMSGSIZE: 90, EMULTIHOP: 72, ENAMETOOLONG: 36,
    ENETDOWN: 100, ENETRESET: 102, ENETUNREACH: 101, ENFILE: 23, ENOBUFS: 105, ENODATA: 61, ENODEV: 19,
    ENOENT: 2, ENOEXEC: 8, ENOLCK: 37, ENOLINK: 67, ENOMEM: 12, ENOMSG: 42, ENOPROTOOPT: 92, ENOSPC: 28,
    ENOSR: 63, ENOSTR: 60, ENOSYS: 38, ENOTCONN: 107, ENOTDIR: 20, ENOTEMPTY: 39, ENOTSOCK: 88, ENOTSUP: 95,
    ENOTTY: 25, ENXIO: 6, EOPNOTSUPP: 95, EOVERFLOW: 75, EPERM: 1, EPIPE: 32, EPROTO: 71,
    EPROTONOSUPPORT: 93, EPROTOTYPE: 91, ERANGE: 34, EROFS: 30, ESPIPE: 29, ESRCH: 3, ESTALE: 116, ETIME: 62,
    ETIMEDOUT: 110, ETXTBSY: 26, EWOULDBLOCK: 11, EXDEV: 18,
  };
  const priority = {
    PRIORITY_LOW: 19, PRIORITY_BELOW_NORMAL: 10, PRIORITY_NORMAL: 0, PRIORITY_ABOVE_NORMAL: -7,
    PRIORITY_HIGH: -14, PRIORITY_HIGHEST: -20,
  };
  const constants = {
    UV_UDP_REUSEADDR: 4,
    dlopen: { RTLD_LAZY: 1, RTLD_NOW: 2, RTLD_GLOBAL: 256, RTLD_LOCAL: 0, RTLD_DEEPBIND: 8 },
    errno,
    signals,
    priority,
  };
  for (const o of [constants.dlopen, errno, signals, priority, constants]) Object.freeze(o);

  const MEMORY = 4 * 1024 * 1024 * 1024; // wasm32: 65536 pages of 64 KiB

  function tmpdir() {
    const env = process.env;
    let path = env.TMPDIR || env.TMP || env.TEMP || "/tmp";
    if (path.length > 1 && path.endsWith("/")) path = path.slice(0, -1);
    return path;
  }

  function homedir() {
    return process.env.HOME || "/";
  }

  function cpus() {
    const user = Math.round(process.cpuUsage().user / 1000);
    return [{ model: "WebAssembly (wasmrun)", speed: 0, times: { user, nice: 0, sys: 0, idle: 0, irq: 0 } }];
  }

  function userInfo(options) {
    const enc = options && options.encoding;
    const v = (s) => (enc === "buffer" && s !== null ? layer.builtin("buffer").Buffer.from(s) : s);
    return { uid: 0, gid: 0, username: v(process.env.USER || "root"), homedir: v(homedir()), shell: v(process.env.SHELL || null) };
  }

  function getPriority(pid = 0) {
    if (typeof pid !== "number") throw invalidArgType("pid", "number", pid);
    return 0;
  }

  function setPriority(pid, prio) {
    void pid;
    void prio;
    throw notAvailable("os.setPriority()", "the VM schedules one process");
  }

  const hostname = () => process.env.HOSTNAME || "wasmrun";
  return {
    EOL: "\n",
    devNull: "/dev/null",
    constants,
    arch: () => process.arch,
    availableParallelism: () => 1,
    cpus,
    endianness: () => "LE",
    freemem: () => MEMORY,
    getPriority,
    homedir,
    hostname,
    loadavg: () => [0, 0, 0],
    machine: () => process.arch,
    networkInterfaces: () => ({}),
    platform: () => process.platform,
    release: () => "0.0.0-wasmrun",
    setPriority,
    tmpdir,
    totalmem: () => MEMORY,
    type: () => "Linux",
    uptime: () => Math.floor(process.uptime()),
    userInfo,
    version: () => `wasmrun (QuickJS-NG ${process.versions.quickjs}, WASI preview1)`,
  };
}
