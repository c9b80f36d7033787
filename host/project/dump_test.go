package project

import (
	"crypto/sha256"
	"fmt"
	"io/fs"
	"testing"
	"time"

	"github.com/hack-pad/hackpadfs"

	"github.com/wasmrun/wasmrun/kernel/vfs/memfs"
)

// dump lists every entry of fsys, one line each: path, mode, modification
// time truncated to precision, and a file's content or a symlink's target.
func dump(t *testing.T, fsys *memfs.FS, precision time.Duration) []string {
	t.Helper()
	var out []string
	err := hackpadfs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || name == "." {
			return err
		}
		info, err := fsys.Lstat(name)
		if err != nil {
			return err
		}
		line := fmt.Sprintf("%s %v %s", name, info.Mode(), info.ModTime().UTC().Truncate(precision).Format(time.RFC3339Nano))
		switch {
		case info.Mode()&fs.ModeSymlink != 0:
			target, err := fsys.Readlink(name)
			if err != nil {
				return err
			}
			line += " -> " + target
		case info.Mode().IsRegular():
			data, err := fs.ReadFile(fsys, name)
			if err != nil {
				return err
			}
			if len(data) > 64 {
				line += fmt.Sprintf(" %d bytes sha256 %x", len(data), sha256.Sum256(data))
			} else {
				line += fmt.Sprintf(" %q", data)
			}
		}
		out = append(out, line)
		return nil
	})
	if err != nil {
		t.Fatalf("dump: %v", err)
	}
	return out
}
