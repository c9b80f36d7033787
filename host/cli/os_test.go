package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wasmrun/wasmrun/kernel/protocol"
)

// osBuffer collects what `wasmrun os` prints while it serves.
type osBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (o *osBuffer) Write(p []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.b.Write(p)
}

func (o *osBuffer) String() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.b.String()
}

func osProject(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "my-project")
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

func TestOSRefusesBadInputInOneLine(t *testing.T) {
	dir := osProject(t, map[string]string{"index.js": "console.log(1)\n"})
	tests := []struct {
		name string
		args []string
		says string
	}{
		{"a missing project", []string{"os", filepath.Join(dir, "nothing"), "--no-open"}, "no such directory"},
		{"--dir", []string{"os", dir, "--dir", dir, "--no-open"}, "--dir is not supported by wasmrun os"},
		{"--trace", []string{"os", dir, "--trace", "--no-open"}, "--trace is not supported by wasmrun os"},
		{"an unknown language", []string{"os", dir, "-l", "cobol", "--no-open"}, "cobol"},
		{"an entry that is not there", []string{"os", dir, "--entry", "main.py", "--no-open"}, "main.py"},
		{"two projects", []string{"os", dir, dir, "--no-open"}, "os takes one PATH"},
		{"a port out of range", []string{"os", dir, "-P", "70000", "--no-open"}, "-P 70000"},
		{"a port that is not a number", []string{"os", dir, "-P", "http", "--no-open"}, "invalid argument"},
		{"a bad size", []string{"os", dir, "--max-bytes", "lots", "--no-open"}, "--max-bytes"},
		{"a bad limit", []string{"os", dir, "--max-memory", "-1", "--no-open"}, "--max-memory"},
		{"a bad --env", []string{"os", dir, "--env", "NOEQUALS", "--no-open"}, "--env"},
		{"a bad --runtime", []string{"os", dir, "--runtime", "python", "--no-open"}, "--runtime"},
		{"an unknown flag", []string{"os", dir, "--bogus"}, "unknown flag"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errb osBuffer
			code := Main(tt.args, strings.NewReader(""), &out, &errb)
			stderr := errb.String()
			if code != 2 {
				t.Fatalf("exit %d, want 2; stderr %q", code, stderr)
			}
			if strings.Count(stderr, "\n") != 1 || !strings.HasPrefix(stderr, "wasmrun: ") || !strings.Contains(stderr, tt.says) {
				t.Errorf("stderr %q: want one line saying %q", stderr, tt.says)
			}
			if out.String() != "" {
				t.Errorf("stdout %q, want nothing", out.String())
			}
		})
	}
}

func TestOSSaysWhenThePortIsInUse(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	port := l.Addr().(*net.TCPAddr).Port
	dir := osProject(t, map[string]string{"index.js": "console.log(1)\n"})
	var out, errb osBuffer
	code := Main([]string{"os", dir, "-P", fmt.Sprint(port), "--no-open"}, strings.NewReader(""), &out, &errb)
	stderr := errb.String()
	if code != 1 {
		t.Fatalf("exit %d, want 1; stderr %q", code, stderr)
	}
	if strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, fmt.Sprintf("port %d", port)) || !strings.Contains(stderr, "-P") {
		t.Errorf("stderr %q: want one line naming port %d and -P", stderr, port)
	}
}

