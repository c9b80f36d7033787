package cli

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wasmrun/wasmrun/host/runtimes"
)

// pythonRuntime is the manifest's entry for CPython.
func pythonRuntime(t *testing.T) runtimes.Runtime {
	t.Helper()
	m, err := runtimes.Load()
	if err != nil {
		t.Fatal(err)
	}
	rt, err := m.Runtime("python")
	if err != nil {
		t.Fatal(err)
	}
	return rt
}

// TestRuntimesCommand walks `wasmrun runtimes` through a cache's life: a
// cached runtime verifies, a corrupted one is reported and repaired by
// fetch, clean empties the cache. It runs the binary, whose cache is a
// temporary directory (WASMRUN_CACHE_DIR), seeded from the shared test
// cache so that the only download is the repair.
func TestRuntimesCommand(t *testing.T) {
	t.Parallel()
	needPython(t)
	rt := pythonRuntime(t)
	cache := t.TempDir()
	cached := filepath.Join(cache, rt.SHA256+".wasm")
	copyFile(t, filepath.Join(testCacheDir, rt.SHA256+".wasm"), cached)

	runtimesCmd := func(t *testing.T, args ...string) result {
		t.Helper()
		cmd := command(t, append([]string{"runtimes"}, args...)...)
		cmd.Env = append(cmd.Env, "WASMRUN_CACHE_DIR="+cache)
		return runBinary(t, cmd, "")
	}
	row := func(t *testing.T, r result, lang string) string {
		for _, l := range strings.Split(r.stdout, "\n") {
			if strings.HasPrefix(l, lang+" ") {
				return l
			}
		}
		t.Fatalf("no row for %s in:\n%s", lang, r.stdout)
		return ""
	}
	steps := []struct {
		name   string
		do     func()
		args   []string
		code   int
		stdout []string // substrings
		stderr []string
		row    string // the python row of list ends with this
	}{{
		name: "list shows javascript embedded and python cached", args: []string{"list"},
		stdout: []string{"LANGUAGE", "quickjs-ng 0.11.0", "embedded, verified", "cpython 3.12.0"},
		row:    "cached, verified",
	}, {
		name: "verify checks both", args: []string{"verify"},
		stdout: []string{"javascript: verified\n", "python: verified\n"},
	}, {
		name: "a corrupted cache file fails verify",
		do: func() {
			f, err := os.OpenFile(cached, os.O_RDWR, 0)
			must(t, err)
			_, err = f.WriteAt([]byte("corrupt"), 1000)
			must(t, err)
			must(t, f.Close())
		},
		args: []string{"verify", "python"}, code: 1,
		stderr: []string{"wasmrun: runtime python: cached ", "checksum mismatch", "run 'wasmrun runtimes fetch python'"},
	}, {
		name: "list shows it corrupt", args: []string{"list"},
		row: "cached, CORRUPT",
	}, {
		name: "fetch repairs it", args: []string{"fetch", "python"},
		stdout: []string{"python: cpython 3.12.0 ready", rt.SHA256},
		stderr: []string{"checksum mismatch", "fetching it again"},
	}, {
		name: "verify passes again", args: []string{"verify", "python"},
		stdout: []string{"python: verified\n"},
	}, {
		name: "clean removes it", args: []string{"clean"},
		stdout: []string{"removed 26 MB of cached runtimes"},
	}, {
		name: "list shows it not cached", args: []string{"list"},
		row: "not cached",
	}, {
		name: "verify says how to fetch it", args: []string{"verify", "python"}, code: 1,
		stderr: []string{"wasmrun: runtime python: cpython 3.12.0 is not cached: run 'wasmrun runtimes fetch python'"},
	}, {
		name: "the embedded runtime needs no cache", args: []string{"verify", "javascript"},
		stdout: []string{"javascript: verified\n"},
	}}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			if s.do != nil {
				s.do()
			}
			r := runtimesCmd(t, s.args...)
			if r.code != s.code {
				t.Fatalf("exit code %d, want %d\n%s", r.code, s.code, r)
			}
			for _, w := range s.stdout {
				if !strings.Contains(r.stdout, w) {
					t.Errorf("stdout does not contain %q:\n%s", w, r)
				}
			}
			for _, w := range s.stderr {
				if !strings.Contains(r.stderr, w) {
					t.Errorf("stderr does not contain %q:\n%s", w, r)
				}
			}
			if s.row != "" {
				if got := row(t, r, "python"); !strings.HasSuffix(strings.TrimSpace(got), s.row) {
					t.Errorf("python row %q, want it to end %q", got, s.row)
				}
			}
		})
	}
	if _, err := os.Stat(cached); !os.IsNotExist(err) {
		t.Errorf("the cache file is still there after clean: %v", err)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	src, err := os.Open(from)
	must(t, err)
	defer src.Close()
	dst, err := os.Create(to)
	must(t, err)
	_, err = io.Copy(dst, src)
	must(t, err)
	must(t, dst.Close())
}
