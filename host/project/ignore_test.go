package project

import "testing"

func TestGitignorePatterns(t *testing.T) {
	tests := []struct {
		pattern string
		path    string
		isDir   bool
		ignored bool
	}{
		{"*.log", "a.log", false, true},
		{"*.log", "deep/down/a.log", false, true},
		{"*.log", "a.log.txt", false, false},
		{"*.js", "x.js", true, true},
		{"build/", "build", true, true},
		{"build/", "build", false, false},
		{"build/", "src/build", true, true},
		{"/root.txt", "root.txt", false, true},
		{"/root.txt", "sub/root.txt", false, false},
		{"doc/frotz", "doc/frotz", false, true},
		{"doc/frotz", "a/doc/frotz", false, false},
		{"doc/*.html", "doc/a.html", false, true},
		{"doc/*.html", "doc/sub/a.html", false, false},
		{"**/foo", "foo", false, true},
		{"**/foo", "a/b/foo", false, true},
		{"a/**/b", "a/b", false, true},
		{"a/**/b", "a/x/y/b", false, true},
		{"a/**/b", "x/a/b", false, false},
		{"foo/**", "foo/x/y", false, true},
		{"foo/**", "foo/x", true, true},
		{"foo/**", "foo", true, false},
		{"**", "any/thing", false, true},
		{"*.log", "a.log/b", false, false}, // only what a pattern names: the walk never enters a.log
		{"?.o", "a.o", false, true},
		{"?.o", "ab.o", false, false},
		{"a?c", "a/c", false, false},
		{"[a-c]1", "b1", false, true},
		{"[a-c]1", "d1", false, false},
		{"[!a]1", "a1", false, false},
		{"[!a]1", "b1", false, true},
		{"[]]x", "]x", false, true},
		{"[", "[", false, true},
		{"c++", "c++", false, true},
		{"c++", "c", false, false},
		{"$HOME", "$HOME", false, true},
		{"a|b", "a", false, false},
		{"a|b", "a|b", false, true},
		{"{x}", "{x}", false, true},
		{"(x)", "(x)", false, true},
		{"(x)", "x", false, false},
		{`\#hash`, "#hash", false, true},
		{`\!bang`, "!bang", false, true},
		{`lit\*`, "lit*", false, true},
		{`lit\*`, "literal", false, false},
		{`q\?`, "q?", false, true},
		{`q\?`, "qx", false, false},
		{"trailing   ", "trailing", false, true},
		{`space\ `, "space ", false, true},
		{"a b/", "a b", true, true},
		{"# comment", "# comment", false, false},
		{"", "", false, false},
		{"   ", "", false, false},
		{"!", "x", false, false},
		{"/", "x", true, false},
		{"é*", "été", false, true},
		{"[éa]x", "éx", false, true},
		{"[éa]x", "bx", false, false},
	}
	for _, tt := range tests {
		rs := parseRules(".", []string{tt.pattern})
		if got, _ := rs.verdict(tt.path, tt.isDir); got != tt.ignored {
			t.Errorf("pattern %q, path %q (dir %v): ignored = %v, want %v", tt.pattern, tt.path, tt.isDir, got, tt.ignored)
		}
	}
}

func TestGitignoreRulesApplyInOrder(t *testing.T) {
	tests := []struct {
		name    string
		lines   []string
		path    string
		isDir   bool
		ignored bool
	}{
		{"negation after a match re-includes", []string{"*.log", "!keep.log"}, "keep.log", false, false},
		{"a match after a negation ignores again", []string{"!keep.log", "*.log"}, "keep.log", false, true},
		{"a negated directory pattern spares directories", []string{"*", "!*/"}, "src", true, false},
		{"and only them", []string{"*", "!*/"}, "src/a.txt", false, true},
		{"whitelist by extension", []string{"*", "!*/", "!*.go"}, "src/a.go", false, false},
		{"a directory's content, one re-included", []string{"foo/**", "!foo/keep"}, "foo/keep", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, _ := parseRules(".", tt.lines).verdict(tt.path, tt.isDir); got != tt.ignored {
				t.Errorf("ignored = %v, want %v", got, tt.ignored)
			}
		})
	}
}

func TestGitignoreOfASubdirectory(t *testing.T) {
	rs := parseRules("sub", []string{"/local", "x/y"})
	for path, want := range map[string]bool{
		"sub/local": true, "sub/deeper/local": false, "sub/x/y": true, "sub/a/x/y": false,
	} {
		if got, _ := rs.verdict(path, false); got != want {
			t.Errorf("%s: ignored = %v, want %v", path, got, want)
		}
	}
}
