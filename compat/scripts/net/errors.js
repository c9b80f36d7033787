// What the network's failures look like: a refused connection, a port in
// use, bad arguments; and the address helpers.
const net = require("net");

for (const a of ["127.0.0.1", "::1", "::ffff:10.0.0.1", "1.2.3", "256.1.1.1", "fe80::1%eth0", "example.com", "", "2001:db8::"]) {
  console.log(JSON.stringify(a), net.isIP(a), net.isIPv4(a), net.isIPv6(a));
}

try {
  net.connect(70000);
} catch (err) {
  console.log("bad port:", err.name, err.code);
}

const c = net.connect(47111, "127.0.0.1");
c.on("error", (err) => {
  console.log("connect error:", err.code, err.syscall, err.address, err.port, err.message);
  const a = net.createServer();
  // Any free port (the host's ports are shared with other programs).
  a.listen(0, () => {
    const port = a.address().port;
    const b = net.createServer();
    b.on("error", (err) => {
      console.log("listen error:", err.code, err.syscall, err.port === port);
      a.close(() => console.log("closed"));
    });
    b.listen(port);
  });
});
