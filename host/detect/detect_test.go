package detect

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const (
	notSupported = ": Rust is not supported yet; wasmrun runs Node.js and Python projects (or run a WASI module with 'wasmrun exec FILE.wasm')"
	jsRules      = "looked for package.json main, package.json scripts.start 'node FILE', index.js, main.js, app.js, server.js (or .mjs, .cjs); pass --entry FILE"
	allRules     = "looked for package.json, index.js, main.js, app.js, server.js, __main__.py, main.py, app.py; pass --entry FILE"
	known        = "known languages: javascript (alias node, nodejs, js), python (alias py)"
)

// detectCase builds a project in proj/ under a temporary directory, which is
// then the working directory, and detects it. In messages the project is
// "proj" and $TMP is the temporary directory.
type detectCase struct {
	name string
	// files are relative to proj/. A name ending in "/" is an empty
	// directory; content "symlink:TARGET" makes a symbolic link.
	files map[string]string
	path  string // PATH; "" is "proj"
	opts  Options

	lang    string
	entry   string
	markers []string
	reason  string

	kind Kind
	err  string
}

func TestDetect(t *testing.T) {
	for _, group := range [][]detectCase{
		nodeCases, pythonCases, choiceCases, unsupportedCases, overrideCases, pathCases, manifestCases,
	} {
		for _, tc := range group {
			t.Run(tc.name, func(t *testing.T) { tc.run(t) })
		}
	}
}