// serveOS runs `wasmrun os` in-process until the test ends, and returns its
// URL once it serves.
func serveOS(t *testing.T, args ...string) (url string, stderr *osBuffer) {
	t.Helper()
	t.Setenv("WASMRUN_CACHE_DIR", t.TempDir())
	var out osBuffer
	stderr = &osBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	root := newRoot(&stdio{in: strings.NewReader(""), out: &out, err: stderr})
	root.SetArgs(args)
	root.SetOut(&out)
	root.SetErr(stderr)
	done := make(chan error, 1)
	go func() { done <- root.ExecuteContext(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("wasmrun os after Ctrl-C: %v", err)
			}
		case <-time.After(5 * time.Second):
			t.Error("wasmrun os did not stop within 5s of Ctrl-C")
		}
	})
	re := regexp.MustCompile(`wasmrun: (http://127\.0\.0\.1:\d+/) \(Ctrl-C stops\)`)
	deadline := time.Now().Add(10 * time.Second)
	for {
		if m := re.FindStringSubmatch(stderr.String()); m != nil {
			return m[1], stderr
		}
		select {
		case err := <-done:
			t.Fatalf("wasmrun os ended: %v\n%s", err, stderr)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("no URL printed within 10s:\n%s", stderr)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestOSServesTheProjectUntilInterrupted(t *testing.T) {
	dir := osProject(t, map[string]string{
		"index.js":      "console.log(process.argv)\n",
		"lib/helper.js": "export const x = 1\n",
		"big.dat":       strings.Repeat("x", 3000),
	})
	opened := make(chan string, 2)
	saved := openBrowser
	t.Cleanup(func() { openBrowser = saved }) // after the server has stopped
	openBrowser = func(url string) { opened <- url }

	url, stderr := serveOS(t, "os", dir, "-P", "0", "--max-file-size", "2KiB", "--env", "A=1", "--timeout", "30s", "--", "one", "two")
	select {
	case got := <-opened:
		if got != url {
			t.Errorf("browser opened at %q, want %s", got, url)
		}
	case <-time.After(5 * time.Second):
		t.Error("no browser opened")
	}
	summary := "wasmrun: serving my-project (javascript, index.js): 2 files, 45 B; 1 skipped (-v lists them)\n"
	if !strings.Contains(stderr.String(), summary) {
		t.Errorf("stderr %q lacks the summary %q", stderr, summary)
	}

	resp, err := http.Get(url + "api/session")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var s protocol.Session
	if err := json.NewDecoder(resp.Body).Decode(&s); err != nil {
		t.Fatal(err)
	}
	if s.Project.Name != "my-project" || s.Project.Language != "javascript" || s.Project.Entry != "index.js" ||
		s.Project.Files != 2 || len(s.Project.Skipped) != 1 || s.Project.Skipped[0].Path != "big.dat" {
		t.Errorf("project %+v", s.Project)
	}
	if s.Runtime.Name != "quickjs-ng" || s.Runtime.SHA256 == "" || !strings.HasPrefix(s.RuntimeURL, "/runtimes/") {
		t.Errorf("runtime %+v at %q", s.Runtime, s.RuntimeURL)
	}
	if strings.Join(s.Command, " ") != "qjs --std {entry}" || strings.Join(s.Args, " ") != "one two" || strings.Join(s.Env, " ") != "A=1" {
		t.Errorf("command %q, args %q, env %q", s.Command, s.Args, s.Env)
	}
	if s.Limits.TimeoutMs != 30000 || s.Limits.MaxMemory != 2<<30 || s.Limits.MaxFS != 1<<30 || s.Watch {
		t.Errorf("limits %+v, watch %v", s.Limits, s.Watch)
	}
	rt, err := http.Get(url + strings.TrimPrefix(s.RuntimeURL, "/"))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(rt.Body)
	rt.Body.Close()
	if rt.StatusCode != 200 || !bytes.HasPrefix(b, []byte("\x00asm")) {
		t.Errorf("GET %s: %d, %d bytes", s.RuntimeURL, rt.StatusCode, len(b))
	}
}

func TestOSListsSkippedFilesWithVerboseAndOpensNothingWithNoOpen(t *testing.T) {
	dir := osProject(t, map[string]string{"index.js": "1\n", "big.dat": strings.Repeat("x", 3000)})
	saved := openBrowser
	t.Cleanup(func() { openBrowser = saved })
	openBrowser = func(url string) { t.Errorf("--no-open opened %s", url) }
	_, stderr := serveOS(t, "os", dir, "-P", "0", "--no-open", "--max-file-size", "2KiB", "-v")
	if !strings.Contains(stderr.String(), "wasmrun: skipped big.dat: file is 2.9 KiB, over the 2.0 KiB per-file limit") {
		t.Errorf("stderr %q does not list the skipped file", stderr)
	}
}
