//go:build !js

package wasi_test

import (
	"context"
	"errors"
	"io"
	"net"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wasmrun/wasmrun/kernel"
	knet "github.com/wasmrun/wasmrun/kernel/net"
	"github.com/wasmrun/wasmrun/kernel/net/nettest"
	"github.com/wasmrun/wasmrun/kernel/vfs"
	"github.com/wasmrun/wasmrun/wasi/wasitest"
)

func closedPort(t *testing.T) int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	return port
}

type testResolver map[string]string

func (r testResolver) LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error) {
	if a, ok := r[host]; ok {
		return []netip.Addr{netip.MustParseAddr(a)}, nil
	}
	return nil, errors.New("no such host")
}

// TestDevTCPFromAGoGuest opens sockets the way a runtime without socket
// functions does: path_open of /dev/tcp/HOST/PORT and /dev/tcp-listen/PORT.
func TestDevTCPFromAGoGuest(t *testing.T) {
	t.Parallel()
	g := wasitest.BuildGo(t, "testdata/sockets")
	echo := strconv.Itoa(nettest.EchoServer(t))
	closed := strconv.Itoa(closedPort(t))
	for _, tt := range []struct {
		name string
		cfg  knet.Config
		args []string
		// host, when set, plays the outside while the guest runs.
		host func(t *testing.T, n *knet.Network)
		want string
		// logged is a decision the log must have: "decision op rule".
		logged string
	}{{
		name:   "connect to an allowed address",
		cfg:    knet.Config{Allow: []string{"127.0.0.1/32"}},
		args:   []string{"connect", "127.0.0.1", echo},
		want:   "open: ESUCCESS\nfiletype: socket_stream\nsend: ESUCCESS\nshutdown: ESUCCESS\nreceived: \"hello\\n\" ESUCCESS\nclose: ESUCCESS\n",
		logged: `allowed connect "127.0.0.1/32" (wasmrun.toml)`,
	}, {
		name: "a non-blocking connect, polled until writable",
		cfg:  knet.Config{Allow: []string{"127.0.0.1/32:" + echo}},
		args: []string{"connect", "127.0.0.1", echo, "nonblock"},
		want: "open: ESUCCESS\nfiletype: socket_stream\npoll writable: ESUCCESS\nsend: ESUCCESS\nshutdown: ESUCCESS\nreceived: \"hello\\n\" ESUCCESS\nclose: ESUCCESS\n",
	}, {
		name:   "a name resolved by the host, then dialled by address",
		cfg:    knet.Config{Allow: []string{"svc.test", "127.0.0.1/32"}},
		args:   []string{"connect", "svc.test", echo},
		want:   "open: ESUCCESS\nfiletype: socket_stream\nsend: ESUCCESS\nshutdown: ESUCCESS\nreceived: \"hello\\n\" ESUCCESS\nclose: ESUCCESS\n",
		logged: `allowed resolve "127.0.0.1/32" (wasmrun.toml)`,
	}, {
		name:   "denied by default: isolation",
		cfg:    knet.Config{},
		args:   []string{"connect", "93.184.216.34", "80"},
		want:   "open: EACCES\n",
		logged: "denied connect default: isolation",
	}, {
		name:   "deny wins",
		cfg:    knet.Config{Allow: []string{"*"}, Deny: []string{"*.example.com"}},
		args:   []string{"connect", "api.example.com", "443"},
		want:   "open: EACCES\n",
		logged: `denied connect "*.example.com" (wasmrun.toml)`,
	}, {
		name:   "a name that resolves into the private network",
		cfg:    knet.Config{Allow: []string{"*"}},
		args:   []string{"connect", "rebind.test", "80"},
		want:   "open: EACCES\n",
		logged: "denied resolve default: private addresses",
	}, {
		name: "nothing listens",
		cfg:  knet.Config{Allow: []string{"127.0.0.1/32"}},
		args: []string{"connect", "127.0.0.1", closed},
		want: "open: ECONNREFUSED\n",
	}, {
		name: "listen on a port bind_ports allows, and serve a connection from outside",
		cfg:  knet.Config{BindPorts: "9000-9100"},
		args: []string{"listen", "9090"},
		host: func(t *testing.T, n *knet.Network) {
			out := inbound(t, n, 9090)
			out.Write([]byte("hi\n"))
			got, err := io.ReadAll(out)
			if err != nil || string(got) != "echo: hi\n" {
				t.Errorf("outside read %q %v", got, err)
			}
		},
		want:   "listen: ESUCCESS\naccept: ESUCCESS\nline: \"hi\" ESUCCESS\nsend: ESUCCESS\nclose: ESUCCESS ESUCCESS\n",
		logged: `allowed listen bind_ports "9000-9100" (wasmrun.toml)`,
	}, {
		name:   "listen on a port bind_ports does not allow",
		cfg:    knet.Config{BindPorts: "9000-9100"},
		args:   []string{"listen", "8080"},
		want:   "listen: EACCES\n",
		logged: `denied listen bind_ports "9000-9100" (wasmrun.toml)`,
	}, {
		name:   "localhost is the VM itself",
		cfg:    knet.Config{BindPorts: "7000"},
		args:   []string{"loopback", "7000"},
		want:   "listen: ESUCCESS\nconnect: ESUCCESS\naccept: ESUCCESS\nserver got \"ping\"\nclient got \"pong\\n\"\nclose: ESUCCESS ESUCCESS ESUCCESS\n",
		logged: "allowed connect loopback",
	}} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var n *knet.Network
			var mu sync.Mutex
			var decisions []string
			var wg sync.WaitGroup
			r := wasitest.Run(t, g, wasitest.Config{
				Args: tt.args,
				Dirs: []wasitest.Dir{{Name: "/"}},
				Prepare: func(k *kernel.Kernel, p *kernel.Process) error {
					pol, err := knet.NewPolicy(tt.cfg)
					if err != nil {
						return err
					}
					n = knet.New(k, pol, &knet.HostTransport{Resolver: testResolver{"svc.test": "127.0.0.1", "rebind.test": "10.0.0.7"}})
					k.Net = n
					k.Log.SetLevel(kernel.LevelInfo)
					k.Log.Subscribe(func(e kernel.Entry) {
						if e.Source == kernel.SourceNet {
							mu.Lock()
							decisions = append(decisions, e.Fields["decision"]+" "+e.Fields["op"]+" "+e.Fields["rule"])
							mu.Unlock()
						}
					})
					if tt.host != nil {
						wg.Add(1)
						go func() {
							defer wg.Done()
							tt.host(t, n)
						}()
					}
					return k.VFS.Mount("/dev", kernel.NewDevFS(k), vfs.MountOptions{Source: "devices"})
				},
			})
			wg.Wait()
			if r.ExitCode != 0 || string(r.Stdout) != tt.want {
				t.Errorf("stdout:\n%s\nwant:\n%s\n%s", r.Stdout, tt.want, r)
			}
			mu.Lock()
			defer mu.Unlock()
			if tt.logged != "" && !strings.Contains(strings.Join(decisions, "\n"), tt.logged) {
				t.Errorf("no %q among the decisions:\n%s", tt.logged, strings.Join(decisions, "\n"))
			}
			if got := n.Open(); got != 0 {
				t.Errorf("%d sockets still open after the guest ended", got)
			}
		})
	}
}

// inbound waits for a guest to listen on port and connects to it from
// outside.
func inbound(t *testing.T, n *knet.Network, port int) *knet.Conn {
	deadline := time.Now().Add(10 * time.Second)
	for {
		out, err := n.Inbound(port, "127.0.0.1:1234")
		if err == nil {
			return out
		}
		if time.Now().After(deadline) {
			t.Errorf("the guest never listened on %d: %v", port, err)
			return nil
		}
		time.Sleep(5 * time.Millisecond)
	}
}
