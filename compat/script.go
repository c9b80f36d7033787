package compat

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Script is one program of the suite and how it is run.
type Script struct {
	// Name is the program's path relative to compat/
	// ("scripts/fs/stat.js"): the subtest's name and its key in
	// expected.json.
	Name string
	// Group is the project it belongs to, relative to compat/
	// ("scripts/fs", "fixtures/cjs", "packages"): a section of the report.
	Group string
	// Project is the directory both runners run it in: node's working
	// directory, and the PATH given to `wasmrun run` (the VM's /app).
	Project string
	// Entry is the program, relative to Project.
	Entry string

	// What the program declares in its leading "// compat:" comments.
	Args     []string // "// compat: args A B": the program's arguments
	Env      []string // "// compat: env K=V": set for the program (repeatable)
	Stdin    string   // "// compat: stdin FILE": its stdin, FILE relative to the program; absolute here
	Headline bool     // "// compat: stderr headline": only the error line of stderr is compared
	Expect   bool     // "// compat: expect": compared with NAME.node.out / NAME.wasmrun.out, not with node
}

// Extensions of the files that are programs.
var scriptExts = []string{".js", ".mjs", ".cjs"}

// Discover lists the programs under root (the compat directory), sorted by
// name:
//   - scripts/AREA/*.js|mjs|cjs: run in scripts/AREA;
//   - fixtures/PROJECT/*.js|mjs|cjs: run in fixtures/PROJECT;
//   - packages/scripts/*.js|mjs: run in packages (where node_modules is).
//
// Only the files at the top of those directories are programs: modules
// they load live in subdirectories (lib/, node_modules/).
func Discover(root string) ([]Script, error) {
	var out []Script
	for _, kind := range []string{"scripts", "fixtures"} {
		dirs, err := os.ReadDir(filepath.Join(root, kind))
		if err != nil {
			return nil, err
		}
		for _, d := range dirs {
			if !d.IsDir() {
				continue
			}
			group := kind + "/" + d.Name()
			found, err := discoverIn(root, group, group, "")
			if err != nil {
				return nil, err
			}
			out = append(out, found...)
		}
	}
	found, err := discoverIn(root, "packages", "packages", "scripts")
	if err != nil {
		return nil, err
	}
	out = append(out, found...)
	slices.SortFunc(out, func(a, b Script) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

// discoverIn lists the programs in root/project/sub.
func discoverIn(root, group, project, sub string) ([]Script, error) {
	dir := filepath.Join(root, project, sub)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(filepath.Join(root, project))
	if err != nil {
		return nil, err
	}
	var out []Script
	for _, e := range entries {
		if e.IsDir() || !slices.Contains(scriptExts, filepath.Ext(e.Name())) {
			continue
		}
		entry := filepath.ToSlash(filepath.Join(sub, e.Name()))
		s := Script{
			Name:    project + "/" + entry,
			Group:   group,
			Project: abs,
			Entry:   entry,
		}
		if err := s.readDirectives(); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// readDirectives reads the "// compat: ..." lines of the program's leading
// comment block.
func (s *Script) readDirectives() error {
	path := filepath.Join(s.Project, s.Entry)
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#!") {
			continue
		}
		text, ok := strings.CutPrefix(line, "//")
		if !ok {
			break
		}
		text, ok = strings.CutPrefix(strings.TrimSpace(text), "compat:")
		if !ok {
			continue
		}
		fields := strings.Fields(text)
		if len(fields) == 0 {
			return fmt.Errorf("%s: empty // compat: directive", s.Name)
		}
		key, vals := fields[0], fields[1:]
		switch {
		case key == "args":
			s.Args = append(s.Args, vals...)
		case key == "env" && len(vals) == 1 && strings.Contains(vals[0], "="):
			s.Env = append(s.Env, vals[0])
		case key == "stdin" && len(vals) == 1:
			s.Stdin = filepath.Join(filepath.Dir(path), vals[0])
		case key == "stderr" && len(vals) == 1 && vals[0] == "headline":
			s.Headline = true
		case key == "expect" && len(vals) == 0:
			s.Expect = true
		default:
			return fmt.Errorf("%s: unknown directive %q: expected args A B..., env K=V, stdin FILE, stderr headline or expect", s.Name, line)
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	if s.Stdin != "" {
		if _, err := os.Stat(s.Stdin); err != nil {
			return fmt.Errorf("%s: stdin: %w", s.Name, err)
		}
	}
	return nil
}

// ExpectFile is the output the program must print under runner ("node" or
// "wasmrun") when it declares "// compat: expect".
func (s Script) ExpectFile(runner string) string {
	p := filepath.Join(s.Project, s.Entry)
	return strings.TrimSuffix(p, filepath.Ext(p)) + "." + runner + ".out"
}
