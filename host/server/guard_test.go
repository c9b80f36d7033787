package server

import (
	"net"
	"net/http"
	"strings"
	"testing"
)

func TestOnlyRequestsForThisServersAddressAreAnswered(t *testing.T) {
	ts := start(t, nil)
	p := ts.port
	tests := []struct {
		host string
		ok   bool
	}{
		{"127.0.0.1:" + p, true},
		{"localhost:" + p, true},
		{"[::1]:" + p, true},
		{"LocalHost:" + p, true},
		{"evil.example:" + p, false},     // DNS rebinding: a name that resolves here
		{"127.0.0.1.nip.io:" + p, false}, // the same, by a wildcard DNS service
		{"localhost", false},             // the port is part of the origin
		{"127.0.0.1", false},
		{"127.0.0.1:1" + p, false},
		{"localhost.:" + p, false},
		{"0.0.0.0:" + p, false},
	}
	for _, tt := range tests {
		t.Run(tt.host, func(t *testing.T) {
			for _, path := range []string{"/", "/api/session", "/api/project.tar", ts.runtimePath()} {
				r := ts.do(t, "GET", path, map[string]string{"Host": tt.host})
				if tt.ok && r.status != http.StatusOK {
					t.Errorf("GET %s with Host %q: %d, want 200", path, tt.host, r.status)
				}
				if !tt.ok {
					if r.status != http.StatusForbidden {
						t.Errorf("GET %s with Host %q: %d, want 403", path, tt.host, r.status)
					}
					if body := string(r.body); strings.Count(body, "\n") != 1 || !strings.HasSuffix(body, "\n") || !strings.Contains(body, "Host") {
						t.Errorf("refusal body %.200q: want one line about the Host", body)
					}
				}
			}
		})
	}
}

func TestARequestWithoutAHostIsRefused(t *testing.T) {
	ts := start(t, nil)
	for _, req := range []string{
		"GET /api/session HTTP/1.0\r\n\r\n",
		"GET /api/session HTTP/1.1\r\nHost: \r\nConnection: close\r\n\r\n",
	} {
		if status, _ := ts.rawRequest(t, req); status != http.StatusForbidden && status != http.StatusBadRequest {
			t.Errorf("%q: %d, want 403 or 400", req, status)
		}
	}
}

func TestCrossOriginRequestsThatChangeAnythingAreRefused(t *testing.T) {
	ts := start(t, nil)
	self := "http://" + ts.host
	tests := []struct {
		name    string
		method  string
		headers map[string]string
		status  int
	}{
		{"POST from another origin", "POST", map[string]string{"Origin": "http://evil.example"}, 403},
		{"PUT from another origin", "PUT", map[string]string{"Origin": "http://evil.example"}, 403},
		{"DELETE from another port", "DELETE", map[string]string{"Origin": "http://127.0.0.1:1"}, 403},
		{"POST from localhost to 127.0.0.1 (another origin)", "POST", map[string]string{"Origin": "http://localhost:" + ts.port}, 403},
		{"POST a browser marks cross-site", "POST", map[string]string{"Sec-Fetch-Site": "cross-site"}, 403},
		{"POST from a null origin", "POST", map[string]string{"Origin": "null"}, 403},
		// Not refused as cross-origin: there is just nothing to POST to.
		{"POST from our own page", "POST", map[string]string{"Origin": self, "Sec-Fetch-Site": "same-origin"}, 405},
		{"POST with no browser headers (curl)", "POST", nil, 405},
		// Reading is allowed: the browser keeps the answer from a foreign page
		// (no CORS headers, Cross-Origin-Resource-Policy same-origin).
		{"GET from another origin", "GET", map[string]string{"Origin": "http://evil.example"}, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := ts.do(t, tt.method, "/api/session", tt.headers)
			if r.status != tt.status {
				t.Fatalf("status %d, want %d (%.200q)", r.status, tt.status, r.body)
			}
			if r.status == 403 && strings.Count(string(r.body), "\n") != 1 {
				t.Errorf("refusal body %q: want one line", r.body)
			}
			if r.header.Get("Access-Control-Allow-Origin") != "" {
				t.Errorf("Access-Control-Allow-Origin %q: no origin is ever allowed", r.header.Get("Access-Control-Allow-Origin"))
			}
		})
	}
}

