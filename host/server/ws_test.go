package server

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/wasmrun/wasmrun/kernel"
	"github.com/wasmrun/wasmrun/kernel/protocol"
)

// dialWS opens the back-channel as a page with origin would (none: "").
// It returns the connection, or nil and the refusal's status.
func dialWS(t *testing.T, ts *testServer, origin string) (*websocket.Conn, int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	h := http.Header{}
	if origin != "" {
		h.Set("Origin", origin)
	}
	conn, resp, err := websocket.Dial(ctx, "ws://"+ts.host+"/api/ws", &websocket.DialOptions{HTTPHeader: h})
	if err != nil {
		if resp == nil {
			t.Fatalf("dial: %v", err)
		}
		return nil, resp.StatusCode
	}
	conn.SetReadLimit(64 << 20)
	return conn, http.StatusSwitchingProtocols
}

// page is the UI's end of the back-channel.
func page(t *testing.T, ts *testServer) *websocket.Conn {
	t.Helper()
	before := ts.hub.clientCount()
	conn, status := dialWS(t, ts, "http://"+ts.host)
	if conn == nil {
		t.Fatalf("the page's WebSocket was refused: %d", status)
	}
	t.Cleanup(func() { conn.CloseNow() })
	eventually(t, "the WebSocket to be registered", func() bool { return ts.hub.clientCount() > before })
	return conn
}

func send(t *testing.T, conn *websocket.Conn, v any) {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	if err := conn.Write(t.Context(), websocket.MessageText, b); err != nil {
		t.Fatal(err)
	}
}

func output(stream, text string) protocol.Event {
	return protocol.Event{Event: "output", Body: outputBody{OutputEvent: protocol.OutputEvent{PID: 1, Stream: stream}, Data: []byte(text)}}
}

func TestTheGuestsOutputReachesTheTerminal(t *testing.T) {
	ts := start(t, nil)
	conn := page(t, ts)
	send(t, conn, output("stdout", "hello, "))
	send(t, conn, output("stderr", "Traceback (most recent call last):\n"))
	send(t, conn, output("stdout", "world\n\x00\xff binary too\n"))
	// What the page cannot have meant is ignored, and the channel survives.
	send(t, conn, output("stdin", "not an output stream\n"))
	conn.Write(t.Context(), websocket.MessageText, []byte("not json"))
	send(t, conn, protocol.Event{Event: "output", Body: "not an output body"})
	send(t, conn, output("stdout", "the end\n"))

	wantOut := "hello, world\n\x00\xff binary too\nthe end\n"
	eventually(t, "stdout", func() bool { return ts.stdout.String() == wantOut })
	if got := ts.stderr.String(); got != "Traceback (most recent call last):\n" {
		t.Errorf("stderr %q", got)
	}
	if strings.Contains(ts.msgs.String(), "hello") {
		t.Errorf("output went to the messages: %q", ts.msgs.String())
	}
}

func TestLogEntriesReachTheTerminalWithVerbose(t *testing.T) {
	for _, verbose := range []bool{false, true} {
		t.Run(map[bool]string{false: "quiet", true: "verbose"}[verbose], func(t *testing.T) {
			ts := start(t, func(c *Config) { c.Verbose = verbose })
			conn := page(t, ts)
			send(t, conn, protocol.Event{Event: "log", Body: kernel.Entry{Level: kernel.LevelInfo, Source: kernel.SourceProcess, PID: 1, Message: "started python /app/main.py"}})
			send(t, conn, protocol.Event{Event: "log", Body: kernel.Entry{Level: kernel.LevelDebug, Source: kernel.SourceWASI, PID: 1, Message: "fd_write(1, ...)"}})
			send(t, conn, protocol.Event{Event: "process", Body: kernel.Info{PID: 1, Argv: []string{"python", "/app/main.py"}, State: kernel.StateExited, ExitCode: 3}})
			send(t, conn, protocol.Event{Event: "process", Body: kernel.Info{PID: 2, Argv: []string{"python"}, State: kernel.StateKilled, Reason: "stopped from the UI"}})

			// A kill is always said, as 'wasmrun run' says it.
			eventually(t, "the kill", func() bool { return strings.Contains(ts.msgs.String(), "wasmrun: python: stopped from the UI\n") })
			got := ts.msgs.String()
			if strings.Contains(got, "fd_write") {
				t.Errorf("a debug entry was printed: %q", got)
			}
			for _, line := range []string{"wasmrun [process] pid 1: started python /app/main.py\n", "wasmrun: python (pid 1) exited with code 3\n"} {
				if strings.Contains(got, line) != verbose {
					t.Errorf("verbose=%v: %q in %q: %v", verbose, line, got, !verbose)
				}
			}
		})
	}
}

func TestShutdownClosesTheWebSocket(t *testing.T) {
	ts := start(t, nil)
	conn := page(t, ts)
	ts.cancel() // what Serve does when its context ends
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, _, err := conn.Read(ctx)
	if websocket.CloseStatus(err) != websocket.StatusGoingAway {
		t.Fatalf("read after shutdown: %v, want a going-away close", err)
	}
}
