package server

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"mime"
	"net/http"
	"os"
	"path"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/andybalholm/brotli"
)

// Compression settings, chosen by measurement on these machines (2 cores):
// for a 5.0 MB kernel.wasm, brotli quality 5 takes 0.27 s for 23.5% of the
// size, against 13 s for 20.0% at quality 11; for the 26 MB python.wasm,
// 1.5 s for 36.7% against 2 minutes for 32.0% at 11 (gzip -6: 0.8 s,
// 45.9%). doc.go has the figures, and why nothing is compressed on
// loopback.
const (
	brotliQuality = 5
	brotliWindow  = 24
	// minCompress is the size under which a file is served as is.
	minCompress = 1 << 10
)

// Cache-Control values.
const (
	cacheImmutable  = "public, max-age=31536000, immutable"
	cacheRevalidate = "no-cache"
	cacheNever      = "no-store"
)

// encoding is one representation of a resource: its bytes in memory, or a
// file on disk.
type encoding struct {
	name  string // Content-Encoding: "br", "gzip", or "" for identity
	etag  string
	bytes []byte
	path  string // used when bytes is nil
}

// asset is a resource served with the encoding the client prefers among
// those ready: compressed variants are added once computed, and until then
// the identity is served.
type asset struct {
	sha256       string // of the identity, hex
	contentType  string
	cacheControl string
	identity     encoding
	size         int64 // the identity's size, sent as X-Content-Length
	vary         bool  // compressed variants are (or will be) served
	br, gz       atomic.Pointer[encoding]
}

func newAsset(b []byte, contentType, cacheControl string) *asset {
	sum := sha256.Sum256(b)
	hexSum := hex.EncodeToString(sum[:])
	return &asset{
		sha256:       hexSum,
		contentType:  contentType,
		cacheControl: cacheControl,
		// A strong tag from the content; each variant has its own.
		identity: encoding{etag: `"` + hexSum[:32] + `"`, bytes: b},
		size:     int64(len(b)),
	}
}

// hashedAsset is an asset served under a name made of its sha256
// ("<sha256>.wasm"), so that it can be cached for good: the session gives
// the name, and any other name under its path is 404.
type hashedAsset struct {
	*asset
	file string
}

func newHashedAsset(b []byte, contentType, ext string) hashedAsset {
	a := newAsset(b, contentType, cacheImmutable)
	return hashedAsset{asset: a, file: a.sha256 + ext}
}

// serveNamed answers a request for file: the asset if that is its name.
func (h hashedAsset) serveNamed(w http.ResponseWriter, r *http.Request, file string) {
	if file != h.file {
		notFound(w)
		return
	}
	h.serve(w, r)
}

// compressible reports whether compressing the asset is worth it.
func (a *asset) compressible() bool {
	if a.size < minCompress {
		return false
	}
	ct := a.contentType
	return strings.HasPrefix(ct, "text/") || strings.HasPrefix(ct, "application/javascript") ||
		strings.HasPrefix(ct, "application/json") || ct == "application/wasm" || ct == "application/x-tar" ||
		strings.HasPrefix(ct, "image/svg+xml")
}

// compressInMemory computes the brotli and gzip variants from the identity
// bytes, publishing each as it is ready.
func (a *asset) compressInMemory(ctx context.Context) error {
	if !a.compressible() {
		return nil
	}
	for _, c := range codecs {
		var buf bytes.Buffer
		if err := c.compress(ctx, &buf, a.identity.bytes); err != nil {
			return err
		}
		a.publish(c.name, &encoding{name: c.name, etag: variantTag(a.identity.etag, c.name), bytes: buf.Bytes()})
	}
	return nil
}

func variantTag(identityTag, enc string) string {
	return strings.TrimSuffix(identityTag, `"`) + "-" + enc + `"`
}

func (a *asset) publish(name string, e *encoding) {
	switch name {
	case "br":
		a.br.Store(e)
	case "gzip":
		a.gz.Store(e)
	}
}

