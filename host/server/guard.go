package server

import (
	"fmt"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
)

// guard is what every request passes before it is routed: the security
// headers, the Host check against DNS rebinding, and the refusal of
// cross-origin requests that could change anything.
//
// The server has two origins, on two ports of the same address: the UI's
// (http://127.0.0.1:PORT/, or another name of that address) serves the UI,
// the kernel, the project and the API; the Preview's (the same name, the
// Preview's port) serves only what the Preview panel needs to run a guest's
// app in an origin of its own (preview.go). A page there cannot read the
// UI's documents or call its API as the UI. Another port, not another name:
// the two stay one site, and browsers that block third-party storage (an
// incognito window, with its third-party cookies) refuse a Service Worker
// to a frame of another site (docs/network.md, "The Preview panel").
type guard struct {
	port, previewPort string
	hosts             map[string]bool // the Host header values that name the UI's origin, lower case
	previewHosts      map[string]bool // the same names, with the Preview's port
	uiOrigins         []string        // http://HOST:PORT of the UI's names CSP can say, for the Preview's frame-ancestors
	url               string          // the address to open
	csrf              *http.CrossOriginProtection
}

func newGuard(addr, previewAddr net.Addr) (*guard, error) {
	tcp, ok := addr.(*net.TCPAddr)
	if !ok {
		return nil, fmt.Errorf("server: listener on %s is not TCP", addr)
	}
	ptcp, ok := previewAddr.(*net.TCPAddr)
	if !ok {
		return nil, fmt.Errorf("server: the Preview's listener on %s is not TCP", previewAddr)
	}
	port := strconv.Itoa(tcp.Port)
	g := &guard{port: port, previewPort: strconv.Itoa(ptcp.Port), hosts: map[string]bool{}, previewHosts: map[string]bool{}}
	for _, h := range []string{"127.0.0.1", "localhost", "::1"} {
		g.allow(h)
	}
	open := "127.0.0.1"
	switch {
	case tcp.IP.IsUnspecified():
		// Bound to every address: each of this machine's names it.
		if addrs, err := net.InterfaceAddrs(); err == nil {
			for _, a := range addrs {
				if ipn, ok := a.(*net.IPNet); ok {
					g.allow(ipn.IP.String())
				}
			}
		}
		if name, err := os.Hostname(); err == nil {
			g.allow(name)
		}
	case !tcp.IP.IsLoopback():
		g.allow(tcp.IP.String())
		open = tcp.IP.String()
	}
	g.url = "http://" + net.JoinHostPort(open, port) + "/"
	g.csrf = http.NewCrossOriginProtection()
	g.csrf.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		refuse(w, "cross-origin request refused")
	}))
	return g, nil
}

// allow makes host a name of the UI's origin, and of the Preview's.
func (g *guard) allow(host string) {
	hp := strings.ToLower(net.JoinHostPort(host, g.port))
	if g.hosts[hp] {
		return
	}
	g.hosts[hp] = true
	g.previewHosts[strings.ToLower(net.JoinHostPort(host, g.previewPort))] = true
	if !strings.Contains(host, ":") {
		// CSP has no way to write an IPv6 address: a UI opened on [::1]
		// cannot frame the Preview.
		g.uiOrigins = append(g.uiOrigins, "http://"+hp)
	}
}

// previewOrigin is the Preview's origin for a page of the UI's origin at
// host (a key of hosts): the same name, the Preview's port.
func (g *guard) previewOrigin(host string) string {
	h, _, err := net.SplitHostPort(host)
	if err != nil {
		h = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(h, g.previewPort)
}

// wrap applies the guard: requests for the UI's origin go to ui, those for
// the Preview's to preview, and any other Host is refused.
func (g *guard) wrap(ui, preview http.Handler) http.Handler {
	uiChecked := g.csrf.Handler(ui)
	previewChecked := g.csrf.Handler(preview)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host := strings.ToLower(r.Host)
		switch {
		case g.previewHosts[host]:
			// No file path check: the Preview's origin serves three fixed
			// files, and the rest of /preview/ are the guest's paths.
			setPreviewHeaders(w.Header(), g.uiOrigins)
			previewChecked.ServeHTTP(w, r)
		case !g.hosts[host]:
			// A page on another name that resolves here (DNS rebinding)
			// must not read anything.
			setSecurityHeaders(w.Header(), "127.0.0.1:"+g.port, g.previewOrigin(""))
			refuse(w, fmt.Sprintf("Host %q is not this server's address", r.Host))
		case !validPath(r.URL.Path) || hasDotDot(r.URL.Path):
			setSecurityHeaders(w.Header(), host, g.previewOrigin(host))
			notFound(w)
		default:
			setSecurityHeaders(w.Header(), host, g.previewOrigin(host))
			uiChecked.ServeHTTP(w, r)
		}
	})
}

// hasDotDot reports a ".." element anywhere in an URL path: never a file.
func hasDotDot(p string) bool {
	for el := range strings.SplitSeq(p, "/") {
		if el == ".." {
			return true
		}
	}
	return false
}

// sameOrigin reports whether a request's Origin, if it has one, is the page
// this server served: http:// and the Host it was sent to (already checked).
func sameOrigin(r *http.Request) bool {
	o := r.Header.Get("Origin")
	return o == "" || strings.EqualFold(o, "http://"+r.Host)
}

func refuse(w http.ResponseWriter, msg string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", cacheNever)
	w.WriteHeader(http.StatusForbidden)
	fmt.Fprintf(w, "wasmrun: %s\n", msg)
}

// setSecurityHeaders sets what every response of the UI's origin carries:
// cross-origin isolation (the kernel needs SharedArrayBuffer), no sniffing,
// and a strict Content-Security-Policy. host is the checked Host, for the
// WebSocket's origin; preview the Preview's origin, which the UI frames.
func setSecurityHeaders(h http.Header, host, preview string) {
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Cross-Origin-Embedder-Policy", "require-corp")
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Content-Security-Policy", csp(host, preview))
}

// csp is the policy for the UI and its workers (a worker takes the policy
// of its script's response): scripts only from here, plus compiling
// WebAssembly; workers from here or blob:; connections to here and its
// WebSocket; frames from the Preview's origin only; inline styles because
// xterm.js sets them.
func csp(host, preview string) string {
	return strings.Join([]string{
		"default-src 'self'",
		"script-src 'self' 'wasm-unsafe-eval'",
		"worker-src 'self' blob:",
		"connect-src 'self' ws://" + host,
		"frame-src " + preview,
		"style-src 'self' 'unsafe-inline'",
		"img-src 'self' data: blob:",
		"font-src 'self' data:",
		"object-src 'none'",
		"base-uri 'none'",
		"form-action 'none'",
		"frame-ancestors 'none'",
	}, "; ")
}

// setPreviewHeaders sets what the host's responses at the Preview's origin
// carry: framed by the cross-origin isolated UI, they declare
// Cross-Origin-Embedder-Policy themselves and let the UI embed them
// (Cross-Origin-Resource-Policy: cross-origin); only the UI's origins may
// frame them; scripts from here only, and no connections but to here.
func setPreviewHeaders(h http.Header, uiOrigins []string) {
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Cross-Origin-Embedder-Policy", "require-corp")
	h.Set("Cross-Origin-Resource-Policy", "cross-origin")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Content-Security-Policy", strings.Join([]string{
		"default-src 'self'",
		"object-src 'none'",
		"base-uri 'none'",
		"form-action 'none'",
		"frame-ancestors " + strings.Join(uiOrigins, " "),
	}, "; "))
}
