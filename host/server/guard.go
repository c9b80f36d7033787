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
type guard struct {
	port  string
	hosts map[string]bool // the Host header values that name this server, lower case
	url   string          // the address to open
	csrf  *http.CrossOriginProtection
}

func newGuard(addr net.Addr) (*guard, error) {
	tcp, ok := addr.(*net.TCPAddr)
	if !ok {
		return nil, fmt.Errorf("server: listener on %s is not TCP", addr)
	}
	port := strconv.Itoa(tcp.Port)
	g := &guard{port: port, hosts: map[string]bool{}}
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

func (g *guard) allow(host string) {
	g.hosts[strings.ToLower(net.JoinHostPort(host, g.port))] = true
}

// wrap applies the guard to h.
func (g *guard) wrap(h http.Handler) http.Handler {
	checked := g.csrf.Handler(h)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host := strings.ToLower(r.Host)
		ours := g.hosts[host]
		if !ours {
			host = "127.0.0.1:" + g.port
		}
		setSecurityHeaders(w.Header(), host)
		switch {
		case !ours:
			// A page on another name that resolves here (DNS rebinding)
			// must not read anything.
			refuse(w, fmt.Sprintf("Host %q is not this server's address", r.Host))
		case !validPath(r.URL.Path) || hasDotDot(r.URL.Path):
			notFound(w)
		default:
			checked.ServeHTTP(w, r)
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

// setSecurityHeaders sets what every response carries: cross-origin
// isolation (the kernel needs SharedArrayBuffer), no sniffing, and a strict
// Content-Security-Policy. host is the checked Host, for the WebSocket's
// origin.
func setSecurityHeaders(h http.Header, host string) {
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Cross-Origin-Embedder-Policy", "require-corp")
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Content-Security-Policy", csp(host))
}

// csp is the policy for the UI and its workers (a worker takes the policy
// of its script's response): scripts only from here, plus compiling
// WebAssembly; workers from here or blob:; connections to here and its
// WebSocket; inline styles because xterm.js sets them.
func csp(host string) string {
	return strings.Join([]string{
		"default-src 'self'",
		"script-src 'self' 'wasm-unsafe-eval'",
		"worker-src 'self' blob:",
		"connect-src 'self' ws://" + host,
		"style-src 'self' 'unsafe-inline'",
		"img-src 'self' data: blob:",
		"font-src 'self' data:",
		"object-src 'none'",
		"base-uri 'none'",
		"form-action 'none'",
		"frame-ancestors 'none'",
	}, "; ")
}
