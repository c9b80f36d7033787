package compat

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Compare describes how got differs from want, stream by stream, as a
// readable line diff ("" when they are equal). wantName and gotName label
// the two sides ("node", "wasmrun").
func Compare(want, got Output, wantName, gotName string) string {
	var b strings.Builder
	if want.Code != got.Code {
		fmt.Fprintf(&b, "exit code: %s %d, %s %d\n", wantName, want.Code, gotName, got.Code)
	}
	for _, s := range []struct{ name, want, got string }{
		{"stdout", want.Stdout, got.Stdout},
		{"stderr", want.Stderr, got.Stderr},
	} {
		if s.want != s.got {
			fmt.Fprintf(&b, "%s (- %s, + %s):\n%s", s.name, wantName, gotName, lineDiff(s.want, s.got))
		}
	}
	return b.String()
}

// Reason is one line saying why got is not want, for expected.json and the
// report: what the program died of, or the first line that differs.
func Reason(want, got Output) string {
	r := ""
	if want.Code != got.Code {
		r = fmt.Sprintf("exit code %d, not %d", got.Code, want.Code)
		if l := firstLine(got.Stderr); l != "" && got.Stderr != want.Stderr {
			r += ": " + l
		}
	} else {
		for _, s := range []struct{ name, want, got string }{
			{"stdout", want.Stdout, got.Stdout},
			{"stderr", want.Stderr, got.Stderr},
		} {
			if s.want == s.got {
				continue
			}
			w, g := strings.Split(s.want, "\n"), strings.Split(s.got, "\n")
			i := 0
			for i < len(w) && i < len(g) && w[i] == g[i] {
				i++
			}
			r = fmt.Sprintf("%s line %d: %s instead of %s", s.name, i+1, quoteLine(g, i), quoteLine(w, i))
			break
		}
	}
	const max = 160
	if len(r) > max {
		r = strings.ToValidUTF8(r[:max], "") + "…"
	}
	return r
}

func quoteLine(lines []string, i int) string {
	if i >= len(lines) {
		return "nothing"
	}
	return strconv.Quote(lines[i])
}

func firstLine(s string) string {
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			return l
		}
	}
	return ""
}

// Diff limits: beyond maxDiffCells the longest common subsequence is not
// computed (the outputs are then shown from their first difference), and
// at most maxDiffLines lines of diff are shown.
const (
	maxDiffCells = 4 << 20
	maxDiffLines = 60
	diffContext  = 2
)

// lineDiff is a unified-style diff of two texts by lines: " " common,
// "-" only in a, "+" only in b, with a little context around each change.
func lineDiff(a, b string) string {
	x, y := splitLines(a), splitLines(b)
	var ops []diffOp
	if (len(x)+1)*(len(y)+1) <= maxDiffCells {
		ops = lcsDiff(x, y)
	} else {
		ops = prefixDiff(x, y)
	}
	// Keep the changes and diffContext lines around each.
	keep := make([]bool, len(ops))
	for i, op := range ops {
		if op.kind != ' ' {
			for j := max(0, i-diffContext); j <= min(len(ops)-1, i+diffContext); j++ {
				keep[j] = true
			}
		}
	}
	var out strings.Builder
	shown, skipped := 0, false
	for i, op := range ops {
		if !keep[i] {
			skipped = true
			continue
		}
		if skipped {
			out.WriteString("  …\n")
			skipped = false
		}
		if shown == maxDiffLines {
			out.WriteString("  … (diff cut)\n")
			break
		}
		fmt.Fprintf(&out, "%c %s\n", op.kind, showLine(op.line))
		shown++
	}
	return out.String()
}

type diffOp struct {
	kind byte
	line string
}

// splitLines splits s into lines, marking a missing final newline as
// Go's diff does, so that it shows in the diff.
func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	lines := strings.SplitAfter(s, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	for i, l := range lines {
		if strings.HasSuffix(l, "\n") {
			lines[i] = l[:len(l)-1]
		} else {
			lines[i] = l + "\\ (no newline at end)"
		}
	}
	return lines
}

// lcsDiff is the classic dynamic-programming diff; the suite's outputs are
// small (a few hundred lines), so its quadratic table is cheap.
func lcsDiff(x, y []string) []diffOp {
	n, m := len(x), len(y)
	// l[i][j] is the length of the LCS of x[i:] and y[j:].
	l := make([][]int32, n+1)
	for i := range l {
		l[i] = make([]int32, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if x[i] == y[j] {
				l[i][j] = l[i+1][j+1] + 1
			} else {
				l[i][j] = max(l[i+1][j], l[i][j+1])
			}
		}
	}
	var ops []diffOp
	i, j := 0, 0
	for i < n && j < m {
		switch {
		case x[i] == y[j]:
			ops = append(ops, diffOp{' ', x[i]})
			i, j = i+1, j+1
		case l[i+1][j] >= l[i][j+1]:
			ops = append(ops, diffOp{'-', x[i]})
			i++
		default:
			ops = append(ops, diffOp{'+', y[j]})
			j++
		}
	}
	for ; i < n; i++ {
		ops = append(ops, diffOp{'-', x[i]})
	}
	for ; j < m; j++ {
		ops = append(ops, diffOp{'+', y[j]})
	}
	return ops
}

// prefixDiff shows the common prefix, then the rest of each side.
func prefixDiff(x, y []string) []diffOp {
	var ops []diffOp
	i := 0
	for i < len(x) && i < len(y) && x[i] == y[i] {
		ops = append(ops, diffOp{' ', x[i]})
		i++
	}
	for _, l := range x[i:] {
		ops = append(ops, diffOp{'-', l})
	}
	for _, l := range y[i:] {
		ops = append(ops, diffOp{'+', l})
	}
	return ops
}

// showLine quotes a line that holds control characters or invalid UTF-8,
// so that the diff shows what differs; long lines are cut.
func showLine(l string) string {
	const maxLine = 240
	cut := ""
	if len(l) > maxLine {
		l, cut = l[:maxLine], "…"
	}
	if !utf8.ValidString(l) || strings.ContainsFunc(l, func(r rune) bool { return r < 0x20 && r != '\t' || r == 0x7f }) {
		return strconv.Quote(l) + cut
	}
	return l + cut
}
