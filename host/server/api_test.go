package server

import (
	"archive/tar"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/wasmrun/wasmrun/host/project"
	"github.com/wasmrun/wasmrun/kernel/protocol"
)

func TestTheSessionDescribesWhatToRun(t *testing.T) {
	ts := start(t, nil)
	r := ts.get(t, "/api/session")
	var got protocol.Session
	if err := json.Unmarshal(r.body, &got); err != nil {
		t.Fatalf("session %.200q: %v", r.body, err)
	}
	instrumented, _ := instrumentStub(testRuntime)
	want := protocol.Session{
		Version: "test",
		Project: protocol.Project{
			Root:     ts.root,
			Name:     filepath.Base(ts.root),
			Language: "python",
			Entry:    "main.py",
			Reason:   "found main.py",
			// main.py, lib/util.py, .gitignore, node_modules/m/i.js, .env
			Files: 5,
			Bytes: int64(len(projectFiles["main.py"]) + len(projectFiles["lib/util.py"]) + len(projectFiles[".gitignore"]) +
				len(projectFiles["node_modules/m/i.js"]) + len(projectFiles[".env"])),
			Skipped: []protocol.Skip{{Path: "data/big.bin", Reason: "file is 4.9 KiB, over the 4.0 KiB per-file limit, raise with --max-file-size"}},
		},
		Runtime:    protocol.Runtime{Language: "python", Name: "cpython", Version: "3.12.0", SHA256: sha(testRuntime), Size: int64(len(testRuntime))},
		RuntimeURL: "/runtimes/" + sha(instrumented) + ".wasm",
		SupportURL: "/support/" + sha(supportTar(t, "python")) + ".tar",
		// The Preview's port, which the server picks (preview_test.go).
		PreviewPort: ts.Session().PreviewPort,
		Command:     []string{"python", "{entry}"},
		Args:        []string{"a", "b"},
		Env:         []string{"K=V"},
		Limits:      protocol.Limits{MaxMemory: 1 << 30, MaxFS: 1 << 29, TimeoutMs: 5000},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("session\n got %+v\nwant %+v", got, want)
	}
}

func TestTheSessionFollowsTheProjectOnDisk(t *testing.T) {
	ts := start(t, nil)
	if err := os.WriteFile(filepath.Join(ts.root, "new.py"), []byte("pass\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var s protocol.Session
	if err := json.Unmarshal(ts.get(t, "/api/session").body, &s); err != nil {
		t.Fatal(err)
	}
	if s.Project.Files != 6 {
		t.Fatalf("files %d after adding one, want 6", s.Project.Files)
	}
}

func TestEmptyListsAreEmptyNotNull(t *testing.T) {
	ts := start(t, func(c *Config) {
		c.Session.Args, c.Session.Env = nil, nil
		c.Scan = project.Options{}
	})
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(ts.get(t, "/api/session").body, &raw); err != nil {
		t.Fatal(err)
	}
	var p map[string]json.RawMessage
	json.Unmarshal(raw["project"], &p)
	for name, v := range map[string]json.RawMessage{"args": raw["args"], "env": raw["env"], "project.skipped": p["skipped"]} {
		if string(v) != "[]" {
			t.Errorf("%s is %s, want []", name, v)
		}
	}
}

func TestTheTarHoldsExactlyTheSelection(t *testing.T) {
	ts := start(t, nil)
	r := ts.get(t, "/api/project.tar")
	entries := map[string][]byte{}
	tr := tar.NewReader(bytes.NewReader(r.body))
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("reading the tar: %v", err)
		}
		b, _ := io.ReadAll(tr)
		entries[h.Name] = b
	}
	var names []string
	for n := range entries {
		names = append(names, n)
	}
	slices.Sort(names)
	// Not build/ or debug.log (.gitignore), nor data/big.bin (over the
	// per-file limit); node_modules and .env in spite of .gitignore rules.
	want := []string{".env", ".gitignore", "data/", "lib/", "lib/util.py", "main.py", "node_modules/", "node_modules/m/", "node_modules/m/i.js"}
	if !slices.Equal(names, want) {
		t.Fatalf("tar entries %q, want %q", names, want)
	}
	for name, content := range projectFiles {
		if b, ok := entries[name]; ok && string(b) != content {
			t.Errorf("%s: %q, want %q", name, b, content)
		}
	}

	// And what Scan selects, by the one definition of the selection.
	m, err := project.Scan(ts.root, project.Options{MaxFileSize: 4096})
	if err != nil {
		t.Fatal(err)
	}
	var scanned []string
	for _, f := range m.Files {
		n := f.Path
		if f.Mode.IsDir() {
			n += "/"
		}
		scanned = append(scanned, n)
	}
	slices.Sort(scanned)
	if !slices.Equal(names, scanned) {
		t.Errorf("tar %q, Scan %q", names, scanned)
	}
}

func TestTheTarIsFreshAtEachRequest(t *testing.T) {
	ts := start(t, nil)
	os.WriteFile(filepath.Join(ts.root, "main.py"), []byte("print('edited')\n"), 0o644)
	os.Remove(filepath.Join(ts.root, "lib/util.py"))
	tr := tar.NewReader(bytes.NewReader(ts.get(t, "/api/project.tar").body))
	found := map[string]string{}
	for {
		h, err := tr.Next()
		if err != nil {
			break
		}
		b, _ := io.ReadAll(tr)
		found[h.Name] = string(b)
	}
	if found["main.py"] != "print('edited')\n" {
		t.Errorf("main.py %q, want the edit", found["main.py"])
	}
	if _, ok := found["lib/util.py"]; ok {
		t.Error("a removed file is still in the tar")
	}
}
