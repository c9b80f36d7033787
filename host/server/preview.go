package server

import (
	"fmt"
	"net/http"
	"strings"
)

// The Preview's files in the UI's build (web/public), served at the
// Preview's origin only (the UI's name, the Preview's port: see guard): the Service
// Worker, whose scope is /preview/, and the bridge page the UI frames,
// hidden, to register it and to carry its requests to the UI with
// postMessage (docs/network.md, "The Preview panel"). The UI's origin does
// not serve them: a Service Worker there would control the UI's origin.
var previewFiles = map[string]string{
	"/preview/sw.js":       "/preview-sw.js",
	"/preview/bridge.html": "/preview-bridge.html",
	"/preview/bridge.js":   "/preview-bridge.js",
}

// isPreviewFile reports whether p is one of the Preview's files in the
// UI's build, which the UI's origin does not serve.
func isPreviewFile(p string) bool {
	for _, f := range previewFiles {
		if p == f {
			return true
		}
	}
	return false
}

// previewRoutes are the endpoints of the Preview's origin; doc.go has them
// as a table. Nothing else is served there: not the UI, not the API, not
// the WebSocket.
func (s *Server) previewRoutes() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, "/preview/") {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.Header().Set("Cache-Control", cacheNever)
			w.WriteHeader(http.StatusNotFound)
			fmt.Fprintf(w, "wasmrun: %s is the Preview's origin, which serves guest ports at /preview/PORT/ only (an absolute link or redirect in the app leaves it): the UI is at %s\n",
				"http://"+r.Host, s.url)
			return
		}
		s.servePreview(w, r)
	})
}

// servePreview answers /preview/* at the Preview's origin: the Preview's
// files, and for anything else a 503 with what to do. The guest's paths
// under /preview/PORT/ are answered by the Service Worker from the kernel
// in the UI's page; reaching the host means no Service Worker took the
// request (this browser never opened the UI, the Preview was opened in a
// tab of its own after the UI's tab was closed, or a hard reload bypassed
// it).
func (s *Server) servePreview(w http.ResponseWriter, r *http.Request) {
	if f, ok := previewFiles[r.URL.Path]; ok && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
		a := s.files.ui[f]
		if a == nil {
			notBuilt(w, "the UI was not built: run make build", false)
			return
		}
		a.serve(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", cacheNever)
	w.WriteHeader(http.StatusServiceUnavailable)
	fmt.Fprintf(w, "wasmrun: %s%s is served by the kernel in the wasmrun UI's tab, through the Service Worker of its Preview panel, which did not take this request: open %s (the UI) in this browser, then reload (a hard reload bypasses the Service Worker)\n",
		"http://"+r.Host, strings.TrimSuffix(r.URL.Path, "/"), s.url)
}
