// path: path-browserify (Node's POSIX path), with what Node 20 does
// differently: format() adds the dot an ext lacks, and the arguments are
// checked with Node's coded errors. path.win32 is modules/path-win32.js.
export default function (layer) {
  const base = require("path-browserify");
  const { invalidArgType } = layer.errors;
  const check = (v, name) => {
    if (typeof v !== "string") throw invalidArgType(name, "string", v);
  };
  const posix = { ...base };
  posix.join = function join(...args) {
    for (let i = 0; i < args.length; i++) check(args[i], `paths[${i}]`);
    return base.join(...args);
  };
  posix.resolve = function resolve(...args) {
    for (let i = 0; i < args.length; i++) check(args[i], `paths[${i}]`);
    return base.resolve(...args);
  };
  for (const name of ["normalize", "isAbsolute", "dirname", "extname"]) {
    const fn = base[name];
    posix[name] = { [name](p) { check(p, "path"); return fn(p); } }[name];
  }
  posix.basename = function basename(p, suffix) {
    check(p, "path");
    if (suffix !== undefined) check(suffix, "suffix");
    return base.basename(p, suffix);
  };
  posix.relative = function relative(from, to) {
    check(from, "from");
    check(to, "to");
    return base.relative(from, to);
  };
  posix.format = function format(pathObject) {
    if (pathObject === null || typeof pathObject !== "object") throw invalidArgType("pathObject", "object", pathObject);
    const dir = pathObject.dir || pathObject.root;
    const ext = pathObject.ext ? (pathObject.ext[0] === "." ? pathObject.ext : `.${pathObject.ext}`) : "";
    const b = pathObject.base || `${pathObject.name || ""}${ext}`;
    if (!dir) return b;
    return dir === pathObject.root ? `${dir}${b}` : `${dir}/${b}`;
  };
  posix.parse = function parse(p) {
    check(p, "path");
    return base.parse(p);
  };
  posix.toNamespacedPath = (p) => p;
  posix.matchesGlob = () => {
    throw layer.errors.notAvailable("path.matchesGlob()", "it is experimental in Node 20");
  };
  posix.posix = posix;
  Object.defineProperty(posix, "win32", {
    enumerable: true,
    get() { return layer.builtin("path/win32"); },
  });
  return posix;
}