func TestPathTraversalFindsNothing(t *testing.T) {
	ts := start(t, nil)
	targets := []string{
		"/assets/../../etc/passwd",
		"/assets/../index.html",
		"/assets/../kernel.wasm",
		"/../etc/passwd",
		"/..",
		"/assets/%2e%2e/%2e%2e/etc/passwd",
		"/assets/%2E%2E/kernel.wasm",
		"/assets/..%2f..%2fetc%2fpasswd",
		"/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
		"/assets\\..\\..\\etc\\passwd",
		"/assets/..\\..\\etc\\passwd",
		"/assets/%5c..%5c..%5cetc%5cpasswd",
		"/..%5c..%5cetc%5cpasswd",
		"//etc/passwd",
		"/assets//etc/passwd",
		"/assets/./index-1a2b3c.js",
		"/runtimes/..%2f..%2fetc%2fpasswd",
		"/runtimes/../kernel.wasm",
		"/api/../kernel.wasm",
		"/api/..%2fproject.tar",
		"/main.py", // a project file: only the tar carries those
		"/lib/util.py",
		"/assets/%00",
	}
	for _, target := range targets {
		t.Run(target, func(t *testing.T) {
			status, h := ts.raw(t, target)
			if status != http.StatusNotFound && status != http.StatusBadRequest {
				t.Fatalf("GET %s: %d, want 404", target, status)
			}
			if loc := h.Get("Location"); loc != "" {
				t.Errorf("GET %s redirects to %q", target, loc)
			}
		})
	}
}

func TestTheWebSocketRefusesForeignOrigins(t *testing.T) {
	ts := start(t, nil)
	tests := []struct {
		origin string
		ok     bool
	}{
		{"http://" + ts.host, true},
		{"", true}, // not a browser: nothing to forge
		{"http://evil.example", false},
		{"http://localhost:" + ts.port, false},          // the page was loaded from 127.0.0.1
		{"http://127.0.0.1:" + ts.previewPort(), false}, // the Preview's origin
		{"https://" + ts.host, false},
		{"null", false},
	}
	for _, tt := range tests {
		t.Run(tt.origin, func(t *testing.T) {
			conn, status := dialWS(t, ts, tt.origin)
			if conn != nil {
				conn.CloseNow()
			}
			if tt.ok && conn == nil {
				t.Fatalf("Origin %q: refused with %d", tt.origin, status)
			}
			if !tt.ok && (conn != nil || status != http.StatusForbidden) {
				t.Fatalf("Origin %q: status %d, want 403", tt.origin, status)
			}
		})
	}
}

func TestAServerOnAllAddressesAnswersItsNames(t *testing.T) {
	// The guard of a server bound to 0.0.0.0, without binding it.
	g, err := newGuard(&net.TCPAddr{IP: net.IPv4zero, Port: 8420}, &net.TCPAddr{IP: net.IPv4zero, Port: 8430})
	if err != nil {
		t.Fatal(err)
	}
	if !g.hosts["127.0.0.1:8420"] || !g.hosts["localhost:8420"] || g.hosts["evil.example:8420"] || g.hosts["127.0.0.1:8421"] || g.hosts["127.0.0.1:8430"] {
		t.Errorf("hosts %v", g.hosts)
	}
	if !g.previewHosts["127.0.0.1:8430"] || !g.previewHosts["localhost:8430"] || g.previewHosts["127.0.0.1:8420"] || g.previewHosts["evil.example:8430"] {
		t.Errorf("the Preview's hosts %v", g.previewHosts)
	}
	if g.url != "http://127.0.0.1:8420/" {
		t.Errorf("URL %q: a wildcard address is opened as 127.0.0.1", g.url)
	}
}

func TestAServerOnAnotherAddressAnswersThatAddress(t *testing.T) {
	g, err := newGuard(&net.TCPAddr{IP: net.ParseIP("192.0.2.7"), Port: 8420}, &net.TCPAddr{IP: net.ParseIP("192.0.2.7"), Port: 8430})
	if err != nil {
		t.Fatal(err)
	}
	if !g.hosts["192.0.2.7:8420"] || !g.hosts["localhost:8420"] || g.hosts["192.0.2.8:8420"] {
		t.Errorf("hosts %v", g.hosts)
	}
	if !g.previewHosts["192.0.2.7:8430"] || g.previewHosts["192.0.2.8:8430"] {
		t.Errorf("the Preview's hosts %v", g.previewHosts)
	}
	if g.url != "http://192.0.2.7:8420/" {
		t.Errorf("URL %q", g.url)
	}
}
