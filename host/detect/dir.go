package detect

import (
	"errors"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
)

// projectDir is the top level of a project, listed once, and the check that
// keeps an entry inside it. Detection looks at these names and at the few
// paths an entry rule names; it never walks the tree.
type projectDir struct {
	display string          // the directory as the user wrote it, for messages
	root    string          // absolute and clean
	real    string          // root with symlinks resolved
	names   []string        // top-level names, sorted
	isName  map[string]bool // the same, to look up with exact letter case
}

var (
	errOutside    = errors.New("outside the project")
	errNotRegular = errors.New("not a regular file")
)

func readProjectDir(display, root string) (*projectDir, error) {
	entries, err := os.ReadDir(root)
	if err != nil {
		return nil, fail(Unreadable, err, "cannot read %s: %v", display, reason(err))
	}
	real, err := filepath.EvalSymlinks(root)
	if err != nil {
		return nil, fail(Unreadable, err, "cannot read %s: %v", display, reason(err))
	}
	d := &projectDir{display: display, root: root, real: real, isName: make(map[string]bool, len(entries))}
	for _, e := range entries {
		d.names = append(d.names, e.Name())
		d.isName[e.Name()] = true
	}
	return d, nil
}

// file checks that rel, a slash-separated path relative to the root, names a
// regular file inside the project, and returns it cleaned. Symlinks are
// followed, and must not lead out of the project: the guest sees only the
// project, so an entry outside it could not be opened.
func (d *projectDir) file(rel string) (string, error) {
	if path.IsAbs(rel) || filepath.IsAbs(rel) {
		return "", errOutside
	}
	p := filepath.Join(d.root, filepath.FromSlash(rel))
	clean, err := filepath.Rel(d.root, p)
	if err != nil || !filepath.IsLocal(clean) {
		return "", errOutside
	}
	fi, err := os.Stat(p)
	if err != nil {
		return "", err
	}
	if !fi.Mode().IsRegular() {
		return "", errNotRegular
	}
	real, err := filepath.EvalSymlinks(p)
	if err != nil {
		return "", err
	}
	if r, err := filepath.Rel(d.real, real); err != nil || !filepath.IsLocal(r) {
		return "", errOutside
	}
	return filepath.ToSlash(clean), nil
}

// has reports whether name is a regular file at the top of the project,
// spelled with exactly these letters (on a case-insensitive disk "Main.py"
// is not main.py to the guest's file system).
func (d *projectDir) has(name string) bool {
	if !d.isName[name] {
		return false
	}
	_, err := d.file(name)
	return err == nil
}

// present returns those of names that the project has, in the given order.
func (d *projectDir) present(names ...string) []string {
	var found []string
	for _, n := range names {
		if d.has(n) {
			found = append(found, n)
		}
	}
	return found
}

// firstWithExt returns the first top-level file, in name order, with one of
// exts, or nothing.
func (d *projectDir) firstWithExt(exts ...string) []string {
	for _, n := range d.names {
		if slices.Contains(exts, strings.ToLower(path.Ext(n))) && d.has(n) {
			return []string{n}
		}
	}
	return nil
}
