package compat

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestDiscover: the suite's own tree has programs in every group, each
// program's directives parse, and the files they name exist.
func TestDiscover(t *testing.T) {
	scripts, err := Discover(".")
	if err != nil {
		t.Fatal(err)
	}
	groups := map[string]int{}
	for _, s := range scripts {
		groups[strings.SplitN(s.Group, "/", 2)[0]]++
		if s.Expect {
			for _, r := range []string{"node", "wasmrun"} {
				if _, err := os.Stat(s.ExpectFile(r)); err != nil {
					t.Errorf("%s declares // compat: expect: %v", s.Name, err)
				}
			}
		}
	}
	for _, g := range []string{"scripts", "fixtures", "packages"} {
		if groups[g] == 0 {
			t.Errorf("no programs in %s/", g)
		}
	}
	if !slices.IsSortedFunc(scripts, func(a, b Script) int { return strings.Compare(a.Name, b.Name) }) {
		t.Error("programs are not sorted by name")
	}
}

// TestDirectives: what each directive sets, and that a misspelt one is an
// error rather than ignored.
func TestDirectives(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("in.txt", "input\n")
	write("a.js", "#!/usr/bin/env node\n// A program.\n// compat: args -x one\n// compat: env K=V\n// compat: env E=\n// compat: stdin in.txt\n// compat: stderr headline\n// compat: expect\nconsole.log(1);\n// compat: args ignored after the first code line\n")
	s := Script{Name: "a.js", Project: dir, Entry: "a.js"}
	if err := s.readDirectives(); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(s.Args, []string{"-x", "one"}) || !slices.Equal(s.Env, []string{"K=V", "E="}) ||
		s.Stdin != filepath.Join(dir, "in.txt") || !s.Headline || !s.Expect {
		t.Errorf("directives read as %+v", s)
	}
	if got, want := s.ExpectFile("wasmrun"), filepath.Join(dir, "a.wasmrun.out"); got != want {
		t.Errorf("ExpectFile = %s, want %s", got, want)
	}
	for _, bad := range []string{"// compat: stdn in.txt\n", "// compat: env NOEQUALS\n", "// compat: stdin missing.txt\n", "// compat: stderr all\n"} {
		write("b.js", bad)
		s := Script{Name: "b.js", Project: dir, Entry: "b.js"}
		if err := s.readDirectives(); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

// TestExpectedRoundTrip: expected.json is written sorted, one entry a
// line, and read back the same; a reason must be one line.
func TestExpectedRoundTrip(t *testing.T) {
	p := filepath.Join(t.TempDir(), "expected.json")
	e := Expected{"scripts/b.js": "why <b>", "scripts/a.js": "why a"}
	if err := e.Write(p); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(p)
	if want := "{\n  \"scripts/a.js\": \"why a\",\n  \"scripts/b.js\": \"why <b>\"\n}\n"; string(b) != want {
		t.Errorf("written as\n%s\nwant\n%s", b, want)
	}
	back, err := ReadExpected(p)
	if err != nil || len(back) != 2 || back["scripts/b.js"] != "why <b>" {
		t.Errorf("read back %v, %v", back, err)
	}
	if err := os.WriteFile(p, []byte(`{"x.js": ""}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadExpected(p); err == nil {
		t.Error("an empty reason is accepted")
	}
}

// TestReport: totals, a section per group, failures with their reasons
// escaped for the table.
func TestReport(t *testing.T) {
	results := []Result{
		{Script: Script{Name: "scripts/fs/a.js", Group: "scripts/fs"}, Pass: true},
		{Script: Script{Name: "scripts/fs/b.js", Group: "scripts/fs"}, Reason: "stdout line 1: \"<x> | y\" instead of \"\""},
		{Script: Script{Name: "packages/scripts/ms.js", Group: "packages"}, Pass: true},
	}
	doc := string(Report(results, ReportInfo{NodeVersion: "v20.0.0", Packages: map[string]string{"ms": "2.1.3"}}))
	for _, want := range []string{
		"**2 of 3 programs pass** (66%)",
		"| [scripts/fs](#scriptsfs) | 2 | 1 | 1 |",
		"| **total** | **3** | **2** | **1** |",
		"## scripts/fs",
		"| [b.js](../compat/scripts/fs/b.js) | **fail** | stdout line 1: \"&lt;x> \\| y\" instead of \"\" |",
		"| [ms.js](../compat/packages/scripts/ms.js) (ms 2.1.3) | pass |  |",
		"- **paths**:",
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("report lacks %q:\n%s", want, doc)
		}
	}
}
