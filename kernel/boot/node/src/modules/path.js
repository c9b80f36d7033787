// path: path-browserify (Node's POSIX path). The VM is POSIX: path.win32 is absent.
export default function (layer) {
  const posix = { ...require("path-browserify") };
  posix.toNamespacedPath = (p) => p;
  posix.posix = posix;
  Object.defineProperty(posix, "win32", {
    enumerable: true,
    get() { return layer.builtin("path/win32"); },
  });
  return posix;
}
