// fs/promises and fs.promises: the same API with promises, FileHandle.
const fsp = require("fs/promises");
const fs = require("fs");
const os = require("os");
const path = require("path");

async function main() {
  console.log("same object:", fsp === fs.promises, fsp === require("node:fs/promises"));
  const dir = path.join(os.tmpdir(), "compat-fs-promises");
  await fsp.rm(dir, { recursive: true, force: true });
  console.log("mkdir:", await fsp.mkdir(path.join(dir, "a", "b"), { recursive: true }));
  const f = path.join(dir, "a", "f.txt");
  console.log("writeFile:", await fsp.writeFile(f, "promised"));
  await fsp.appendFile(f, " and appended");
  console.log("readFile:", await fsp.readFile(f, "utf8"));
  console.log("readFile Buffer:", (await fsp.readFile(f)).length);
  const st = await fsp.stat(f);
  console.log("stat:", st.size, st.isFile());
  console.log("readdir:", (await fsp.readdir(path.join(dir, "a"))).sort().join(","));
  console.log("access:", await fsp.access(f));
  await fsp.copyFile(f, f + ".copy");
  await fsp.rename(f + ".copy", f + ".renamed");
  console.log("after rename:", (await fsp.readdir(path.join(dir, "a"))).sort().join(","));
  await fsp.unlink(f + ".renamed");
  const fh = await fsp.open(path.join(dir, "handle.txt"), "w+");
  console.log("FileHandle fd:", typeof fh.fd);
  await fh.write("handle data");
  const { bytesRead, buffer } = await fh.read(Buffer.alloc(6), 0, 6, 7);
  console.log("FileHandle read:", bytesRead, buffer.toString("utf8", 0, bytesRead));
  console.log("FileHandle stat:", (await fh.stat()).size);
  await fh.truncate(6);
  await fh.close();
  const rh = await fsp.open(path.join(dir, "handle.txt"));
  console.log("FileHandle readFile:", await rh.readFile({ encoding: "utf8" }));
  await rh.close();
  console.log("after close:", await fsp.readFile(path.join(dir, "handle.txt"), "utf8"));
  try {
    await fsp.readFile(path.join(dir, "missing"));
  } catch (err) {
    console.log("rejects:", err.code, err.syscall, err instanceof Error);
  }
  await fsp.rm(dir, { recursive: true });
  console.log("rm:", fs.existsSync(dir));
  console.log("constants:", fsp.constants.R_OK);
}
main();
