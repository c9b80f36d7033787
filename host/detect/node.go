package detect

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
)

// nodeDefaultNames are the files a Node.js project conventionally starts
// from, in order of preference; each may end in any of nodeExts, and
// index.js comes before index.mjs, which comes before main.js.
var nodeDefaultNames = []string{"index", "main", "app", "server"}

// nodeExts are the extensions of JavaScript files that node runs.
var nodeExts = []string{".js", ".mjs", ".cjs"}

// maxPackageJSON is the most of package.json that is read. Real ones are a
// few KiB; anything larger is not a package.json worth trusting.
const maxPackageJSON = 1 << 20

func nodeMarkers(d *projectDir) []string {
	return d.present(append([]string{"package.json"}, withExts(nodeDefaultNames, nodeExts...)...)...)
}

// nodeEntry chooses the file a Node.js project is started with:
// package.json "main" if it names a file, else the last 'node FILE' of
// scripts.start, else the first conventional file there is. A rule that names a missing file is noted in
// the reason, because it usually means the project is not built yet.
func nodeEntry(d *projectDir) (string, string, error) {
	var notes []string
	chose := func(entry, how string) (string, string, error) {
		return entry, strings.Join(append(notes, how), "; "), nil
	}
	if d.has("package.json") {
		pkg, err := readPackageJSON(d)
		if err != nil {
			return "", "", err
		}
		if pkg.Main != "" {
			entry, problem := d.resolveNode(pkg.Main)
			if entry != "" {
				return chose(entry, "package.json main: "+pkg.Main+resolvedAs(pkg.Main, entry))
			}
			notes = append(notes, fmt.Sprintf("package.json main %q %s", pkg.Main, problem))
		}
		if cmd, ok := lastNodeCommand(pkg.Scripts.Start); ok {
			// 'node .' loads package.json main, else index.js; main was
			// tried above, so it is index.js here.
			entry, problem := d.resolveNode(cmd.file)
			if entry != "" {
				return chose(entry, "package.json scripts.start: "+cmd.text+resolvedAs(cmd.arg, entry))
			}
			notes = append(notes, fmt.Sprintf("package.json scripts.start %q: %s %s", cmd.text, cmd.file, problem))
		}
	}
	for _, n := range withExts(nodeDefaultNames, nodeExts...) {
		if d.has(n) {
			return chose(n, "found "+n)
		}
	}
	return "", strings.Join(notes, "; "), nil
}

// resolvedAs is " -> ENTRY" when resolving spec changed more than its
// spelling ("lib/app" -> lib/app.js, "." -> index.js).
func resolvedAs(spec, entry string) string {
	if path.Clean(spec) == entry {
		return ""
	}
	return " -> " + entry
}

// resolveNode finds the file that 'node SPEC', or a package.json main of
// SPEC, loads: SPEC itself, SPEC with a JavaScript extension, then
// SPEC/index.js. The file must be JavaScript or have no extension (like
// Express's bin/www). When there is none, problem says what is wrong.
func (d *projectDir) resolveNode(spec string) (entry, problem string) {
	clean := path.Clean(spec)
	var candidates []string
	if clean != "." && !strings.HasSuffix(spec, "/") {
		candidates = append(candidates, clean)
		for _, ext := range nodeExts {
			candidates = append(candidates, clean+ext)
		}
	}
	candidates = append(candidates, path.Join(clean, "index.js"))
	problem = "does not exist"
	for i, c := range candidates {
		f, err := d.file(c)
		isJS := path.Ext(f) == "" || slices.Contains(nodeExts, path.Ext(f))
		switch {
		case err == nil && isJS:
			return f, ""
		case i > 0:
		case err == nil:
			problem = "is not a JavaScript file"
		case errors.Is(err, errOutside):
			problem = "is outside the project"
		case errors.Is(err, errNotRegular):
			problem = "is a directory without index.js"
		}
	}
	return "", problem
}

// packageJSON is what detection needs of package.json.
type packageJSON struct {
	Main    string `json:"main"`
	Scripts struct {
		Start string `json:"start"`
	} `json:"scripts"`
}

func readPackageJSON(d *projectDir) (*packageJSON, error) {
	f, err := os.Open(filepath.Join(d.root, "package.json"))
	if err != nil {
		return nil, fail(Unreadable, err, "cannot read package.json: %v", reason(err))
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxPackageJSON+1))
	if err != nil {
		return nil, fail(Unreadable, err, "cannot read package.json: %v", reason(err))
	}
	if len(data) > maxPackageJSON {
		return nil, fail(BadManifest, nil, "package.json: larger than 1 MiB")
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF")) // Node.js allows a byte order mark
	var pkg packageJSON
	err = json.Unmarshal(data, &pkg)
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case err == nil:
		return &pkg, nil
	case errors.As(err, &syntax):
		return nil, fail(BadManifest, err, "package.json: invalid JSON at line %d: %v", lineAt(data, syntax.Offset), syntax)
	case errors.As(err, &typ):
		what := "the top level"
		if typ.Field != "" {
			what = fmt.Sprintf("%q", typ.Field)
		}
		want := "a string"
		if typ.Type.Kind() != reflect.String {
			want = "an object"
		}
		return nil, fail(BadManifest, err, "package.json: line %d: %s must be %s, not %s", lineAt(data, typ.Offset), what, want, typ.Value)
	default:
		return nil, fail(BadManifest, err, "package.json: %v", err)
	}
}

