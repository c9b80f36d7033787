// node:dns: lookup() through the kernel (/dev/dns/NAME, docs/network.md):
// the host resolves the name under the network policy, and answers only the
// addresses the policy lets the guest reach; localhost is the VM
// (127.0.0.1, ::1). The resolver functions (resolve*, reverse, Resolver)
// would query DNS servers directly, which the VM cannot: they throw
// ERR_WASMRUN_NOT_AVAILABLE.
import * as sock from "../internal/sock.js";

export function makeDns(layer, promises) {
  const { os } = layer.sys;
  const loop = layer.loop;
  const { codedError, invalidArgType, notAvailable } = layer.errors;
  const net = layer.builtin("net");
  let order = "verbatim";

  // The kernel's errno for a lookup, as getaddrinfo's codes.
  const CODE = { EHOSTUNREACH: "ENOTFOUND", ETIMEDOUT: "EAI_AGAIN", ENOENT: "ENOTFOUND" };
  function lookupError(errno, hostname) {
    const name = sock.errnoName(errno);
    const code = CODE[name] || name;
    const err = new Error(`getaddrinfo ${code} ${hostname}`);
    err.errno = code === "ENOTFOUND" ? -3008 : code === "EAI_AGAIN" ? -3001 : sock.netError("getaddrinfo", name).errno;
    err.code = code;
    err.syscall = "getaddrinfo";
    err.hostname = hostname;
    return err;
  }

  function normalizeOptions(options) {
    let family = 0, all = false, ord = order;
    if (typeof options === "number") family = options;
    else if (options !== undefined && options !== null) {
      if (typeof options !== "object") throw invalidArgType("options", "integer or an instance of Object", options);
      if (options.family !== undefined) {
        family = options.family === "IPv4" ? 4 : options.family === "IPv6" ? 6 : options.family;
      }
      all = Boolean(options.all);
      if (options.order) ord = options.order;
      else if (options.verbatim === false) ord = "ipv4first";
    }
    if (family !== 0 && family !== 4 && family !== 6) {
      throw codedError(TypeError, "ERR_INVALID_ARG_VALUE", `The argument 'family' must be one of: 0, 4, 6. Received ${family}`);
    }
    return { family, all, order: ord };
  }

  function answer(addresses, { family, all, order: ord }) {
    let list = addresses.map((address) => ({ address, family: net.isIP(address) }));
    if (family) list = list.filter((a) => a.family === family);
    if (ord === "ipv4first") list.sort((a, b) => a.family - b.family);
    else if (ord === "ipv6first") list.sort((a, b) => b.family - a.family);
    return list;
  }

  /** resolveName(hostname, opts, cb): cb(err, list) from the kernel, in a later turn. */
  function resolveName(hostname, opts, cb) {
    if (net.isIP(hostname)) {
      loop.nextTick(cb, null, answer([hostname], opts));
      return;
    }
    const fd = sock.open(`/dev/dns/${hostname}`, os.O_RDONLY);
    if (fd < 0) {
      loop.nextTick(cb, lookupError(fd, hostname));
      return;
    }
    loop.ref();
    const buf = new ArrayBuffer(4096);
    let text = "";
    const finish = (err, list) => {
      sock.unwatch(fd, "r");
      os.close(fd);
      loop.unref();
      cb(err, list);
    };
    sock.watch(fd, "r", () => {
      for (;;) {
        const n = os.read(fd, buf, 0, buf.byteLength);
        if (n < 0) {
          if (-n === sock.EAGAIN) return;
          finish(lookupError(n, hostname));
          return;
        }
        if (n === 0) break;
        const bytes = new Uint8Array(buf, 0, n);
        for (let i = 0; i < n; i++) text += String.fromCharCode(bytes[i]);
      }
      const list = answer(text.split("\n").filter(Boolean), opts);
      if (list.length === 0) finish(lookupError(-23 /* EHOSTUNREACH: none of that family */, hostname));
      else finish(null, list);
    });
  }

  function lookup(hostname, options, callback) {
    if (typeof options === "function") { callback = options; options = undefined; }
    if (hostname && typeof hostname !== "string") throw invalidArgType("hostname", "string", hostname);
    if (!promises && typeof callback !== "function") throw invalidArgType("callback", "function", callback);
    const opts = normalizeOptions(options);
    const run = (cb) => {
      if (!hostname) {
        loop.nextTick(cb, null, opts.all ? [] : [{ address: null, family: opts.family === 6 ? 6 : 4 }]);
        return;
      }
      resolveName(hostname, opts, cb);
    };
    if (promises) {
      return new Promise((resolve, reject) => run((err, list) => (err ? reject(err) : resolve(opts.all ? list : list[0]))));
    }
    run((err, list) => {
      if (err) callback(err);
      else if (opts.all) callback(null, list);
      else callback(null, list[0].address, list[0].family);
    });
    return {};
  }

  const why = "the VM resolves names only through the host, with lookup()";
  const absent = (name) => () => { throw notAvailable(`dns.${name}()`, why); };
  const RESOLVERS = ["resolve", "resolve4", "resolve6", "resolveAny", "resolveCaa", "resolveCname", "resolveMx",
    "resolveNaptr", "resolveNs", "resolvePtr", "resolveSoa", "resolveSrv", "resolveTxt", "reverse", "lookupService",
    "getServers", "setServers"];
  const api = {
    lookup,
    getDefaultResultOrder: () => order,
    setDefaultResultOrder(o) {
      if (o !== "verbatim" && o !== "ipv4first" && o !== "ipv6first") {
        throw codedError(TypeError, "ERR_INVALID_ARG_VALUE", `The argument 'order' must be one of: 'verbatim', 'ipv4first', 'ipv6first'. Received '${o}'`);
      }
      order = o;
    },
    Resolver: class Resolver {
      constructor() { throw notAvailable("dns.Resolver", why); }
    },
    ADDRCONFIG: 1024, V4MAPPED: 2048, ALL: 256,
    NODATA: "ENODATA", FORMERR: "EFORMERR", SERVFAIL: "ESERVFAIL", NOTFOUND: "ENOTFOUND",
    NOTIMP: "ENOTIMP", REFUSED: "EREFUSED", BADQUERY: "EBADQUERY", BADNAME: "EBADNAME",
    BADFAMILY: "EBADFAMILY", BADRESP: "EBADRESP", CONNREFUSED: "ECONNREFUSED", TIMEOUT: "ETIMEOUT",
    EOF: "EOF", FILE: "EFILE", NOMEM: "ENOMEM", DESTRUCTION: "EDESTRUCTION", BADSTR: "EBADSTR",
    BADFLAGS: "EBADFLAGS", NONAME: "ENONAME", BADHINTS: "EBADHINTS", NOTINITIALIZED: "ENOTINITIALIZED",
    LOADIPHLPAPI: "ELOADIPHLPAPI", ADDRGETNETWORKPARAMS: "EADDRGETNETWORKPARAMS", CANCELLED: "ECANCELLED",
  };
  for (const name of RESOLVERS) api[name] = absent(name);
  return api;
}

export default function (layer) {
  const dns = makeDns(layer, false);
  let p;
  Object.defineProperty(dns, "promises", {
    enumerable: true,
    configurable: true,
    get() { return (p ||= layer.builtin("dns/promises")); },
  });
  return dns;
}
