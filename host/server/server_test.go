package server

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/wasmrun/wasmrun/host/project"
	"github.com/wasmrun/wasmrun/kernel/boot"
	"github.com/wasmrun/wasmrun/kernel/protocol"
)

// The tests run real servers on 127.0.0.1:0 with a fake UI, kernel and
// runtime: what is served, and to whom, does not depend on their content.

// testFiles stand for the built UI and kernel.
var testFiles = fstest.MapFS{
	"dist/index.html":              {Data: []byte("<!doctype html><title>wasmrun</title><script type=module src=/assets/index-1a2b3c.js></script>")},
	"dist/assets/index-1a2b3c.js":  {Data: bytes.Repeat([]byte("console.log('wasmrun');\n"), 200)},
	"dist/assets/index-4d5e6f.css": {Data: []byte("body{margin:0}")},
	"dist/favicon.svg":             {Data: []byte("<svg xmlns='http://www.w3.org/2000/svg'/>")},
	"kernel/kernel.wasm":           {Data: fakeWasm("kernel", 64<<10)},
	"kernel/wasm_exec.js":          {Data: bytes.Repeat([]byte("// Go's loader\n"), 300)},
}

// fakeWasm is a module header followed by compressible filler.
func fakeWasm(tag string, size int) []byte {
	b := append([]byte("\x00asm\x01\x00\x00\x00"), tag...)
	for len(b) < size {
		b = append(b, "filler for the compressor "...)
	}
	return b[:size]
}

// testRuntime is the session's runtime; instrumentStub marks what it
// instruments, so that the tests can tell the two apart.
var testRuntime = fakeWasm("runtime", 200<<10)

func instrumentStub(b []byte) ([]byte, error) {
	return append(bytes.Clone(b), "+instrumented"...), nil
}

// testServer is a running server and what it was given.
type testServer struct {
	*Server
	base   string // http://127.0.0.1:PORT
	host   string // 127.0.0.1:PORT
	port   string
	root   string // the project
	cache  string
	stdout *syncBuffer
	stderr *syncBuffer
	msgs   *syncBuffer
}

// projectFiles is the default test project.
var projectFiles = map[string]string{
	"main.py":             "print('hello')\n",
	"lib/util.py":         "X = 1\n",
	".gitignore":          "build/\n*.log\n",
	"build/out.txt":       "ignored\n",
	"debug.log":           "ignored\n",
	"node_modules/m/i.js": "module.exports = 1\n",
	".env":                "K=V\n",
	"data/big.bin":        strings.Repeat("x", 5000),
}

// start runs a server on a fresh port until the test ends. edit adjusts
// the configuration.
func start(t *testing.T, edit func(*Config)) *testServer {
	t.Helper()
	ts := &testServer{
		root:   writeProject(t, projectFiles),
		cache:  t.TempDir(),
		stdout: &syncBuffer{},
		stderr: &syncBuffer{},
		msgs:   &syncBuffer{},
	}
	l, err := Listen("127.0.0.1", 0)
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{
		Listener: l,
		Session: protocol.Session{
			Version: "test",
			Project: protocol.Project{Root: ts.root, Language: "python", Entry: "main.py", Reason: "found main.py"},
			Runtime: protocol.Runtime{Language: "python", Name: "cpython", Version: "3.12.0", SHA256: sha(testRuntime), Size: int64(len(testRuntime))},
			Command: []string{"python", "{entry}"},
			Args:    []string{"a", "b"},
			Env:     []string{"K=V"},
			Limits:  protocol.Limits{MaxMemory: 1 << 30, MaxFS: 1 << 29, TimeoutMs: 5000},
		},
		Scan:              project.Options{MaxFileSize: 4096},
		Runtime:           testRuntime,
		Instrument:        instrumentStub,
		InstrumentVersion: "test",
		CacheDir:          ts.cache,
		Compress:          true,
		Files:             testFiles,
		Stdout:            ts.stdout,
		Stderr:            ts.stderr,
		Messages:          ts.msgs,
	}
	if edit != nil {
		edit(&cfg)
	}
	s, err := New(cfg)
	if err != nil {
		l.Close()
		t.Fatal(err)
	}
	ts.Server = s
	ts.host = l.Addr().String()
	_, ts.port, _ = net.SplitHostPort(ts.host)
	ts.base = "http://" + ts.host
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Serve: %v", err)
			}
		case <-time.After(5 * time.Second):
			t.Error("Serve did not return within 5s of its context ending")
		}
	})
	return ts
}