var nodeCases = []detectCase{
	{
		name:    "package.json main names the entry",
		files:   map[string]string{"package.json": `{"main": "server.js"}`, "server.js": "", "index.js": ""},
		lang:    JavaScript,
		entry:   "server.js",
		markers: []string{"package.json", "index.js", "server.js"},
		reason:  "package.json main: server.js",
	},
	{
		name:    "main without extension resolves to .js",
		files:   map[string]string{"package.json": `{"main": "lib/app"}`, "lib/app.js": ""},
		lang:    JavaScript,
		entry:   "lib/app.js",
		markers: []string{"package.json"},
		reason:  "package.json main: lib/app -> lib/app.js",
	},
	{
		name:    "main without extension resolves to .mjs",
		files:   map[string]string{"package.json": `{"main": "lib/app"}`, "lib/app.mjs": ""},
		lang:    JavaScript,
		entry:   "lib/app.mjs",
		markers: []string{"package.json"},
		reason:  "package.json main: lib/app -> lib/app.mjs",
	},
	{
		name:    "main without extension resolves to .cjs",
		files:   map[string]string{"package.json": `{"main": "lib/app"}`, "lib/app.cjs": ""},
		lang:    JavaScript,
		entry:   "lib/app.cjs",
		markers: []string{"package.json"},
		reason:  "package.json main: lib/app -> lib/app.cjs",
	},
	{
		name:    "main naming a directory resolves to its index.js",
		files:   map[string]string{"package.json": `{"main": "lib"}`, "lib/index.js": ""},
		lang:    JavaScript,
		entry:   "lib/index.js",
		markers: []string{"package.json"},
		reason:  "package.json main: lib -> lib/index.js",
	},
	{
		name:    "main may start with ./",
		files:   map[string]string{"package.json": `{"main": "./src/server.cjs"}`, "src/server.cjs": ""},
		lang:    JavaScript,
		entry:   "src/server.cjs",
		markers: []string{"package.json"},
		reason:  "package.json main: ./src/server.cjs",
	},
	{
		name:    "missing main falls back to scripts.start and is noted",
		files:   map[string]string{"package.json": `{"main": "dist/index.js", "scripts": {"start": "node server.js"}}`, "server.js": ""},
		lang:    JavaScript,
		entry:   "server.js",
		markers: []string{"package.json", "server.js"},
		reason:  `package.json main "dist/index.js" does not exist; package.json scripts.start: node server.js`,
	},
	{
		name:    "missing main falls back to index.js and is noted",
		files:   map[string]string{"package.json": `{"main": "dist/index.js"}`, "index.js": ""},
		lang:    JavaScript,
		entry:   "index.js",
		markers: []string{"package.json", "index.js"},
		reason:  `package.json main "dist/index.js" does not exist; found index.js`,
	},
	{
		name:    "main that is TypeScript is not an entry",
		files:   map[string]string{"package.json": `{"main": "src/index.ts"}`, "src/index.ts": "", "index.js": ""},
		lang:    JavaScript,
		entry:   "index.js",
		markers: []string{"package.json", "index.js"},
		reason:  `package.json main "src/index.ts" is not a JavaScript file; found index.js`,
	},
	{
		name:    "main outside the project is not an entry",
		files:   map[string]string{"package.json": `{"main": "../shared/index.js"}`, "../shared/index.js": "", "app.js": ""},
		lang:    JavaScript,
		entry:   "app.js",
		markers: []string{"package.json", "app.js"},
		reason:  `package.json main "../shared/index.js" is outside the project; found app.js`,
	},
	{
		name:    "main that is absolute is not an entry",
		files:   map[string]string{"package.json": `{"main": "/srv/app/index.js"}`, "app.js": ""},
		lang:    JavaScript,
		entry:   "app.js",
		markers: []string{"package.json", "app.js"},
		reason:  `package.json main "/srv/app/index.js" is outside the project; found app.js`,
	},
	{
		name:    "scripts.start node FILE names the entry",
		files:   map[string]string{"package.json": `{"scripts": {"start": "node server.js"}}`, "server.js": "", "index.js": ""},
		lang:    JavaScript,
		entry:   "server.js",
		markers: []string{"package.json", "index.js", "server.js"},
		reason:  "package.json scripts.start: node server.js",
	},
	{
		name:    "scripts.start skips node options before FILE",
		files:   map[string]string{"package.json": `{"scripts": {"start": "node --enable-source-maps dist/index.js"}}`, "dist/index.js": ""},
		lang:    JavaScript,
		entry:   "dist/index.js",
		markers: []string{"package.json"},
		reason:  "package.json scripts.start: node --enable-source-maps dist/index.js",
	},
	{
		name:    "scripts.start skips the values of node options",
		files:   map[string]string{"package.json": `{"scripts": {"start": "node -r dotenv/config --env-file .env --max-old-space-size=4096 server.js"}}`, "server.js": ""},
		lang:    JavaScript,
		entry:   "server.js",
		markers: []string{"package.json", "server.js"},
		reason:  "package.json scripts.start: node -r dotenv/config --env-file .env --max-old-space-size=4096 server.js",
	},
	{
		name:    "scripts.start ignores the arguments after FILE",
		files:   map[string]string{"package.json": `{"scripts": {"start": "node app/main.js --port 3000 > log.txt"}}`, "app/main.js": ""},
		lang:    JavaScript,
		entry:   "app/main.js",
		markers: []string{"package.json"},
		reason:  "package.json scripts.start: node app/main.js",
	},
	{
		name:    "scripts.start node . is index.js",
		files:   map[string]string{"package.json": `{"scripts": {"start": "node ."}}`, "index.js": "", "app.js": ""},
		lang:    JavaScript,
		entry:   "index.js",
		markers: []string{"package.json", "index.js", "app.js"},
		reason:  "package.json scripts.start: node . -> index.js",
	},
	{
		name:    "scripts.start takes the node command after a build step",
		files:   map[string]string{"package.json": `{"scripts": {"start": "tsc && node dist/x.js"}}`, "dist/x.js": ""},
		lang:    JavaScript,
		entry:   "dist/x.js",
		markers: []string{"package.json"},
		reason:  "package.json scripts.start: node dist/x.js",
	},
	{
		name:    "scripts.start takes the last of several node commands",
		files:   map[string]string{"package.json": `{"scripts": {"start": "node build.js && node server.js"}}`, "build.js": "", "server.js": ""},
		lang:    JavaScript,
		entry:   "server.js",
		markers: []string{"package.json", "server.js"},
		reason:  "package.json scripts.start: node server.js",
	},
	{
		name:    "scripts.start skips environment assignments",
		files:   map[string]string{"package.json": `{"scripts": {"start": "NODE_ENV=production PORT=8080 node server.js"}}`, "server.js": ""},
		lang:    JavaScript,
		entry:   "server.js",
		markers: []string{"package.json", "server.js"},
		reason:  "package.json scripts.start: node server.js",
	},
	{
		name:    "scripts.start skips cross-env",
		files:   map[string]string{"package.json": `{"scripts": {"start": "cross-env NODE_ENV=production node src/server.js"}}`, "src/server.js": ""},
		lang:    JavaScript,
		entry:   "src/server.js",
		markers: []string{"package.json"},
		reason:  "package.json scripts.start: node src/server.js",
	},
	{
		name:    "scripts.start follows cd",
		files:   map[string]string{"package.json": `{"scripts": {"start": "cd backend && node index.js"}}`, "backend/index.js": ""},
		lang:    JavaScript,
		entry:   "backend/index.js",
		markers: []string{"package.json"},
		reason:  "package.json scripts.start: node index.js -> backend/index.js",
	},
	{
		name:    "scripts.start FILE may have no extension",
		files:   map[string]string{"package.json": `{"scripts": {"start": "node ./bin/www"}}`, "bin/www": "", "app.js": ""},
		lang:    JavaScript,
		entry:   "bin/www",
		markers: []string{"package.json", "app.js"},
		reason:  "package.json scripts.start: node ./bin/www",
	},
	{
		name:    "scripts.start FILE may be quoted",
		files:   map[string]string{"package.json": `{"scripts": {"start": "node \"src/my server.js\""}}`, "src/my server.js": ""},
		lang:    JavaScript,
		entry:   "src/my server.js",
		markers: []string{"package.json"},
		reason:  "package.json scripts.start: node src/my server.js",
	},
	{
		name:    "scripts.start that does not run node falls back to the defaults",
		files:   map[string]string{"package.json": `{"scripts": {"start": "nodemon server.js"}}`, "server.js": "", "app.js": ""},
		lang:    JavaScript,
		entry:   "app.js",
		markers: []string{"package.json", "app.js", "server.js"},
		reason:  "found app.js",
	},
	{
		name:    "scripts.start node -e has no FILE",
		files:   map[string]string{"package.json": `{"scripts": {"start": "node -e \"require('./lib')\""}}`, "index.js": ""},
		lang:    JavaScript,
		entry:   "index.js",
		markers: []string{"package.json", "index.js"},
		reason:  "found index.js",
	},
	{
		name:    "scripts.start FILE that does not exist is noted",
		files:   map[string]string{"package.json": `{"scripts": {"start": "node dist/server.js"}}`, "main.js": ""},
		lang:    JavaScript,
		entry:   "main.js",
		markers: []string{"package.json", "main.js"},
		reason:  `package.json scripts.start "node dist/server.js": dist/server.js does not exist; found main.js`,
	},
	{
		name:    "index.js without package.json",
		files:   map[string]string{"index.js": ""},
		lang:    JavaScript,
		entry:   "index.js",
		markers: []string{"index.js"},
		reason:  "found index.js",
	},
	{
		name:    "defaults in order index, main, app, server",
		files:   map[string]string{"server.js": "", "app.js": "", "main.js": "", "index.js": ""},
		lang:    JavaScript,
		entry:   "index.js",
		markers: []string{"index.js", "main.js", "app.js", "server.js"},
		reason:  "found index.js",
	},
	{
		name:    "index.mjs is a default",
		files:   map[string]string{"index.mjs": ""},
		lang:    JavaScript,
		entry:   "index.mjs",
		markers: []string{"index.mjs"},
		reason:  "found index.mjs",
	},
	{
		name:    "server.cjs is a default",
		files:   map[string]string{"server.cjs": ""},
		lang:    JavaScript,
		entry:   "server.cjs",
		markers: []string{"server.cjs"},
		reason:  "found server.cjs",
	},
	{
		name:    "index.js comes before index.mjs and index.cjs",
		files:   map[string]string{"index.cjs": "", "index.mjs": "", "index.js": ""},
		lang:    JavaScript,
		entry:   "index.js",
		markers: []string{"index.js", "index.mjs", "index.cjs"},
		reason:  "found index.js",
	},
	{
		name:    "the name comes before the extension: app.mjs before server.js",
		files:   map[string]string{"server.js": "", "app.mjs": ""},
		lang:    JavaScript,
		entry:   "app.mjs",
		markers: []string{"app.mjs", "server.js"},
		reason:  "found app.mjs",
	},
	{
		name:  "package.json without any entry",
		files: map[string]string{"package.json": `{"name": "tools", "scripts": {"lint": "eslint ."}}`},
		kind:  NoEntry,
		err:   "no javascript entry file found in proj (found package.json): " + jsRules,
	},
	{
		name:  "package.json whose main does not exist, and nothing else",
		files: map[string]string{"package.json": `{"main": "dist/index.js"}`},
		kind:  NoEntry,
		err:   `no javascript entry file found in proj (found package.json): package.json main "dist/index.js" does not exist; ` + jsRules,
	},
	{
		name:  "tooling .js files are not markers",
		files: map[string]string{"webpack.config.js": "", "eslint.config.mjs": ""},
		kind:  NoEntry,
		err:   "no entry file found in proj: " + allRules,
	},
	{
		name:    "a default linked from outside the project is not an entry",
		files:   map[string]string{"index.js": "symlink:../outside.js", "../outside.js": "", "main.js": ""},
		lang:    JavaScript,
		entry:   "main.js",
		markers: []string{"main.js"},
		reason:  "found main.js",
	},
}

