package compat

import (
	"regexp"
	"slices"
	"strings"
)

// Output is what one run of a program printed, and how it ended.
type Output struct {
	Stdout, Stderr string
	Code           int
}

// Paths are the directories a runner gave the program, as the program sees
// them: its project (the working directory, HOME, where __filename points)
// and its temporary directory (TMPDIR, os.tmpdir()).
type Paths struct {
	Project, Tmp string
}

// VMPaths are wasmrun's: the project is copied to /app and TMPDIR is /tmp
// (kernel/boot).
var VMPaths = Paths{Project: "/app", Tmp: "/tmp"}

// Rule is one normalisation applied to both runners' stdout and stderr
// before they are compared. Each removes something that legitimately
// differs between two correct runs; README.md says why each is sound.
type Rule struct {
	Name  string
	Doc   string // one sentence, for the report
	apply func(s string, p Paths) string
}

// Rules are applied in this order, to stdout and stderr alike.
var Rules = []Rule{
	{
		Name: "paths",
		Doc:  "the project directory becomes `<project>` and the temporary directory `<tmp>` (under node: the directories the harness chose; under wasmrun: `/app` and `/tmp`), where a path starts with them",
		apply: func(s string, p Paths) string {
			subs := [][2]string{{p.Project, "<project>"}, {p.Tmp, "<tmp>"}}
			// The longer first, should one contain the other.
			slices.SortFunc(subs, func(a, b [2]string) int { return len(b[0]) - len(a[0]) })
			for _, sub := range subs {
				s = replacePath(s, sub[0], sub[1])
			}
			return s
		},
	},
	{
		Name: "stack frames",
		Doc:  "lines that are stack frames (whitespace, then `at `) are removed",
		apply: func(s string, _ Paths) string {
			return stackFrame.ReplaceAllString(s, "")
		},
	},
	{
		Name: "durations",
		Doc:  "a number of milliseconds (`label: 1.234ms`, as console.timeEnd prints) becomes `<n>ms`",
		apply: func(s string, _ Paths) string {
			return duration.ReplaceAllString(s, "<n>ms")
		},
	},
	{
		Name: "process ids",
		Doc:  "the process id in a warning's `(node:1234)` prefix becomes `(node:<pid>)`",
		apply: func(s string, _ Paths) string {
			return warningPID.ReplaceAllString(s, "(node:<pid>)")
		},
	},
}

var (
	stackFrame = regexp.MustCompile(`(?m)^[ \t]+at .*(\n|$)`)
	duration   = regexp.MustCompile(`\b\d+(\.\d+)?ms\b`)
	warningPID = regexp.MustCompile(`\(node:\d+\)`)
)

// HeadlineDoc describes what "// compat: stderr headline" compares.
const HeadlineDoc = "for a program that ends with an uncaught exception or unhandled rejection (declared with `// compat: stderr headline`), only stderr's error line is compared (`Error: boom`: the first line after Node's source excerpt of file:line, source line and caret), with stdout and the exit code in full: the stack frames and the excerpt legitimately differ"

// Normalise applies the Rules to o's stdout and stderr, then, for a
// headline program, keeps only stderr's error line.
func Normalise(o Output, p Paths, headline bool) Output {
	for _, r := range Rules {
		o.Stdout = r.apply(o.Stdout, p)
		o.Stderr = r.apply(o.Stderr, p)
	}
	if headline {
		o.Stderr = Headline(o.Stderr)
	}
	return o
}

var (
	// Node's excerpt starts with the throwing file and line:
	// "/app/x.js:3", "file:///app/x.mjs:3", "node:internal/...:389".
	excerptLocation = regexp.MustCompile(`^\S+:\d+$`)
	excerptCaret    = regexp.MustCompile(`^\s*\^+\s*$`)
)

// Headline returns the error line of an uncaught error's report on stderr:
// the first non-blank line, after Node's source excerpt if there is one
// (location, source line, caret line), with its newline.
func Headline(stderr string) string {
	lines := strings.Split(stderr, "\n")
	i := 0
	if excerptLocation.MatchString(lines[0]) {
		for j := 1; j < len(lines) && j <= 3; j++ {
			if excerptCaret.MatchString(lines[j]) {
				i = j + 1
				break
			}
		}
	}
	for ; i < len(lines); i++ {
		if strings.TrimSpace(lines[i]) != "" {
			return lines[i] + "\n"
		}
	}
	return ""
}

// replacePath replaces dir with name in s where dir is a whole path prefix:
// not preceded by a character of a file name (so "lib/app" is no "/app")
// and not followed by one (so "/application" is no "/app").
func replacePath(s, dir, name string) string {
	if dir == "" {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(s, dir)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		end := i + len(dir)
		if (i == 0 || !isNameByte(s[i-1])) && (end == len(s) || !isNameByte(s[end])) {
			b.WriteString(s[:i])
			b.WriteString(name)
		} else {
			b.WriteString(s[:end])
		}
		s = s[end:]
	}
}

func isNameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.'
}
