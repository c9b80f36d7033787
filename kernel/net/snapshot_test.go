package net_test

import (
	"errors"
	"reflect"
	"syscall"
	"testing"
	"time"

	"github.com/wasmrun/wasmrun/kernel"
	knet "github.com/wasmrun/wasmrun/kernel/net"
)

func TestSnapshot(t *testing.T) {
	for _, tt := range []struct {
		name  string
		cfg   knet.Config
		do    func(t *testing.T, e *env)
		check func(t *testing.T, e *env, s knet.Snapshot)
	}{{
		name: "the policy: rules with their origin, bind_ports and limits",
		cfg: knet.Config{File: "wasmrun.toml", Allow: []string{"*.example.com", "10.1.0.0/16:5432"}, Deny: []string{"*:25"},
			BindPorts: "3000,8000-8100", MaxConnections: 10, ConnectionTimeoutSecs: 5},
		do: func(t *testing.T, e *env) {
			if err := e.n.Policy().Allow("api.github.com:443", "--allow-net"); err != nil {
				t.Fatal(err)
			}
			e.n.Policy().AllowBind(9000, "--forward 9000:8080")
		},
		check: func(t *testing.T, e *env, s knet.Snapshot) {
			want := knet.Summary{
				Allow:     []knet.RuleInfo{{"*.example.com", "wasmrun.toml"}, {"10.1.0.0/16:5432", "wasmrun.toml"}, {"api.github.com:443", "--allow-net"}},
				Deny:      []knet.RuleInfo{{"*:25", "wasmrun.toml"}},
				BindPorts: "3000,8000-8100", BindPortsFrom: "wasmrun.toml",
				Forwarded:      []knet.RuleInfo{{"9000", "--forward 9000:8080"}},
				MaxConnections: 10, MaxConnectionsFrom: "wasmrun.toml",
				Bandwidth: 0, BandwidthFrom: "default",
				ConnectTimeoutMs: 5000, ConnectTimeoutFrom: "wasmrun.toml",
			}
			if !reflect.DeepEqual(s.Policy, want) {
				t.Errorf("policy\n got %+v\nwant %+v", s.Policy, want)
			}
		},
	}, {
		name: "nothing configured: isolation and the defaults",
		check: func(t *testing.T, e *env, s knet.Snapshot) {
			p := s.Policy
			if len(p.Allow)+len(p.Deny)+len(p.Forwarded) != 0 || p.BindPorts != "" || p.BindPortsFrom != "" ||
				p.MaxConnections != knet.DefaultMaxConnections || p.MaxConnectionsFrom != "default" ||
				p.ConnectTimeoutMs != knet.DefaultConnectTimeout.Milliseconds() || p.ConnectTimeoutFrom != "default" {
				t.Errorf("policy %+v", p)
			}
			if len(s.Listeners) != 0 || len(s.Connections) != 0 || len(s.Forwards) != 0 || s.Allowed+s.Denied != 0 {
				t.Errorf("an idle network: %+v", s)
			}
		},
	}, {
		name: "listeners: the guest's, and the host's before and after a guest takes it",
		cfg:  knet.Config{BindPorts: "8080"},
		do: func(t *testing.T, e *env) {
			if _, err := e.n.Listen(e.p, 8080); err != nil {
				t.Fatal(err)
			}
			e.n.Policy().AllowBind(3000, "--forward 3000:8000")
			if _, err := e.n.ListenHost(3000); err != nil {
				t.Fatal(err)
			}
			e.n.AddForward(knet.PortForward{Port: 3000, Addr: "127.0.0.1:8000", URL: "http://127.0.0.1:8000/", Origin: "--forward 3000:8000"})
			if _, err := e.n.Inbound(3000, "127.0.0.1:50000"); err != nil {
				t.Fatal(err)
			}
		},
		check: func(t *testing.T, e *env, s knet.Snapshot) {
			want := []knet.ListenerInfo{{Port: 3000, PID: 0, Pending: 1, Host: true}, {Port: 8080, PID: e.p.PID}}
			if !reflect.DeepEqual(s.Listeners, want) {
				t.Errorf("listeners\n got %+v\nwant %+v", s.Listeners, want)
			}
			if len(s.Forwards) != 1 || s.Forwards[0].URL != "http://127.0.0.1:8000/" || s.Forwards[0].Port != 3000 {
				t.Errorf("forwards %+v", s.Forwards)
			}
			// The guest takes the host's listener: it is the one listening.
			gl, err := e.n.Listen(e.p, 3000)
			if err != nil {
				t.Fatal(err)
			}
			if s := e.n.Snapshot(); s.Listeners[0].PID != e.p.PID {
				t.Errorf("after the guest took port 3000: %+v", s.Listeners[0])
			}
			gl.Close()
			if s := e.n.Snapshot(); s.Listeners[0].PID != 0 || !s.Listeners[0].Host {
				t.Errorf("after the guest let go of port 3000: %+v", s.Listeners[0])
			}
		},
	}, {
		name: "a connection inside the VM, with its bytes counted each way",
		cfg:  knet.Config{BindPorts: "3000"},
		do: func(t *testing.T, e *env) {
			l, err := e.n.Listen(e.p, 3000)
			if err != nil {
				t.Fatal(err)
			}
			client := e.k.Spawn(kernel.Spec{Argv: []string{"client"}})
			c, err := e.n.Connect(client, "localhost", 3000)
			if err != nil {
				t.Fatal(err)
			}
			srv := accept(t, l)
			if n, err := c.TryWrite([]byte("hello")); n != 5 || err != nil {
				t.Fatalf("client write: %d %v", n, err)
			}
			if n, err := srv.TryWrite([]byte("yo")); n != 2 || err != nil {
				t.Fatalf("server write: %d %v", n, err)
			}
		},
		check: func(t *testing.T, e *env, s knet.Snapshot) {
			if len(s.Connections) != 1 {
				t.Fatalf("connections %+v", s.Connections)
			}
			c := s.Connections[0]
			c.Opened = time.Time{}
			want := knet.ConnInfo{ID: c.ID, Direction: knet.DirInternal, PID: 2, PeerPID: e.p.PID, Remote: "localhost:3000", State: "open", In: 2, Out: 5}
			if c != want {
				t.Errorf("connection\n got %+v\nwant %+v", c, want)
			}
			if time.Since(s.Connections[0].Opened) > time.Minute {
				t.Errorf("opened at %v", s.Connections[0].Opened)
			}
			if s.Open != 2 || s.Allowed != 2 || s.Denied != 0 {
				t.Errorf("open %d (want both ends: 2), allowed %d (listen, connect), denied %d", s.Open, s.Allowed, s.Denied)
			}
		},
	}, {
		name: "a connection from outside, and one out still connecting",
		cfg:  knet.Config{BindPorts: "80", Allow: []string{"*"}},
		do: func(t *testing.T, e *env) {
			e.n.Listen(e.p, 80)
			out, err := e.n.Inbound(80, "127.0.0.1:4242")
			if err != nil {
				t.Fatal(err)
			}
			out.Write([]byte("GET / HTTP/1.1\r\n"))
			if _, err := e.n.Connect(e.p, "api.example.com", 443); err != nil {
				t.Fatal(err)
			}
		},
		check: func(t *testing.T, e *env, s knet.Snapshot) {
			if len(s.Connections) != 2 {
				t.Fatalf("connections %+v", s.Connections)
			}
			in, out := s.Connections[0], s.Connections[1]
			if in.Direction != knet.DirIn || in.PID != e.p.PID || in.Local != ":80" || in.Remote != "127.0.0.1:4242" || in.State != "open" || in.In != 16 || in.Out != 0 {
				t.Errorf("inbound %+v", in)
			}
			if out.Direction != knet.DirOut || out.PID != e.p.PID || out.Local != "" || out.Remote != "api.example.com:443" || out.State != "connecting" {
				t.Errorf("outbound %+v", out)
			}
			e.t.last(t).Conn.Fail(syscall.ECONNREFUSED)
			if s := e.n.Snapshot(); s.Connections[1].State != "failed" || s.Connections[1].Error == "" {
				t.Errorf("after the transport failed: %+v", s.Connections[1])
			}
		},
	}, {
		name: "denied decisions are counted",
		cfg:  knet.Config{Allow: []string{"*.example.com"}},
		do: func(t *testing.T, e *env) {
			if _, err := e.n.Connect(e.p, "10.0.0.1", 5432); !errors.Is(err, syscall.EACCES) {
				t.Fatalf("connect 10.0.0.1: %v, want EACCES", err)
			}
			if _, err := e.n.Listen(e.p, 22); !errors.Is(err, syscall.EACCES) {
				t.Fatalf("listen 22: %v, want EACCES", err)
			}
		},
		check: func(t *testing.T, e *env, s knet.Snapshot) {
			if s.Denied != 2 || s.Allowed != 0 || len(s.Connections) != 0 || len(s.Listeners) != 0 {
				t.Errorf("denied %d, allowed %d, %+v", s.Denied, s.Allowed, s)
			}
			if en := e.lastLog(t); en.Fields["decision"] != "denied" {
				t.Errorf("the log's last decision %+v", en)
			}
		},
	}} {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, tt.cfg)
			if tt.do != nil {
				tt.do(t, e)
			}
			tt.check(t, e, e.n.Snapshot())
		})
	}
}

func TestSnapshotOf(t *testing.T) {
	if s := knet.SnapshotOf(nil); s != nil {
		t.Errorf("a kernel without a network: %+v", s)
	}
	e := newEnv(t, knet.Config{})
	if s := knet.SnapshotOf(e.k.Net); s == nil {
		t.Error("a kernel with a network has no snapshot")
	}
}

func TestSnapshotDropsClosedConnections(t *testing.T) {
	e := newEnv(t, knet.Config{BindPorts: "3000"})
	l, _ := e.n.Listen(e.p, 3000)
	c, err := e.n.Connect(e.p, "127.0.0.1", 3000)
	if err != nil {
		t.Fatal(err)
	}
	srv := accept(t, l)
	c.Close()
	if s := e.n.Snapshot(); len(s.Connections) != 1 || s.Connections[0].State != "closing" {
		t.Errorf("one end closed: %+v", s.Connections)
	}
	srv.Close()
	if s := e.n.Snapshot(); len(s.Connections) != 0 || s.Open != 0 {
		t.Errorf("both ends closed: %+v, open %d", s.Connections, s.Open)
	}
}