var pythonCases = []detectCase{
	{
		name:    "main.py",
		files:   map[string]string{"main.py": ""},
		lang:    Python,
		entry:   "main.py",
		markers: []string{"main.py"},
		reason:  "found main.py",
	},
	{
		name:    "__main__.py comes before main.py and app.py",
		files:   map[string]string{"app.py": "", "main.py": "", "__main__.py": "", "requirements.txt": ""},
		lang:    Python,
		entry:   "__main__.py",
		markers: []string{"__main__.py", "main.py", "app.py", "requirements.txt"},
		reason:  "found __main__.py",
	},
	{
		name:    "app.py",
		files:   map[string]string{"app.py": "", "pyproject.toml": ""},
		lang:    Python,
		entry:   "app.py",
		markers: []string{"app.py", "pyproject.toml"},
		reason:  "found app.py",
	},
	{
		name:    "every python marker is listed",
		files:   map[string]string{"Pipfile": "", "setup.py": "", "requirements.txt": "", "pyproject.toml": "", "main.py": ""},
		lang:    Python,
		entry:   "main.py",
		markers: []string{"main.py", "pyproject.toml", "requirements.txt", "setup.py", "Pipfile"},
		reason:  "found main.py",
	},
	{
		name:  "python markers without an entry",
		files: map[string]string{"requirements.txt": "", "pyproject.toml": "", "src/pkg/__init__.py": ""},
		kind:  NoEntry,
		err:   "no python entry file found in proj (found pyproject.toml, requirements.txt): looked for __main__.py, main.py, app.py; pass --entry FILE",
	},
	{
		name:  "a directory named main.py is not an entry",
		files: map[string]string{"main.py/": "", "setup.py": ""},
		kind:  NoEntry,
		err:   "no python entry file found in proj (found setup.py): looked for __main__.py, main.py, app.py; pass --entry FILE",
	},
}

