// koa 3: middleware order, routing by path, a JSON body, a stream body, a
// thrown HttpError, over the VM's loopback with the http client.
const Koa = require("koa");
const http = require("http");
const { Readable } = require("stream");
const app = new Koa();
const order = [];
app.use(async (ctx, next) => {
  order.push(`> ${ctx.method} ${ctx.path}`);
  await next();
  ctx.set("X-Order", String(order.length));
  order.push(`< ${ctx.status}`);
});
app.use(async (ctx) => {
  if (ctx.path === "/json") ctx.body = { q: ctx.query, ok: true };
  else if (ctx.path === "/stream") ctx.body = Readable.from(["a", "b", "c"]);
  else if (ctx.path === "/web") ctx.body = new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode("web body")); c.close(); } });
  else if (ctx.path === "/teapot") ctx.throw(418, "short and stout");
  else ctx.status = 404;
});
app.silent = true;
const server = app.listen(47201, "127.0.0.1", async () => {
  for (const path of ["/json?x=1&y=2", "/stream", "/web", "/teapot", "/missing"]) {
    const { status, type, body } = await get(path);
    console.log(path, status, type, body);
  }
  console.log(order.join(" | "));
  server.close();
});
function get(path) {
  return new Promise((resolve, reject) => {
    http.get({ host: "127.0.0.1", port: 47201, path, agent: false }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode, type: res.headers["content-type"], body }));
    }).on("error", reject);
  });
}
