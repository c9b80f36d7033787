package detect

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
)

// Options override detection. The zero value detects everything.
type Options struct {
	// Language forces the language: "javascript" (or "node", "nodejs",
	// "js") or "python" (or "py"), in any letter case. Only that language's
	// entry rules are tried.
	Language string
	// Entry forces the file to run: a path relative to the project, or an
	// absolute path inside it, naming a regular file in the project. Without
	// Language, the entry's extension decides the language, else the
	// project's markers do.
	Entry string
}

// Project is a project directory that wasmrun can run.
type Project struct {
	Root     string   // the project directory, absolute and clean
	Language string   // JavaScript or Python
	Entry    string   // the file to run, slash-separated and relative to Root
	Markers  []string // the top-level files that show the language, e.g. package.json, index.js
	Reason   string   // one line on how Entry was chosen, e.g. "package.json scripts.start: node server.js"
}

// Detect finds the language and the entry file of the project at path, a
// directory or a file to run (whose directory is then the project); ""
// is the working directory. The error, if any, is an *Error.
func Detect(path string, opts Options) (*Project, error) {
	if path == "" {
		path = "."
	}
	var forced *language
	if opts.Language != "" {
		l, err := parseLanguage(opts.Language)
		if err != nil {
			return nil, err
		}
		forced = l
	}
	fi, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		what := "directory"
		if languageOfFile(path) != nil {
			what = "file"
		}
		return nil, fail(NotFound, err, "no such %s: %s", what, path)
	}
	if err != nil {
		return nil, fail(Unreadable, err, "cannot read %s: %v", path, reason(err))
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fail(Unreadable, err, "cannot read %s: %v", path, err)
	}

	if fi.IsDir() {
		d, err := readProjectDir(path, abs)
		switch {
		case err != nil:
			return nil, err
		case opts.Entry != "":
			return d.withEntry(forced, opts.Entry, false)
		case forced != nil:
			return d.withLanguage(forced)
		default:
			return d.detect()
		}
	}

	// PATH is a file: its directory is the project, and it is the entry.
	if opts.Entry != "" {
		return nil, fail(BadOption, nil, "--entry %s: %s is a file, not a project directory; pass the directory, or drop --entry", opts.Entry, path)
	}
	display := filepath.Dir(path)
	if li, err := os.Lstat(path); err == nil && li.Mode()&fs.ModeSymlink != 0 {
		// A script linked from elsewhere (~/bin/tool.py) belongs to the
		// project where it really is.
		if abs, err = filepath.EvalSymlinks(abs); err != nil {
			return nil, fail(Unreadable, err, "cannot read %s: %v", path, reason(err))
		}
		display = filepath.Dir(abs)
	}
	d, err := readProjectDir(display, filepath.Dir(abs))
	if err != nil {
		return nil, err
	}
	return d.withEntry(forced, filepath.Base(abs), true)
}

// finding is what one language's rules found at the top of a project.
type finding struct {
	lang    *language
	markers []string
	entry   string // "" if there is none
	reason  string // how entry was chosen, or why there is none
}

func (d *projectDir) find(l *language) (finding, error) {
	f := finding{lang: l, markers: l.markers(d)}
	if l.entry == nil {
		return f, nil
	}
	var err error
	f.entry, f.reason, err = l.entry(d)
	return f, err
}

func (d *projectDir) project(f finding) *Project {
	return &Project{Root: d.root, Language: f.lang.name, Entry: f.entry, Markers: f.markers, Reason: f.reason}
}

// detect applies every language's rules. A language with an entry beats one
// with markers alone; two with entries are ambiguous. With no entry, an
// unsupported language's markers explain more than "no entry found".
func (d *projectDir) detect() (*Project, error) {
	var withEntry, weak, foreign []finding
	for _, l := range languages {
		f, err := d.find(l)
		switch {
		case err != nil:
			return nil, err
		case f.entry != "":
			withEntry = append(withEntry, f)
		case len(f.markers) == 0:
		case l.supported:
			weak = append(weak, f)
		default:
			foreign = append(foreign, f)
		}
	}
	switch {
	case len(withEntry) > 1:
		return nil, ambiguous(withEntry)
	case len(withEntry) == 1:
		f := withEntry[0]
		for _, o := range slices.Concat(weak, foreign) {
			why := o.reason
			switch {
			case !o.lang.supported:
				why = o.lang.title + " is not supported"
			case why == "":
				why = "no entry file"
			}
			f.reason += fmt.Sprintf("; not %s (%s): %s", o.lang.name, strings.Join(o.markers, ", "), why)
		}
		return d.project(f), nil
	case len(foreign) > 0:
		return nil, unsupported(foreign[0].lang, foreign[0].markers)
	case len(weak) == 1:
		return nil, d.noEntry(weak[0])
	}
	var found, lookFor []string
	for _, f := range weak {
		found = append(found, f.markers...)
	}
	for _, l := range languages {
		lookFor = append(lookFor, l.lookFor...)
	}
	return nil, fail(NoEntry, nil, "no entry file found in %s%s: looked for %s; pass --entry FILE",
		d.display, foundList(found), strings.Join(lookFor, ", "))
}