var choiceCases = []detectCase{
	{
		name:  "entries in both languages are ambiguous",
		files: map[string]string{"package.json": `{}`, "index.js": "", "main.py": "", "requirements.txt": ""},
		kind:  Ambiguous,
		err:   "ambiguous project: found javascript (package.json, index.js) and python (main.py, requirements.txt); pass --language javascript or --language python",
	},
	{
		name:  "app.js and app.py are ambiguous",
		files: map[string]string{"app.js": "", "app.py": ""},
		kind:  Ambiguous,
		err:   "ambiguous project: found javascript (app.js) and python (app.py); pass --language javascript or --language python",
	},
	{
		name:    "package.json for tooling beside main.py is python",
		files:   map[string]string{"package.json": `{"devDependencies": {"prettier": "3"}}`, "main.py": ""},
		lang:    Python,
		entry:   "main.py",
		markers: []string{"main.py"},
		reason:  "found main.py; not javascript (package.json): no entry file",
	},
	{
		name:    "package.json whose main is missing beside main.py is python",
		files:   map[string]string{"package.json": `{"main": "dist/index.js"}`, "main.py": ""},
		lang:    Python,
		entry:   "main.py",
		markers: []string{"main.py"},
		reason:  `found main.py; not javascript (package.json): package.json main "dist/index.js" does not exist`,
	},
	{
		name:    "requirements.txt beside index.js is javascript",
		files:   map[string]string{"requirements.txt": "", "index.js": ""},
		lang:    JavaScript,
		entry:   "index.js",
		markers: []string{"index.js"},
		reason:  "found index.js; not python (requirements.txt): no entry file",
	},
	{
		name:  "markers of both languages without entries",
		files: map[string]string{"package.json": `{}`, "requirements.txt": ""},
		kind:  NoEntry,
		err:   "no entry file found in proj (found package.json, requirements.txt): " + allRules,
	},
	{
		name:  "an empty directory",
		files: map[string]string{},
		kind:  NoEntry,
		err:   "no entry file found in proj: " + allRules,
	},
}

