// The path module on POSIX: join, resolve, normalize, dirname, basename,
// extname, isAbsolute, relative, parse, format, sep and delimiter.
const path = require("path");
const show = (label, v) => console.log(label.padEnd(44), JSON.stringify(v));
show("join('/a', 'b', '../c', './d')", path.join("/a", "b", "../c", "./d"));
show("join('a', '', 'b/')", path.join("a", "", "b/"));
show("join()", path.join());
show("resolve('/x', 'y', '..', 'z')", path.resolve("/x", "y", "..", "z"));
show("resolve('/x', '/abs', 'q')", path.resolve("/x", "/abs", "q"));
show("resolve('rel') (from the cwd)", path.resolve("rel"));
show("resolve()", path.resolve());
show("normalize('/a//b/./c/../d/')", path.normalize("/a//b/./c/../d/"));
show("normalize('../../x')", path.normalize("../../x"));
show("normalize('')", path.normalize(""));
show("dirname('/a/b/c.txt')", path.dirname("/a/b/c.txt"));
show("dirname('file')", path.dirname("file"));
show("dirname('/')", path.dirname("/"));
show("basename('/a/b/c.tar.gz')", path.basename("/a/b/c.tar.gz"));
show("basename('/a/b/c.tar.gz', '.gz')", path.basename("/a/b/c.tar.gz", ".gz"));
show("basename('/a/b/')", path.basename("/a/b/"));
show("extname('x.tar.gz')", path.extname("x.tar.gz"));
show("extname('.bashrc')", path.extname(".bashrc"));
show("extname('x.')", path.extname("x."));
show("isAbsolute('/x'), ('x'), ('')", [path.isAbsolute("/x"), path.isAbsolute("x"), path.isAbsolute("")]);
show("relative('/a/b/c', '/a/d')", path.relative("/a/b/c", "/a/d"));
show("relative('/a', '/a')", path.relative("/a", "/a"));
show("relative('/a/b', '/a/b/c/d')", path.relative("/a/b", "/a/b/c/d"));
show("parse('/home/u/file.txt')", path.parse("/home/u/file.txt"));
show("parse('file')", path.parse("file"));
show("format({dir, name, ext})", path.format({ dir: "/d", name: "n", ext: ".e" }));
show("format({root, base})", path.format({ root: "/", base: "b.txt" }));
show("format({name, ext without dot})", path.format({ name: "n", ext: "e" }));
show("sep, delimiter", [path.sep, path.delimiter]);
show("toNamespacedPath('/x')", path.toNamespacedPath("/x"));
try {
  path.join("a", 1);
} catch (err) {
  show("join with a number", [err.name, err.code]);
}
