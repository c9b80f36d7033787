package vfstest

import (
	"testing"

	"github.com/hack-pad/hackpadfs"

	"github.com/wasmrun/wasmrun/kernel/vfs"
)

// FS is the capability set wasmrun's own file systems provide.
type FS interface {
	hackpadfs.OpenFileFS
	hackpadfs.MkdirFS
	hackpadfs.MkdirAllFS
	hackpadfs.RemoveFS
	hackpadfs.RenameFS
	hackpadfs.StatFS
	hackpadfs.LstatFS
	hackpadfs.SymlinkFS
	hackpadfs.ChmodFS
	hackpadfs.ChtimesFS
	hackpadfs.ReadDirFS
	vfs.ReadlinkFS
	vfs.LinkFS
	vfs.LchtimesFS
}

// NewFS returns an empty file system for one test, releasing it with
// tb.Cleanup. New file systems must create files with exactly the
// permissions asked for (a host file system: umask 0).
type NewFS func(tb testing.TB) FS

// A behaviour is one named expectation, checked on a fresh FS.
type behaviour struct {
	name string
	test func(t *testing.T, fsys FS)
}

// Run checks every shared behaviour against file systems made by newFS.
func Run(t *testing.T, newFS NewFS) {
	groups := []struct {
		name  string
		cases []behaviour
	}{
		{"open", openBehaviours},
		{"handle", handleBehaviours},
		{"unlink", unlinkBehaviours},
		{"rename", renameBehaviours()},
		{"symlink", symlinkBehaviours},
		{"escape", escapeBehaviours},
		{"hardlink", hardlinkBehaviours},
		{"times", timeBehaviours},
		{"concurrent", concurrentBehaviours},
	}
	for _, g := range groups {
		t.Run(g.name, func(t *testing.T) {
			for _, b := range g.cases {
				t.Run(b.name, func(t *testing.T) {
					b.test(t, newFS(t))
				})
			}
		})
	}
}