var unsupportedCases = []detectCase{
	{
		name:  "Cargo.toml is rust",
		files: map[string]string{"Cargo.toml": "", "src/main.rs": ""},
		kind:  Unsupported,
		err:   "this looks like a Rust project (Cargo.toml)" + notSupported,
	},
	{
		name:  "go.mod is go",
		files: map[string]string{"go.mod": "", "main.go": ""},
		kind:  Unsupported,
		err:   "this looks like a Go project (go.mod, main.go)" + strings.ReplaceAll(notSupported, "Rust", "Go"),
	},
	{
		name:  ".go files are go",
		files: map[string]string{"hello.go": "", "util.go": ""},
		kind:  Unsupported,
		err:   "this looks like a Go project (hello.go)" + strings.ReplaceAll(notSupported, "Rust", "Go"),
	},
	{
		name:  "a Makefile beside .c files is c",
		files: map[string]string{"Makefile": "", "main.c": ""},
		kind:  Unsupported,
		err:   "this looks like a C/C++ project (Makefile, main.c)" + strings.ReplaceAll(notSupported, "Rust", "C/C++"),
	},
	{
		name:  ".c files are c",
		files: map[string]string{"hello.c": ""},
		kind:  Unsupported,
		err:   "this looks like a C/C++ project (hello.c)" + strings.ReplaceAll(notSupported, "Rust", "C/C++"),
	},
	{
		name:  "CMakeLists.txt is c on its own",
		files: map[string]string{"CMakeLists.txt": "", "src/main.cpp": ""},
		kind:  Unsupported,
		err:   "this looks like a C/C++ project (CMakeLists.txt)" + strings.ReplaceAll(notSupported, "Rust", "C/C++"),
	},
	{
		name:  "CMakeLists.txt, Makefile and .cpp files are c",
		files: map[string]string{"CMakeLists.txt": "", "Makefile": "", "main.cpp": ""},
		kind:  Unsupported,
		err:   "this looks like a C/C++ project (CMakeLists.txt, Makefile, main.cpp)" + strings.ReplaceAll(notSupported, "Rust", "C/C++"),
	},
	{
		name:  "a Makefile alone is not c",
		files: map[string]string{"Makefile": ""},
		kind:  NoEntry,
		err:   "no entry file found in proj: " + allRules,
	},
	{
		name:  "an unsupported language beats markers without an entry",
		files: map[string]string{"Cargo.toml": "", "package.json": `{"name": "napi-addon"}`},
		kind:  Unsupported,
		err:   "this looks like a Rust project (Cargo.toml)" + notSupported,
	},
	{
		name:    "an entry beats an unsupported language",
		files:   map[string]string{"go.mod": "", "main.py": ""},
		lang:    Python,
		entry:   "main.py",
		markers: []string{"main.py"},
		reason:  "found main.py; not go (go.mod): Go is not supported",
	},
}

