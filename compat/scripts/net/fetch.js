// fetch against a server in the same process: JSON, text, a POST body,
// request and response headers, a status that is not ok, a refused port.
const http = require("http");

const server = http.createServer((req, res) => {
  let body = "";
  req.on("data", (d) => { body += d; });
  req.on("end", () => {
    if (req.url === "/json") {
      res.setHeader("Content-Type", "application/json");
      res.end(JSON.stringify({ method: req.method, body, accept: req.headers.accept, custom: req.headers["x-custom"] }));
    } else {
      res.statusCode = 404;
      res.setHeader("Content-Type", "text/plain");
      res.end("not here");
    }
  });
});

server.listen(47131, async () => {
  let r = await fetch("http://localhost:47131/json");
  console.log(r.status, r.ok, r.statusText, r.headers.get("content-type"), await r.json());
  r = await fetch("http://localhost:47131/json", { method: "POST", body: "payload", headers: { "X-Custom": "yes", accept: "application/json" } });
  console.log(r.status, JSON.stringify(await r.json()));
  r = await fetch("http://localhost:47131/nothing");
  console.log(r.status, r.ok, await r.text());
  const h = new Headers({ "A": "1" });
  h.append("b", "2");
  console.log([...h.entries()].join(";"), h.has("a"), typeof Request, typeof Response);
  try {
    await fetch("http://localhost:47139/");
  } catch (err) {
    console.log("refused:", err instanceof TypeError || err.name === "FetchError");
  }
  server.close(() => console.log("closed"));
});
