package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWasmProgramRunsAModuleAsTheProgramItself(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("server.wasm", "\x00asm\x01\x00\x00\x00")
	write("bin/tool.WASM", "\x00asm\x01\x00\x00\x00")
	write("fake.wasm", "#!/bin/sh\n")
	write("main.py", "print(1)\n")

	tests := []struct {
		name, path, entry string
		wantEntry, err    string // wantEntry "" means no module
	}{
		{"a .wasm file as PATH", filepath.Join(dir, "server.wasm"), "", "server.wasm", ""},
		{"a .wasm --entry in the project", dir, "bin/tool.WASM", "bin/tool.WASM", ""},
		{"a project directory", dir, "", "", ""},
		{"a script entry", dir, "main.py", "", ""},
		{"a .wasm file that is no module", filepath.Join(dir, "fake.wasm"), "", "", "is not a WebAssembly module"},
		{"a missing module", dir, "gone.wasm", "", "pass a WASI command module (.wasm) that exists"},
		{"an entry outside the project", dir, "../x.wasm", "", "x.wasm"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := wasmProgram(tt.path, tt.entry)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want one saying %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tt.wantEntry == "" {
				if m != nil {
					t.Fatalf("got module %+v, want none", m.project())
				}
				return
			}
			p, rt := m.project(), m.runtime()
			if p.Root != dir || p.Entry != tt.wantEntry || p.Language != LanguageWASM {
				t.Errorf("project = %+v, want root %s entry %s", p, dir, tt.wantEntry)
			}
			if base := filepath.Base(tt.wantEntry); len(rt.Argv) != 1 || rt.Argv[0] != base || rt.Size != 8 || len(rt.SHA256) != 64 {
				t.Errorf("runtime = %+v, want argv [%s], size 8 and a sha256", rt.Runtime, base)
			}
		})
	}
}