var overrideCases = []detectCase{
	{
		name:    "--language py settles an ambiguous project",
		files:   map[string]string{"package.json": `{}`, "index.js": "", "main.py": "", "requirements.txt": ""},
		opts:    Options{Language: "py"},
		lang:    Python,
		entry:   "main.py",
		markers: []string{"main.py", "requirements.txt"},
		reason:  "found main.py",
	},
	{
		name:    "--language node settles an ambiguous project",
		files:   map[string]string{"package.json": `{}`, "index.js": "", "main.py": ""},
		opts:    Options{Language: "node"},
		lang:    JavaScript,
		entry:   "index.js",
		markers: []string{"package.json", "index.js"},
		reason:  "found index.js",
	},
	{
		name:    "--language ignores letter case",
		files:   map[string]string{"app.js": ""},
		opts:    Options{Language: "JavaScript"},
		lang:    JavaScript,
		entry:   "app.js",
		markers: []string{"app.js"},
		reason:  "found app.js",
	},
	{
		name:  "--language that is unknown",
		files: map[string]string{"main.rb": ""},
		opts:  Options{Language: "ruby"},
		kind:  BadOption,
		err:   "--language ruby: unknown language; " + known,
	},
	{
		name:  "--language that is not supported",
		files: map[string]string{"Cargo.toml": ""},
		opts:  Options{Language: "rust"},
		kind:  BadOption,
		err:   "--language rust: Rust is not supported yet; " + known,
	},
	{
		name:  "--language without an entry in that language",
		files: map[string]string{"index.js": ""},
		opts:  Options{Language: "python"},
		kind:  NoEntry,
		err:   "no python entry file found in proj: looked for __main__.py, main.py, app.py; pass --entry FILE",
	},
	{
		name:    "--entry settles an ambiguous project by its extension",
		files:   map[string]string{"index.js": "", "main.py": "", "requirements.txt": "", "tools/run.py": ""},
		opts:    Options{Entry: "tools/run.py"},
		lang:    Python,
		entry:   "tools/run.py",
		markers: []string{"main.py", "requirements.txt"},
		reason:  "--entry tools/run.py",
	},
	{
		name:    "--entry .mjs is javascript",
		files:   map[string]string{"src/app.mjs": ""},
		opts:    Options{Entry: "src/app.mjs"},
		lang:    JavaScript,
		entry:   "src/app.mjs",
		markers: nil,
		reason:  "--entry src/app.mjs",
	},
	{
		name:    "--entry is cleaned",
		files:   map[string]string{"tools/run.py": ""},
		opts:    Options{Entry: "./scripts/../tools/run.py"},
		lang:    Python,
		entry:   "tools/run.py",
		markers: nil,
		reason:  "--entry tools/run.py",
	},
	{
		name:    "--entry without extension takes the language of the markers",
		files:   map[string]string{"package.json": `{}`, "bin/www": ""},
		opts:    Options{Entry: "bin/www"},
		lang:    JavaScript,
		entry:   "bin/www",
		markers: []string{"package.json"},
		reason:  "--entry bin/www; javascript by its markers (package.json)",
	},
	{
		name:  "--entry without extension in a project without markers",
		files: map[string]string{"bin/tool": ""},
		opts:  Options{Entry: "bin/tool"},
		kind:  BadOption,
		err:   "--entry bin/tool: cannot tell its language from its extension or the project's files; pass --language javascript or --language python",
	},
	{
		name:  "--entry without extension in a project with markers of both languages",
		files: map[string]string{"package.json": `{}`, "requirements.txt": "", "bin/tool": ""},
		opts:  Options{Entry: "bin/tool"},
		kind:  Ambiguous,
		err:   "ambiguous project: found javascript (package.json) and python (requirements.txt); pass --language javascript or --language python",
	},
	{
		name:  "--entry without extension in a project of an unsupported language",
		files: map[string]string{"go.mod": "", "bin/tool": ""},
		opts:  Options{Entry: "bin/tool"},
		kind:  Unsupported,
		err:   "this looks like a Go project (go.mod)" + strings.ReplaceAll(notSupported, "Rust", "Go"),
	},
	{
		name:    "--entry with --language",
		files:   map[string]string{"package.json": `{}`, "requirements.txt": "", "bin/tool": ""},
		opts:    Options{Entry: "bin/tool", Language: "python"},
		lang:    Python,
		entry:   "bin/tool",
		markers: []string{"requirements.txt"},
		reason:  "--entry bin/tool",
	},
	{
		name:    "--language wins over the extension of --entry",
		files:   map[string]string{"index.js": ""},
		opts:    Options{Entry: "index.js", Language: "python"},
		lang:    Python,
		entry:   "index.js",
		markers: nil,
		reason:  "--entry index.js",
	},
	{
		name:  "--entry outside the project",
		files: map[string]string{"main.py": "", "../outside.js": ""},
		opts:  Options{Entry: "../outside.js"},
		kind:  BadOption,
		err:   "--entry ../outside.js: outside the project proj",
	},
	{
		name:  "--entry absolute outside the project",
		files: map[string]string{"main.py": "", "../outside.js": ""},
		opts:  Options{Entry: "$TMP/outside.js"},
		kind:  BadOption,
		err:   "--entry $TMP/outside.js: outside the project proj",
	},
	{
		name:    "--entry absolute inside the project",
		files:   map[string]string{"server.js": ""},
		opts:    Options{Entry: "$TMP/proj/server.js"},
		lang:    JavaScript,
		entry:   "server.js",
		markers: []string{"server.js"},
		reason:  "--entry server.js",
	},
	{
		name:  "--entry linked to outside the project",
		files: map[string]string{"link.js": "symlink:../outside.js", "../outside.js": ""},
		opts:  Options{Entry: "link.js"},
		kind:  BadOption,
		err:   "--entry link.js: outside the project proj",
	},
	{
		name:    "--entry linked inside the project",
		files:   map[string]string{"link.js": "symlink:src/real.js", "src/real.js": ""},
		opts:    Options{Entry: "link.js"},
		lang:    JavaScript,
		entry:   "link.js",
		markers: nil,
		reason:  "--entry link.js",
	},
	{
		name:  "--entry that does not exist",
		files: map[string]string{"main.py": ""},
		opts:  Options{Entry: "missing.py"},
		kind:  BadOption,
		err:   "--entry missing.py: no such file in proj",
	},
	{
		name:  "--entry that is a directory",
		files: map[string]string{"lib/index.js": ""},
		opts:  Options{Entry: "lib"},
		kind:  BadOption,
		err:   "--entry lib: not a regular file",
	},
	{
		name:  "--entry in an unsupported language",
		files: map[string]string{"main.go": ""},
		opts:  Options{Entry: "main.go"},
		kind:  Unsupported,
		err:   "this looks like a Go project (main.go)" + strings.ReplaceAll(notSupported, "Rust", "Go"),
	},
	{
		name:  "--entry in TypeScript",
		files: map[string]string{"package.json": `{}`, "src/index.ts": ""},
		opts:  Options{Entry: "src/index.ts"},
		kind:  Unsupported,
		err:   "this looks like a TypeScript project (src/index.ts)" + strings.ReplaceAll(notSupported, "Rust", "TypeScript"),
	},
	{
		name:  "--entry that is a WebAssembly module",
		files: map[string]string{"app.wasm": ""},
		opts:  Options{Entry: "app.wasm"},
		kind:  Unsupported,
		err:   "--entry app.wasm: a WebAssembly module, not a project: run it with 'wasmrun exec proj/app.wasm'",
	},
}

