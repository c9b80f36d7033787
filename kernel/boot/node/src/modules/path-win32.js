// path/win32 (path.win32): Windows path syntax, for programs that parse such
// paths on any platform (node-tar strips absolute paths with it), from the
// npm package path 0.12.7, Node 0.12's own path module; toNamespacedPath is
// its _makeLong. resolve() without a drive uses the VM's working directory.
export default function (layer) {
  const { win32 } = require("path/path.js");
  const w = { ...win32 };
  w.toNamespacedPath = win32._makeLong;
  w.matchesGlob = () => {
    throw layer.errors.notAvailable("path.win32.matchesGlob()", "it is experimental in Node 20");
  };
  w.win32 = w;
  Object.defineProperty(w, "posix", { enumerable: true, get: () => layer.builtin("path") });
  return w;
}