// lineAt is the line of the byte before offset: encoding/json reports the
// offset after the byte that was wrong.
func lineAt(data []byte, offset int64) int {
	n := min(max(int(offset)-1, 0), len(data))
	return 1 + bytes.Count(data[:n], []byte("\n"))
}

// nodeCommand is a 'node [OPTIONS] FILE' command found in a package.json
// script.
type nodeCommand struct {
	file string // FILE, relative to the project
	arg  string // FILE as written
	text string // the command as written, up to FILE
}

// lastNodeCommand finds the last 'node FILE' command of a package.json
// script. Scripts chain commands ("tsc && node dist/server.js",
// "node build.js && node server.js"): the last node command is the one left
// running, so its FILE is the entry.
//
// The script is split into commands and words as sh would split it: at &&,
// ||, ;, |, & and newlines, and at blanks outside quotes. Nothing else of sh
// is understood, except what start scripts commonly put around node:
// environment assignments in front (NODE_ENV=production node x.js, also
// after env or cross-env), and 'cd DIR', which makes later FILEs relative to
// DIR.
func lastNodeCommand(script string) (nodeCommand, bool) {
	var found nodeCommand
	ok := false
	dir := "."
	for _, words := range shellCommands(script) {
		for len(words) > 0 && (words[0] == "env" || words[0] == "cross-env" || isAssignment(words[0])) {
			words = words[1:]
		}
		switch {
		case len(words) == 2 && words[0] == "cd":
			dir = joinPath(dir, words[1])
		case len(words) > 1 && words[0] == "node":
			if i, isFile := nodeFileArg(words[1:]); isFile {
				found = nodeCommand{file: joinPath(dir, words[1+i]), arg: words[1+i], text: strings.Join(words[:2+i], " ")}
				ok = true
			}
		}
	}
	return found, ok
}

func joinPath(dir, p string) string {
	if path.IsAbs(p) {
		return path.Clean(p)
	}
	return path.Join(dir, p)
}

// nodeOptionsWithValue take the next word as their value unless it is given
// with "=".
var nodeOptionsWithValue = map[string]bool{
	"-r": true, "--require": true, "--import": true,
	"--loader": true, "--experimental-loader": true,
	"-C": true, "--conditions": true,
	"--env-file": true, "--env-file-if-exists": true,
	"--input-type": true, "--title": true, "--watch-path": true,
	"--inspect-port": true, "--redirect-warnings": true, "--disable-warning": true,
}

// nodeOptionsWithoutFile make node do something other than run a FILE.
var nodeOptionsWithoutFile = map[string]bool{
	"-": true, "-e": true, "--eval": true, "-p": true, "--print": true,
	"-i": true, "--interactive": true, "-c": true, "--check": true,
	"-v": true, "--version": true, "-h": true, "--help": true,
	"--test": true, "--run": true,
}

// nodeFileArg returns the index of FILE in node's arguments: the first word
// that is not an option or an option's value.
func nodeFileArg(args []string) (int, bool) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			return i + 1, i+1 < len(args)
		case strings.HasPrefix(a, "-"):
			name, _, hasValue := strings.Cut(a, "=")
			if nodeOptionsWithoutFile[name] {
				return 0, false
			}
			if nodeOptionsWithValue[name] && !hasValue {
				i++
			}
		default:
			return i, true
		}
	}
	return 0, false
}

// isAssignment reports whether word is NAME=VALUE, as sh reads it in front
// of a command.
func isAssignment(word string) bool {
	name, _, ok := strings.Cut(word, "=")
	if !ok || name == "" || name[0] >= '0' && name[0] <= '9' {
		return false
	}
	for _, c := range name {
		if c != '_' && (c < 'a' || c > 'z') && (c < 'A' || c > 'Z') && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}

// shellCommands splits a script into commands, and commands into words: at
// &&, ||, ;, |, & and newlines, and at blanks outside '...' and "...".
// A backslash escapes the next byte outside single quotes.
func shellCommands(script string) [][]string {
	var commands [][]string
	var words []string
	var word strings.Builder
	inWord := false
	endWord := func() {
		if inWord {
			words = append(words, word.String())
			word.Reset()
			inWord = false
		}
	}
	endCommand := func() {
		endWord()
		if len(words) > 0 {
			commands = append(commands, words)
			words = nil
		}
	}
	for i := 0; i < len(script); i++ {
		c := script[i]
		switch c {
		case ' ', '\t', '\r':
			endWord()
		case '\n', ';', '&', '|':
			endCommand()
		case '\'':
			inWord = true
			end := strings.IndexByte(script[i+1:], '\'')
			if end < 0 {
				end = len(script) - i - 1
			}
			word.WriteString(script[i+1 : i+1+end])
			i += end + 1
		case '"':
			inWord = true
			for i++; i < len(script) && script[i] != '"'; i++ {
				if script[i] == '\\' && i+1 < len(script) {
					i++
				}
				word.WriteByte(script[i])
			}
		case '\\':
			inWord = true
			if i+1 < len(script) {
				i++
				word.WriteByte(script[i])
			}
		default:
			inWord = true
			word.WriteByte(c)
		}
	}
	endCommand()
	return commands
}
