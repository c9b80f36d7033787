package compat

import (
	"strings"
	"testing"
)

// TestCompare: equal outputs compare equal; differences are shown per
// stream, as lines removed (node) and added (the runner), with context.
func TestCompare(t *testing.T) {
	a := Output{Stdout: "one\ntwo\nthree\nfour\n", Stderr: "", Code: 0}
	if d := Compare(a, a, "node", "wasmrun"); d != "" {
		t.Fatalf("equal outputs differ:\n%s", d)
	}
	b := Output{Stdout: "one\n2\nthree\nfour\n", Stderr: "ReferenceError: require is not defined\n", Code: 1}
	want := `exit code: node 0, wasmrun 1
stdout (- node, + wasmrun):
  one
- two
+ 2
  three
  four
stderr (- node, + wasmrun):
+ ReferenceError: require is not defined
`
	if d := Compare(a, b, "node", "wasmrun"); d != want {
		t.Errorf("Compare =\n%s\nwant\n%s", d, want)
	}
}

func TestLineDiffMarksAMissingNewline(t *testing.T) {
	d := lineDiff("a\n", "a")
	if !strings.Contains(d, "- a\n") || !strings.Contains(d, `+ a\ (no newline at end)`) {
		t.Errorf("lineDiff does not show the missing newline:\n%s", d)
	}
}

func TestLineDiffQuotesBinary(t *testing.T) {
	d := lineDiff("\x00\xff\n", "\x00\xfe\n")
	if !strings.Contains(d, `- "\x00\xff"`) || !strings.Contains(d, `+ "\x00\xfe"`) {
		t.Errorf("binary lines are not quoted:\n%s", d)
	}
}

func TestLineDiffOfLargeOutputs(t *testing.T) {
	var x, y strings.Builder
	for i := 0; i < 5000; i++ {
		x.WriteString("same line\n")
		y.WriteString("same line\n")
	}
	x.WriteString("end\n")
	y.WriteString("END\n")
	d := lineDiff(x.String(), y.String())
	if !strings.Contains(d, "- end\n+ END\n") || strings.Count(d, "\n") > maxDiffLines+2 {
		t.Errorf("large diff:\n%s", d)
	}
}

// TestReason: one line, naming what the runner died of, or the first line
// that differs.
func TestReason(t *testing.T) {
	node := Output{Stdout: "a\nb\n"}
	for _, c := range []struct {
		name string
		got  Output
		want string
	}{
		{"died", Output{Stderr: "\nReferenceError: require is not defined\n    at x\n", Code: 1}, "exit code 1, not 0: ReferenceError: require is not defined"},
		{"died silently", Output{Code: 3}, "exit code 3, not 0"},
		{"stdout differs", Output{Stdout: "a\nc\n"}, `stdout line 2: "c" instead of "b"`},
		{"stdout short", Output{Stdout: "a\n"}, `stdout line 2: "" instead of "b"`},
		{"stderr differs", Output{Stdout: "a\nb\n", Stderr: "warn\n"}, `stderr line 1: "warn" instead of ""`},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := Reason(node, c.got); got != c.want {
				t.Errorf("Reason = %q, want %q", got, c.want)
			}
		})
	}
}
