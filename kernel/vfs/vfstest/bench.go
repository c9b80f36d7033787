package vfstest

import (
	"testing"

	"github.com/hack-pad/hackpadfs"
)

// Benchmark measures the kernel's hot path, one create, write, read, stat
// and unlink cycle per iteration, 4 KiB a file.
func Benchmark(b *testing.B, newFS NewFS) {
	fsys := newFS(b)
	data := make([]byte, 4096)
	buf := make([]byte, len(data))
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		f, err := fsys.OpenFile("bench", rdwr|creat|trunc, 0o644)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := hackpadfs.WriteFile(f, data); err != nil {
			b.Fatal(err)
		}
		if n, _ := hackpadfs.ReadAtFile(f, buf, 0); n != len(buf) {
			b.Fatalf("read %d bytes", n)
		}
		f.Close()
		if _, err := fsys.Stat("bench"); err != nil {
			b.Fatal(err)
		}
		if err := fsys.Remove("bench"); err != nil {
			b.Fatal(err)
		}
	}
}