// serve answers GET and HEAD with the best ready encoding. Conditional and
// range requests are handled by http.ServeContent.
func (a *asset) serve(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", a.contentType)
	h.Set("Cache-Control", a.cacheControl)
	// The page counts download progress in decoded bytes.
	h.Set("X-Content-Length", strconv.FormatInt(a.size, 10))
	if a.vary {
		h.Set("Vary", "Accept-Encoding")
	}
	e := a.choose(r.Header.Get("Accept-Encoding"))
	if e.name != "" {
		h.Set("Content-Encoding", e.name)
	}
	h.Set("ETag", e.etag)
	if e.bytes != nil {
		http.ServeContent(w, r, "", timeZero, bytes.NewReader(e.bytes))
		return
	}
	f, err := os.Open(e.path)
	if err != nil {
		// The cached file went away: fall back to the identity.
		h.Del("Content-Encoding")
		h.Set("ETag", a.identity.etag)
		http.ServeContent(w, r, "", timeZero, bytes.NewReader(a.identity.bytes))
		return
	}
	defer f.Close()
	http.ServeContent(w, r, "", timeZero, f)
}

func (a *asset) choose(acceptEncoding string) *encoding {
	accepted := parseAcceptEncoding(acceptEncoding)
	if e := a.br.Load(); e != nil && accepted["br"] {
		return e
	}
	if e := a.gz.Load(); e != nil && accepted["gzip"] {
		return e
	}
	return &a.identity
}

// parseAcceptEncoding returns the codings the client accepts, by name; a
// coding with q=0 is refused.
func parseAcceptEncoding(s string) map[string]bool {
	m := map[string]bool{}
	for part := range strings.SplitSeq(s, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		name = strings.ToLower(strings.TrimSpace(name))
		if name == "" {
			continue
		}
		ok := true
		for p := range strings.SplitSeq(params, ";") {
			k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
			if strings.EqualFold(strings.TrimSpace(k), "q") {
				if q, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil && q == 0 {
					ok = false
				}
			}
		}
		m[name] = ok
	}
	return m
}

// codec is a Content-Encoding the server produces.
type codec struct {
	name string
	ext  string // of a cached file
	new  func(io.Writer) io.WriteCloser
}

var codecs = []codec{
	{"br", ".br", func(w io.Writer) io.WriteCloser {
		return brotli.NewWriterOptions(w, brotli.WriterOptions{Quality: brotliQuality, LGWin: brotliWindow})
	}},
	{"gzip", ".gz", func(w io.Writer) io.WriteCloser {
		zw, _ := gzip.NewWriterLevel(w, gzip.DefaultCompression)
		return zw
	}},
}

// compress writes b compressed to w, checking ctx between chunks so that a
// server shutting down is not held by a long compression.
func (c codec) compress(ctx context.Context, w io.Writer, b []byte) error {
	zw := c.new(w)
	const chunk = 1 << 20
	for len(b) > 0 {
		if err := ctx.Err(); err != nil {
			return err
		}
		n := min(chunk, len(b))
		if _, err := zw.Write(b[:n]); err != nil {
			return err
		}
		b = b[n:]
	}
	return zw.Close()
}

// contentType names the media type of a file by its extension.
func contentType(name string) string {
	ext := strings.ToLower(path.Ext(name))
	if t, ok := extraTypes[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}

// extraTypes fixes the types the UI needs that the system's table may lack
// or get wrong.
var extraTypes = map[string]string{
	".js":          "text/javascript; charset=utf-8",
	".mjs":         "text/javascript; charset=utf-8",
	".css":         "text/css; charset=utf-8",
	".html":        "text/html; charset=utf-8",
	".json":        "application/json",
	".map":         "application/json",
	".wasm":        "application/wasm",
	".svg":         "image/svg+xml",
	".woff2":       "font/woff2",
	".woff":        "font/woff",
	".ttf":         "font/ttf",
	".ico":         "image/x-icon",
	".txt":         "text/plain; charset=utf-8",
	".webmanifest": "application/manifest+json",
}

// timeZero is the modification time given to http.ServeContent: none, so
// that validation is by ETag only.
var timeZero time.Time
