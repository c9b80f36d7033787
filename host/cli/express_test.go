package cli

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// expressDir is the Express app of issue 6's proof: unmodified, with express
// pinned in its package-lock.json. The browser's Preview panel tests use the
// same app.
var expressDir = filepath.Join("..", "..", "testdata", "express-app")

var (
	expressOnce sync.Once
	expressErr  string
)

// expressApp installs the app's node_modules with npm ci (when missing or
// older than its package-lock.json) and returns its directory.
func expressApp(t testing.TB) string {
	t.Helper()
	expressOnce.Do(func() {
		lock, err := os.Stat(filepath.Join(expressDir, "package-lock.json"))
		if err != nil {
			expressErr = err.Error()
			return
		}
		if mods, err := os.Stat(filepath.Join(expressDir, "node_modules", ".package-lock.json")); err == nil && !mods.ModTime().Before(lock.ModTime()) {
			return
		}
		if _, err := exec.LookPath("npm"); err != nil {
			expressErr = "npm is not on PATH: it installs the Express app's packages"
			return
		}
		cmd := exec.Command("npm", "ci", "--no-audit", "--no-fund")
		cmd.Dir = expressDir
		if out, err := cmd.CombinedOutput(); err != nil {
			expressErr = "npm ci in testdata/express-app: " + err.Error() + "\n" + string(out)
		}
	})
	if expressErr != "" {
		t.Fatal(expressErr)
	}
	dir, err := filepath.Abs(expressDir)
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// serveBinary runs the wasmrun binary with args until the test ends, once
// it has announced its forwarded port; it returns host:port.
func serveBinary(t testing.TB, args ...string) (addr string, stderr *lockedBuffer) {
	t.Helper()
	stderr = &lockedBuffer{}
	cmd := command(t, args...)
	cmd.Stderr = stderr
	cmd.Stdout = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-done
	})
	deadline := time.Now().Add(60 * time.Second)
	for {
		if m := forwardLine.FindStringSubmatch(stderr.String()); m != nil {
			return m[1], stderr
		}
		select {
		case <-done:
			t.Fatalf("wasmrun %v ended before serving:\n%s", args, stderr)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("wasmrun %v did not announce its port:\n%s", args, stderr)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// waitHTTP polls url until it answers (the app listens once it has loaded).
func waitHTTP(t testing.TB, url string, stderr *lockedBuffer) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		resp, err := http.Get(url)
		if err == nil {
			resp.Body.Close()
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s did not answer: %v\n%s", url, err, stderr)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestExpressAppUnderRun runs the unmodified Express app with
// `wasmrun run --listen PORT` and checks every route over real HTTP from the
// host: a JSON route, a route reading a file, a static file, a POST with a
// JSON body, the 404 handler, keep-alive connections.
func TestExpressAppUnderRun(t *testing.T) {
	dir := expressApp(t)
	port := strconv.Itoa(freePort(t))
	addr, stderr := serveBinary(t, "run", dir, "--listen", port, "--env", "PORT="+port)
	base := "http://" + addr
	waitHTTP(t, base+"/api/hello", stderr)

	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	for _, tt := range []struct {
		name, method, path, body string
		status                   int
		ctype                    string
		want                     string // the body; JSON compared as values
	}{
		{"a JSON route", "GET", "/api/hello?name=wasmrun", "", 200, "application/json; charset=utf-8", `{"message":"hello from express","query":{"name":"wasmrun"}}`},
		{"a route reading a file", "GET", "/file", "", 200, "text/plain; charset=utf-8", "Hello from a file, read by Express.\n"},
		{"a static file", "GET", "/static/hello.txt", "", 200, "text/plain; charset=utf-8", "Hello from a file, read by Express.\n"},
		{"a POST with a JSON body", "POST", "/api/echo", `{"numbers":[1,2,3.5],"name":"wasmrun"}`, 201, "application/json; charset=utf-8", `{"received":{"numbers":[1,2,3.5],"name":"wasmrun"},"sum":6.5}`},
		{"the 404 handler", "GET", "/no/such/page", "", 404, "application/json; charset=utf-8", `{"error":"not found","path":"/no/such/page"}`},
		{"a POST the JSON parser refuses", "POST", "/api/echo", `{"numbers":`, 400, "", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest(tt.method, base+tt.path, strings.NewReader(tt.body))
			if tt.body != "" {
				req.Header.Set("Content-Type", "application/json")
			}
			resp, err := client.Do(req)
			if err != nil {
				t.Fatalf("%s %s: %v\n%s", tt.method, tt.path, err, stderr)
			}
			body, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != tt.status {
				t.Fatalf("%s %s: status %d, want %d: %s", tt.method, tt.path, resp.StatusCode, tt.status, body)
			}
			if got := resp.Header.Get("X-Powered-By"); got != "Express" {
				t.Errorf("X-Powered-By %q: not Express's answer", got)
			}
			if tt.ctype == "" {
				return
			}
			if got := resp.Header.Get("Content-Type"); got != tt.ctype {
				t.Errorf("Content-Type %q, want %q", got, tt.ctype)
			}
			if got := resp.Header.Get("Content-Length"); got != strconv.Itoa(len(body)) {
				t.Errorf("Content-Length %q for %d bytes", got, len(body))
			}
			if strings.HasPrefix(tt.ctype, "application/json") {
				var got, want any
				if err := json.Unmarshal(body, &got); err != nil {
					t.Fatalf("not JSON: %q", body)
				}
				json.Unmarshal([]byte(tt.want), &want)
				if g, w := mustJSON(got), mustJSON(want); g != w {
					t.Errorf("body %s, want %s", g, w)
				}
			} else if string(body) != tt.want {
				t.Errorf("body %q, want %q", body, tt.want)
			}
		})
	}
	// Conditional GET of the static file: its ETag answers 304.
	resp, err := client.Get(base + "/static/hello.txt")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	req, _ := http.NewRequest("GET", base+"/static/hello.txt", nil)
	req.Header.Set("If-None-Match", resp.Header.Get("ETag"))
	if resp, err := client.Do(req); err != nil || resp.StatusCode != 304 {
		t.Errorf("conditional GET: %v, %v; want 304", resp, err)
	} else {
		resp.Body.Close()
	}
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
