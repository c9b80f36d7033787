// node:tls: client connections over the kernel's TLS (/dev/tls/HOST/PORT,
// docs/network.md): the kernel's transport does the handshake and verifies
// the server's certificate for the name asked, against the host's roots;
// the socket carries plaintext. So a TLSSocket is a net.Socket that is
// authorized once connected, and what needs the TLS session itself
// (certificates, ciphers, ALPN, a server, trust of one's own) throws
// ERR_WASMRUN_NOT_AVAILABLE.
export default function (layer) {
  const net = layer.builtin("net");
  const { notAvailable } = layer.errors;
  const why = "the kernel does TLS for the VM: it verifies the server against the host's roots and shows the program plaintext";

  const UNSUPPORTED = ["ca", "cert", "key", "pfx", "passphrase", "ciphers", "secureContext", "checkServerIdentity", "ALPNProtocols", "session", "pskCallback", "socket"];
  function check(options) {
    if (options.rejectUnauthorized === false) throw notAvailable("tls.connect() with rejectUnauthorized: false", why);
    for (const k of UNSUPPORTED) if (options[k] !== undefined) throw notAvailable(`tls.connect() with the option ${k}`, why);
  }

  class TLSSocket extends net.Socket {
    constructor(socket, options = {}) {
      if (socket !== undefined && socket !== null) throw notAvailable("new tls.TLSSocket() over an existing socket", why);
      super(options);
      this.encrypted = true;
      this.authorized = false;
      this.authorizationError = null;
      this.alpnProtocol = false;
      this.servername = undefined;
      this.once("connect", () => {
        this.authorized = true;
        this.emit("secureConnect");
      });
    }
    getPeerCertificate() { throw notAvailable("tlsSocket.getPeerCertificate()", why); }
    getCertificate() { throw notAvailable("tlsSocket.getCertificate()", why); }
    getCipher() { throw notAvailable("tlsSocket.getCipher()", why); }
    getProtocol() { throw notAvailable("tlsSocket.getProtocol()", why); }
    getSession() { throw notAvailable("tlsSocket.getSession()", why); }
    renegotiate() { throw notAvailable("tlsSocket.renegotiate()", why); }
    exportKeyingMaterial() { throw notAvailable("tlsSocket.exportKeyingMaterial()", why); }
  }

  function connect(...args) {
    let cb = typeof args[args.length - 1] === "function" ? args.pop() : undefined;
    let options;
    if (args[0] !== null && typeof args[0] === "object") options = { ...args[0] };
    else {
      options = { port: args[0] };
      if (typeof args[1] === "string") options.host = args[1];
      if (args[args.length - 1] && typeof args[args.length - 1] === "object") Object.assign(options, args[args.length - 1]);
    }
    check(options);
    const host = options.servername || options.host || "localhost";
    const s = new TLSSocket(undefined, options);
    s.servername = host;
    if (cb) s.once("secureConnect", cb);
    s.connect({ port: options.port, host, _wasmrunTLS: true });
    return s;
  }

  const absent = (name) => () => { throw notAvailable(`tls.${name}()`, why); };
  return {
    connect,
    TLSSocket,
    createServer: absent("createServer"),
    Server: class Server { constructor() { throw notAvailable("tls.Server", why); } },
    createSecureContext: absent("createSecureContext"),
    SecureContext: class SecureContext { constructor() { throw notAvailable("tls.SecureContext", why); } },
    checkServerIdentity: absent("checkServerIdentity"),
    getCiphers: absent("getCiphers"),
    get rootCertificates() { throw notAvailable("tls.rootCertificates", why); },
    DEFAULT_ECDH_CURVE: "auto",
    DEFAULT_MIN_VERSION: "TLSv1.2",
    DEFAULT_MAX_VERSION: "TLSv1.3",
    CLIENT_RENEG_LIMIT: 3,
    CLIENT_RENEG_WINDOW: 600,
  };
}
