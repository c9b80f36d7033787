package cli

// The end-to-end tests of the command line run real guests on the real
// runtimes (QuickJS-NG, embedded; CPython, fetched with npm once per
// machine): in-process through Main where they can, and through the built
// binary where they need a terminal, a signal, or a guest that computes
// without syscalls (the engine is not interruptible, so such a guest would
// keep a core busy in the test process after Main returned).

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// hostSecretEnv is set in the test process: no guest may see it.
const hostSecretEnv = "WASMRUN_TEST_HOST_ONLY=host-environment-must-not-leak"

// testCacheDir holds the fetched Python runtime and the compiled modules for
// every test run on this machine, so that CPython is fetched and compiled
// once, not per test or per run.
var testCacheDir = filepath.Join(os.TempDir(), "wasmrun-cli-test-cache")

// binDir holds the built wasmrun binary of this test run.
var binDir string

func TestMain(m *testing.M) {
	os.Setenv("WASMRUN_CACHE_DIR", testCacheDir)
	k, v, _ := strings.Cut(hostSecretEnv, "=")
	os.Setenv(k, v)
	var err error
	if binDir, err = os.MkdirTemp("", "wasmrun-cli-test-bin-"); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(binDir)
	os.Exit(code)
}

// result is how one wasmrun run ended.
type result struct {
	code           int
	stdout, stderr string
	elapsed        time.Duration
}

func (r result) String() string {
	return fmt.Sprintf("exit %d after %s\n--- stdout:\n%s\n--- stderr:\n%s", r.code, r.elapsed.Round(time.Millisecond), r.stdout, r.stderr)
}

// lockedBuffer is a bytes.Buffer safe for a guest that is still writing
// when Main has returned (a killed guest is given a grace period).
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// wasmrun runs Main in-process with stdin and args.
func wasmrun(t testing.TB, stdin string, args ...string) result {
	t.Helper()
	var out, errb lockedBuffer
	start := time.Now()
	code := Main(args, strings.NewReader(stdin), &out, &errb)
	r := result{code: code, stdout: out.String(), stderr: errb.String(), elapsed: time.Since(start)}
	noCrash(t, r)
	return r
}

// noCrash fails the test if wasmrun itself crashed: a Go panic or stack
// trace is never what a user should see.
func noCrash(t testing.TB, r result) {
	t.Helper()
	for _, bad := range []string{"goroutine ", "panic:", "runtime error", "[recovered]"} {
		if strings.Contains(r.stdout, bad) || strings.Contains(r.stderr, bad) {
			t.Fatalf("wasmrun crashed (%q in its output):\n%s", bad, r)
		}
	}
}

// newProject writes files (slash-separated names relative to the project) into
// a new temporary directory and returns it.
func newProject(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// expand replaces {dir} in args with dir.
func expand(args []string, dir string) []string {
	out := make([]string, len(args))
	for i, a := range args {
		out[i] = strings.ReplaceAll(a, "{dir}", dir)
	}
	return out
}

var (
	pythonOnce sync.Once
	pythonErr  string
)

// needPython makes sure the Python runtime is in the shared test cache
// (fetching it with npm the first time on this machine) and compiled, so
// that the tests that run it in parallel do not each fetch or compile it.
func needPython(t testing.TB) {
	t.Helper()
	pythonOnce.Do(func() {
		var out, errb lockedBuffer
		if code := Main([]string{"runtimes", "fetch", "python"}, strings.NewReader(""), &out, &errb); code != 0 {
			pythonErr = "wasmrun runtimes fetch python: exit " + fmt.Sprint(code) + ": " + errb.String()
			return
		}
		dir, err := os.MkdirTemp("", "wasmrun-cli-test-warm-")
		if err != nil {
			pythonErr = err.Error()
			return
		}
		defer os.RemoveAll(dir)
		os.WriteFile(filepath.Join(dir, "main.py"), []byte("pass\n"), 0o644)
		if code := Main([]string{"run", dir}, strings.NewReader(""), &out, &errb); code != 0 {
			pythonErr = "warming the compilation cache: exit " + fmt.Sprint(code) + ": " + errb.String()
		}
	})
	if pythonErr != "" {
		t.Fatalf("the Python runtime is not available: %s", pythonErr)
	}
}

var (
	binOnce sync.Once
	binPath string
	binErr  string
)

// binary builds the wasmrun command once per test run and returns its path.
func binary(t testing.TB) string {
	t.Helper()
	binOnce.Do(func() {
		p := filepath.Join(binDir, "wasmrun")
		cmd := exec.Command(goTool(), "build", "-o", p, "github.com/wasmrun/wasmrun/host/cmd/wasmrun")
		if out, err := cmd.CombinedOutput(); err != nil {
			binErr = fmt.Sprintf("go build: %v\n%s", err, out)
			return
		}
		binPath = p
	})
	if binErr != "" {
		t.Fatal(binErr)
	}
	return binPath
}

func goTool() string {
	if p, err := exec.LookPath("go"); err == nil {
		return p
	}
	return filepath.Join(runtime.GOROOT(), "bin", "go")
}

// command prepares the wasmrun binary with args and the test's environment.
func command(t testing.TB, args ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(binary(t), args...)
	cmd.Env = os.Environ()
	return cmd
}

// runBinary runs cmd to its end with stdin and returns how it ended.
func runBinary(t testing.TB, cmd *exec.Cmd, stdin string) result {
	t.Helper()
	var out, errb lockedBuffer
	cmd.Stdin = strings.NewReader(stdin)
	cmd.Stdout, cmd.Stderr = &out, &errb
	start := time.Now()
	err := cmd.Run()
	r := result{stdout: out.String(), stderr: errb.String(), elapsed: time.Since(start)}
	if ee, ok := err.(*exec.ExitError); ok {
		r.code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("%s: %v", cmd, err)
	}
	noCrash(t, r)
	return r
}

// check compares a result with what a case wants: the exit code, the exact
// stdout (unless stdout is nil), and substrings of stderr.
func check(t testing.TB, r result, code int, stdout *string, stderr ...string) {
	t.Helper()
	if r.code != code {
		t.Errorf("exit code %d, want %d", r.code, code)
	}
	if stdout != nil && r.stdout != *stdout {
		t.Errorf("stdout:\n%q\nwant:\n%q", r.stdout, *stdout)
	}
	for _, s := range stderr {
		if !strings.Contains(r.stderr, s) {
			t.Errorf("stderr does not contain %q", s)
		}
	}
	if t.Failed() {
		t.Logf("%s", r)
	}
}

func ptr(s string) *string { return &s }

// skipBug skips a test that shows a known bug, unless WASMRUN_TEST_BUGS is
// set: run them with it to see whether a fix works.
func skipBug(t *testing.T, bug string) {
	t.Helper()
	if bug != "" && os.Getenv("WASMRUN_TEST_BUGS") == "" {
		t.Skip(bug)
	}
}
