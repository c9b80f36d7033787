package server

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/wasmrun/wasmrun/kernel/instrument"
)

// wasmMagic starts every WebAssembly binary module.
var wasmMagic = []byte("\x00asm")

// runtimeModule is the session's runtime as the page gets it: instrumented
// for interruption, and named by the sha256 of those bytes, so that its URL
// changes whenever they do and it can be cached for good.
type runtimeModule struct {
	hashedAsset // the instrumented bytes, as "<sha256>.wasm"
}

// prepareRuntime instruments the runtime, or reads the result of an earlier
// run from the cache. Without a cache directory the work is done in memory.
func prepareRuntime(cfg *Config) (*runtimeModule, error) {
	in := cfg.Runtime
	if len(in) < len(wasmMagic) || !bytes.Equal(in[:len(wasmMagic)], wasmMagic) {
		return nil, fmt.Errorf("server: runtime %s is not a WebAssembly module", cfg.Session.Runtime.Name)
	}
	if cfg.Instrument == nil {
		cfg.Instrument = func(b []byte) ([]byte, error) { return instrument.Instrument(b, instrument.Options{}) }
		cfg.InstrumentVersion = strconv.Itoa(instrument.Version)
	}
	out, err := instrumented(cfg, in)
	if errors.Is(err, instrument.ErrUnsupported) {
		fmt.Fprintf(cfg.messages(), "warning: %v: it runs as is, and Stop ends a program only when it makes a system call\n", err)
		out, err = in, nil
	}
	if err != nil {
		return nil, err
	}
	return &runtimeModule{newHashedAsset(out, "application/wasm", ".wasm")}, nil
}

// instrumented returns the runtime instrumented for interruption, from the
// cache when an earlier run did the work. The cache key is the input's
// sha256 and the instrumentation's version.
func instrumented(cfg *Config, in []byte) ([]byte, error) {
	sum := sha256.Sum256(in)
	cached := ""
	if cfg.CacheDir != "" {
		cached = filepath.Join(cfg.CacheDir, fmt.Sprintf("%x-%s.wasm", sum, sanitize(cfg.InstrumentVersion)))
		if b, err := os.ReadFile(cached); err == nil && bytes.HasPrefix(b, wasmMagic) {
			return b, nil
		}
	}
	name := cfg.Session.Runtime.Name
	if name == "" {
		name = "the runtime"
	}
	once := ""
	if cached != "" {
		once = " (once: the result is cached)"
	}
	fmt.Fprintf(cfg.messages(), "wasmrun: instrumenting %s so that Stop can interrupt it%s\n", name, once)
	start := time.Now()
	out, err := cfg.Instrument(in)
	if err != nil {
		return nil, fmt.Errorf("server: instrument %s for interruption: %w", name, err)
	}
	if cfg.Verbose {
		fmt.Fprintf(cfg.messages(), "wasmrun: instrumented %s in %s\n", name, time.Since(start).Round(time.Millisecond))
	}
	if cached != "" {
		if err := writeFileAtomic(cached, func(w io.Writer) error { _, err := w.Write(out); return err }); err != nil {
			fmt.Fprintf(cfg.messages(), "warning: runtime cache: %v\n", err)
		}
	}
	return out, nil
}

// compress makes the brotli and gzip variants of the runtime, each once:
// from the cache if an earlier run made them, else computed (seconds for
// python.wasm) and written to the cache. Until a variant is ready, the
// runtime is served without it.
func (m *runtimeModule) compress(ctx context.Context, cacheDir string, messages io.Writer) error {
	if cacheDir == "" {
		return m.compressInMemory(ctx)
	}
	for _, c := range codecs {
		p := filepath.Join(cacheDir, m.file+c.ext)
		if _, err := os.Stat(p); err != nil {
			err := writeFileAtomic(p, func(w io.Writer) error { return c.compress(ctx, w, m.identity.bytes) })
			if errors.Is(err, context.Canceled) {
				return err
			}
			if err != nil {
				fmt.Fprintf(messages, "warning: runtime cache: %v\n", err)
				continue
			}
		}
		m.publish(c.name, &encoding{name: c.name, etag: variantTag(m.identity.etag, c.name), path: p})
	}
	return nil
}

// writeFileAtomic writes a file through a temporary one renamed into place,
// so that a reader never sees it half written, even when two servers write
// the same entry at once.
func writeFileAtomic(name string, write func(io.Writer) error) error {
	dir := filepath.Dir(name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), name)
}

// sanitize keeps a version string usable in a file name.
func sanitize(s string) string {
	if s == "" {
		return "0"
	}
	b := []byte(s)
	for i, c := range b {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_') {
			b[i] = '_'
		}
	}
	return string(b)
}
