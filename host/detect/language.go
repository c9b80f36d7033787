package detect

import (
	"fmt"
	"path"
	"slices"
	"strings"
)

// The languages wasmrun runs, as Project.Language names them.
const (
	JavaScript = "javascript" // Node.js projects, run on QuickJS
	Python     = "python"     // run on CPython
)

// A language is one row of the table that everything else reads: the
// --language names, the extensions that name it, how to find its markers and
// its entry, and whether wasmrun runs it.
type language struct {
	name      string   // as in Options.Language and Project.Language
	title     string   // as in prose: "Node.js", "Rust"
	aliases   []string // other names Options.Language accepts
	exts      []string // source file extensions; an entry with one of them is in this language
	supported bool
	// lookFor and rules say what entry looks for, in the message when
	// nothing at all is found and in the one for this language alone.
	lookFor []string
	rules   string
	// markers lists the top-level files that show the project is in this
	// language, in a fixed order.
	markers func(*projectDir) []string
	// entry finds the file to run, and says how it was chosen. When there is
	// none, it returns "" and, if it knows one, the reason why.
	entry func(*projectDir) (entry, reason string, err error)
}

var languages = []*language{
	{
		name:      JavaScript,
		title:     "Node.js",
		aliases:   []string{"node", "nodejs", "js"},
		exts:      nodeExts,
		supported: true,
		lookFor:   append([]string{"package.json"}, withExts(nodeDefaultNames, ".js")...),
		rules:     "package.json main, package.json scripts.start 'node FILE', " + strings.Join(withExts(nodeDefaultNames, ".js"), ", ") + " (or .mjs, .cjs)",
		markers:   nodeMarkers,
		entry:     nodeEntry,
	},
	{
		name:      Python,
		title:     "Python",
		aliases:   []string{"py"},
		exts:      []string{".py"},
		supported: true,
		lookFor:   pythonEntries,
		rules:     strings.Join(pythonEntries, ", "),
		markers:   pythonMarkers,
		entry:     pythonEntry,
	},
	{
		name:    "go",
		title:   "Go",
		exts:    []string{".go"},
		markers: func(d *projectDir) []string { return slices.Concat(d.present("go.mod"), d.firstWithExt(".go")) },
	},
	{
		name:    "rust",
		title:   "Rust",
		exts:    []string{".rs"},
		markers: func(d *projectDir) []string { return d.present("Cargo.toml") },
	},
	{
		name:    "c",
		title:   "C/C++",
		exts:    cExts,
		markers: cMarkers,
	},
	{
		// TypeScript has no markers of its own (tsconfig.json sits in
		// Node.js projects that compile to JavaScript); it is here so that
		// a .ts entry gets an honest answer.
		name:    "typescript",
		title:   "TypeScript",
		exts:    []string{".ts", ".mts", ".cts", ".tsx"},
		markers: func(*projectDir) []string { return nil },
	},
}

var cExts = []string{".c", ".cc", ".cpp", ".cxx"}

func cMarkers(d *projectDir) []string {
	src := d.firstWithExt(cExts...)
	if len(src) == 0 {
		// A Makefile builds anything; CMakeLists.txt only C and C++.
		return d.present("CMakeLists.txt")
	}
	return slices.Concat(d.present("CMakeLists.txt", "Makefile", "makefile", "GNUmakefile"), src)
}

// parseLanguage returns the language Options.Language names, accepting
// aliases and any letter case.
func parseLanguage(s string) (*language, error) {
	name := strings.ToLower(strings.TrimSpace(s))
	for _, l := range languages {
		if name != l.name && !slices.Contains(l.aliases, name) {
			continue
		}
		if !l.supported {
			return nil, fail(BadOption, nil, "--language %s: %s is not supported yet; known languages: %s", s, l.title, knownLanguages())
		}
		return l, nil
	}
	return nil, fail(BadOption, nil, "--language %s: unknown language; known languages: %s", s, knownLanguages())
}

// languageOfFile returns the language whose extension file has, or nil.
func languageOfFile(file string) *language {
	ext := strings.ToLower(path.Ext(file))
	for _, l := range languages {
		if slices.Contains(l.exts, ext) {
			return l
		}
	}
	return nil
}

// knownLanguages is "javascript (alias node, nodejs, js), python (alias py)".
func knownLanguages() string {
	var s []string
	for _, l := range languages {
		if !l.supported {
			continue
		}
		if len(l.aliases) == 0 {
			s = append(s, l.name)
			continue
		}
		s = append(s, fmt.Sprintf("%s (alias %s)", l.name, strings.Join(l.aliases, ", ")))
	}
	return strings.Join(s, ", ")
}

func unsupported(l *language, markers []string) error {
	var titles []string
	for _, s := range languages {
		if s.supported {
			titles = append(titles, s.title)
		}
	}
	return fail(Unsupported, nil,
		"this looks like a %s project (%s): %s is not supported yet; wasmrun runs %s projects (or run a WASI module with 'wasmrun exec FILE.wasm')",
		l.title, strings.Join(markers, ", "), l.title, joinWords(titles, "and"))
}

// joinWords joins "a", "b", "c" as "a, b and c".
func joinWords(words []string, conj string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " " + conj + " " + words[len(words)-1]
}

// withExts is every name with every extension, name by name:
// index.js, index.mjs, main.js, main.mjs, ...
func withExts(names []string, exts ...string) []string {
	var out []string
	for _, n := range names {
		for _, e := range exts {
			out = append(out, n+e)
		}
	}
	return out
}
