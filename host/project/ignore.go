package project

import (
	"regexp"
	"strings"

	ignore "github.com/sabhiram/go-gitignore"
)

// go-gitignore compiles a gitignore pattern to a regular expression, but
// departs from git in ways that matter here, so each line is rewritten
// before it is handed over, and the library is asked about one pattern at a
// time:
//   - a pattern with a slash in the middle ("doc/frotz") is relative to its
//     .gitignore in git; the library matches it at any depth. It is anchored
//     here with a leading slash.
//   - the library's expression also matches whatever lies beneath a match
//     ("*.log" matches "a.log/b"). git judges a path by the patterns that
//     match it, and never looks beneath an ignored directory. So a NUL, which
//     no path holds, ends every pattern and every path asked about: the
//     library's "and beneath" tail cannot follow it. Otherwise "!dist/"
//     could not re-include a directory without its content, and
//     "*" then "!*/" would keep every file.
//   - "foo/" matches only a directory in git; the library has no notion of
//     directories. The slash is dropped and the rule kept for directories.
//     "foo/**" must not match foo itself: it becomes "foo/**/*".
//   - "?" is a wildcard in git, a literal in the library; regular
//     expression characters ("+", "(", "$"...) reach the regexp unescaped;
//     "[!a]" is git's negated class. They are translated.
//   - negation is applied here, in order across all the files that apply.

// end, a NUL, ends every pattern and path given to the library (see above).
const end = "\x00"

// rule is one compiled gitignore line.
type rule struct {
	re      *ignore.GitIgnore
	negate  bool
	dirOnly bool
}

// match reports whether the rule names rel, a slash-separated path relative
// to the directory of the rule's file.
func (r rule) match(rel string, isDir bool) bool {
	if r.dirOnly && !isDir {
		return false
	}
	return r.re.MatchesPath(rel + end)
}

// rules is the content of one ignore file, applied to the paths beneath dir
// ("." for the root).
type rules struct {
	dir   string
	rules []rule
}

func parseRules(dir string, lines []string) rules {
	rs := rules{dir: dir}
	for _, line := range lines {
		if r, ok := parseRule(line); ok {
			rs.rules = append(rs.rules, r)
		}
	}
	return rs
}

// verdict returns whether the rules ignore name (relative to the project
// root), and whether any of them says so either way.
func (rs rules) verdict(name string, isDir bool) (ignored, matched bool) {
	rel := name
	if rs.dir != "." {
		rel = strings.TrimPrefix(name, rs.dir+"/")
	}
	for _, r := range rs.rules {
		if r.match(rel, isDir) {
			ignored, matched = !r.negate, true
		}
	}
	return ignored, matched
}

func parseRule(line string) (rule, bool) {
	line = strings.TrimSuffix(line, "\r")
	// Trailing spaces are dropped unless escaped.
	for strings.HasSuffix(line, " ") && !strings.HasSuffix(line, `\ `) {
		line = line[:len(line)-1]
	}
	if line == "" || line[0] == '#' {
		return rule{}, false
	}
	var r rule
	if line[0] == '!' {
		r.negate, line = true, line[1:]
	}
	if strings.HasSuffix(line, "/") {
		r.dirOnly, line = true, strings.TrimSuffix(line, "/")
	}
	if line == "" {
		return rule{}, false
	}
	pattern := translate(line)
	if strings.Contains(line, "/") && !strings.HasPrefix(line, "/") {
		pattern = "/" + pattern
	}
	if strings.HasSuffix(line, "/**") {
		pattern += "/*"
	}
	pattern += end
	// A pattern the library cannot compile (it drops it) matches nothing.
	r.re = ignore.CompileIgnoreLines(pattern)
	return r, true
}

// translate rewrites a gitignore pattern, without its "!" and trailing "/",
// so that the library's regexp for it means what git means.
func translate(p string) string {
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		switch c := p[i]; c {
		case '\\':
			if i+1 < len(p) {
				i++
				b.WriteString(literal(p[i]))
			}
		case '*', '/':
			b.WriteByte(c) // the library's wildcards
		case '?':
			b.WriteString(`[^\x2f]`) // a slash would trip the library's anchoring guess
		case '[':
			class, n := bracket(p[i:])
			if n == 0 {
				b.WriteString(`\[`)
				continue
			}
			b.WriteString(class)
			i += n - 1
		default:
			b.WriteString(literal(c))
		}
	}
	return b.String()
}

// literal is the library's input for the character c taken literally.
func literal(c byte) string {
	switch c {
	case '.':
		return "." // the library escapes dots itself
	case '*':
		return `\*` // the library keeps an escaped star
	case '?':
		return "[?]" // the library would escape a "?" once more
	case ' ':
		return "[ ]" // the library trims spaces at both ends
	case '#', '!':
		return `\` + string(c) // a comment or a negation at the start
	}
	return regexp.QuoteMeta(string([]byte{c})) // a byte of UTF-8 as it is
}

// bracket translates the character class at the start of s ("[a-z]",
// "[!a]"), returning it and its length in s; n is 0 if s has no closing "]".
func bracket(s string) (class string, n int) {
	var b strings.Builder
	b.WriteByte('[')
	i := 1
	if i < len(s) && (s[i] == '!' || s[i] == '^') {
		b.WriteByte('^')
		i++
	}
	if i < len(s) && s[i] == ']' {
		b.WriteString(`\]`)
		i++
	}
	for ; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ']':
			b.WriteByte(']')
			return b.String(), i + 1
		case c == '\\' && i+1 < len(s):
			i++
			c = s[i]
			fallthrough
		default:
			b.WriteString(classLiteral(c))
		}
	}
	return "", 0
}

// classLiteral is the library's input for c inside a character class.
func classLiteral(c byte) string {
	switch {
	case c == '*':
		return `\*`
	case c == '.' || c == '?' || c == '-' || c == ' ' || c >= 0x80:
		return string([]byte{c}) // the library escapes "." and "?"; "-" is a range
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return string(c)
	}
	return `\` + string(c)
}
