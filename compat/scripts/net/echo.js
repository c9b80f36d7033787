// A TCP server and a client in one process over localhost: data both ways,
// encodings, the client's half-close, and the order of the events.
const net = require("net");

const server = net.createServer((sock) => {
  console.log("server: connection", typeof sock.remotePort, sock.remoteAddress, sock.remoteFamily, sock.localPort);
  sock.setEncoding("utf8");
  let got = "";
  sock.on("data", (d) => { got += d; });
  sock.on("end", () => {
    console.log("server: end, got", JSON.stringify(got));
    sock.end(got.toUpperCase());
  });
  sock.on("close", (hadError) => console.log("server: socket close", hadError));
});

server.on("listening", () => console.log("listening", server.address().port, server.listening));
server.listen(47101, () => {
  const client = net.connect({ port: 47101, host: "localhost" }, () => {
    console.log("client: connect", client.remotePort, client.remoteAddress, typeof client.localPort);
    console.log("writable", client.writable, "readyState", client.readyState);
    client.write("hello, ");
    client.write(Buffer.from("world"));
    client.end();
  });
  const chunks = [];
  client.on("data", (d) => chunks.push(d));
  client.on("end", () => {
    const all = Buffer.concat(chunks);
    console.log("client: end", Buffer.isBuffer(chunks[0]), all.toString());
    console.log("bytes", client.bytesWritten, client.bytesRead);
  });
  client.on("close", (hadError) => {
    console.log("client: close", hadError);
    server.close(() => console.log("server: closed", server.listening));
  });
});
