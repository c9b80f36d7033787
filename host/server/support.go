package server

import (
	"bytes"
	"fmt"
	"net/http"

	"github.com/wasmrun/wasmrun/kernel/boot"
)

// supportFiles are the session's language's support files as the page
// gets them (the Node layer, Python's sitecustomize): a tar made by
// kernel/boot.SupportTar, named by its sha256 and cached for good. The
// kernel mounts them at /opt/wasmrun; kernel.wasm does not carry them.
type supportFiles struct {
	*asset
	file string // "<sha256>.tar"
}

func prepareSupport(language string) (*supportFiles, error) {
	var buf bytes.Buffer
	if err := boot.SupportTar(language, &buf); err != nil {
		return nil, fmt.Errorf("server: the %s support files: %w", language, err)
	}
	a := newAsset(buf.Bytes(), "application/x-tar", cacheImmutable)
	return &supportFiles{asset: a, file: a.sha256 + ".tar"}, nil
}

// serveSupport answers /support/:file for the session's support tar only.
func (s *supportFiles) serveSupport(w http.ResponseWriter, r *http.Request, file string) {
	if file != s.file {
		notFound(w)
		return
	}
	s.serve(w, r)
}
