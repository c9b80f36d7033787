package cli

import (
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
)

// TestNodeServerExampleServesThroughForward runs examples/node-server as the
// README tells (its wasmrun.toml lets it listen on 3000) with --forward and
// checks its page, its JSON route and its 404 from the host.
func TestNodeServerExampleServesThroughForward(t *testing.T) {
	dir, err := filepath.Abs(filepath.Join("..", "..", "examples", "node-server"))
	if err != nil {
		t.Fatal(err)
	}
	addr, stderr := serveBinary(t, "run", dir, "--forward", "3000:0")
	base := "http://" + addr
	waitHTTP(t, base+"/api/stats", stderr)

	get := func(path string) (int, string, string) {
		t.Helper()
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, resp.Header.Get("Content-Type"), string(b)
	}
	if code, ctype, body := get("/"); code != 200 || ctype != "text/html; charset=utf-8" || !strings.Contains(body, "Hello from the VM") {
		t.Errorf("GET /: %d %s %q", code, ctype, body)
	}
	code, _, body := get("/api/stats")
	var stats struct {
		Visits   int    `json:"visits"`
		Platform string `json:"platform"`
	}
	if err := json.Unmarshal([]byte(body), &stats); code != 200 || err != nil || stats.Visits < 2 {
		t.Errorf("GET /api/stats: %d %q (%v)", code, body, err)
	}
	if code, _, body := get("/nope"); code != 404 || body != "no route for GET /nope\n" {
		t.Errorf("GET /nope: %d %q", code, body)
	}
}
