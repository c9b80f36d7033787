package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

var (
	httpServerOnce sync.Once
	httpServerWasm string
	httpServerErr  string
)

// httpServerGuest builds testdata/httpserver for GOOS=wasip1, once.
func httpServerGuest(t testing.TB) string {
	t.Helper()
	httpServerOnce.Do(func() {
		out := filepath.Join(binDir, "httpserver.wasm")
		cmd := exec.Command(goTool(), "build", "-o", out, "./testdata/httpserver")
		cmd.Env = append(os.Environ(), "GOOS=wasip1", "GOARCH=wasm", "CGO_ENABLED=0")
		if msg, err := cmd.CombinedOutput(); err != nil {
			httpServerErr = fmt.Sprintf("go build ./testdata/httpserver: %v\n%s", err, msg)
			return
		}
		httpServerWasm = out
	})
	if httpServerErr != "" {
		t.Fatal(httpServerErr)
	}
	return httpServerWasm
}

// freePort is a port nothing listens on, for --listen.
func freePort(t testing.TB) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// guestServer is a wasmrun run or exec serving on a forwarded port.
type guestServer struct {
	addr   string // host:port on 127.0.0.1
	done   chan int
	stderr *lockedBuffer
}

var forwardLine = regexp.MustCompile(`wasmrun: (127\.0\.0\.1:\d+) -> guest port (\d+)`)

