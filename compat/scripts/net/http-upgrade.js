// HTTP upgrades over the VM's loopback: the server's 'upgrade' gets the
// socket and what followed the headers, the client's 'upgrade' the 101 and
// its socket; bytes then flow both ways on the raw sockets. Without an
// 'upgrade' listener the request is an ordinary one, as in Node.
const http = require("http");

const server = http.createServer((req, res) => {
  res.end(`ordinary ${req.method} ${req.url} upgrade=${req.upgrade}`);
});
server.on("upgrade", (req, socket, head) => {
  console.log("server upgrade:", req.url, req.headers.upgrade, "head:", JSON.stringify(head.toString()));
  socket.write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\nwelcome;");
  socket.on("data", (d) => socket.write(`echo:${d}`));
});
server.listen(47150, "127.0.0.1", () => {
  const req = http.request({ port: 47150, host: "127.0.0.1", path: "/chat", headers: { Connection: "Upgrade", Upgrade: "echo" } });
  req.on("upgrade", (res, socket, head) => {
    console.log("client upgrade:", res.statusCode, res.headers.upgrade, "head:", JSON.stringify(head.toString()));
    socket.once("data", (d) => {
      console.log("client got:", d.toString());
      socket.destroy();
      plain();
    });
    socket.write("ping");
  });
  req.on("response", () => console.log("unexpected response"));
  req.end();
});

function plain() {
  // A second server without an 'upgrade' listener answers as usual.
  const s2 = http.createServer((req, res) => res.end(`ordinary ${req.method} ${req.url} upgrade=${req.upgrade}`));
  s2.listen(47151, "127.0.0.1", () => {
    http.get({ port: 47151, host: "127.0.0.1", path: "/x", headers: { Connection: "Upgrade", Upgrade: "echo" } }, (res) => {
      let body = "";
      res.on("data", (d) => (body += d));
      res.on("end", () => {
        console.log("no listener:", res.statusCode, body);
        s2.close();
        server.close();
      });
    });
  });
}
