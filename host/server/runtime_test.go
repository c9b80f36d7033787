package server

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/wasmrun/wasmrun/kernel/instrument"
)

func TestOnlyTheSessionsRuntimeIsServed(t *testing.T) {
	ts := start(t, nil)
	instrumented, _ := instrumentStub(testRuntime)
	want := "/runtimes/" + sha(instrumented) + ".wasm"
	if ts.runtimePath() != want {
		t.Fatalf("runtimeUrl %q, want %q: the runtime is named by the hash of what is served", ts.runtimePath(), want)
	}
	r := ts.get(t, want)
	if r.status != 200 || !bytes.Equal(r.body, instrumented) {
		t.Fatalf("GET %s: %d, %d bytes; want the instrumented runtime", want, r.status, len(r.body))
	}
	if got := r.header.Get("ETag"); !strings.Contains(got, sha(instrumented)[:32]) {
		t.Errorf("ETag %q", got)
	}
	for _, path := range []string{
		"/runtimes/" + sha(testRuntime) + ".wasm", // the uninstrumented input
		"/runtimes/" + strings.Repeat("0", 64) + ".wasm",
		"/runtimes/" + sha(instrumented), // no extension
		"/runtimes/" + sha(instrumented) + ".wasm.br",
		"/runtimes/" + strings.ToUpper(sha(instrumented)) + ".wasm",
		"/runtimes/",
		"/runtimes/kernel.wasm",
	} {
		if r := ts.get(t, path); r.status != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", path, r.status)
		}
	}
}

func TestTheRuntimeIsInstrumentedOnceAndCompressedOnce(t *testing.T) {
	cache := t.TempDir()
	var calls atomic.Int32
	counting := func(b []byte) ([]byte, error) {
		calls.Add(1)
		return instrumentStub(b)
	}
	run := func() *testServer {
		return start(t, func(c *Config) {
			c.CacheDir = cache
			c.Instrument = counting
		})
	}
	first := run()
	if calls.Load() != 1 {
		t.Fatalf("instrumented %d times on the first start", calls.Load())
	}
	if !strings.Contains(first.msgs.String(), "instrumenting cpython") {
		t.Errorf("no notice of the instrumentation: %q", first.msgs.String())
	}
	file := strings.TrimPrefix(first.runtimePath(), "/runtimes/")
	for _, ext := range []string{".br", ".gz"} {
		eventually(t, "the cached "+ext, func() bool {
			_, err := os.Stat(filepath.Join(cache, file+ext))
			return err == nil
		})
	}
	eventually(t, "the brotli variant", func() bool {
		r := first.do(t, "GET", first.runtimePath(), map[string]string{"Accept-Encoding": "br"})
		return r.header.Get("Content-Encoding") == "br"
	})
	r := first.do(t, "GET", first.runtimePath(), map[string]string{"Accept-Encoding": "br"})
	want, _ := instrumentStub(testRuntime)
	if !bytes.Equal(decode(t, "br", r.body), want) || r.header.Get("Cache-Control") != cacheImmutable {
		t.Fatalf("the brotli runtime does not decode to the instrumented one, or is not immutable (%q)", r.header.Get("Cache-Control"))
	}

	second := run()
	if calls.Load() != 1 {
		t.Errorf("instrumented again on the second start (%d calls): the cache was not used", calls.Load())
	}
	if second.runtimePath() != first.runtimePath() {
		t.Errorf("runtimeUrl changed between runs: %q, %q", first.runtimePath(), second.runtimePath())
	}
	if strings.Contains(second.msgs.String(), "instrumenting") {
		t.Errorf("the second start instrumented: %q", second.msgs.String())
	}
	// The variants come from the cache at once.
	eventually(t, "the cached gzip variant", func() bool {
		r := second.do(t, "GET", second.runtimePath(), map[string]string{"Accept-Encoding": "gzip"})
		return r.header.Get("Content-Encoding") == "gzip" && bytes.Equal(decode(t, "gzip", r.body), want)
	})
}

func TestANewInstrumentationVersionIsNotServedFromTheOldCache(t *testing.T) {
	cache := t.TempDir()
	v1 := start(t, func(c *Config) { c.CacheDir = cache; c.InstrumentVersion = "1" })
	v2 := start(t, func(c *Config) {
		c.CacheDir = cache
		c.InstrumentVersion = "2"
		c.Instrument = func(b []byte) ([]byte, error) { return append(bytes.Clone(b), "+v2"...), nil }
	})
	if v1.runtimePath() == v2.runtimePath() {
		t.Fatalf("both versions are served as %s", v1.runtimePath())
	}
	if r := v2.get(t, v2.runtimePath()); !bytes.HasSuffix(r.body, []byte("+v2")) {
		t.Fatalf("version 2 served %q...", r.body[len(r.body)-20:])
	}
}

func TestAnUninstrumentableRuntimeIsServedAsIsWithAWarning(t *testing.T) {
	ts := start(t, func(c *Config) {
		c.Instrument = func([]byte) ([]byte, error) {
			return nil, fmt.Errorf("function 12: opcode 0xfb: %w", instrument.ErrUnsupported)
		}
	})
	if want := "/runtimes/" + sha(testRuntime) + ".wasm"; ts.runtimePath() != want {
		t.Fatalf("runtimeUrl %q, want the input's %q", ts.runtimePath(), want)
	}
	if !strings.Contains(ts.msgs.String(), "warning:") || !strings.Contains(ts.msgs.String(), "Stop") {
		t.Errorf("no warning that Stop cannot interrupt it: %q", ts.msgs.String())
	}
}

func TestAMalformedRuntimeFailsToStart(t *testing.T) {
	l, err := Listen("127.0.0.1", 0)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	_, err = New(Config{Listener: l, Runtime: testRuntime, Files: testFiles,
		Instrument: func([]byte) ([]byte, error) { return nil, errors.New("section 3 overruns the module") }})
	if err == nil || !strings.Contains(err.Error(), "section 3 overruns the module") {
		t.Fatalf("New: %v", err)
	}
}

func TestTheRealInstrumenterIsTheDefault(t *testing.T) {
	module := []byte("\x00asm\x01\x00\x00\x00") // the smallest module
	want, err := instrument.Instrument(module, instrument.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ts := start(t, func(c *Config) { c.Runtime = module; c.Instrument = nil; c.InstrumentVersion = "" })
	if r := ts.get(t, ts.runtimePath()); r.status != 200 || !bytes.Equal(r.body, want) {
		t.Fatalf("GET %s: %d, %q; want kernel/instrument's output %q", ts.runtimePath(), r.status, r.body, want)
	}
	if _, err := os.Stat(filepath.Join(ts.cache, fmt.Sprintf("%s-%d.wasm", sha(module), instrument.Version))); err != nil {
		t.Errorf("not cached under the input's hash and instrument.Version: %v", err)
	}
}