// serve runs wasmrun with args in the background and waits for it to
// announce the forwarded port.
func serve(t testing.TB, args ...string) *guestServer {
	t.Helper()
	s := &guestServer{done: make(chan int, 1), stderr: &lockedBuffer{}}
	var out lockedBuffer
	go func() { s.done <- Main(args, strings.NewReader(""), &out, s.stderr) }()
	deadline := time.Now().Add(60 * time.Second)
	for {
		if m := forwardLine.FindStringSubmatch(s.stderr.String()); m != nil {
			s.addr = m[1]
			break
		}
		select {
		case code := <-s.done:
			t.Fatalf("wasmrun %v ended with %d before serving:\n%s", args, code, s.stderr)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("wasmrun %v did not announce its port:\n%s", args, s.stderr)
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Cleanup(func() {
		select {
		case <-s.done:
		case <-time.After(30 * time.Second):
			t.Errorf("wasmrun %v did not end", args)
		}
	})
	return s
}

// quit asks the guest to end and waits for wasmrun's exit code.
func (s *guestServer) quit(t testing.TB) int {
	t.Helper()
	resp, err := http.Post("http://"+s.addr+"/quit", "text/plain", nil)
	if err != nil {
		t.Fatalf("POST /quit: %v\n%s", err, s.stderr)
	}
	resp.Body.Close()
	select {
	case code := <-s.done:
		s.done <- code // for the cleanup
		return code
	case <-time.After(30 * time.Second):
		t.Fatalf("the guest did not end after /quit:\n%s", s.stderr)
	}
	return -1
}

// TestServeHTTPFromGuests serves the same routes from a Go guest
// (net.FileListener) and a Python guest (http.server), through --listen and
// --forward, and checks every answer from the host with Go's http.Client.
func TestServeHTTPFromGuests(t *testing.T) {
	data := t.TempDir()
	os.WriteFile(filepath.Join(data, "message.txt"), []byte("read from a file in the VM\n"), 0o644)
	pyProject := func(t *testing.T) string {
		src, err := os.ReadFile("testdata/pyhttp/main.py")
		if err != nil {
			t.Fatal(err)
		}
		return newProject(t, map[string]string{"main.py": string(src), "message.txt": "read from a file in the VM\n"})
	}
	for _, tt := range []struct {
		name   string
		lang   string
		args   func(t *testing.T) []string
		port   int // the guest port
		hello  string
		listen string // the WASMRUN_LISTEN_FDS the guest sees
	}{{
		name: "Go guest via --listen",
		lang: "go",
		args: func(t *testing.T) []string {
			return []string{"exec", "--listen", strconv.Itoa(freePort(t)), "--dir", data + ":/data", httpServerGuest(t)}
		},
		hello:  "go",
		listen: "4:1", // after the --dir preopen at 3
	}, {
		name: "Go guest via --forward GUEST:HOST",
		lang: "go",
		args: func(t *testing.T) []string {
			return []string{"exec", "--forward", "3000:0", "--dir", data + ":/data", httpServerGuest(t)}
		},
		port:   3000,
		hello:  "go",
		listen: "4:1",
	}, {
		name: "Python guest via --forward GUEST:HOST",
		lang: "python",
		args: func(t *testing.T) []string {
			return []string{"run", pyProject(t), "--forward", "8000:0"}
		},
		port:   8000,
		hello:  "python",
		listen: "4:1", // after the "/" preopen at 3
	}, {
		name: "Python guest via --listen",
		lang: "python",
		args: func(t *testing.T) []string {
			return []string{"run", pyProject(t), "--listen", strconv.Itoa(freePort(t))}
		},
		hello:  "python",
		listen: "4:1",
	}} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if tt.lang == "python" {
				needPython(t)
			}
			s := serve(t, tt.args(t)...)
			port := tt.port
			if port == 0 {
				port, _ = strconv.Atoi(s.addr[strings.LastIndexByte(s.addr, ':')+1:])
			}
			base := "http://" + s.addr
			for _, req := range []struct {
				method, path, body string
				code               int
				want               string // the body, exactly, or JSON to compare
			}{
				{"GET", "/api/hello", "", 200, fmt.Sprintf(`{"hello":%q,"listenFDs":%q,"names":%q}`, tt.hello, tt.listen, strconv.Itoa(port))},
				{"GET", "/file", "", 200, "read from a file in the VM\n"},
				{"POST", "/api/echo", `{"a":2,"b":3,"name":"wasmrun"}`, 200, `{"got":{"a":2,"b":3,"name":"wasmrun"},"sum":5}`},
				{"GET", "/no/such/route", "", 404, `{"error":"not found","path":"/no/such/route"}`},
			} {
				r, err := http.NewRequest(req.method, base+req.path, strings.NewReader(req.body))
				if err != nil {
					t.Fatal(err)
				}
				if req.body != "" {
					r.Header.Set("Content-Type", "application/json")
				}
				resp, err := http.DefaultClient.Do(r)
				if err != nil {
					t.Fatalf("%s %s: %v\n%s", req.method, req.path, err, s.stderr)
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != req.code || !sameBody(body, req.want) {
					t.Errorf("%s %s: %d %s\nwant %d %s", req.method, req.path, resp.StatusCode, body, req.code, req.want)
				}
			}
			if code := s.quit(t); code != 0 {
				t.Errorf("wasmrun exited with %d:\n%s", code, s.stderr)
			}
		})
	}
}

// sameBody compares JSON by value, anything else exactly.
func sameBody(got []byte, want string) bool {
	var g, w any
	if json.Unmarshal(got, &g) == nil && json.Unmarshal([]byte(want), &w) == nil {
		gb, _ := json.Marshal(g)
		wb, _ := json.Marshal(w)
		return bytes.Equal(gb, wb)
	}
	return string(got) == want
}

func TestNetFlagsAndConfigErrors(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name   string
		files  map[string]string
		args   []string
		stderr string
	}{
		{"a bare IP in --allow-net", nil, []string{"--allow-net", "10.0.0.1"}, `--allow-net "10.0.0.1": a bare IP address is not a rule: write the CIDR 10.0.0.1/32`},
		{"a bad --listen", nil, []string{"--listen", "http"}, `--listen "http": expected a port from 1 to 65535`},
		{"a bad --forward", nil, []string{"--forward", "3000:70000"}, `--forward "3000:70000": expected GUEST[:HOST]`},
		{"an unknown key in wasmrun.toml", map[string]string{"wasmrun.toml": "[os.network]\nallow_everything = true\n"}, nil, `wasmrun.toml: [os.network] has no key "allow_everything"`},
		{"a malformed CIDR in wasmrun.toml", map[string]string{"wasmrun.toml": "[os.network]\ndeny = [\"10.0.0.0/40\"]\n"}, nil, `wasmrun.toml: [os.network] deny rule "10.0.0.0/40": malformed CIDR`},
		{"a bad port range in wasmrun.toml", map[string]string{"wasmrun.toml": "[os.network]\nbind_ports = \"9100-9000\"\n"}, nil, `[os.network] bind_ports "9100-9000": "9100-9000": the range ends before it starts`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{"main.js": "console.log('never runs')\n"}
			for k, v := range tt.files {
				files[k] = v
			}
			dir := newProject(t, files)
			r := wasmrun(t, "", append([]string{"run", dir}, tt.args...)...)
			if r.code != 2 || !strings.Contains(r.stderr, tt.stderr) || strings.Contains(r.stdout, "never runs") {
				t.Errorf("want exit 2 and %q:\n%s", tt.stderr, r)
			}
		})
	}
}

