package server

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"

	"github.com/coder/websocket"
	"github.com/julienschmidt/httprouter"

	"github.com/wasmrun/wasmrun/kernel"
	"github.com/wasmrun/wasmrun/kernel/protocol"
)

// maxMessage bounds a message from the page: an output chunk, a log entry.
const maxMessage = 16 << 20

// sendQueue is how many events wait for a slow page before it is dropped.
const sendQueue = 256

// hub is the WebSocket back-channel: it prints what the pages send (the
// guest's output, the kernel's log) and sends them the host's events.
type hub struct {
	cfg *Config
	ctx context.Context // ends when the server shuts down

	mu      sync.Mutex
	clients map[*client]struct{}
	seq     int // clients connected so far

	out sync.Mutex // one write at a time to the terminal

	net *netRelay // connections relayed to and from the pages' kernels (netrelay.go)
}

type client struct {
	seq  int
	send chan []byte
	drop chan struct{} // closed when the host gives up on the page (too slow)
	once sync.Once
	done chan struct{} // closed when the page is gone

	mu      sync.Mutex
	streams map[string]*stream // relayed connections, by stream id
}

// dropped gives up on a page that does not keep up.
func (c *client) dropped() { c.once.Do(func() { close(c.drop) }) }

func newHub(ctx context.Context, cfg *Config) *hub {
	return &hub{cfg: cfg, ctx: ctx, clients: map[*client]struct{}{}}
}

// latest is the page connected last, which connections to forwarded ports
// go to; nil when no page is connected.
func (h *hub) latest() *client {
	h.mu.Lock()
	defer h.mu.Unlock()
	var last *client
	for c := range h.clients {
		if last == nil || c.seq > last.seq {
			last = c
		}
	}
	return last
}

// inbound is a message from the page: a protocol.Event.
type inbound struct {
	Event string          `json:"event"`
	Body  json.RawMessage `json:"body"`
}

// outputBody is an "output" event's body on the WebSocket: the
// protocol.OutputEvent with the bytes in a base64 "data" field (a worker
// message carries them beside the body instead).
type outputBody struct {
	protocol.OutputEvent
	Data []byte `json:"data"`
}

// serveWS answers GET /api/ws.
func (h *hub) serveWS(w http.ResponseWriter, r *http.Request, _ httprouter.Params) {
	if !sameOrigin(r) {
		refuse(w, "WebSocket from a foreign origin refused")
		return
	}
	conn, err := websocket.Accept(w, r, nil)
	if err != nil {
		return // Accept has answered
	}
	conn.SetReadLimit(maxMessage)
	c := &client{send: make(chan []byte, sendQueue), drop: make(chan struct{}), done: make(chan struct{}), streams: map[string]*stream{}}
	h.mu.Lock()
	h.seq++
	c.seq = h.seq
	h.clients[c] = struct{}{}
	h.mu.Unlock()
	defer func() {
		h.mu.Lock()
		delete(h.clients, c)
		h.mu.Unlock()
		close(c.done)
		c.closeStreams()
	}()

	// Not r.Context(): the connection is hijacked. The writer ends the
	// connection when the server stops; the reader, when the page goes.
	done := make(chan struct{})
	defer close(done)
	go func() {
		for {
			select {
			case <-done:
				return
			case <-h.ctx.Done():
				conn.Close(websocket.StatusGoingAway, "wasmrun is stopping")
				return
			case <-c.drop:
				conn.Close(websocket.StatusPolicyViolation, "too slow to read the host's events")
				return
			case msg := <-c.send:
				if conn.Write(h.ctx, websocket.MessageText, msg) != nil {
					return
				}
			}
		}
	}()
	for {
		typ, msg, err := conn.Read(context.Background())
		if err != nil {
			return
		}
		if typ == websocket.MessageText {
			h.receive(c, msg)
		}
	}
}

// receive handles one message from the page. A message that cannot be
// read is ignored: the page's console shows everything anyway.
func (h *hub) receive(c *client, msg []byte) {
	var in inbound
	if json.Unmarshal(msg, &in) != nil {
		return
	}
	if strings.HasPrefix(in.Event, "net.") {
		if h.net != nil {
			h.net.receive(c, in.Event, in.Body)
		}
		return
	}
	switch in.Event {
	case "output":
		var o outputBody
		if json.Unmarshal(in.Body, &o) != nil {
			return
		}
		var w io.Writer
		switch o.Stream {
		case "stdout":
			w = h.cfg.Stdout
		case "stderr":
			w = h.cfg.Stderr
		}
		if w != nil {
			h.out.Lock()
			w.Write(o.Data)
			h.out.Unlock()
		}
	case "log":
		var e kernel.Entry
		if !h.cfg.Verbose || json.Unmarshal(in.Body, &e) != nil || e.Level < kernel.LevelInfo {
			return
		}
		h.printf("wasmrun [%s] %s%s\n", e.Source, pidPrefix(e.PID), e.Message)
	case "process":
		var p kernel.Info
		if json.Unmarshal(in.Body, &p) != nil {
			return
		}
		cmd := "process"
		if len(p.Argv) > 0 {
			cmd = p.Argv[0]
		}
		switch p.State {
		case kernel.StateKilled, kernel.StateTrapped:
			// As 'wasmrun run' says it.
			h.printf("wasmrun: %s: %s\n", cmd, p.Reason)
		case kernel.StateExited:
			if h.cfg.Verbose {
				h.printf("wasmrun: %s (pid %d) exited with code %d\n", cmd, p.PID, p.ExitCode)
			}
		}
	}
}

func (h *hub) printf(format string, args ...any) {
	h.out.Lock()
	defer h.out.Unlock()
	fmt.Fprintf(h.cfg.messages(), format, args...)
}

// broadcast sends an event to every connected page. A page that does not
// keep up is disconnected rather than allowed to hold the host up.
func (h *hub) broadcast(ev protocol.Event) {
	msg, err := json.Marshal(ev)
	if err != nil {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	for c := range h.clients {
		select {
		case c.send <- msg:
		default:
			c.dropped()
			delete(h.clients, c)
		}
	}
}

// clientCount is the number of connected pages.
func (h *hub) clientCount() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.clients)
}

func pidPrefix(pid int) string {
	if pid == 0 {
		return ""
	}
	return fmt.Sprintf("pid %d: ", pid)
}
