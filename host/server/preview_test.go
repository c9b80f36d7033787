package server

import (
	"encoding/json"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/wasmrun/wasmrun/kernel/protocol"
)

// startWithPreviewFiles starts a server whose UI build has the Preview's
// files (web/public/preview-*).
func startWithPreviewFiles(t *testing.T) *testServer {
	return start(t, func(c *Config) {
		files := fstest.MapFS{
			"dist/preview-sw.js":       {Data: []byte("self.addEventListener('fetch', () => {});")},
			"dist/preview-bridge.html": {Data: []byte("<!doctype html><script src=/preview/bridge.js></script>")},
			"dist/preview-bridge.js":   {Data: []byte("'use strict';")},
		}
		for k, v := range testFiles {
			files[k] = v
		}
		c.Files = files
	})
}

// previewPort is the Preview's origin's port, as the session says it.
func (ts *testServer) previewPort() string { return strconv.Itoa(ts.Session().PreviewPort) }

// atPreview is ts with its requests sent to the Preview's port.
func (ts *testServer) atPreview() *testServer {
	p := *ts
	p.port = ts.previewPort()
	p.host = "127.0.0.1:" + p.port
	p.base = "http://" + p.host
	return &p
}

func TestThePreviewIsAnotherPortOfTheSameAddress(t *testing.T) {
	ts := start(t, nil)
	pp := ts.Session().PreviewPort
	if pp == 0 || strconv.Itoa(pp) == ts.port {
		t.Fatalf("session previewPort %d (the UI's is %s)", pp, ts.port)
	}
	var got protocol.Session
	if r := ts.get(t, "/api/session"); json.Unmarshal(r.body, &got) != nil || got.PreviewPort != pp {
		t.Errorf("/api/session does not say the Preview's port: %.300s", r.body)
	}
}

func TestThePreviewsOriginServesThePreviewOnly(t *testing.T) {
	ts := startWithPreviewFiles(t)
	p := ts.atPreview()
	tests := []struct {
		host, path string
		status     int
		body       string // a part of it
	}{
		{p.host, "/preview/sw.js", 200, "addEventListener"},
		{p.host, "/preview/bridge.html", 200, "/preview/bridge.js"},
		{p.host, "/preview/bridge.js", 200, "use strict"},
		{"localhost:" + p.port, "/preview/sw.js", 200, "addEventListener"},
		{"[::1]:" + p.port, "/preview/bridge.js", 200, "use strict"},
		// No Service Worker took it: what to do.
		{p.host, "/preview/3000/", 503, "open " + ts.URL()},
		{p.host, "/preview/3000/api/hello?x=1", 503, "open " + ts.URL()},
		{p.host, "/preview/8080/a//b/../c", 503, "open " + ts.URL()},
		// Nothing of the UI's.
		{p.host, "/", 404, "serves guest ports at /preview/PORT/ only"},
		{p.host, "/index.html", 404, "Preview's origin"},
		{p.host, "/api/session", 404, "Preview's origin"},
		{p.host, "/api/project.tar", 404, "Preview's origin"},
		{p.host, "/api/ws", 404, "Preview's origin"},
		{p.host, "/kernel.wasm", 404, "Preview's origin"},
		{p.host, ts.runtimePath(), 404, "Preview's origin"},
		{p.host, "/preview-sw.js", 404, "Preview's origin"},
		// Any other name: DNS rebinding.
		{"evil.example:" + p.port, "/preview/bridge.html", 403, "Host"},
		{"127.0.0.1:" + ts.port + "0", "/preview/sw.js", 403, "Host"},
	}
	for _, tt := range tests {
		t.Run(tt.host+tt.path, func(t *testing.T) {
			r := p.do(t, "GET", tt.path, map[string]string{"Host": tt.host})
			if r.status != tt.status || !strings.Contains(string(r.body), tt.body) {
				t.Fatalf("%d %.300q, want %d with %q", r.status, r.body, tt.status, tt.body)
			}
			if tt.status == 403 {
				return
			}
			// Framed by the cross-origin isolated UI, and only by it.
			for k, v := range map[string]string{
				"Cross-Origin-Embedder-Policy": "require-corp",
				"Cross-Origin-Resource-Policy": "cross-origin",
				"X-Content-Type-Options":       "nosniff",
			} {
				if got := r.header.Get(k); got != v {
					t.Errorf("%s %q, want %q", k, got, v)
				}
			}
			csp := r.header.Get("Content-Security-Policy")
			if !strings.Contains(csp, "frame-ancestors http://127.0.0.1:"+ts.port+" http://localhost:"+ts.port+";") && !strings.HasSuffix(csp, "frame-ancestors http://127.0.0.1:"+ts.port+" http://localhost:"+ts.port) {
				t.Errorf("CSP %q: want frame-ancestors the UI's origins", csp)
			}
			if strings.Contains(csp, "[::1]") {
				t.Errorf("CSP %q: CSP cannot say an IPv6 address", csp)
			}
		})
	}
}

