// ws: a WebSocket server and client over the VM's loopback: text and binary
// messages, a JSON exchange, ping/pong, and a close with a code and reason.
const { WebSocketServer, WebSocket } = require("ws");
const wss = new WebSocketServer({ host: "127.0.0.1", port: 47202 });
wss.on("connection", (socket, req) => {
  console.log("server: connection to", req.url);
  socket.on("message", (data, isBinary) => {
    if (isBinary) socket.send(Buffer.concat([Buffer.from("bin:"), data]));
    else if (String(data) === "bye") socket.close(4000, "done here");
    else socket.send(JSON.stringify({ echo: String(data), n: wss.clients.size }));
  });
  socket.on("ping", (d) => console.log("server: ping", String(d)));
});
wss.on("listening", () => {
  const ws = new WebSocket("ws://127.0.0.1:47202/room?x=1");
  const steps = [() => ws.send("hello"), () => ws.send(Buffer.from([1, 2, 3])), () => ws.ping("p1"), () => ws.send("bye")];
  ws.on("open", () => {
    console.log("client: open", ws.protocol === "", ws.readyState === WebSocket.OPEN);
    steps.shift()();
  });
  ws.on("message", (data, isBinary) => {
    console.log("client: message", isBinary ? [...data] : JSON.parse(String(data)));
    steps.shift()();
  });
  ws.on("pong", (d) => {
    console.log("client: pong", String(d));
    steps.shift()();
  });
  ws.on("close", (code, reason) => {
    console.log("client: close", code, String(reason));
    wss.close(() => console.log("server: closed"));
  });
});