func TestListenOnABusyHostPort(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	port := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	r := wasmrun(t, "", "exec", "--listen", port, httpServerGuest(t))
	if r.code != 1 || !strings.Contains(r.stderr, "--listen "+port+": listen tcp 127.0.0.1:"+port) {
		t.Errorf("%s", r)
	}
}

// TestLoadGoGuest sends 10,000 requests, 50 at a time, over loopback to the
// Go guest through --listen: with keep-alive connections, then with a new
// connection per request. No request may be lost.
func TestLoadGoGuest(t *testing.T) {
	if testing.Short() {
		t.Skip("load test: skipped with -short")
	}
	data := t.TempDir()
	os.WriteFile(filepath.Join(data, "message.txt"), []byte("hello\n"), 0o644)
	s := serve(t, "exec", "--listen", strconv.Itoa(freePort(t)), "--dir", data+":/data", httpServerGuest(t))
	for _, mode := range []struct {
		name      string
		keepAlive bool
	}{{"keep-alive", true}, {"a connection per request", false}} {
		t.Run(mode.name, func(t *testing.T) {
			res := load(s.addr, 10_000, 50, mode.keepAlive)
			t.Logf("%s: %d requests, %d errors, %d wrong answers, %v, %.0f requests/s", mode.name, res.total, res.errors, res.wrong, res.elapsed.Round(time.Millisecond), float64(res.total)/res.elapsed.Seconds())
			if res.errors != 0 || res.wrong != 0 || res.ok != res.total {
				t.Errorf("%d of %d requests failed (%d errors, %d wrong answers); first error: %v", res.total-res.ok, res.total, res.errors, res.wrong, res.firstErr)
			}
		})
	}
	if code := s.quit(t); code != 0 {
		t.Errorf("wasmrun exited with %d:\n%s", code, s.stderr)
	}
}

type loadResult struct {
	total, ok, errors, wrong int
	elapsed                  time.Duration
	firstErr                 error
}

// load sends n requests to addr, c at a time: a JSON POST and a GET in
// turn, each answer checked.
func load(addr string, n, c int, keepAlive bool) loadResult {
	tr := &http.Transport{MaxIdleConnsPerHost: c, MaxConnsPerHost: c, DisableKeepAlives: !keepAlive}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	var next, ok, errs, wrong atomic.Int64
	var firstErr atomic.Value
	var wg sync.WaitGroup
	start := time.Now()
	for range c {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := next.Add(1)
				if i > int64(n) {
					return
				}
				var resp *http.Response
				var err error
				want := `{"got":{"a":` + strconv.FormatInt(i, 10) + `,"b":1},"sum":` + strconv.FormatInt(i+1, 10) + "}\n"
				if i%2 == 0 {
					resp, err = client.Post("http://"+addr+"/api/echo", "application/json", strings.NewReader(`{"a":`+strconv.FormatInt(i, 10)+`,"b":1}`))
				} else {
					want = "hello\n"
					resp, err = client.Get("http://" + addr + "/file")
				}
				if err != nil {
					errs.Add(1)
					firstErr.CompareAndSwap(nil, err)
					continue
				}
				body, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				if err != nil || resp.StatusCode != 200 || string(body) != want {
					wrong.Add(1)
					firstErr.CompareAndSwap(nil, fmt.Errorf("%d %q, %v", resp.StatusCode, body, err))
					continue
				}
				ok.Add(1)
			}
		}()
	}
	wg.Wait()
	r := loadResult{total: n, ok: int(ok.Load()), errors: int(errs.Load()), wrong: int(wrong.Load()), elapsed: time.Since(start)}
	if e, _ := firstErr.Load().(error); e != nil {
		r.firstErr = e
	}
	return r
}

