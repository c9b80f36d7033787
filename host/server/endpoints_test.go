package server

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/andybalholm/brotli"
)

func TestEndpointsAnswerWithTheirTypesAndCaching(t *testing.T) {
	ts := start(t, nil)
	tests := []struct {
		name, method, path string
		status             int
		contentType        string
		cacheControl       string
		body               []byte // nil: not checked
	}{
		{"the UI's page", "GET", "/", 200, "text/html; charset=utf-8", "no-cache", testFiles["dist/index.html"].Data},
		{"a hashed UI asset, for good", "GET", "/assets/index-1a2b3c.js", 200, "text/javascript; charset=utf-8", cacheImmutable, testFiles["dist/assets/index-1a2b3c.js"].Data},
		{"a stylesheet", "GET", "/assets/index-4d5e6f.css", 200, "text/css; charset=utf-8", cacheImmutable, nil},
		{"a UI file at the root", "GET", "/favicon.svg", 200, "image/svg+xml", "no-cache", nil},
		{"the kernel", "GET", "/kernel.wasm", 200, "application/wasm", "no-cache", testFiles["kernel/kernel.wasm"].Data},
		{"the kernel's loader", "GET", "/wasm_exec.js", 200, "text/javascript; charset=utf-8", "no-cache", testFiles["kernel/wasm_exec.js"].Data},
		{"the runtime, for good", "GET", ts.runtimePath(), 200, "application/wasm", cacheImmutable, nil},
		{"the support files, for good", "GET", ts.Session().SupportURL, 200, "application/x-tar", cacheImmutable, supportTar(t, "python")},
		{"other support files", "GET", "/support/" + sha([]byte("x")) + ".tar", 404, "text/plain; charset=utf-8", "no-store", nil},
		{"the session", "GET", "/api/session", 200, "application/json", "no-store", nil},
		{"the project", "GET", "/api/project.tar", 200, "application/x-tar", "no-store", nil},
		{"HEAD on the page", "HEAD", "/", 200, "text/html; charset=utf-8", "no-cache", []byte{}},
		{"HEAD on an asset", "HEAD", "/assets/index-1a2b3c.js", 200, "text/javascript; charset=utf-8", cacheImmutable, []byte{}},
		{"HEAD on the kernel", "HEAD", "/kernel.wasm", 200, "application/wasm", "no-cache", []byte{}},
		{"HEAD on the loader", "HEAD", "/wasm_exec.js", 200, "text/javascript; charset=utf-8", "no-cache", []byte{}},
		{"HEAD on the runtime", "HEAD", ts.runtimePath(), 200, "application/wasm", cacheImmutable, []byte{}},
		{"HEAD on the support files", "HEAD", ts.Session().SupportURL, 200, "application/x-tar", cacheImmutable, []byte{}},
		{"HEAD on the session", "HEAD", "/api/session", 200, "application/json", "no-store", []byte{}},
		{"HEAD on the project", "HEAD", "/api/project.tar", 200, "application/x-tar", "no-store", []byte{}},
		{"an unknown file", "GET", "/nothing.js", 404, "text/plain; charset=utf-8", "no-store", nil},
		{"an unknown asset", "GET", "/assets/nothing.js", 404, "text/plain; charset=utf-8", "no-store", nil},
		{"the page by name", "GET", "/index.html", 200, "text/html; charset=utf-8", "no-cache", testFiles["dist/index.html"].Data},
		{"an unknown API", "GET", "/api/nothing", 404, "text/plain; charset=utf-8", "no-store", nil},
		{"a directory", "GET", "/assets/", 404, "text/plain; charset=utf-8", "no-store", nil},
		{"a POST to a GET route", "POST", "/api/session", 405, "text/plain; charset=utf-8", "", nil},
		{"a DELETE elsewhere", "DELETE", "/nothing", 405, "text/plain; charset=utf-8", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := ts.do(t, tt.method, tt.path, nil)
			if r.status != tt.status {
				t.Fatalf("%s %s: status %d, want %d (%.200q)", tt.method, tt.path, r.status, tt.status, r.body)
			}
			if got := r.header.Get("Content-Type"); got != tt.contentType {
				t.Errorf("Content-Type %q, want %q", got, tt.contentType)
			}
			if got := r.header.Get("Cache-Control"); got != tt.cacheControl {
				t.Errorf("Cache-Control %q, want %q", got, tt.cacheControl)
			}
			if tt.body != nil && !bytes.Equal(r.body, tt.body) {
				t.Errorf("body %.60q (%d bytes), want %.60q (%d bytes)", r.body, len(r.body), tt.body, len(tt.body))
			}
		})
	}
}

