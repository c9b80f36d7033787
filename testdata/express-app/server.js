// An ordinary Express app, written for Node and run unmodified by wasmrun:
//   node server.js                          (PORT, default 3000)
//   wasmrun run testdata/express-app --listen 3000
const express = require("express");
const fs = require("fs");
const path = require("path");

const app = express();
app.use(express.json());

// A JSON route.
app.get("/api/hello", (req, res) => {
  res.json({ message: "hello from express", query: req.query });
});

// A route reading a file.
app.get("/file", (req, res, next) => {
  fs.readFile(path.join(__dirname, "public", "hello.txt"), "utf8", (err, text) => {
    if (err) return next(err);
    res.type("text/plain").send(text);
  });
});

// Static files (express.static: send, streams, ETag, ranges).
app.use("/static", express.static(path.join(__dirname, "public")));

// A POST with a JSON body.
app.post("/api/echo", (req, res) => {
  const numbers = Array.isArray(req.body.numbers) ? req.body.numbers : [];
  res.status(201).json({ received: req.body, sum: numbers.reduce((a, b) => a + b, 0) });
});

// The 404 handler.
app.use((req, res) => {
  res.status(404).json({ error: "not found", path: req.path });
});

const port = Number(process.env.PORT) || 3000;
app.listen(port, () => {
  console.log(`express app listening on port ${port}`);
});
