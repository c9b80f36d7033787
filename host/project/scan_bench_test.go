package project

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkScan scans a Node-sized project: 10,000 source files under a
// 20-line .gitignore, and a node_modules of 18,000 files.
func BenchmarkScan(b *testing.B) {
	root := b.TempDir()
	write := func(name, content string) {
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	write(".gitignore", "node_modules/\ndist/\nbuild/\ncoverage/\n*.log\n*.tmp\n.DS_Store\n.env\n.env.*\n!.env.example\n"+
		"*.swp\n.idea/\n.vscode/\n/tmp\nnpm-debug.log*\nyarn-error.log*\n*.tsbuildinfo\n.cache/\nout/\n**/generated/*.js\n")
	for d := range 200 {
		for f := range 50 {
			write(fmt.Sprintf("src/mod%03d/sub/file%02d.js", d, f), "x")
		}
	}
	for d := range 300 {
		for f := range 60 {
			write(fmt.Sprintf("node_modules/pkg%03d/lib/file%02d.js", d, f), "x")
		}
	}
	b.ResetTimer()
	for b.Loop() {
		m, err := Scan(root, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if len(m.Files) < 28_000 {
			b.Fatalf("%d files", len(m.Files))
		}
	}
}