func TestEveryResponseCarriesTheSecurityHeaders(t *testing.T) {
	ts := start(t, nil)
	want := map[string]string{
		"Cross-Origin-Opener-Policy":   "same-origin",
		"Cross-Origin-Embedder-Policy": "require-corp",
		"Cross-Origin-Resource-Policy": "same-origin",
		"X-Content-Type-Options":       "nosniff",
	}
	requests := []struct {
		name, method, path string
		headers            map[string]string
	}{
		{"the page", "GET", "/", nil},
		{"an asset", "GET", "/assets/index-1a2b3c.js", nil},
		{"the kernel", "GET", "/kernel.wasm", nil},
		{"the runtime", "GET", ts.runtimePath(), nil},
		{"the session", "GET", "/api/session", nil},
		{"the project", "GET", "/api/project.tar", nil},
		{"a 404", "GET", "/nothing", nil},
		{"a 405", "PUT", "/", nil},
		{"a foreign Host (403)", "GET", "/", map[string]string{"Host": "evil.example:" + ts.port}},
		{"a cross-origin POST (403)", "POST", "/api/session", map[string]string{"Origin": "http://evil.example"}},
	}
	for _, rq := range requests {
		t.Run(rq.name, func(t *testing.T) {
			r := ts.do(t, rq.method, rq.path, rq.headers)
			for k, v := range want {
				if got := r.header.Get(k); got != v {
					t.Errorf("%s: %q, want %q", k, got, v)
				}
			}
			csp := r.header.Get("Content-Security-Policy")
			for _, directive := range []string{
				"script-src 'self' 'wasm-unsafe-eval'",
				"worker-src 'self' blob:",
				"connect-src 'self' ws://127.0.0.1:" + ts.port,
				"style-src 'self' 'unsafe-inline'",
				"object-src 'none'",
				"frame-ancestors 'none'",
			} {
				if !strings.Contains(csp, directive) {
					t.Errorf("Content-Security-Policy %q lacks %q", csp, directive)
				}
			}
		})
	}
}

func TestCSPAllowsTheWebSocketOfTheNameThePageUses(t *testing.T) {
	ts := start(t, nil)
	r := ts.do(t, "GET", "/", map[string]string{"Host": "localhost:" + ts.port})
	if csp := r.header.Get("Content-Security-Policy"); !strings.Contains(csp, "connect-src 'self' ws://localhost:"+ts.port) {
		t.Fatalf("CSP for a page loaded from localhost: %q", csp)
	}
}

// TestCompressedVariantsFollowAcceptEncoding covers the kernel, its loader
// and the UI: each is precompressed once, and served in the encoding the
// client prefers among brotli, gzip and none.
func TestCompressedVariantsFollowAcceptEncoding(t *testing.T) {
	ts := start(t, nil)
	for _, path := range []string{"/kernel.wasm", "/wasm_exec.js", "/assets/index-1a2b3c.js"} {
		for _, enc := range []string{"br", "gzip"} {
			eventually(t, enc+" "+path, func() bool {
				r := ts.do(t, "GET", path, map[string]string{"Accept-Encoding": enc})
				return r.header.Get("Content-Encoding") == enc
			})
		}
	}
	want := testFiles["kernel/kernel.wasm"].Data
	tests := []struct {
		name, acceptEncoding, encoding string
	}{
		{"brotli preferred", "gzip, deflate, br, zstd", "br"},
		{"gzip alone", "gzip", "gzip"},
		{"brotli refused with q=0", "br;q=0, gzip", "gzip"},
		{"none asked", "", ""},
		{"only unknown codings", "zstd, deflate", ""},
		{"case and spaces", " GZIP ; q=0.5 ", "gzip"},
	}
	etags := map[string]string{}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := ts.do(t, "GET", "/kernel.wasm", map[string]string{"Accept-Encoding": tt.acceptEncoding})
			if r.status != 200 {
				t.Fatalf("status %d", r.status)
			}
			if got := r.header.Get("Content-Encoding"); got != tt.encoding {
				t.Fatalf("Content-Encoding %q, want %q", got, tt.encoding)
			}
			if r.header.Get("Vary") != "Accept-Encoding" {
				t.Errorf("Vary %q, want Accept-Encoding", r.header.Get("Vary"))
			}
			if r.header.Get("Content-Type") != "application/wasm" {
				t.Errorf("Content-Type %q", r.header.Get("Content-Type"))
			}
			if got := r.header.Get("X-Content-Length"); got != strconv.Itoa(len(want)) {
				t.Errorf("X-Content-Length %q, want the decoded size %d", got, len(want))
			}
			tag := r.header.Get("ETag")
			if tag == "" || !strings.HasPrefix(tag, `"`) {
				t.Errorf("ETag %q is not a strong tag", tag)
			}
			if other, ok := etags[tt.encoding]; ok && other != tag {
				t.Errorf("ETag %q differs from %q for the same encoding", tag, other)
			}
			for enc, other := range etags {
				if enc != tt.encoding && other == tag {
					t.Errorf("ETag %q is also the %q variant's", tag, enc)
				}
			}
			etags[tt.encoding] = tag
			if got := decode(t, tt.encoding, r.body); !bytes.Equal(got, want) {
				t.Errorf("decoded body differs from kernel.wasm (%d bytes, want %d)", len(got), len(want))
			}
			if tt.encoding != "" && len(r.body) >= len(want) {
				t.Errorf("%s variant is %d bytes, not smaller than %d", tt.encoding, len(r.body), len(want))
			}
			// The tag validates a cached copy of this variant.
			r2 := ts.do(t, "GET", "/kernel.wasm", map[string]string{"Accept-Encoding": tt.acceptEncoding, "If-None-Match": tag})
			if r2.status != http.StatusNotModified {
				t.Errorf("If-None-Match with the ETag: status %d, want 304", r2.status)
			}
		})
	}
}

