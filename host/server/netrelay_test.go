package server

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/wasmrun/wasmrun/kernel/protocol"
)

// forwarded starts a server with one forward (guest port 3000) and returns
// it with the forward's host address.
func forwarded(t *testing.T, network protocol.NetworkSession) (*testServer, string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ts := start(t, func(c *Config) {
		c.Forwards = []Forward{{Listener: ln, Guest: 3000, Flag: "--forward 3000:0"}}
		c.Session.Network = network
	})
	return ts, ln.Addr().String()
}

// next reads the page's next event named name (others are skipped).
func next(t *testing.T, conn *websocket.Conn, name string, body any) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	for {
		_, msg, err := conn.Read(ctx)
		if err != nil {
			t.Fatalf("waiting for %s: %v", name, err)
		}
		var ev struct {
			Event string          `json:"event"`
			Body  json.RawMessage `json:"body"`
		}
		if json.Unmarshal(msg, &ev) == nil && ev.Event == name {
			if err := json.Unmarshal(ev.Body, body); err != nil {
				t.Fatal(err)
			}
			return
		}
	}
}

// connectForwarded opens a page on ts, connects a client to the forwarded
// port addr, and returns the page, the client (closed when the test ends)
// and the net.accept the page received for it.
func connectForwarded(t *testing.T, ts *testServer, addr string) (*websocket.Conn, net.Conn, protocol.NetOpenArgs) {
	t.Helper()
	ws := page(t, ts)
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	var acc protocol.NetOpenArgs
	next(t, ws, "net.accept", &acc)
	return ws, c, acc
}

func TestForwardWithNoPageAnswers503SayingToOpenTheUI(t *testing.T) {
	ts, addr := forwarded(t, protocol.NetworkSession{})
	resp, err := http.Get("http://" + addr + "/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("status %d, want 503", resp.StatusCode)
	}
	if !strings.Contains(string(body), "no browser tab is running this project's kernel") || !strings.Contains(string(body), ts.URL()) {
		t.Errorf("body %q does not say to open %s", body, ts.URL())
	}
}

func TestForwardRelaysAConnectionToThePageBothWaysWithHalfCloses(t *testing.T) {
	ts, addr := forwarded(t, protocol.NetworkSession{})
	ws, c, acc := connectForwarded(t, ts, addr)
	if acc.Port != 3000 || !strings.HasPrefix(acc.ID, "h") || !strings.HasPrefix(acc.From, "127.0.0.1:") {
		t.Fatalf("net.accept %+v", acc)
	}
	send(t, ws, protocol.Event{Event: "net.accepted", Body: protocol.NetCloseArgs{ID: acc.ID}})

	// Client to guest, then the client's half-close.
	c.Write([]byte("ping"))
	c.(*net.TCPConn).CloseWrite()
	var data protocol.NetDataArgs
	next(t, ws, "net.data", &data)
	if string(data.Data) != "ping" || data.ID != acc.ID {
		t.Fatalf("net.data %+v", data)
	}
	var end protocol.NetStreamArgs
	next(t, ws, "net.end", &end)

	// Guest to client, acknowledged, then the guest's end and close.
	send(t, ws, protocol.Event{Event: "net.data", Body: protocol.NetDataArgs{ID: acc.ID, Data: []byte("pong")}})
	var ack protocol.NetAckArgs
	next(t, ws, "net.ack", &ack)
	if ack.N != 4 {
		t.Errorf("net.ack %+v, want 4 bytes", ack)
	}
	send(t, ws, protocol.Event{Event: "net.end", Body: protocol.NetStreamArgs{ID: acc.ID}})
	send(t, ws, protocol.Event{Event: "net.close", Body: protocol.NetCloseArgs{ID: acc.ID}})
	got, err := io.ReadAll(c)
	if err != nil || string(got) != "pong" {
		t.Errorf("the client read %q, %v; want pong then the end", got, err)
	}
}

func TestForwardIsClosedWhenTheKernelRefusesIt(t *testing.T) {
	ts, addr := forwarded(t, protocol.NetworkSession{})
	ws, c, acc := connectForwarded(t, ts, addr)
	send(t, ws, protocol.Event{Event: "net.accepted", Body: protocol.NetCloseArgs{ID: acc.ID, Error: "ECONNREFUSED"}})
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	if n, err := c.Read(make([]byte, 1)); err != io.EOF {
		t.Errorf("read %d, %v; want the connection closed", n, err)
	}
}

func TestDialIsCheckedAgainstTheHostsPolicy(t *testing.T) {
	target, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer target.Close()
	go func() {
		for {
			c, err := target.Accept()
			if err != nil {
				return
			}
			io.WriteString(c, "hello")
			c.Close()
		}
	}()
	port := target.Addr().(*net.TCPAddr).Port
	ts, _ := forwarded(t, protocol.NetworkSession{Allow: []string{"127.0.0.1/32:" + strconv.Itoa(port)}})
	ws := page(t, ts)

	t.Run("an allowed address is dialled and relayed", func(t *testing.T) {
		send(t, ws, protocol.Event{Event: "net.dial", Body: protocol.NetDialArgs{ID: "k1", Host: "127.0.0.1", Port: port, Addrs: []string{"127.0.0.1"}, TimeoutMs: 5000}})
		var d protocol.NetDialedArgs
		next(t, ws, "net.dialed", &d)
		if d.ID != "k1" || d.Error != "" {
			t.Fatalf("net.dialed %+v", d)
		}
		var data protocol.NetDataArgs
		next(t, ws, "net.data", &data)
		if string(data.Data) != "hello" {
			t.Errorf("net.data %q", data.Data)
		}
		var end protocol.NetStreamArgs
		next(t, ws, "net.end", &end)
	})
	t.Run("a port the policy does not allow is EACCES, naming the rule", func(t *testing.T) {
		send(t, ws, protocol.Event{Event: "net.dial", Body: protocol.NetDialArgs{ID: "k2", Host: "127.0.0.1", Port: port + 1, Addrs: []string{"127.0.0.1"}, TimeoutMs: 5000}})
		var d protocol.NetDialedArgs
		next(t, ws, "net.dialed", &d)
		if d.Error != "EACCES" || !strings.Contains(d.Message, "the host's policy denies connect") {
			t.Errorf("net.dialed %+v", d)
		}
	})
	t.Run("a name the policy does not allow is not resolved", func(t *testing.T) {
		send(t, ws, protocol.Event{Event: "net.resolve", Body: protocol.NetResolveArgs{ID: "k3", Host: "example.com", Port: 80}})
		var r protocol.NetResolvedArgs
		next(t, ws, "net.resolved", &r)
		if r.Error != "EACCES" || len(r.Addrs) != 0 {
			t.Errorf("net.resolved %+v", r)
		}
	})
	t.Run("an address other than the one named is not dialled", func(t *testing.T) {
		send(t, ws, protocol.Event{Event: "net.dial", Body: protocol.NetDialArgs{ID: "k4", Host: "127.0.0.1", Port: port, Addrs: []string{"127.0.0.2"}, TimeoutMs: 5000}})
		var d protocol.NetDialedArgs
		next(t, ws, "net.dialed", &d)
		if d.Error != "EACCES" {
			t.Errorf("net.dialed %+v", d)
		}
	})
}
