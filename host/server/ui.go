package server

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"path"
	"strings"
)

// embedded holds what the Makefile builds into ui/ before `go build`:
// dist/ (the UI, from web/dist) and kernel/ (kernel.wasm and wasm_exec.js).
// ui/README.md is committed, so the directory exists and the package
// compiles before anything is built.
//
//go:embed all:ui
var embedded embed.FS

// Where the files live in Config.Files.
const (
	uiDir        = "dist"
	kernelWasm   = "kernel/kernel.wasm"
	kernelLoader = "kernel/wasm_exec.js"
)

// EmbeddedFiles returns the files built into the binary: dist/ and kernel/.
func EmbeddedFiles() fs.FS {
	sub, err := fs.Sub(embedded, "ui")
	if err != nil {
		panic(err) // "ui" is a valid name
	}
	return sub
}

// files are the static files the server has: the UI, kernel.wasm and its
// loader. Missing ones answer with what to do.
type files struct {
	ui     map[string]*asset // by URL path, e.g. "/assets/index-1a2b.js"
	kernel *asset            // nil when not built
	loader *asset            // nil when not built
}

func loadFiles(fsys fs.FS) (*files, error) {
	f := &files{ui: map[string]*asset{}}
	err := fs.WalkDir(fsys, uiDir, func(name string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) && name == uiDir {
			return fs.SkipDir
		}
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return err
		}
		urlPath := strings.TrimPrefix(name, uiDir)
		cache := cacheRevalidate
		if strings.HasPrefix(urlPath, "/assets/") {
			// Vite names everything under assets/ by content hash.
			cache = cacheImmutable
		}
		f.ui[urlPath] = newAsset(b, contentType(name), cache)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("server: UI files: %w", err)
	}
	for _, k := range []struct {
		name string
		dst  **asset
	}{{kernelWasm, &f.kernel}, {kernelLoader, &f.loader}} {
		b, err := fs.ReadFile(fsys, k.name)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("server: %s: %w", k.name, err)
		}
		*k.dst = newAsset(b, contentType(k.name), cacheRevalidate)
	}
	return f, nil
}

// all lists the assets in the order they are worth compressing: what the
// page loads first.
func (f *files) all() []*asset {
	var list []*asset
	if a := f.ui["/index.html"]; a != nil {
		list = append(list, a)
	}
	for p, a := range f.ui {
		if p != "/index.html" {
			list = append(list, a)
		}
	}
	for _, a := range []*asset{f.loader, f.kernel} {
		if a != nil {
			list = append(list, a)
		}
	}
	return list
}

// serveIndex answers "/" with the UI's index.html.
func (f *files) serveIndex(w http.ResponseWriter, r *http.Request) {
	a := f.ui["/index.html"]
	if a == nil {
		notBuilt(w, "the UI was not built: run make build", true)
		return
	}
	a.serve(w, r)
}

// serveUI answers any other path with the UI file of that name, or 404.
func (f *files) serveUI(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	if !validPath(p) {
		notFound(w)
		return
	}
	a := f.ui[path.Clean(p)]
	if a == nil || isPreviewFile(path.Clean(p)) {
		notFound(w)
		return
	}
	a.serve(w, r)
}

func (f *files) serveKernel(w http.ResponseWriter, r *http.Request) {
	if f.kernel == nil {
		notBuilt(w, "kernel.wasm was not built: run make build", false)
		return
	}
	f.kernel.serve(w, r)
}

func (f *files) serveLoader(w http.ResponseWriter, r *http.Request) {
	if f.loader == nil {
		notBuilt(w, "wasm_exec.js was not built: run make build", false)
		return
	}
	f.loader.serve(w, r)
}

// notBuilt answers a request for a file the build did not produce: an HTML
// page for the page itself, one line of text for what a script fetches.
func notBuilt(w http.ResponseWriter, msg string, page bool) {
	if !page {
		serverError(w, errors.New(msg))
		return
	}
	w.Header().Set("Cache-Control", cacheNever)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusInternalServerError)
	fmt.Fprintf(w, "<!doctype html>\n<title>wasmrun</title>\n<h1>wasmrun</h1>\n<p>%s</p>\n", msg)
}

func notFound(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", cacheNever)
	w.WriteHeader(http.StatusNotFound)
	fmt.Fprintln(w, "404 not found")
}

// validPath reports whether an URL path may name a served file: absolute,
// and once the leading slash is removed, a valid io/fs name (no "." or ".."
// element, no empty element), with no backslash or NUL that a file system
// elsewhere could read as a separator or an end.
func validPath(p string) bool {
	if !strings.HasPrefix(p, "/") || strings.ContainsAny(p, "\\\x00") {
		return false
	}
	name := p[1:]
	return name == "" || fs.ValidPath(name)
}
