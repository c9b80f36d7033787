// createWriteStream and createReadStream: events, chunks by highWaterMark,
// start/end, encoding, piping one into the other, and errors. Each step
// starts when the previous stream has closed, so that the order of events
// is fixed.
const fs = require("fs");
const os = require("os");
const path = require("path");

const dir = path.join(os.tmpdir(), "compat-fs-streams");
fs.rmSync(dir, { recursive: true, force: true });
fs.mkdirSync(dir);
const f = path.join(dir, "stream.txt");

function write(next) {
  const ws = fs.createWriteStream(f);
  ws.on("open", (fd) => console.log("write stream open:", typeof fd));
  console.log("write returns:", ws.write("abcdefghij"));
  ws.write(Buffer.from("klmnopqrst"));
  ws.end("uvwxyz", () => console.log("end callback"));
  ws.on("finish", () => console.log("finish, bytesWritten:", ws.bytesWritten));
  ws.on("close", () => {
    console.log("write stream close");
    next();
  });
}

function readChunks(next) {
  const chunks = [];
  const rs = fs.createReadStream(f, { highWaterMark: 8 });
  rs.on("open", () => console.log("read stream open"));
  rs.on("data", (c) => chunks.push(c.toString()));
  rs.on("end", () => console.log("chunks:", JSON.stringify(chunks), "bytesRead:", rs.bytesRead));
  rs.on("close", () => {
    console.log("read stream close");
    next();
  });
}

function readRange(next) {
  const part = [];
  fs.createReadStream(f, { start: 2, end: 5, encoding: "utf8" })
    .on("data", (c) => part.push(c))
    .on("end", () => console.log("start..end:", part.join(""), typeof part[0]))
    .on("close", next);
}

function pipe(next) {
  const copy = path.join(dir, "copy.txt");
  const out = fs.createWriteStream(copy);
  fs.createReadStream(f).pipe(out);
  out.on("close", () => {
    console.log("piped copy:", fs.readFileSync(copy, "utf8"));
    next();
  });
}

function missing(next) {
  fs.createReadStream(path.join(dir, "missing")).on("error", (err) => {
    console.log("missing file:", err.code);
    next();
  });
}

function append(next) {
  const ws = fs.createWriteStream(f, { flags: "a" });
  ws.end("+");
  ws.on("close", () => {
    console.log("append stream:", fs.readFileSync(f, "utf8"));
    next();
  });
}

write(() => readChunks(() => readRange(() => pipe(() => missing(() => append(() => {
  fs.rmSync(dir, { recursive: true });
  console.log("done");
}))))));
