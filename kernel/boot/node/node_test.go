// Package node tests the Node layer (this directory's build.mjs and src/)
// end to end: each project of testdata runs under the machine's real node
// and under `wasmrun run`, and the two must print the same. The wider
// compatibility suite is compat/ (make test-compat).
package node

import (
	"bytes"
	"errors"
	"github.com/wasmrun/wasmrun/compat/fixturemods"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var wasmrun string // the binary under test, built by TestMain

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "wasmrun-node-test-")
	if err != nil {
		panic(err)
	}
	if err := fixturemods.Install("testdata"); err != nil {
		panic("testdata node_modules: " + err.Error())
	}
	wasmrun = filepath.Join(dir, "wasmrun")
	build := exec.Command("go", "build", "-o", wasmrun, "github.com/wasmrun/wasmrun/host/cmd/wasmrun")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		panic("building wasmrun: " + err.Error())
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

type result struct {
	stdout, stderr string
	code           int
}

func run(t *testing.T, dir string, argv ...string) result {
	t.Helper()
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "NO_COLOR=1")
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		code = exit.ExitCode()
	} else if err != nil {
		t.Fatalf("%v: %v", argv, err)
	}
	return result{out.String(), errb.String(), code}
}

// firstLines keeps what an uncaught error's report shares with Node's: the
// location, the source line, the caret, and the error's first line (the
// frames differ: Node's own, and qjs reports the column of the callee).
func firstLines(s string, n int) string {
	lines := strings.SplitN(s, "\n", n+1)
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, "\n")
}

func TestNodeLayerMatchesNode(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatal("node is not on PATH: the Node layer is tested against it")
	}
	tests := []struct {
		name        string
		args        []string
		stderrLines int // compare only this many lines of stderr (0: all of it)
	}{
		{name: "cjs"}, // require graph: circular, JSON, main, exports, errors, node: prefix
		{name: "esm"}, // ES module entry: CommonJS named exports, built-ins, import.meta, import(), TLA
		{name: "runtime", args: []string{"a", "b"}}, // process, timers order, console formatting, globals, stdout
		{name: "uncaught", stderrLines: 5},          // an uncaught exception: the report, exit code 1
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, err := filepath.Abs(filepath.Join("testdata", tt.name))
			if err != nil {
				t.Fatal(err)
			}
			want := run(t, dir, append([]string{node, "index.js"}, tt.args...)...)
			got := run(t, dir, append([]string{wasmrun, "run", dir, "--"}, tt.args...)...)
			// The project is at /app in the VM.
			project := regexp.MustCompile(regexp.QuoteMeta(dir))
			want.stdout = project.ReplaceAllString(want.stdout, "/app")
			want.stderr = project.ReplaceAllString(want.stderr, "/app")
			if tt.stderrLines > 0 {
				want.stderr, got.stderr = firstLines(want.stderr, tt.stderrLines), firstLines(got.stderr, tt.stderrLines)
			}
			if got.stdout != want.stdout {
				t.Errorf("stdout:\n--- node\n%s\n--- wasmrun\n%s", want.stdout, got.stdout)
			}
			if got.stderr != want.stderr {
				t.Errorf("stderr:\n--- node\n%s\n--- wasmrun\n%s", want.stderr, got.stderr)
			}
			if got.code != want.code {
				t.Errorf("exit code: node %d, wasmrun %d", want.code, got.code)
			}
		})
	}
}
