package project

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// maxIgnoreFile bounds the size of a .gitignore or .wasmrunignore read.
const maxIgnoreFile = 1 << 20

// Scan selects the entries of the project directory root that go into the
// VM, as the package documentation describes. It fails only if root cannot
// be read, or an ignore file cannot: without it the selection would be
// wrong. Everything else that goes wrong is a Skip.
func Scan(root string, opts Options) (*Manifest, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, fmt.Errorf("project %s: %w", root, err)
	}
	r, err := os.OpenRoot(abs)
	if err != nil {
		return nil, fmt.Errorf("project: %w", err)
	}
	defer r.Close()
	opts = opts.withDefaults()
	s := &scanner{
		fsys: r.FS(),
		m:    &Manifest{Root: abs, limits: opts},
		b:    budget{lim: opts},
	}
	entries, err := fs.ReadDir(s.fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("project %s: %w", abs, err)
	}
	wasmrun, err := s.ignoreFile(".", entries, ".wasmrunignore")
	if err != nil {
		return nil, err
	}
	wasmrun.rules = append(wasmrun.rules, parseRules(".", opts.Ignore).rules...)
	s.wasmrun = wasmrun
	if err := s.walk(".", entries, nil, false); err != nil {
		return nil, err
	}
	s.m.Bytes = s.b.bytes
	return s.m, nil
}

type scanner struct {
	fsys    fs.FS // the project, through an os.Root
	m       *Manifest
	b       budget
	wasmrun rules // .wasmrunignore and Options.Ignore
}

// walk selects the entries of directory dir, which has been read. gitignore
// holds the .gitignore files that apply, the root's first; inModules is set
// within a node_modules directory, where they do not apply.
func (s *scanner) walk(dir string, entries []fs.DirEntry, gitignore []rules, inModules bool) error {
	if !inModules {
		rs, err := s.ignoreFile(dir, entries, ".gitignore")
		if err != nil {
			return err
		}
		if len(rs.rules) > 0 {
			gitignore = append(gitignore[:len(gitignore):len(gitignore)], rs)
		}
	}
	for _, e := range entries {
		name := path.Join(dir, e.Name())
		isDir := e.IsDir()
		modules := inModules || isDir && e.Name() == "node_modules"
		if e.Name() == ".git" || s.ignored(name, isDir, gitignore, modules) {
			continue
		}
		if s.b.full != "" {
			s.skip(name, s.b.full)
			continue
		}
		info, err := e.Info()
		if err != nil {
			s.skip(name, errReason(err))
			continue
		}
		f := File{Path: name, Mode: info.Mode() & modeBits, ModTime: info.ModTime()}
		switch t := info.Mode().Type(); {
		case t == fs.ModeDir:
			sub, err := fs.ReadDir(s.fsys, name)
			if err != nil {
				s.skip(name, errReason(err))
				continue
			}
			if s.add(f) {
				if err := s.walk(name, sub, gitignore, modules); err != nil {
					return err
				}
			}
		case t == fs.ModeSymlink:
			target, err := fs.ReadLink(s.fsys, name)
			if err != nil {
				s.skip(name, errReason(err))
				continue
			}
			f.Link = filepath.ToSlash(target)
			if filepath.IsAbs(target) || filepath.VolumeName(target) != "" || linkLeaves(name, f.Link) {
				s.skip(name, reasonLinkLeaves)
				continue
			}
			s.add(f)
		case t == 0:
			// Open it, to skip what cannot be read now rather than fail later.
			file, err := s.fsys.Open(name)
			if err != nil {
				s.skip(name, errReason(err))
				continue
			}
			file.Close()
			f.Size = info.Size()
			s.add(f)
		default:
			s.skip(name, special(t)+": only files, directories and symlinks are copied")
		}
	}
	return nil
}

// add admits f to the selection, or records why it does not fit.
func (s *scanner) add(f File) bool {
	if reason := s.b.admit(f.Mode.IsRegular(), f.Size); reason != "" {
		s.skip(f.Path, reason)
		return false
	}
	s.m.Files = append(s.m.Files, f)
	return true
}

func (s *scanner) skip(name, reason string) {
	s.m.Skipped = append(s.m.Skipped, Skip{Path: name, Reason: reason})
}

// ignored decides whether the entry name is left out; modules is set for a
// node_modules directory and what it holds.
func (s *scanner) ignored(name string, isDir bool, gitignore []rules, modules bool) bool {
	ignored := false
	if !modules {
		for _, rs := range gitignore {
			if ig, ok := rs.verdict(name, isDir); ok {
				ignored = ig
			}
		}
		if ignored && !isDir && isEnvFile(path.Base(name)) {
			ignored = false
		}
	}
	if ig, ok := s.wasmrun.verdict(name, isDir); ok {
		ignored = ig
	}
	return ignored
}

// isEnvFile reports whether base names a dotenv file, which programs read at
// start although it is never committed.
func isEnvFile(base string) bool {
	return base == ".env" || strings.HasPrefix(base, ".env.")
}

// ignoreFile reads the ignore file called base in dir, if dir (whose entries
// are given) has one that is a regular file.
func (s *scanner) ignoreFile(dir string, entries []fs.DirEntry, base string) (rules, error) {
	found := false
	for _, e := range entries {
		if e.Name() == base && e.Type().IsRegular() {
			found = true
			break
		}
	}
	if !found {
		return rules{dir: dir}, nil
	}
	name := path.Join(dir, base)
	f, err := s.fsys.Open(name)
	if err != nil {
		return rules{}, fmt.Errorf("project: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxIgnoreFile+1))
	if err != nil {
		return rules{}, fmt.Errorf("project: read %s: %w", name, err)
	}
	if len(data) > maxIgnoreFile {
		return rules{}, fmt.Errorf("project: %s is larger than 1 MiB: is it really an ignore file?", name)
	}
	return parseRules(dir, strings.Split(string(data), "\n")), nil
}

// special names the type of a file that is neither a regular file, a
// directory nor a symlink.
func special(t fs.FileMode) string {
	switch {
	case t&fs.ModeNamedPipe != 0:
		return "named pipe (FIFO)"
	case t&fs.ModeSocket != 0:
		return "socket"
	case t&fs.ModeCharDevice != 0:
		return "character device"
	case t&fs.ModeDevice != 0:
		return "device"
	}
	return "special file"
}