// withLanguage applies the rules of one language only.
func (d *projectDir) withLanguage(l *language) (*Project, error) {
	f, err := d.find(l)
	if err != nil {
		return nil, err
	}
	if f.entry == "" {
		return nil, d.noEntry(f)
	}
	return d.project(f), nil
}

// withEntry checks an entry the user named, with --entry or as PATH, and
// finds its language if it was not forced.
func (d *projectDir) withEntry(forced *language, entry string, isPath bool) (*Project, error) {
	name := "--entry " + entry
	if isPath {
		name = filepath.Join(d.display, entry)
	}
	rel := entry
	if filepath.IsAbs(entry) {
		r, err := filepath.Rel(d.root, entry)
		if err != nil || !filepath.IsLocal(r) {
			r, err = filepath.Rel(d.real, entry) // the root as the entry may spell it
		}
		if err != nil || !filepath.IsLocal(r) {
			return nil, fail(BadOption, nil, "%s: outside the project %s", name, d.display)
		}
		rel = r
	}
	entry, err := d.file(filepath.ToSlash(rel))
	switch {
	case errors.Is(err, errOutside):
		return nil, fail(BadOption, err, "%s: outside the project %s", name, d.display)
	case errors.Is(err, fs.ErrNotExist):
		return nil, fail(BadOption, err, "%s: no such file in %s", name, d.display)
	case errors.Is(err, errNotRegular):
		return nil, fail(BadOption, err, "%s: not a regular file", name)
	case err != nil:
		return nil, fail(Unreadable, err, "%s: %v", name, reason(err))
	}

	how := "--entry " + entry
	if isPath {
		how = "PATH is a file: " + entry
	}
	l := forced
	if l == nil {
		var byMarkers string
		if l, byMarkers, err = d.languageOfEntry(name, entry); err != nil {
			return nil, err
		}
		how += byMarkers
	}
	return &Project{Root: d.root, Language: l.name, Entry: entry, Markers: l.markers(d), Reason: how}, nil
}

// languageOfEntry is the language of entry by its extension, or else by the
// project's markers, which it then names for Project.Reason.
func (d *projectDir) languageOfEntry(name, entry string) (*language, string, error) {
	if strings.EqualFold(path.Ext(entry), ".wasm") {
		file := filepath.Join(d.display, filepath.FromSlash(entry))
		return nil, "", fail(Unsupported, nil, "%s: a WebAssembly module, not a project: run it with 'wasmrun exec %s'", name, file)
	}
	if l := languageOfFile(entry); l != nil {
		if !l.supported {
			return nil, "", unsupported(l, []string{entry})
		}
		return l, "", nil
	}
	var marked, foreign []finding
	for _, l := range languages {
		f := finding{lang: l, markers: l.markers(d)}
		switch {
		case len(f.markers) == 0:
		case l.supported:
			marked = append(marked, f)
		default:
			foreign = append(foreign, f)
		}
	}
	switch {
	case len(marked) == 1:
		f := marked[0]
		return f.lang, fmt.Sprintf("; %s by its markers (%s)", f.lang.name, strings.Join(f.markers, ", ")), nil
	case len(marked) > 1:
		return nil, "", ambiguous(marked)
	case len(foreign) > 0:
		return nil, "", unsupported(foreign[0].lang, foreign[0].markers)
	}
	return nil, "", fail(BadOption, nil, "%s: cannot tell its language from its extension or the project's files; pass %s",
		name, languageFlags(languages))
}

func (d *projectDir) noEntry(f finding) error {
	why := ""
	if f.reason != "" {
		why = f.reason + "; "
	}
	return fail(NoEntry, nil, "no %s entry file found in %s%s: %slooked for %s; pass --entry FILE",
		f.lang.name, d.display, foundList(f.markers), why, f.lang.rules)
}

func ambiguous(fs []finding) error {
	var found []string
	var langs []*language
	for _, f := range fs {
		found = append(found, fmt.Sprintf("%s (%s)", f.lang.name, strings.Join(f.markers, ", ")))
		langs = append(langs, f.lang)
	}
	return fail(Ambiguous, nil, "ambiguous project: found %s; pass %s", joinWords(found, "and"), languageFlags(langs))
}

// languageFlags is "--language javascript or --language python", for the
// supported languages among langs.
func languageFlags(langs []*language) string {
	var flags []string
	for _, l := range langs {
		if l.supported {
			flags = append(flags, "--language "+l.name)
		}
	}
	return joinWords(flags, "or")
}

// foundList is " (found a, b)", or "" when nothing was found.
func foundList(markers []string) string {
	if len(markers) == 0 {
		return ""
	}
	return " (found " + strings.Join(markers, ", ") + ")"
}
