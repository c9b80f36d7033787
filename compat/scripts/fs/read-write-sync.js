// The sync API for whole files: write, read (string, Buffer, encodings),
// append, copy, rename, truncate, unlink, existsSync.
const fs = require("fs");
const os = require("os");
const path = require("path");

const dir = path.join(os.tmpdir(), "compat-fs-read-write");
fs.rmSync(dir, { recursive: true, force: true });
fs.mkdirSync(dir);
const f = path.join(dir, "a.txt");
console.log("writeFileSync returns:", fs.writeFileSync(f, "héllo\n"));
console.log("read as Buffer:", fs.readFileSync(f));
console.log("read utf8:", JSON.stringify(fs.readFileSync(f, "utf8")));
console.log("read with options:", JSON.stringify(fs.readFileSync(f, { encoding: "base64" })));
fs.appendFileSync(f, "more\n");
fs.appendFileSync(f, Buffer.from([0x21, 0x0a]));
console.log("after append:", JSON.stringify(fs.readFileSync(f, "latin1")));
fs.writeFileSync(f, new Uint8Array([0x61, 0x62]));
console.log("typed array written:", fs.readFileSync(f, "utf8"));
fs.writeFileSync(f, "x", { flag: "a" });
console.log("flag a:", fs.readFileSync(f, "utf8"));
try {
  fs.writeFileSync(f, "y", { flag: "wx" });
} catch (err) {
  console.log("flag wx on an existing file:", err.code);
}
fs.copyFileSync(f, path.join(dir, "b.txt"));
fs.renameSync(path.join(dir, "b.txt"), path.join(dir, "c.txt"));
console.log("exists:", fs.existsSync(f), fs.existsSync(path.join(dir, "b.txt")), fs.existsSync(path.join(dir, "c.txt")));
fs.writeFileSync(f, "0123456789");
fs.truncateSync(f, 4);
console.log("truncated:", fs.readFileSync(f, "utf8"));
fs.unlinkSync(f);
console.log("after unlink:", fs.existsSync(f), fs.readdirSync(dir).join(","));
console.log("existsSync of nothing:", fs.existsSync(), fs.existsSync(""));
console.log("the project's own file:", fs.readFileSync("data/input.txt", "utf8").split("\n")[0]);
console.log("relative to __dirname:", JSON.parse(fs.readFileSync(path.join(__dirname, "data", "config.json"))).list.length);
const big = Buffer.alloc(1 << 20, "z");
fs.writeFileSync(path.join(dir, "big"), big);
console.log("1 MiB round trip:", fs.readFileSync(path.join(dir, "big")).equals(big));
fs.rmSync(dir, { recursive: true });
