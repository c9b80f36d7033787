package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log"
	"net"
	"net/http"
	"strconv"
	"sync"
	"syscall"
	"time"

	"github.com/julienschmidt/httprouter"

	"github.com/wasmrun/wasmrun/host/project"
	"github.com/wasmrun/wasmrun/kernel/protocol"
)

// Config is what a Server serves and where.
type Config struct {
	// Listener is where the server accepts connections, from Listen.
	Listener net.Listener

	// Session is what GET /api/session answers. Its Project is completed
	// from a fresh scan of Project.Root at each request (Files, Bytes,
	// Skipped, Name when empty), and RuntimeURL is set by the server.
	// Session.Watch turns on watching the project.
	Session protocol.Session

	// Scan bounds the project selection (zero fields: the defaults).
	Scan project.Options

	// Runtime is the language runtime's module, as resolved.
	Runtime []byte
	// Instrument rewrites the runtime so that a computing guest can be
	// interrupted, and InstrumentVersion names its output in the cache key.
	// Nil means kernel/instrument with its default options and Version;
	// tests give their own.
	Instrument        func([]byte) ([]byte, error)
	InstrumentVersion string

	// CacheDir keeps the instrumented runtime and its compressed variants
	// between runs; "" keeps them in memory only.
	CacheDir string

	// Compress also serves brotli and gzip variants of the runtime, to
	// clients that accept them, computed in the background and cached in
	// CacheDir (the kernel, wasm_exec.js and the UI always have theirs).
	// Worth it only over a network: on loopback, Chromium fetches and
	// compiles python.wasm in about 100 ms uncompressed against 230-700 ms
	// from brotli (measured; see doc.go).
	Compress bool

	// Files holds dist/ (the UI) and kernel/ (kernel.wasm, wasm_exec.js);
	// nil means the files embedded in the binary.
	Files fs.FS

	// Stdout and Stderr receive the guest's output from the page; nil
	// discards it.
	Stdout, Stderr io.Writer
	// Messages receives the server's notices and warnings, and with
	// Verbose the kernel's log entries and process ends; nil discards them.
	Messages io.Writer
	Verbose  bool

	// Forwards are the host ports of --listen and --forward, bound by the
	// caller: their connections are relayed to the page's kernel
	// (netrelay.go). The policy of outbound connections is
	// Session.Network's.
	Forwards []Forward
}

func (c *Config) messages() io.Writer {
	if c.Messages == nil {
		return io.Discard
	}
	return c.Messages
}

// ErrPortInUse is returned (wrapped) by Listen when the port is taken.
var ErrPortInUse = errors.New("address already in use")

// Listen binds host:port for a Server. Port 0 picks a free port.
func Listen(host string, port int) (net.Listener, error) {
	addr := net.JoinHostPort(host, strconv.Itoa(port))
	l, err := net.Listen("tcp", addr)
	if errors.Is(err, syscall.EADDRINUSE) {
		return nil, fmt.Errorf("listen %s: %w", addr, ErrPortInUse)
	}
	if err != nil {
		return nil, fmt.Errorf("listen %s: %w", addr, err)
	}
	return l, nil
}

// Server is wasmrun os's host: it serves the UI, kernel.wasm, the runtime
// and the project to the page, and takes the guest's output back.
type Server struct {
	cfg     Config
	files   *files
	runtime *runtimeModule
	support hashedAsset // the language's support files (support.go)
	guard   *guard
	hub     *hub
	http    *http.Server
	url     string
	preview net.Listener // the Preview's origin's port (guard)

	// ctx ends when the server shuts down: WebSockets, the watcher and
	// background compression stop with it.
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// New prepares a server on cfg.Listener: it loads the UI and kernel files
// and instruments the runtime (from the cache when it can). Compression
// starts in the background; Serve serves.
func New(cfg Config) (*Server, error) {
	if cfg.Listener == nil {
		return nil, errors.New("server: no listener")
	}
	if cfg.Files == nil {
		cfg.Files = EmbeddedFiles()
	}
	f, err := loadFiles(cfg.Files)
	if err != nil {
		return nil, err
	}
	rt, err := prepareRuntime(&cfg)
	if err != nil {
		return nil, err
	}
	cfg.Session.RuntimeURL = "/runtimes/" + rt.file
	sup, err := prepareSupport(cfg.Session.Project.Language)
	if err != nil {
		return nil, err
	}
	cfg.Session.SupportURL = "/support/" + sup.file
	// The Preview's origin: another port of the same address (guard).
	tcp, ok := cfg.Listener.Addr().(*net.TCPAddr)
	if !ok {
		return nil, fmt.Errorf("server: listener on %s is not TCP", cfg.Listener.Addr())
	}
	pl, err := Listen(tcp.IP.String(), 0)
	if err != nil {
		return nil, fmt.Errorf("server: the Preview's port: %w", err)
	}
	g, err := newGuard(cfg.Listener.Addr(), pl.Addr())
	if err != nil {
		pl.Close()
		return nil, err
	}
	cfg.Session.PreviewPort = pl.Addr().(*net.TCPAddr).Port
	s, err := newServer(cfg, f, rt, sup, g, pl)
	if err != nil {
		pl.Close()
	}
	return s, err
}

func newServer(cfg Config, f *files, rt *runtimeModule, sup hashedAsset, g *guard, pl net.Listener) (*Server, error) {
	ctx, cancel := context.WithCancel(context.Background())
	s := &Server{
		cfg:     cfg,
		files:   f,
		runtime: rt,
		support: sup,
		guard:   g,
		url:     g.url,
		preview: pl,
		ctx:     ctx,
		cancel:  cancel,
	}
	s.hub = newHub(ctx, &s.cfg)
	pol, err := cfg.Session.Network.Policy()
	if err != nil {
		cancel()
		return nil, err
	}
	s.hub.net = newNetRelay(s.hub, pol, g.url)
	errorLog := io.Discard
	if cfg.Verbose {
		errorLog = cfg.messages()
	}
	s.http = &http.Server{
		Handler:           g.wrap(s.routes(), s.previewRoutes()),
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          log.New(errorLog, "wasmrun: http: ", 0),
		BaseContext:       func(net.Listener) context.Context { return ctx },
	}
	s.http.RegisterOnShutdown(cancel)
	// kernel.wasm, wasm_exec.js, the support files and the UI are always
	// offered brotli and gzip; the runtime only with Compress (see the
	// package doc: over loopback a 26 MB runtime fetches and compiles
	// faster as it is).
	assets := append(f.all(), sup.asset)
	for _, a := range assets {
		a.vary = a.compressible()
	}
	s.background(func(ctx context.Context) {
		for _, a := range assets {
			if a.compressInMemory(ctx) != nil {
				return
			}
		}
	})
	if cfg.Compress {
		rt.asset.vary = rt.asset.compressible()
		s.background(func(ctx context.Context) {
			rt.compress(ctx, cfg.CacheDir, cfg.messages())
		})
	}
	return s, nil
}

func (s *Server) background(fn func(ctx context.Context)) {
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		fn(s.ctx)
	}()
}

