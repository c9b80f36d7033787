package cli

import (
	"strings"
	"testing"
)

func TestRunStdinFromAPipe(t *testing.T) {
	runLangCases(t, []langCase{{
		name: "lines until EOF",
		py: `lines = []
while True:
    try:
        lines.append(input())
    except EOFError:
        break
print("|".join(lines))
print(len(lines))
`,
		js: `const lines = [];
for (let l; (l = std.in.getline()) !== null; ) lines.push(l);
print(lines.join("|"));
print(lines.length);
`,
		stdin:  "a\nb\n\nlast without newline",
		stdout: "a|b||last without newline\n4\n",
	}, {
		name:   "a megabyte at once",
		py:     "import sys\ndata = sys.stdin.read()\nprint(len(data), data.count('\\n'))\n",
		js:     "const data = std.in.readAsString();\nprint(data.length, data.split('\\n').length - 1);\n",
		stdin:  strings.Repeat("0123456789abcdef\n", 1<<16),
		stdout: "1114112 65536\n",
	}, {
		name: "empty stdin is EOF at once",
		py: `try:
    input()
except EOFError:
    print("EOF")
`,
		js:     "print(std.in.getline() === null ? 'EOF' : 'data');\n",
		stdout: "EOF\n",
	}, {
		name:   "a pipe is not a terminal",
		py:     "import os, sys\nprint(sys.stdin.isatty(), os.isatty(1))\n",
		js:     "print(os.isatty(0) ? 'True' : 'False', os.isatty(1) ? 'True' : 'False');\n",
		stdout: "False False\n",
	}})
}

func TestRunExitCodes(t *testing.T) {
	runLangCases(t, []langCase{{
		name:   "falling off the end is 0",
		py:     "print('done')\n",
		js:     "print('done');\n",
		stdout: "done\n",
	}, {
		name:   "an explicit exit code",
		py:     "import sys\nprint('before', flush=True)\nsys.exit(3)\nprint('after')\n",
		js:     "print('before');\nstd.exit(3);\nprint('after');\n",
		code:   3,
		stdout: "before\n",
	}, {
		name: "an uncaught exception is 1 with its traceback on stderr",
		py: `def fail():
    raise ValueError("boom")
print("before")
fail()
`,
		js: `function fail() {
  throw new Error("boom");
}
print("before");
fail();
`,
		code:   1,
		stdout: "before\n",
		check:  checkTraceback,
	}, {
		name:   "a syntax error is 1",
		py:     "print('never'\n",
		js:     "print('never'\n",
		code:   1,
		stderr: []string{"SyntaxError"},
	}, {
		name:   "sys.exit with a message prints it and is 1",
		py:     "import sys\nsys.exit('giving up')\n",
		code:   1,
		stderr: []string{"giving up"},
	}})
}

// checkTraceback checks that an uncaught exception printed the guest's own
// stack, with files and lines, and nothing of wasmrun's.
func checkTraceback(t *testing.T, lang, dir string, r result) {
	want := map[string][]string{
		"python":     {"Traceback (most recent call last):", `File "/app/main.py", line 4, in <module>`, `File "/app/main.py", line 2, in fail`, "ValueError: boom"},
		"javascript": {"Error: boom", "at fail (/app/main.js:2", "at Object.<anonymous> (/app/main.js:5"},
	}[lang]
	for _, w := range want {
		if !strings.Contains(r.stderr, w) {
			t.Errorf("stderr does not contain %q:\n%s", w, r.stderr)
		}
	}
	// Below the program's frames come the runtime's own (Node prints its
	// node:internal frames the same way); no other line may be wasmrun's.
	for _, line := range strings.Split(r.stderr, "\n") {
		if strings.Contains(line, "wasmrun") && !strings.HasPrefix(strings.TrimSpace(line), "at ") {
			t.Errorf("stderr mentions wasmrun outside a stack frame; it should be the program's own:\n%s", r.stderr)
			break
		}
	}
}
