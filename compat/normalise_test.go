package compat

import "testing"

// TestNormalise: each rule removes what legitimately differs between two
// correct runs, and nothing else.
func TestNormalise(t *testing.T) {
	node := Paths{Project: "/work/compat/fixtures/cjs", Tmp: "/tmp/TestCompat1/001"}
	for _, c := range []struct {
		name  string
		paths Paths
		in    string
		want  string
	}{
		{"project path", node, "at /work/compat/fixtures/cjs/lib/a.js\n", "at <project>/lib/a.js\n"},
		{"project path alone", node, "cwd: /work/compat/fixtures/cjs\n", "cwd: <project>\n"},
		{"project file URL", node, "file:///work/compat/fixtures/cjs/x.mjs\n", "file://<project>/x.mjs\n"},
		{"quoted project path", node, "open '/work/compat/fixtures/cjs/f'\n", "open '<project>/f'\n"},
		{"a longer name is not the project", node, "/work/compat/fixtures/cjs-other/x\n", "/work/compat/fixtures/cjs-other/x\n"},
		{"temporary directory", node, "ENOENT, stat '/tmp/TestCompat1/001/x'\n", "ENOENT, stat '<tmp>/x'\n"},
		{"VM project", VMPaths, "/app/index.js:3\nfile:///app/x.mjs\n", "<project>/index.js:3\nfile://<project>/x.mjs\n"},
		{"VM temporary directory", VMPaths, "mkdir: /tmp/compat-fs\n", "mkdir: <tmp>/compat-fs\n"},
		{"no /app inside a name", VMPaths, "/application lib/app /tmpfs\n", "/application lib/app /tmpfs\n"},
		{"stack frames", node, "Error: x\n    at f (/a.js:1:2)\n    at <anonymous>\nafter\n", "Error: x\nafter\n"},
		{"last line a frame", node, "Trace\n    at g (x)", "Trace\n"},
		{"durations", node, "work: 0.075ms halfway\nt: 12ms\n", "work: <n>ms halfway\nt: <n>ms\n"},
		{"not a duration", node, "5 items, 10msg\n", "5 items, 10msg\n"},
		{"warning pid", node, "(node:27087) Warning: x\n", "(node:<pid>) Warning: x\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := Normalise(Output{Stdout: c.in, Stderr: c.in}, c.paths, false)
			if got.Stdout != c.want || got.Stderr != c.want {
				t.Errorf("Normalise(%q) = %q, %q; want %q", c.in, got.Stdout, got.Stderr, c.want)
			}
		})
	}
}

// TestHeadline: the error line of Node's and of other reports of an
// uncaught error.
func TestHeadline(t *testing.T) {
	for _, c := range []struct {
		name, stderr, want string
	}{
		{"node, an Error", "/p/u.js:7\nthrow new Error(\"boom\");\n^\n\nError: boom\n    at Object.<anonymous> (/p/u.js:7:7)\n\nNode.js v20.20.2\n", "Error: boom\n"},
		{"node, a thrown string", "/p/u.js:1\nthrow \"str\"\n^\nstr\n(Use `node --trace-uncaught ...` to show where the exception was thrown)\n", "str\n"},
		{"node, an ES module", "file:///p/x.mjs:1\nthrow new TypeError('t')\n      ^\n\nTypeError: t\n    at file:///p/x.mjs:1:7\n", "TypeError: t\n"},
		{"node, a rejection of a value", "node:internal/process/promises:389\n      new UnhandledPromiseRejection(reason);\n      ^\n\nUnhandledPromiseRejection: This error originated...\n", "UnhandledPromiseRejection: This error originated...\n"},
		{"no excerpt", "Error: boom\n    at <anonymous> (/app/u.js:7)\n", "Error: boom\n"},
		{"leading blank lines", "\n\nRangeError: r\n", "RangeError: r\n"},
		{"empty", "", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := Headline(c.stderr); got != c.want {
				t.Errorf("Headline = %q, want %q", got, c.want)
			}
		})
	}
}
