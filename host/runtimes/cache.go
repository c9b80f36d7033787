package runtimes

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	quickjswasi "github.com/paralin/go-quickjs-wasi"
)

// embedded holds the runtimes compiled into the binary, by Go module path.
// A manifest entry of kind go-module names one of them.
var embedded = map[string][]byte{
	"github.com/paralin/go-quickjs-wasi": quickjswasi.QuickJSWASM,
}

// DefaultCacheDir is where fetched runtimes are kept: $WASMRUN_CACHE_DIR if
// set, else wasmrun/runtimes under the user's cache directory
// ($XDG_CACHE_HOME or ~/.cache on Linux).
func DefaultCacheDir() (string, error) {
	if dir := os.Getenv("WASMRUN_CACHE_DIR"); dir != "" {
		return dir, nil
	}
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("runtime cache: %w: set WASMRUN_CACHE_DIR", err)
	}
	return filepath.Join(dir, "wasmrun", "runtimes"), nil
}

func (h *Hub) cacheDir() (string, error) {
	if h.CacheDir != "" {
		return h.CacheDir, nil
	}
	return DefaultCacheDir()
}

// The cache keeps each runtime in a file named by its sha256, so entries
// never need an index, two versions never collide, and a file that does not
// hash to its name is corrupt. Files are written to a temporary name and
// renamed into place, so two processes fetching at once each rename a
// complete, verified file, and a reader never sees a partial one.
const (
	cacheExt    = ".wasm"
	cacheTemp   = ".tmp-"
	sha256Chars = 64
)

// isCacheFile reports whether name is a cache entry or a temporary file of one.
func isCacheFile(name string) bool {
	base, ok := strings.CutSuffix(name, cacheExt)
	if ok && sha256Hex.MatchString(base) {
		return true
	}
	tmp, ok := strings.CutPrefix(name, cacheTemp)
	return ok && len(tmp) > sha256Chars && sha256Hex.MatchString(tmp[:sha256Chars])
}

// local returns the verified bytes of rt from where it is kept on this
// machine: the binary for an embedded runtime, else the cache, with the cache
// path. A missing cache entry is an fs.ErrNotExist error; bytes that do not
// match the manifest are a *mismatch.
func (h *Hub) local(rt Runtime) ([]byte, string, error) {
	if rt.Embedded() {
		b := embedded[rt.Source.Module]
		return b, "", rt.check(b)
	}
	dir, err := h.cacheDir()
	if err != nil {
		return nil, "", err
	}
	path := filepath.Join(dir, rt.SHA256+cacheExt)
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, path, err
	}
	return b, path, rt.check(b)
}

// cached returns rt if it is embedded or cached and verifies, and nil if it
// must be fetched. A corrupt cache entry is removed with a warning so that it
// is fetched again.
func (h *Hub) cached(rt Runtime) (*Resolved, error) {
	b, path, err := h.local(rt)
	var bad *mismatch
	switch {
	case err == nil:
		return &Resolved{Runtime: rt, Path: path, Bytes: b}, nil
	case errors.Is(err, fs.ErrNotExist):
		return nil, nil
	case errors.As(err, &bad) && !rt.Embedded():
		h.warnf("runtime %s: cached %s: %v; fetching it again", rt.Language, path, err)
		if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, explain(rt, path, err)
		}
		return nil, nil
	}
	return nil, explain(rt, path, err)
}

// explain turns an error of local into a one-line error that says what to do.
func explain(rt Runtime, path string, err error) error {
	var bad *mismatch
	switch {
	case rt.Embedded():
		return fmt.Errorf("runtime %s: embedded %s: %w: this wasmrun binary does not match its manifest; rebuild it", rt.Language, rt.File, err)
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("runtime %s: %s %s is not cached: run 'wasmrun runtimes fetch %s'", rt.Language, rt.Name, rt.Version, rt.Language)
	case errors.As(err, &bad):
		return fmt.Errorf("runtime %s: cached %s: %w: run 'wasmrun runtimes fetch %s'", rt.Language, path, err, rt.Language)
	}
	return fmt.Errorf("runtime %s: %w: check the cache directory (WASMRUN_CACHE_DIR), or run 'wasmrun runtimes clean'", rt.Language, err)
}

// read reads rt's bytes from a download and verifies them. It reads at most
// one byte more than the manifest's size, so a wrong source cannot fill memory.
func (rt Runtime) read(r io.Reader) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, rt.Size+1))
	if err != nil {
		return nil, err
	}
	return b, rt.check(b)
}

// keep writes verified bytes into the cache atomically.
func (h *Hub) keep(rt Runtime, b []byte) (*Resolved, error) {
	dir, err := h.cacheDir()
	if err != nil {
		return nil, err
	}
	path, err := writeAtomic(dir, rt.SHA256, b)
	if err != nil {
		return nil, fmt.Errorf("runtime %s: cannot cache it: %w: check the cache directory (WASMRUN_CACHE_DIR)", rt.Language, err)
	}
	return &Resolved{Runtime: rt, Path: path, Bytes: b}, nil
}

func writeAtomic(dir, sha string, b []byte) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	f, err := os.CreateTemp(dir, cacheTemp+sha+"-*")
	if err != nil {
		return "", err
	}
	defer os.Remove(f.Name()) // fails harmlessly once renamed
	_, err = f.Write(b)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), 0o644)
	}
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, sha+cacheExt)
	return path, os.Rename(f.Name(), path)
}

// digest is what the manifest pins a runtime file by.
type digest struct {
	size   int64
	sha256 string
}

func digestOf(b []byte) digest {
	sum := sha256.Sum256(b)
	return digest{int64(len(b)), hex.EncodeToString(sum[:])}
}

func (rt Runtime) digest() digest { return digest{rt.Size, rt.SHA256} }

// check returns a *mismatch unless b is the file the manifest pins.
func (rt Runtime) check(b []byte) error {
	if got := digestOf(b); got != rt.digest() {
		return &mismatch{rt.digest(), got}
	}
	return nil
}

// mismatch is the error of bytes that are not the runtime they should be.
type mismatch struct{ want, got digest }

func (m *mismatch) Error() string {
	if m.want.size != m.got.size {
		return fmt.Sprintf("size mismatch (want %d bytes, got %d)", m.want.size, m.got.size)
	}
	return fmt.Sprintf("checksum mismatch (want %s, got %s)", shortSHA(m.want.sha256), shortSHA(m.got.sha256))
}

// shortSHA abbreviates a sha256 for messages and tables.
func shortSHA(sha string) string {
	if len(sha) <= 12 {
		return sha
	}
	return sha[:12] + "…"
}
