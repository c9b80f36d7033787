//go:build !js

package net_test

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/wasmrun/wasmrun/kernel"
	knet "github.com/wasmrun/wasmrun/kernel/net"
)

// tlsServer is an HTTPS server on the host's loopback whose certificate is
// for example.com, and the roots that trust it.
func tlsServer(t *testing.T) (port int, roots *x509.CertPool) {
	t.Helper()
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "secure "+r.URL.Path)
	}))
	t.Cleanup(srv.Close)
	u, _ := url.Parse(srv.URL)
	port, _ = strconv.Atoi(u.Port())
	roots = x509.NewCertPool()
	roots.AddCert(srv.Certificate())
	return port, roots
}

func TestHostTransportSpeaksTLSForTheGuest(t *testing.T) {
	port, roots := tlsServer(t)
	// httptest's certificate is for example.com; the test resolves it to
	// the loopback, which the policy must then name.
	rule := "127.0.0.1/32:" + strconv.Itoa(port)
	resolve := hostResolver{"example.com": "127.0.0.1", "example.net": "127.0.0.1"}
	for _, tt := range []struct {
		name  string
		host  string
		roots *x509.CertPool
		err   error
	}{
		{"verified", "example.com", roots, nil},
		{"unknown authority", "example.com", nil, syscall.EPROTO},
		{"wrong name", "example.net", roots, syscall.EPROTO},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e, n := newHostEnv(t, knet.Config{Allow: []string{"example.net", "example.com", rule}}, &knet.HostTransport{Resolver: resolve, TLSConfig: &tls.Config{RootCAs: tt.roots}})
			s, err := n.ConnectTLS(e.p, tt.host, port)
			if err != nil {
				t.Fatal(err)
			}
			waitFor(t, "the handshake", func() bool { pending, _ := s.ConnectState(); return !pending })
			if _, err := s.ConnectState(); !errors.Is(err, tt.err) {
				t.Fatalf("connect: %v, want %v", err, tt.err)
			}
			if tt.err != nil {
				if !logged(e, "tls", "TLS handshake with "+tt.host+" failed") {
					t.Error("the failure is not in the log")
				}
				return
			}
			writeAll(t, s, []byte("GET /hello HTTP/1.1\r\nHost: example.com\r\nConnection: close\r\n\r\n"))
			got := readAll(t, s)
			if !strings.HasPrefix(got, "HTTP/1.1 200 OK") || !strings.HasSuffix(got, "secure /hello") {
				t.Errorf("the guest read %q", got)
			}
		})
	}
}

// logged reports whether a decision for op whose message contains text was
// logged.
func logged(e *env, op, text string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, en := range e.log {
		if en.Fields["op"] == op && strings.Contains(en.Message, text) {
			return true
		}
	}
	return false
}

var _ kernel.TLSConnector = (*knet.Network)(nil)
