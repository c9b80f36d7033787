package server

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/wasmrun/wasmrun/kernel/protocol"
)

// hostFile reads the next event from the host, which must be a host.file.
func hostFile(t *testing.T, conn *websocket.Conn) protocol.HostFileEvent {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, msg, err := conn.Read(ctx)
	if err != nil {
		t.Fatalf("waiting for a host.file event: %v", err)
	}
	var ev struct {
		Event string                 `json:"event"`
		Body  protocol.HostFileEvent `json:"body"`
	}
	if err := json.Unmarshal(msg, &ev); err != nil || ev.Event != "host.file" {
		t.Fatalf("event %s: %v", msg, err)
	}
	return ev.Body
}

func watching(t *testing.T) (*testServer, *websocket.Conn) {
	ts := start(t, func(c *Config) { c.Session.Watch = true })
	return ts, page(t, ts)
}

func TestWatchSendsAnEditedFile(t *testing.T) {
	ts, conn := watching(t)
	os.WriteFile(filepath.Join(ts.root, "main.py"), []byte("print('edited')\n"), 0o644)
	got := hostFile(t, conn)
	if got.Path != "main.py" || string(got.Data) != "print('edited')\n" || got.Removed {
		t.Fatalf("host.file %+v", got)
	}
}

func TestWatchSendsARemovedFile(t *testing.T) {
	ts, conn := watching(t)
	os.Remove(filepath.Join(ts.root, "lib/util.py"))
	got := hostFile(t, conn)
	if got.Path != "lib/util.py" || !got.Removed || got.Data != nil {
		t.Fatalf("host.file %+v", got)
	}
}

func TestWatchSendsFilesOfANewDirectory(t *testing.T) {
	ts, conn := watching(t)
	dir := filepath.Join(ts.root, "pkg", "sub")
	os.MkdirAll(dir, 0o755)
	os.WriteFile(filepath.Join(dir, "mod.py"), []byte("Y = 2\n"), 0o644)
	got := hostFile(t, conn)
	if got.Path != "pkg/sub/mod.py" || string(got.Data) != "Y = 2\n" {
		t.Fatalf("host.file %+v", got)
	}
	// The new directory is watched too.
	os.WriteFile(filepath.Join(dir, "mod.py"), []byte("Y = 3\n"), 0o644)
	if got := hostFile(t, conn); got.Path != "pkg/sub/mod.py" || string(got.Data) != "Y = 3\n" {
		t.Fatalf("second edit: host.file %+v", got)
	}
}

func TestWatchRemovesADirectoryDeepestFirst(t *testing.T) {
	ts, conn := watching(t)
	os.RemoveAll(filepath.Join(ts.root, "node_modules"))
	var got []string
	for range 3 {
		ev := hostFile(t, conn)
		if !ev.Removed {
			t.Fatalf("host.file %+v, want a removal", ev)
		}
		got = append(got, ev.Path)
	}
	want := []string{"node_modules/m/i.js", "node_modules/m", "node_modules"}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("removals %q, want %q", got, want)
		}
	}
}

func TestWatchIgnoresWhatTheSelectionLeavesOut(t *testing.T) {
	ts, conn := watching(t)
	// Ignored by .gitignore, and over the per-file limit: nothing to send.
	os.WriteFile(filepath.Join(ts.root, "debug.log"), []byte("more\n"), 0o644)
	os.WriteFile(filepath.Join(ts.root, "build", "out.txt"), []byte("rebuilt\n"), 0o644)
	os.WriteFile(filepath.Join(ts.root, "data", "big.bin"), make([]byte, 6000), 0o644)
	time.Sleep(3 * settleDelay)
	os.WriteFile(filepath.Join(ts.root, "main.py"), []byte("print(2)\n"), 0o644)
	if got := hostFile(t, conn); got.Path != "main.py" {
		t.Fatalf("first event for %q, want main.py: ignored files were sent", got.Path)
	}
}

func TestWatchDebouncesASave(t *testing.T) {
	ts, conn := watching(t)
	p := filepath.Join(ts.root, "main.py")
	// An editor's save: truncate, write in pieces, rename over.
	os.WriteFile(p, nil, 0o644)
	os.WriteFile(p, []byte("print("), 0o644)
	os.WriteFile(p+".tmp", []byte("print('saved')\n"), 0o644)
	os.Rename(p+".tmp", p)
	if got := hostFile(t, conn); got.Path != "main.py" || string(got.Data) != "print('saved')\n" {
		t.Fatalf("host.file %+v, want the saved content once", got)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 4*settleDelay)
	defer cancel()
	if _, msg, err := conn.Read(ctx); err == nil {
		t.Fatalf("a second event for one save: %s", msg)
	}
}

func TestWithoutWatchNothingIsSent(t *testing.T) {
	ts := start(t, nil)
	conn := page(t, ts)
	os.WriteFile(filepath.Join(ts.root, "main.py"), []byte("print(3)\n"), 0o644)
	ctx, cancel := context.WithTimeout(context.Background(), 4*settleDelay)
	defer cancel()
	if _, msg, err := conn.Read(ctx); err == nil {
		t.Fatalf("an event without --watch: %s", msg)
	}
}
