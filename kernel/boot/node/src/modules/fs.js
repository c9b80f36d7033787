// PLACEHOLDER, owned by the engineer who writes fs (issue 5: the sync API
// complete, callbacks and fs/promises on top, streams): replace this file,
// keeping the factory convention (see builtins.js). It has the few sync calls
// the layer's own tests use, over layer.sys (qjs:std/qjs:os).
export default function (layer) {
  const { std, os, systemError, kind, mkdirp } = layer.sys;
  const { Buffer } = layer.builtin("buffer");
  const path = layer.builtin("path");
  const abs = (p) => path.resolve(String(p instanceof URL ? layer.builtin("url").fileURLToPath(p) : p));
  const enc = (o) => (typeof o === "string" ? o : o && o.encoding);
  class Stats {
    constructor(st) { Object.assign(this, st); this.mtimeMs = st.mtime; this.atimeMs = st.atime; this.ctimeMs = st.ctime; this.mtime = new Date(st.mtime); }
    isFile() { return (this.mode & os.S_IFMT) === os.S_IFREG; }
    isDirectory() { return (this.mode & os.S_IFMT) === os.S_IFDIR; }
    isSymbolicLink() { return false; }
  }
  function readFileSync(p, options) {
    const file = abs(p);
    const data = std.loadFile(file, { binary: true });
    if (data === null) throw systemError(kind(file) === 2 ? -31 : -44, "open", file);
    const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    const e = enc(options);
    return e ? buf.toString(e) : buf;
  }
  function writeFileSync(p, data, options) {
    const file = abs(p);
    const bytes = typeof data === "string" ? Buffer.from(data, enc(options) || "utf8") : data;
    const fd = os.open(file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666);
    if (fd < 0) throw systemError(fd, "open", file);
    try { layer.sys.writeAll(fd, bytes); } finally { os.close(fd); }
  }
  function statSync(p) {
    const file = abs(p);
    const [st, err] = os.stat(file);
    if (err) throw systemError(-err, "stat", file);
    return new Stats(st);
  }
  function readdirSync(p) {
    const dir = abs(p);
    const [names, err] = os.readdir(dir);
    if (err) throw systemError(-err, "scandir", dir);
    return names.filter((n) => n !== "." && n !== "..").sort();
  }
  function mkdirSync(p, options) {
    const dir = abs(p);
    if (options && options.recursive) return mkdirp(dir);
    const r = os.mkdir(dir, 0o777);
    if (r < 0) throw systemError(r, "mkdir", dir);
  }
  return {
    readFileSync,
    writeFileSync,
    existsSync: (p) => { try { return kind(abs(p)) !== 0; } catch { return false; } },
    statSync,
    readdirSync,
    mkdirSync,
    constants: { F_OK: 0, R_OK: 4, W_OK: 2, X_OK: 1 },
    Stats,
  };
}
