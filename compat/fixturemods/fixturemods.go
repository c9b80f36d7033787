// Package fixturemods makes the node_modules directories of test projects
// from their fixture_modules: tiny fake packages of our own, kept under
// another name in the repository so that no node_modules directory is ever
// committed (and none is mistaken for vendored third-party code).
package fixturemods

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Install copies every fixture_modules directory under root to a
// node_modules beside it, replacing an old copy; fixture_modules nested in
// the copy (a package's own dependencies) become node_modules too.
func Install(root string) error {
	var srcs []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		switch d.Name() {
		case "fixture_modules":
			srcs = append(srcs, p)
			return filepath.SkipDir
		case "node_modules":
			return filepath.SkipDir
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, src := range srcs {
		dst := filepath.Join(filepath.Dir(src), "node_modules")
		if err := os.RemoveAll(dst); err != nil {
			return err
		}
		if err := os.CopyFS(dst, os.DirFS(src)); err != nil {
			return fmt.Errorf("fixture modules %s: %w", src, err)
		}
		var nested []string
		err := filepath.WalkDir(dst, func(p string, d fs.DirEntry, err error) error {
			if err == nil && d.IsDir() && d.Name() == "fixture_modules" {
				nested = append(nested, p)
			}
			return err
		})
		if err != nil {
			return err
		}
		for i := len(nested) - 1; i >= 0; i-- { // deepest first
			if err := os.Rename(nested[i], filepath.Join(filepath.Dir(nested[i]), "node_modules")); err != nil {
				return err
			}
		}
	}
	return nil
}
