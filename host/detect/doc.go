// Package detect finds what 'wasmrun run PATH' and 'wasmrun os PATH' run:
// the language of a project directory and its entry file.
//
// wasmrun runs JavaScript (Node.js projects, on QuickJS) and Python (on
// CPython). Go, Rust, C/C++ and TypeScript are recognised so that they get
// an honest "not supported yet" instead of "nothing found".
//
// Only the top level of the project is listed, plus the paths an entry rule
// names; the tree is never walked, and package.json is read only up to
// 1 MiB.
//
// # Rules
//
// JavaScript is marked by package.json or by a conventional entry file. The
// entry is, in order:
//   - package.json "main", resolved as Node.js resolves it: FILE, FILE.js,
//     FILE.mjs, FILE.cjs, then FILE/index.js;
//   - the last 'node [OPTIONS] FILE' command of package.json scripts.start,
//     resolved the same way: in "tsc && node dist/server.js" it is
//     dist/server.js, and in "node build.js && node server.js" server.js,
//     the command left running. Options with a separate value (-r MODULE)
//     are skipped, and so are environment assignments in front, also after
//     env and cross-env; 'cd DIR' makes later FILEs relative to DIR;
//     'node .' is index.js, main having been tried before;
//   - the first of index, main, app and server, each with .js, .mjs, then
//     .cjs (index.mjs comes before main.js).
//
// A rule that names a missing file is skipped and noted in Project.Reason
// (the project may not be built). An entry must be JavaScript (.js, .mjs,
// .cjs) or have no extension, like Express's bin/www.
//
// Python is marked by __main__.py, main.py or app.py, which are also its
// entries in that order, and by pyproject.toml, requirements.txt, setup.py
// and Pipfile, which are not entries.
//
// Go is marked by go.mod or *.go files, Rust by Cargo.toml, C/C++ by
// CMakeLists.txt or by *.c, *.cc, *.cpp, *.cxx files (a Makefile counts only
// beside them, since it builds anything).
//
// # Choosing
//
// A language with an entry file beats one that only has markers (a
// package.json for tooling beside main.py is Python), and the Reason says
// which markers were passed over. Two languages with entry files are
// ambiguous: Options.Language decides. With no entry anywhere, markers of an
// unsupported language give an Unsupported error, else the error lists what
// was looked for.
//
// Options.Entry forces the entry. Its language is Options.Language, else its
// extension, else the project's markers. A PATH that is a file is taken as
// the entry of the project in its directory (after following a symlink to
// the file): 'wasmrun run script.py' runs script.py with its directory as
// the project.
//
// Every error is an *Error whose Kind tells usage errors (NotFound,
// BadOption) from problems with the project.
package detect