func TestTheUIsOriginDoesNotServeThePreview(t *testing.T) {
	ts := startWithPreviewFiles(t)
	for _, p := range []string{"/preview/sw.js", "/preview/bridge.html", "/preview/3000/", "/preview-sw.js", "/preview-bridge.html", "/preview-bridge.js"} {
		if r := ts.get(t, p); r.status != http.StatusNotFound {
			t.Errorf("GET %s at the UI's origin: %d %.100q, want 404", p, r.status, r.body)
		}
	}
}

func TestTheUIMayFrameThePreviewOfItsOwnName(t *testing.T) {
	ts := start(t, nil)
	for _, name := range []string{"127.0.0.1", "localhost"} {
		r := ts.do(t, "GET", "/", map[string]string{"Host": name + ":" + ts.port})
		want := "frame-src http://" + name + ":" + ts.previewPort() + ";"
		if csp := r.header.Get("Content-Security-Policy"); !strings.Contains(csp, want) {
			t.Errorf("CSP of the UI at %s: %q, want %q", name, csp, want)
		}
	}
}

func TestTheWebSocketRefusesThePreviewsOrigin(t *testing.T) {
	ts := start(t, nil)
	p := ts.atPreview()
	for _, origin := range []string{"http://" + p.host, "http://localhost:" + p.port} {
		conn, status := dialWS(t, ts, origin)
		if conn != nil {
			conn.CloseNow()
			t.Fatalf("Origin %q: the Preview's origin opened the UI's WebSocket", origin)
		}
		if status != http.StatusForbidden {
			t.Errorf("Origin %q: %d, want 403", origin, status)
		}
	}
	// Nor is there one at the Preview's port, even from its own origin.
	if conn, status := dialWS(t, p, "http://"+p.host); conn != nil || status != http.StatusNotFound {
		if conn != nil {
			conn.CloseNow()
		}
		t.Errorf("a WebSocket at the Preview's port: %d, want 404", status)
	}
}

func TestCrossOriginRequestsFromThePreviewThatChangeAnythingAreRefused(t *testing.T) {
	ts := start(t, nil)
	// The Preview's origin is the same site, another origin: the browser
	// says same-site, and the host refuses what is not same-origin.
	r := ts.do(t, "POST", "/api/session", map[string]string{"Origin": "http://127.0.0.1:" + ts.previewPort(), "Sec-Fetch-Site": "same-site"})
	if r.status != http.StatusForbidden {
		t.Errorf("POST from the Preview's origin: %d, want 403", r.status)
	}
}

func TestThePreviewListensWhereTheUIDoes(t *testing.T) {
	ts := start(t, nil)
	c, err := net.Dial("tcp", net.JoinHostPort("127.0.0.1", ts.previewPort()))
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
}

func TestThePreviewsFilesNotBuiltSayWhatToDo(t *testing.T) {
	ts := start(t, nil)
	if r := ts.atPreview().get(t, "/preview/sw.js"); r.status != http.StatusInternalServerError || !strings.Contains(string(r.body), "make build") {
		t.Errorf("the worker's script, not built: %d %q", r.status, r.body)
	}
}