func writeProject(t *testing.T, files map[string]string) string {
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

func sha(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// httpClient sends requests as they are written: no transparent gzip, no
// redirects followed.
var httpClient = &http.Client{
	Transport: &http.Transport{DisableCompression: true},
	CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	},
	Timeout: 10 * time.Second,
}

// response is a finished request.
type response struct {
	status int
	header http.Header
	body   []byte
}

// do sends method path with headers (Host replaces the Host header) and
// reads the whole answer.
func (ts *testServer) do(t *testing.T, method, path string, headers map[string]string) response {
	t.Helper()
	req, err := http.NewRequest(method, ts.base+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range headers {
		if k == "Host" {
			req.Host = v
			continue
		}
		req.Header.Set(k, v)
	}
	resp, err := httpClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: reading the body: %v", method, path, err)
	}
	return response{resp.StatusCode, resp.Header, body}
}

func (ts *testServer) get(t *testing.T, path string) response {
	t.Helper()
	return ts.do(t, http.MethodGet, path, nil)
}

// raw sends a request line exactly as written, for paths an HTTP client
// would clean or escape, and returns the status.
func (ts *testServer) raw(t *testing.T, target string) (int, http.Header) {
	t.Helper()
	return ts.rawRequest(t, fmt.Sprintf("GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", target, ts.host))
}

// rawRequest sends req as is and returns the answer's status.
func (ts *testServer) rawRequest(t *testing.T, req string) (int, http.Header) {
	t.Helper()
	c, err := net.DialTimeout("tcp", ts.host, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(5 * time.Second))
	io.WriteString(c, req)
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatalf("%q: %v", req, err)
	}
	resp.Body.Close()
	return resp.StatusCode, resp.Header
}

// runtimePath is where the session's runtime is served.
func (ts *testServer) runtimePath() string { return ts.Session().RuntimeURL }

// supportTar is what the server serves at the session's supportUrl.
func supportTar(t *testing.T, language string) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := boot.SupportTar(language, &b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// eventually retries cond until it holds or 5 s have passed.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// syncBuffer is a bytes.Buffer for writers on other goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestListenReportsAPortInUse(t *testing.T) {
	l, err := Listen("127.0.0.1", 0)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	port := l.Addr().(*net.TCPAddr).Port
	_, err = Listen("127.0.0.1", port)
	if !errors.Is(err, ErrPortInUse) {
		t.Fatalf("Listen on a taken port: %v, want ErrPortInUse", err)
	}
	if !strings.Contains(err.Error(), fmt.Sprint(port)) {
		t.Errorf("the error %q does not name the port", err)
	}
}

func TestServeStopsWhenItsContextEnds(t *testing.T) {
	l, err := Listen("127.0.0.1", 0)
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(Config{Listener: l, Runtime: testRuntime, Instrument: instrumentStub, Files: testFiles,
		Session: protocol.Session{Project: protocol.Project{Root: t.TempDir()}}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx) }()
	if resp, err := httpClient.Get(s.URL() + "kernel.wasm"); err != nil {
		t.Fatal(err)
	} else {
		resp.Body.Close()
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Serve returned %v after a clean shutdown", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Serve did not return")
	}
	if _, err := httpClient.Get(s.URL()); err == nil {
		t.Fatal("the server still answers after shutdown")
	}
}

func TestNewRefusesARuntimeThatIsNotWebAssembly(t *testing.T) {
	l, err := Listen("127.0.0.1", 0)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	_, err = New(Config{Listener: l, Runtime: []byte("#!/bin/sh\n"), Files: testFiles})
	if err == nil || !strings.Contains(err.Error(), "not a WebAssembly module") {
		t.Fatalf("New with a shell script as runtime: %v", err)
	}
}