func TestSmallFilesAreNotCompressed(t *testing.T) {
	ts := start(t, nil)
	r := ts.do(t, "GET", "/favicon.svg", map[string]string{"Accept-Encoding": "br, gzip"})
	if r.header.Get("Content-Encoding") != "" || r.header.Get("Vary") != "" {
		t.Fatalf("a %d-byte file: Content-Encoding %q, Vary %q", len(r.body), r.header.Get("Content-Encoding"), r.header.Get("Vary"))
	}
}

func TestWithoutCompressOnlyTheRuntimeIsServedAsIs(t *testing.T) {
	ts := start(t, func(c *Config) { c.Compress = false })
	time.Sleep(100 * time.Millisecond) // what would have been time enough to compress
	r := ts.do(t, "GET", ts.runtimePath(), map[string]string{"Accept-Encoding": "br, gzip"})
	if r.status != 200 || r.header.Get("Content-Encoding") != "" || r.header.Get("Vary") != "" {
		t.Errorf("GET the runtime: %d, Content-Encoding %q, Vary %q", r.status, r.header.Get("Content-Encoding"), r.header.Get("Vary"))
	}
	for _, path := range []string{"/kernel.wasm", "/wasm_exec.js", "/assets/index-1a2b3c.js"} {
		r := ts.do(t, "GET", path, map[string]string{"Accept-Encoding": "br, gzip"})
		if r.status != 200 || r.header.Get("Vary") != "Accept-Encoding" {
			t.Errorf("GET %s: %d, Vary %q: the kernel and the UI are always offered compressed", path, r.status, r.header.Get("Vary"))
		}
	}
	if entries, _ := os.ReadDir(ts.cache); len(entries) != 1 { // the instrumented runtime only
		t.Errorf("cache holds %d entries, want the instrumented runtime alone", len(entries))
	}
}

func TestAnAssetIsServedAsIsUntilItsVariantsAreReady(t *testing.T) {
	a := newAsset(fakeWasm("k", 4096), "application/wasm", cacheRevalidate)
	if e := a.choose("br, gzip"); e.name != "" {
		t.Fatalf("before compression: %q, want the identity", e.name)
	}
	if err := a.compressInMemory(t.Context()); err != nil {
		t.Fatal(err)
	}
	if e := a.choose("br, gzip"); e.name != "br" {
		t.Fatalf("after compression: %q, want br", e.name)
	}
}

func TestAMissingBuildSaysWhatToDo(t *testing.T) {
	ts := start(t, func(c *Config) { c.Files = fstest.MapFS{} })
	tests := []struct {
		path, contentType, says string
	}{
		{"/", "text/html; charset=utf-8", "the UI was not built: run make build"},
		{"/kernel.wasm", "text/plain; charset=utf-8", "kernel.wasm was not built: run make build"},
		{"/wasm_exec.js", "text/plain; charset=utf-8", "wasm_exec.js was not built: run make build"},
	}
	for _, tt := range tests {
		r := ts.get(t, tt.path)
		if r.status != http.StatusInternalServerError || r.header.Get("Content-Type") != tt.contentType || !strings.Contains(string(r.body), tt.says) {
			t.Errorf("GET %s without a build: %d %q %q, want 500 %q saying %q", tt.path, r.status, r.header.Get("Content-Type"), r.body, tt.contentType, tt.says)
		}
	}
	// The API works without the UI.
	if r := ts.get(t, "/api/session"); r.status != 200 {
		t.Errorf("GET /api/session without a build: %d", r.status)
	}
}

func TestTheEmbeddedFilesAreTheBuildDirectory(t *testing.T) {
	// Whatever the Makefile has built, the package compiles and serves it:
	// the embedded tree holds the committed README at least.
	if _, err := EmbeddedFiles().Open("README.md"); err != nil {
		t.Fatalf("the embedded ui/ lacks its README: %v", err)
	}
	if _, err := loadFiles(EmbeddedFiles()); err != nil {
		t.Fatalf("loading the embedded files: %v", err)
	}
}

func decode(t *testing.T, encoding string, b []byte) []byte {
	t.Helper()
	var r io.Reader = bytes.NewReader(b)
	switch encoding {
	case "br":
		r = brotli.NewReader(r)
	case "gzip":
		zr, err := gzip.NewReader(r)
		if err != nil {
			t.Fatal(err)
		}
		r = zr
	}
	out, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("decoding %s: %v", encoding, err)
	}
	return out
}
