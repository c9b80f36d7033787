package memfs_test

import (
	"testing"

	"github.com/wasmrun/wasmrun/kernel/vfs/memfs"
	"github.com/wasmrun/wasmrun/kernel/vfs/vfstest"
)

func newFS(testing.TB) vfstest.FS { return memfs.New(memfs.Options{}) }

func TestConformance(t *testing.T) { vfstest.Conformance(t, "memfs", newFS) }

func TestBehaviour(t *testing.T) { vfstest.Run(t, newFS) }

func BenchmarkCycle(b *testing.B) { vfstest.Benchmark(b, newFS) }