// URL is the address to open: http://127.0.0.1:PORT/ (or the host given to
// Listen, when it is not a wildcard).
func (s *Server) URL() string { return s.url }

// Session is what /api/session describes, without the per-request scan.
func (s *Server) Session() protocol.Session { return s.cfg.Session }

// Serve serves until ctx ends, then shuts down: requests in flight get a
// moment to finish, WebSockets are closed, background work stops. It
// returns nil after a shutdown.
func (s *Server) Serve(ctx context.Context) error {
	if s.cfg.Session.Watch {
		w, err := newWatcher(&s.cfg, s.hub.broadcast)
		if err != nil {
			fmt.Fprintf(s.cfg.messages(), "warning: --watch: %v\n", err)
		} else {
			s.background(w.run)
		}
	}
	for _, f := range s.cfg.Forwards {
		s.background(func(ctx context.Context) {
			go func() {
				<-ctx.Done()
				f.Listener.Close()
			}()
			s.hub.net.serveForward(f)
		})
	}
	errc := make(chan error, 1)
	go func() { errc <- s.http.Serve(s.cfg.Listener) }()
	go s.http.Serve(s.preview) // ends with the other, at the shutdown
	var err error
	select {
	case err = <-errc:
	case <-ctx.Done():
		sctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		err = s.http.Shutdown(sctx)
		cancel()
		if err != nil {
			s.http.Close()
		}
		<-errc
		err = nil
	}
	s.preview.Close()
	s.cancel()
	s.wg.Wait()
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

// routes are the endpoints; doc.go has them as a table. Every GET route
// answers HEAD too.
func (s *Server) routes() http.Handler {
	r := httprouter.New()
	// Paths are served exactly as asked: no redirect to a "fixed" path,
	// so that /x/../kernel.wasm is a 404 and not a redirect.
	r.RedirectFixedPath = false
	r.RedirectTrailingSlash = false
	get := func(path string, h httprouter.Handle) {
		r.GET(path, h)
		r.HEAD(path, h)
	}
	get("/", func(w http.ResponseWriter, req *http.Request, _ httprouter.Params) { s.files.serveIndex(w, req) })
	get("/assets/*file", func(w http.ResponseWriter, req *http.Request, _ httprouter.Params) { s.files.serveUI(w, req) })
	get("/kernel.wasm", func(w http.ResponseWriter, req *http.Request, _ httprouter.Params) { s.files.serveKernel(w, req) })
	get("/wasm_exec.js", func(w http.ResponseWriter, req *http.Request, _ httprouter.Params) { s.files.serveLoader(w, req) })
	get("/runtimes/:file", func(w http.ResponseWriter, req *http.Request, p httprouter.Params) {
		s.runtime.serveNamed(w, req, p.ByName("file"))
	})
	get("/support/:file", func(w http.ResponseWriter, req *http.Request, p httprouter.Params) {
		s.support.serveNamed(w, req, p.ByName("file"))
	})
	get("/api/session", s.serveSession)
	get("/api/project.tar", s.serveProjectTar)
	get("/api/ws", s.hub.serveWS)
	// Other UI files (favicon.svg, ...) sit at the root of dist/; the
	// Preview's files are served at the Preview's origin only (preview.go).
	r.NotFound = http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if req.Method != http.MethodGet && req.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "405 method not allowed", http.StatusMethodNotAllowed)
			return
		}
		s.files.serveUI(w, req)
	})
	r.MethodNotAllowed = http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		http.Error(w, "405 method not allowed", http.StatusMethodNotAllowed)
	})
	r.PanicHandler = func(w http.ResponseWriter, _ *http.Request, v any) {
		if v == http.ErrAbortHandler {
			panic(v)
		}
		fmt.Fprintf(s.cfg.messages(), "wasmrun: internal error: %v\n", v)
		http.Error(w, "500 internal error", http.StatusInternalServerError)
	}
	return r
}
