// fastify: routes with params and a JSON body, a 404, through inject()
// (light-my-request) and over the VM's loopback.
const http = require("http");
const app = require("fastify")();
app.get("/h/:id", async (req) => ({ id: req.params.id, q: req.query }));
app.post("/p", async (req, reply) => {
  reply.code(201).header("x-a", "b");
  return { got: req.body };
});
(async () => {
  const r = await app.inject({ method: "GET", url: "/h/7?z=1" });
  console.log("inject", r.statusCode, r.headers["content-type"], r.body);
  const p = await app.inject({ method: "POST", url: "/p", payload: { a: 1 } });
  console.log("inject post", p.statusCode, p.headers["x-a"], p.json());
  const nf = await app.inject("/nope");
  console.log("inject 404", nf.statusCode, nf.json().message);
  await app.listen({ port: 47203, host: "127.0.0.1" });
  http.get("http://127.0.0.1:47203/h/8?w=2", (res) => {
    let b = "";
    res.on("data", (d) => (b += d));
    res.on("end", () => {
      console.log("http", res.statusCode, b);
      app.close();
    });
  });
})();