var pathCases = []detectCase{
	{
		name: "PATH that does not exist",
		path: "nope",
		kind: NotFound,
		err:  "no such directory: nope",
	},
	{
		name: "PATH to a script that does not exist",
		path: "nope.py",
		kind: NotFound,
		err:  "no such file: nope.py",
	},
	{
		name:    "PATH that is a file is the entry of its directory",
		files:   map[string]string{"script.py": "", "package.json": `{}`, "index.js": ""},
		path:    "proj/script.py",
		lang:    Python,
		entry:   "script.py",
		markers: nil,
		reason:  "PATH is a file: script.py",
	},
	{
		name:    "PATH that is a .js file in a python project",
		files:   map[string]string{"tool.js": "", "main.py": ""},
		path:    "proj/tool.js",
		lang:    JavaScript,
		entry:   "tool.js",
		markers: nil,
		reason:  "PATH is a file: tool.js",
	},
	{
		name:    "PATH that is a file without extension takes the language of the markers",
		files:   map[string]string{"cli": "", "package.json": `{}`},
		path:    "proj/cli",
		lang:    JavaScript,
		entry:   "cli",
		markers: []string{"package.json"},
		reason:  "PATH is a file: cli; javascript by its markers (package.json)",
	},
	{
		name:    "PATH that is a file, with --language",
		files:   map[string]string{"script.txt": ""},
		path:    "proj/script.txt",
		opts:    Options{Language: "python"},
		lang:    Python,
		entry:   "script.txt",
		markers: nil,
		reason:  "PATH is a file: script.txt",
	},
	{
		name:    "PATH that is a link to a script belongs to the script's project",
		files:   map[string]string{"tool.py": "", "requirements.txt": "", "../bin/tool": "symlink:../proj/tool.py"},
		path:    "bin/tool",
		lang:    Python,
		entry:   "tool.py",
		markers: []string{"requirements.txt"},
		reason:  "PATH is a file: tool.py",
	},
	{
		name:  "PATH that is a file, with --entry",
		files: map[string]string{"script.py": "", "main.py": ""},
		path:  "proj/script.py",
		opts:  Options{Entry: "main.py"},
		kind:  BadOption,
		err:   "--entry main.py: proj/script.py is a file, not a project directory; pass the directory, or drop --entry",
	},
	{
		name:  "PATH that is a WebAssembly module",
		files: map[string]string{"app.wasm": ""},
		path:  "proj/app.wasm",
		kind:  Unsupported,
		err:   "proj/app.wasm: a WebAssembly module, not a project: run it with 'wasmrun exec proj/app.wasm'",
	},
}

