// path.win32 (and path/win32): parse, normalise, join and test Windows paths on
// any platform, as node-tar does to strip absolute paths.
const path = require("path");
const w = path.win32;
console.log(w.sep, w.delimiter, w.isAbsolute("C:\\x"), w.isAbsolute("\\\\srv\\share\\a"), w.isAbsolute("a\\b"), w.isAbsolute("/x"));
console.log(w.parse("C:\\dir\\file.txt"), w.parse("\\\\?\\C:\\x"));
console.log(w.normalize("C:\\a\\..\\b\\.\\c"), w.join("a", "..", "b", "c.txt"), w.basename("C:\\a\\b.js", ".js"), w.extname("x.tar.gz"), w.dirname("C:\\a\\b"));
console.log(w.format({ root: "C:\\", dir: "C:\\x", base: "y.z" }), w.relative("C:\\a\\b", "C:\\a\\c\\d"), w.toNamespacedPath("C:\\a"));
console.log(require("path/win32") === w, w.posix === path, path.posix === path);
