package project

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
)

func TestScanSelects(t *testing.T) {
	tests := []struct {
		name    string
		project map[string]string
		opts    Options
		want    []string
		skipped []Skip
	}{
		{
			name: "gitignore at the root leaves out what it names",
			project: map[string]string{
				".gitignore": "# build output\n*.log\nbuild/\n",
				"app.js":     "", "debug.log": "", "build/out.js": "", "src/x.log": "", "src/x.js": "",
			},
			want: []string{".gitignore", "app.js", "src/", "src/x.js"},
		},
		{
			name: "negation re-includes a file",
			project: map[string]string{
				".gitignore": "*.log\n!keep.log\n",
				"a.log":      "", "keep.log": "", "sub/keep.log": "", "sub/b.log": "",
			},
			want: []string{".gitignore", "keep.log", "sub/", "sub/keep.log"},
		},
		{
			name: "nested gitignore applies beneath its own directory",
			project: map[string]string{
				"sub/.gitignore": "*.tmp\n/local\n",
				"a.tmp":          "", "sub/b.tmp": "", "sub/local/x": "", "sub/deeper/local/y": "",
			},
			want: []string{"a.tmp", "sub/", "sub/.gitignore", "sub/deeper/", "sub/deeper/local/", "sub/deeper/local/y"},
		},
		{
			name: "nested gitignore overrides the root one",
			project: map[string]string{
				".gitignore":     "*.gen\n",
				"sub/.gitignore": "!keep.gen\n",
				"keep.gen":       "", "sub/keep.gen": "", "sub/other.gen": "",
			},
			want: []string{".gitignore", "sub/", "sub/.gitignore", "sub/keep.gen"},
		},
		{
			name: "a pattern with a slash in the middle is anchored to its gitignore",
			project: map[string]string{
				".gitignore": "doc/frotz\n",
				"doc/frotz":  "", "doc/other": "", "a/doc/frotz": "",
			},
			want: []string{".gitignore", "a/", "a/doc/", "a/doc/frotz", "doc/", "doc/other"},
		},
		{
			name: "a trailing slash matches directories only",
			project: map[string]string{
				".gitignore": "out/\n",
				"out/x":      "", "sub/out": "",
			},
			want: []string{".gitignore", "sub/", "sub/out"},
		},
		{
			name: "wildcards: ? and classes, and regexp characters are literal",
			project: map[string]string{
				".gitignore": "?.o\n[ab].c\n[!x]y.h\nc++.txt\n(x)\n",
				"a.o":        "", "ab.o": "", "a.c": "", "c.c": "", "zy.h": "", "xy.h": "",
				"c++.txt": "", "cc.txt": "", "(x)": "", "x": "",
			},
			want: []string{".gitignore", "ab.o", "c.c", "cc.txt", "x", "xy.h"},
		},
		{
			name: "what an ignored directory holds cannot be re-included",
			project: map[string]string{
				".gitignore": "build/\n!build/keep\n",
				"build/keep": "", "build/drop": "",
			},
			want: []string{".gitignore"},
		},
		{
			name: "a directory's content can be ignored and one file re-included",
			project: map[string]string{
				".gitignore":    "logs/*\n!logs/.gitkeep\n",
				"logs/.gitkeep": "", "logs/today.log": "", "logs/old/x.log": "",
			},
			want: []string{".gitignore", "logs/", "logs/.gitkeep"},
		},
		{
			name: "a whitelist keeps directories and the files it names",
			project: map[string]string{
				".gitignore": "*\n!*/\n!*.go\n",
				"main.go":    "", "README": "", "pkg/a.go": "", "pkg/a.txt": "",
			},
			want: []string{"main.go", "pkg/", "pkg/a.go"},
		},
		{
			name: "node_modules is kept though gitignored, and gitignore does not apply inside",
			project: map[string]string{
				".gitignore":                         "node_modules/\ndist/\n*.log\n",
				"node_modules/pkg/dist/index.js":     "",
				"node_modules/pkg/npm-debug.log":     "",
				"node_modules/pkg/.gitignore":        "*.js\n",
				"packages/a/node_modules/b/index.js": "",
				"dist/app.js":                        "",
				"debug.log":                          "",
			},
			want: []string{
				".gitignore", "node_modules/", "node_modules/pkg/", "node_modules/pkg/.gitignore",
				"node_modules/pkg/dist/", "node_modules/pkg/dist/index.js", "node_modules/pkg/npm-debug.log",
				"packages/", "packages/a/", "packages/a/node_modules/", "packages/a/node_modules/b/",
				"packages/a/node_modules/b/index.js",
			},
		},
		{
			name: ".env files are kept though gitignored, a directory named .env is not",
			project: map[string]string{
				".gitignore": ".env*\n",
				".env":       "K=V", ".env.local": "", ".envrc": "", "py/.env/bin/python": "",
			},
			want: []string{".env", ".env.local", ".gitignore", "py/"},
		},
		{
			name: ".wasmrunignore wins over the exceptions, and can re-include",
			project: map[string]string{
				".gitignore":     "node_modules/\n.env\ndist/\n",
				".wasmrunignore": "node_modules/\n.env\n!dist/\n",
				".env":           "", "node_modules/x/i.js": "", "dist/app.js": "",
			},
			want: []string{".gitignore", ".wasmrunignore", "dist/", "dist/app.js"},
		},
		{
			name: "Options.Ignore wins over .wasmrunignore",
			project: map[string]string{
				".wasmrunignore": "*.md\n!secret\n",
				"README.md":      "", "secret": "", "main.py": "",
			},
			opts: Options{Ignore: []string{"secret", "!README.md"}},
			want: []string{".wasmrunignore", "README.md", "main.py"},
		},
		{
			name: ".git is never included, even re-included",
			project: map[string]string{
				".gitignore": "!.git\n",
				".git/HEAD":  "", ".git/config": "", "vendor/lib/.git": "gitdir: ../../.git/modules/lib", "vendor/lib/a.c": "",
			},
			opts: Options{Ignore: []string{"!.git/"}},
			want: []string{".gitignore", "vendor/", "vendor/lib/", "vendor/lib/a.c"},
		},
		{
			name: "a symlink inside the project is kept as a link",
			project: map[string]string{
				"src/a.js": "", "lib": "-> src", "main.js": "-> src/a.js", "dangling": "-> missing",
				"src/up": "-> ../main.js",
			},
			want: []string{"dangling -> missing", "lib -> src", "main.js -> src/a.js", "src/", "src/a.js", "src/up -> ../main.js"},
		},
		{
			name: "a symlink that leaves the project is skipped",
			project: map[string]string{
				"abs": "-> /etc/passwd", "up": "-> ../..", "sub/out": "-> ../../x", "sub/in": "-> ../a", "a": "",
				"sub/tricky": "-> x/../../..",
			},
			want: []string{"a", "sub/", "sub/in -> ../a"},
			skipped: []Skip{
				{"abs", reasonLinkLeaves}, {"sub/out", reasonLinkLeaves}, {"sub/tricky", reasonLinkLeaves}, {"up", reasonLinkLeaves},
			},
		},
		{
			name: "symlink loops are copied, not followed",
			project: map[string]string{
				"a": "-> b", "b": "-> a", "self": "-> self", "sub/root": "-> ..", "sub/loop": "-> loop/loop",
			},
			want: []string{"a -> b", "b -> a", "self -> self", "sub/", "sub/loop -> loop/loop", "sub/root -> .."},
		},
		{
			name:    "past MaxFiles the rest is skipped, a directory once",
			project: map[string]string{"a": "", "b/x": "", "b/y": "", "c": "", "d/": ""},
			opts:    Options{MaxFiles: 3},
			want:    []string{"a", "b/", "b/x"},
			skipped: []Skip{
				{"b/y", "file limit (3) reached, raise with --max-files"},
				{"c", "file limit (3) reached, raise with --max-files"},
				{"d", "file limit (3) reached, raise with --max-files"},
			},
		},
		{
			name:    "past MaxBytes the rest is skipped",
			project: map[string]string{"a": "1234", "b": "1234", "c": "1234", "d": "1"},
			opts:    Options{MaxBytes: 10},
			want:    []string{"a", "b"},
			skipped: []Skip{
				{"c", "size limit (10 B) reached, raise with --max-bytes"},
				{"d", "size limit (10 B) reached, raise with --max-bytes"},
			},
		},
		{
			name:    "a file over MaxFileSize is skipped alone",
			project: map[string]string{"a": "123456", "b": "12345"},
			opts:    Options{MaxFileSize: 5},
			want:    []string{"b"},
			skipped: []Skip{{"a", "file is 6 B, over the 5 B per-file limit, raise with --max-file-size"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := scan(t, makeProject(t, tt.project), tt.opts)
			if got := listing(m); !slices.Equal(got, tt.want) {
				t.Errorf("Files:\n got %q\nwant %q", got, tt.want)
			}
			if !slices.Equal(m.Skipped, tt.skipped) {
				t.Errorf("Skipped:\n got %q\nwant %q", m.Skipped, tt.skipped)
			}
		})
	}
}

func TestScanWordsLargeSizes(t *testing.T) {
	tests := []struct {
		name   string
		size   int64
		reason string
	}{
		{"in MiB", 150 << 20, "file is 150 MiB, over the 100 MiB per-file limit, raise with --max-file-size"},
		{"in bytes when they round alike", 100<<20 + 1, "file is 104857601 bytes, over the 104857600-byte per-file limit, raise with --max-file-size"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			// Sparse: no data is written, and Scan reads none.
			if err := os.WriteFile(filepath.Join(root, "big"), nil, 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.Truncate(filepath.Join(root, "big"), tt.size); err != nil {
				t.Fatal(err)
			}
			m := scan(t, root, Options{})
			want := []Skip{{"big", tt.reason}}
			if len(m.Files) != 0 || !slices.Equal(m.Skipped, want) {
				t.Errorf("got %q skipped %q, want skipped %q", listing(m), m.Skipped, want)
			}
		})
	}
}

func TestScanRecordsEntries(t *testing.T) {
	root := makeProject(t, map[string]string{"bin/run": "#!/bin/sh\n", "data": "12345", "link": "-> data"})
	if err := os.Chmod(filepath.Join(root, "bin/run"), 0o755); err != nil {
		t.Fatal(err)
	}
	m := scan(t, root, Options{})
	if m.Root != root {
		t.Errorf("Root = %q, want %q", m.Root, root)
	}
	if m.Bytes != 15 {
		t.Errorf("Bytes = %d, want 15", m.Bytes)
	}
	want := map[string]File{
		"bin":     {Path: "bin", Mode: os.ModeDir | 0o755},
		"bin/run": {Path: "bin/run", Size: 10, Mode: 0o755},
		"data":    {Path: "data", Size: 5, Mode: 0o644},
		"link":    {Path: "link", Mode: os.ModeSymlink | 0o777, Link: "data"},
	}
	if len(m.Files) != len(want) {
		t.Errorf("Files = %q, want 4", listing(m))
	}
	for _, f := range m.Files {
		w := want[f.Path]
		info, err := os.Lstat(filepath.Join(root, f.Path))
		if err != nil {
			t.Fatal(err)
		}
		w.ModTime = info.ModTime()
		if f.Path != w.Path || f.Size != w.Size || f.Mode != w.Mode || !f.ModTime.Equal(w.ModTime) || f.Link != w.Link {
			t.Errorf("%s: got %+v, want %+v", f.Path, f, w)
		}
	}
}

func TestScanIsDeterministic(t *testing.T) {
	spec := map[string]string{}
	for _, name := range []string{"b", "a", "C", "d.b", "d-b", "d/b", "d/a", "z/y/x", "é", "_", "0"} {
		spec[name] = name
	}
	root := makeProject(t, spec)
	first := listing(scan(t, root, Options{}))
	for range 3 {
		if again := listing(scan(t, root, Options{})); !slices.Equal(first, again) {
			t.Fatalf("scans differ:\n%q\n%q", first, again)
		}
	}
	// Sorted by name in each directory, a directory's entries right after it.
	want := []string{"0", "C", "_", "a", "b", "d/", "d/a", "d/b", "d-b", "d.b", "z/", "z/y/", "z/y/x", "é"}
	if !slices.Equal(first, want) {
		t.Errorf("order:\n got %q\nwant %q", first, want)
	}
}

func TestScanFails(t *testing.T) {
	tests := []struct {
		name    string
		project map[string]string
		root    string
		want    string
	}{
		{"on a missing root", nil, "missing", syscall.ENOENT.Error()},
		{"on an ignore file over 1 MiB", map[string]string{"sub/.gitignore": strings.Repeat("x\n", 1<<19+1)}, "", "sub/.gitignore is larger than 1 MiB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := filepath.Join(makeProject(t, tt.project), tt.root)
			_, err := Scan(root, Options{})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}