// TestOutboundFromPython opens /dev/tcp from CPython with os.open, under
// the project's wasmrun.toml: allowed connections carry bytes both ways
// (os.write and os.read on the socket), denied ones are errors in the
// guest and decisions naming their rule in the log (-v).
func TestOutboundFromPython(t *testing.T) {
	t.Parallel()
	echo := strconv.Itoa(echoServer(t))
	prog := `import os, sys
host, port = sys.argv[1], sys.argv[2]
try:
    fd = os.open(f"/dev/tcp/{host}/{port}", os.O_RDWR)
except OSError as e:
    print(type(e).__name__, e.errno == {"EACCES": 2, "ECONNREFUSED": 14}.get(sys.argv[3], -1))
    sys.exit(0)
os.write(fd, b"hello over wasmnet\n")
print(os.read(fd, 100).decode().strip())
os.close(fd)
`
	for _, tt := range []struct {
		name   string
		toml   string
		host   string
		errno  string // expected error, or "" to expect the echo
		stdout string
		logged string // a line of the -v log
	}{{
		name:   "allowed by wasmrun.toml",
		toml:   "[os.network]\nallow = [\"127.0.0.1/32:" + echo + "\"]\n",
		host:   "127.0.0.1",
		stdout: "hello over wasmnet\n",
		logged: `allowed connect 127.0.0.1:` + echo + `: an allow rule names the loopback range 127.0.0.1 is in ["127.0.0.1/32:` + echo + `" (`,
	}, {
		name:   "denied by default",
		host:   "10.0.0.1",
		errno:  "EACCES",
		stdout: "PermissionError True\n",
		logged: "denied connect 10.0.0.1:" + echo + ": 10.0.0.1 is a private address (10.0.0.0/8), reached only through an allow rule that names that range [default: private addresses]",
	}, {
		name:   "deny wins over allow",
		toml:   "[os.network]\nallow = [\"*\"]\ndeny = [\"93.184.216.34/32\"]\n",
		host:   "93.184.216.34",
		errno:  "EACCES",
		stdout: "PermissionError True\n",
		logged: `denied connect 93.184.216.34:` + echo + `: a deny rule covers 93.184.216.34 ["93.184.216.34/32" (`,
	}, {
		name:   "localhost is the VM's own, where nothing listens",
		toml:   "[os.network]\nallow = [\"*\"]\n",
		host:   "localhost",
		errno:  "ECONNREFUSED",
		stdout: "ConnectionRefusedError True\n",
		logged: "denied connect localhost:" + echo + ": nothing listens on port " + echo + " in the VM, and the host's loopback is not allowed",
	}} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			needPython(t)
			files := map[string]string{"main.py": prog}
			if tt.toml != "" {
				files["wasmrun.toml"] = tt.toml
			}
			r := wasmrun(t, "", "run", newProject(t, files), "-v", "--", tt.host, echo, tt.errno)
			if r.code != 0 || r.stdout != tt.stdout || !strings.Contains(r.stderr, tt.logged) {
				t.Errorf("want stdout %q and the log line %q:\n%s", tt.stdout, tt.logged, r)
			}
		})
	}
}

// echoServer is a host TCP server on 127.0.0.1 that echoes a line.
func echoServer(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				line := make([]byte, 0, 64)
				b := make([]byte, 1)
				for {
					if _, err := c.Read(b); err != nil {
						return
					}
					line = append(line, b[0])
					if b[0] == '\n' {
						c.Write(line)
						return
					}
				}
			}()
		}
	}()
	return ln.Addr().(*net.TCPAddr).Port
}
