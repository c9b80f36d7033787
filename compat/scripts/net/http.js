// An HTTP server and client in one process: methods, status codes, headers,
// request bodies (chunked and with a length), chunked and fixed-length
// responses, 404, HEAD, and a kept-alive connection reused by the agent.
const http = require("http");

let connections = 0;
const server = http.createServer((req, res) => {
  let body = "";
  req.setEncoding("utf8");
  req.on("data", (d) => { body += d; });
  req.on("end", () => {
    console.log("server:", req.method, req.url, `HTTP/${req.httpVersion}`, JSON.stringify(body),
      req.headers["content-type"], req.headers["content-length"], req.headers["transfer-encoding"], req.headers["x-test"]);
    if (req.url === "/stream") {
      res.setHeader("Content-Type", "text/plain");
      res.write("one,");
      setTimeout(() => res.end("two"), 10);
      return;
    }
    if (req.url === "/json") {
      const data = JSON.stringify({ method: req.method, body });
      res.statusCode = 201;
      res.statusMessage = "Made";
      res.setHeader("Content-Type", "application/json");
      res.setHeader("Content-Length", Buffer.byteLength(data));
      res.setHeader("X-List", ["a", "b"]);
      console.log("headers before:", res.headersSent, res.getHeader("content-type"), res.hasHeader("x-list"), res.getHeaderNames().join());
      res.end(data);
      console.log("headers after:", res.headersSent, res.writableEnded);
      return;
    }
    res.writeHead(404, { "Content-Type": "text/plain" });
    res.end(req.method === "HEAD" ? undefined : "no such page");
  });
  res.on("finish", () => console.log("server: finish", req.url));
});
server.on("connection", () => { connections++; });

function request(method, path, body, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request({ port: 47121, host: "localhost", method, path, headers }, (res) => {
      const chunks = [];
      res.on("data", (d) => chunks.push(d));
      res.on("end", () => {
        const h = res.headers;
        console.log("client:", res.statusCode, res.statusMessage, h["content-type"], h["content-length"], h["transfer-encoding"],
          h.connection, h["x-list"], typeof h.date, JSON.stringify(Buffer.concat(chunks).toString()), "reused", req.reusedSocket);
        resolve();
      });
    });
    req.on("error", reject);
    if (body !== undefined) {
      if (headers["content-length"] === undefined) { req.write(body.slice(0, 2)); req.write(body.slice(2)); }
      else req.write(body);
    }
    req.end();
  });
}

server.listen(47121, async () => {
  await request("GET", "/json");
  await request("POST", "/json", "chunked body", { "content-type": "text/plain", "x-test": "1" });
  await request("PUT", "/json", "sized", { "content-length": 5 });
  await request("GET", "/stream");
  await request("GET", "/missing");
  await request("HEAD", "/missing");
  console.log("connections", connections);
  console.log("METHODS", http.METHODS.includes("PATCH"), http.STATUS_CODES[418]);
  http.globalAgent.destroy();
  server.close(() => console.log("closed"));
});
