//go:build unix

package hostfs_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/wasmrun/wasmrun/kernel/vfs/hostfs"
	"github.com/wasmrun/wasmrun/kernel/vfs/vfstest"
)

func TestMain(m *testing.M) {
	// The shared behaviours and fstest check exact permissions.
	syscall.Umask(0)
	os.Exit(m.Run())
}

func newFS(tb testing.TB) vfstest.FS {
	fsys, err := hostfs.New(tb.TempDir())
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { fsys.Close() })
	return fsys
}

func TestConformance(t *testing.T) { vfstest.Conformance(t, "hostfs", newFS) }

func TestBehaviour(t *testing.T) { vfstest.Run(t, newFS) }

func BenchmarkCycle(b *testing.B) { vfstest.Benchmark(b, newFS) }

func TestNewRefusesWhatIsNotADirectory(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	os.WriteFile(file, nil, 0o644)
	for _, c := range []struct {
		dir  string
		want syscall.Errno
	}{
		{filepath.Join(dir, "missing"), syscall.ENOENT},
		{file, syscall.ENOTDIR},
	} {
		_, err := hostfs.New(c.dir)
		if !errors.Is(err, c.want) || !strings.Contains(err.Error(), c.dir) {
			t.Errorf("New(%s) = %v, want %v naming the directory", c.dir, err, c.want)
		}
	}
}
