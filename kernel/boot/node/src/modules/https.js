// node:https: the client, over the kernel's TLS (/dev/tls/HOST/PORT): the
// kernel's transport does the handshake and verifies the server's
// certificate against the host's roots, for the host name asked; the
// request and response are node:http's. A server would need TLS in the
// VM, which it does not have; nor can a client choose its own trust
// (ca, rejectUnauthorized: false) or present a certificate.
export default function (layer) {
  const http = layer.builtin("http");
  const { notAvailable } = layer.errors;

  class Agent extends http.Agent {
    constructor(options = {}) {
      super({ ...options, protocol: "https:", defaultPort: options.defaultPort || 443 });
      this.protocol = "https:";
      this.defaultPort = options.defaultPort || 443;
    }
  }
  const globalAgent = new Agent({ keepAlive: true, scheduling: "lifo", timeout: 5000 });

  const TLS_OPTIONS = ["ca", "cert", "key", "pfx", "passphrase", "ciphers", "secureContext", "checkServerIdentity", "minVersion", "maxVersion"];
  function check(options) {
    if (!options || typeof options !== "object") return;
    if (options.rejectUnauthorized === false) {
      throw notAvailable("https.request() with rejectUnauthorized: false", "the kernel's TLS always verifies the server's certificate");
    }
    for (const k of TLS_OPTIONS) {
      if (options[k] !== undefined) throw notAvailable(`https.request() with the TLS option ${k}`, "the kernel's TLS uses the host's roots and no client certificate");
    }
  }

  function request(url, options, cb) {
    if (typeof url === "object" && !(url instanceof URL)) check(url);
    else check(options);
    if (typeof url === "string" || url instanceof URL) {
      if (typeof options === "function") { cb = options; options = {}; }
      return new http.ClientRequest(url, { ...(options || {}), _defaultAgent: globalAgent }, cb);
    }
    return new http.ClientRequest({ ...url, _defaultAgent: globalAgent }, options);
  }
  function get(url, options, cb) {
    const req = request(url, options, cb);
    req.end();
    return req;
  }
  function createServer() {
    throw notAvailable("https.createServer()", "the VM has no TLS of its own: serve http and let the host terminate TLS");
  }
  class Server {
    constructor() { throw notAvailable("https.Server", "the VM has no TLS of its own: serve http and let the host terminate TLS"); }
  }
  return { Agent, globalAgent, request, get, createServer, Server };
}
