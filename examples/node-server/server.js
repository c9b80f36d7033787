// A small web app on Node's http module: open the Preview panel of
// `wasmrun os examples/node-server`, or run it with `--forward 3000:8080`
// and visit http://127.0.0.1:8080/ from the host.
const http = require("node:http");
const fs = require("node:fs");
const path = require("node:path");

const port = Number(process.env.PORT) || 3000;
let visits = 0;

const server = http.createServer((req, res) => {
  const url = new URL(req.url, "http://localhost");
  if (req.method === "GET" && url.pathname === "/") {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    return fs.createReadStream(path.join(__dirname, "public", "index.html")).pipe(res);
  }
  if (req.method === "GET" && url.pathname === "/api/stats") {
    visits++;
    res.writeHead(200, { "content-type": "application/json" });
    return res.end(JSON.stringify({ visits, uptime: Math.round(process.uptime()), node: process.version, platform: process.platform }));
  }
  res.writeHead(404, { "content-type": "text/plain" });
  res.end(`no route for ${req.method} ${url.pathname}\n`);
});

server.listen(port, () => console.log(`listening on port ${port}: open the Preview panel`));