var manifestCases = []detectCase{
	{
		name:  "package.json that is not valid JSON",
		files: map[string]string{"package.json": "{\n  \"main\": \"index.js\",\n}\n", "index.js": ""},
		kind:  BadManifest,
		err:   "package.json: invalid JSON at line 3: invalid character '}' looking for beginning of object key string",
	},
	{
		name:  "package.json that is empty",
		files: map[string]string{"package.json": "", "index.js": ""},
		kind:  BadManifest,
		err:   "package.json: invalid JSON at line 1: unexpected end of JSON input",
	},
	{
		name:  "package.json main that is not a string",
		files: map[string]string{"package.json": "{\n  \"main\": 5\n}", "index.js": ""},
		kind:  BadManifest,
		err:   `package.json: line 2: "main" must be a string, not number`,
	},
	{
		name:  "package.json scripts that is not an object",
		files: map[string]string{"package.json": `{"scripts": ["node x.js"]}`},
		kind:  BadManifest,
		err:   `package.json: line 1: "scripts" must be an object, not array`,
	},
	{
		name:  "package.json that is not an object",
		files: map[string]string{"package.json": `"index.js"`},
		kind:  BadManifest,
		err:   `package.json: line 1: the top level must be an object, not string`,
	},
	{
		name:  "package.json larger than 1 MiB",
		files: map[string]string{"package.json": `{"description": "` + strings.Repeat("x", 1<<20) + `"}`, "index.js": ""},
		kind:  BadManifest,
		err:   "package.json: larger than 1 MiB",
	},
	{
		name:    "package.json with a byte order mark",
		files:   map[string]string{"package.json": "\uFEFF" + `{"main": "app.js"}`, "app.js": ""},
		lang:    JavaScript,
		entry:   "app.js",
		markers: []string{"package.json", "app.js"},
		reason:  "package.json main: app.js",
	},
	{
		name:    "package.json is not read when --language python",
		files:   map[string]string{"package.json": "{", "main.py": ""},
		opts:    Options{Language: "python"},
		lang:    Python,
		entry:   "main.py",
		markers: []string{"main.py"},
		reason:  "found main.py",
	},
	{
		name:    "package.json is not read when --entry is given",
		files:   map[string]string{"package.json": "{", "server.js": ""},
		opts:    Options{Entry: "server.js"},
		lang:    JavaScript,
		entry:   "server.js",
		markers: []string{"package.json", "server.js"},
		reason:  "--entry server.js",
	},
}

func (tc detectCase) run(t *testing.T) {
	tmp := t.TempDir()
	proj := filepath.Join(tmp, "proj")
	if err := os.Mkdir(proj, 0o755); err != nil {
		t.Fatal(err)
	}
	writeFiles(t, proj, tc.files)
	t.Chdir(tmp)
	path := tc.path
	if path == "" {
		path = "proj"
	}
	opts := tc.opts
	opts.Entry = strings.ReplaceAll(opts.Entry, "$TMP", tmp)

	p, err := Detect(path, opts)

	if tc.err != "" {
		var de *Error
		if !errors.As(err, &de) {
			t.Fatalf("Detect(%q, %+v) = %+v, %v; want *Error %q", path, opts, p, err, tc.err)
		}
		if want := strings.ReplaceAll(tc.err, "$TMP", tmp); de.Kind != tc.kind || de.Error() != want {
			t.Errorf("Detect(%q, %+v) error:\n got (%v) %s\nwant (%v) %s", path, opts, de.Kind, de, tc.kind, want)
		}
		return
	}
	if err != nil {
		t.Fatalf("Detect(%q, %+v): %v", path, opts, err)
	}
	if root, want := realPath(t, p.Root), realPath(t, proj); root != want || !filepath.IsAbs(p.Root) || filepath.Clean(p.Root) != p.Root {
		t.Errorf("Root = %q, want %q", p.Root, proj)
	}
	if p.Language != tc.lang || p.Entry != tc.entry || p.Reason != tc.reason || !slices.Equal(p.Markers, tc.markers) {
		t.Errorf("Detect(%q, %+v):\n got %s %s %q %q\nwant %s %s %q %q", path, opts,
			p.Language, p.Entry, p.Markers, p.Reason, tc.lang, tc.entry, tc.markers, tc.reason)
	}
}

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if strings.HasSuffix(name, "/") {
			if err := os.MkdirAll(p, 0o755); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if target, ok := strings.CutPrefix(content, "symlink:"); ok {
			if err := os.Symlink(filepath.FromSlash(target), p); err != nil {
				t.Skipf("symbolic links: %v", err)
			}
			continue
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func realPath(t *testing.T, p string) string {
	t.Helper()
	r, err := filepath.EvalSymlinks(p)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestDetectEmptyPathIsTheWorkingDirectory(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"main.py": ""})
	t.Chdir(dir)
	p, err := Detect("", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if realPath(t, p.Root) != realPath(t, dir) || p.Entry != "main.py" {
		t.Errorf("Detect(\"\") = %+v, want main.py in %s", p, dir)
	}
}

func TestErrorsCarryTheirCause(t *testing.T) {
	_, err := Detect(filepath.Join(t.TempDir(), "nope"), Options{})
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Detect(missing) = %v, want an error that is fs.ErrNotExist", err)
	}
	if got := err.(*Error).Kind.String(); got != "not found" {
		t.Errorf("Kind.String() = %q, want %q", got, "not found")
	}
}
