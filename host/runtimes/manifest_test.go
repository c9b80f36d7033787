package runtimes

import (
	"bytes"
	"os"
	"slices"
	"strings"
	"testing"

	quickjswasi "github.com/paralin/go-quickjs-wasi"
)

func TestManifestCopyMatchesBuild(t *testing.T) {
	build, err := os.ReadFile("../../build/runtimes.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(build, manifestJSON) {
		t.Fatal("host/runtimes/manifest.json differs from build/runtimes.json: run 'go generate ./host/runtimes'")
	}
}

func TestManifestIsWellFormed(t *testing.T) {
	m, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := m.Languages(), []string{"javascript", "python"}; !slices.Equal(got, want) {
		t.Errorf("languages = %v, want %v", got, want)
	}
	for _, rt := range m.Runtimes {
		t.Run(rt.Language, func(t *testing.T) {
			for field, value := range map[string]string{
				"language": rt.Language, "name": rt.Name, "version": rt.Version, "file": rt.File,
				"license": rt.License, "source.kind": rt.Source.Kind, "source.version": rt.Source.Version,
				"source.path": rt.Source.Path,
			} {
				if value == "" {
					t.Errorf("%s is empty", field)
				}
			}
			if rt.Size <= 0 {
				t.Errorf("size = %d", rt.Size)
			}
			if len(rt.SHA256) != 64 || strings.Trim(rt.SHA256, "0123456789abcdef") != "" {
				t.Errorf("sha256 %q is not 64 lowercase hex digits", rt.SHA256)
			}
			if !slices.Contains(rt.Argv, EntryPlaceholder) {
				t.Errorf("argv %q has no %s", rt.Argv, EntryPlaceholder)
			}
		})
	}
}

func TestEmbeddedJavaScriptMatchesManifest(t *testing.T) {
	m, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	rt, err := m.Runtime("javascript")
	if err != nil {
		t.Fatal(err)
	}
	if rt.Source.Version != quickjswasi.Version || rt.Source.Path != quickjswasi.QuickJSWASMFilename {
		t.Errorf("manifest source %s/%s, but the module in go.mod embeds %s/%s",
			rt.Source.Version, rt.Source.Path, quickjswasi.Version, quickjswasi.QuickJSWASMFilename)
	}
	h := &Hub{CacheDir: t.TempDir()}
	if err := h.Verify("javascript"); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", t.TempDir()) // no npm: nothing may be fetched
	res, err := h.Resolve(t.Context(), "javascript")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(res.Bytes, quickjswasi.QuickJSWASM) || res.Path != "" || res.SHA256 != rt.SHA256 {
		t.Errorf("resolved %d bytes at %q, want the embedded %d bytes", len(res.Bytes), res.Path, len(quickjswasi.QuickJSWASM))
	}
}

func TestParseRejectsIncompleteEntries(t *testing.T) {
	good := `{"language":"python","name":"cpython","version":"3.12.0",
		"source":{"kind":"npm","package":"p","version":"1","path":"package/x.wasm"},
		"file":"x.wasm","size":8,"sha256":"` + strings.Repeat("a", 64) + `","license":"MIT","argv":["python","{entry}"]}`
	tests := []struct {
		name, manifest, want string
	}{
		{"no runtimes", `{"runtimes":[]}`, "no runtimes"},
		{"not json", `{`, "runtime manifest"},
		{"missing name", strings.Replace(good, `"name":"cpython",`, "", 1), "name is missing"},
		{"missing license", strings.Replace(good, `"license":"MIT",`, "", 1), "license is missing"},
		{"missing package", strings.Replace(good, `"package":"p",`, "", 1), "source.package is missing"},
		{"unknown kind", strings.Replace(good, `"kind":"npm"`, `"kind":"ftp"`, 1), `source.kind "ftp"`},
		{"module not embedded", strings.Replace(good, `"kind":"npm","package":"p"`, `"kind":"go-module","module":"example.com/x"`, 1), "not embedded"},
		{"short sha256", strings.Replace(good, strings.Repeat("a", 64), "abc", 1), "64 lowercase hex"},
		{"uppercase sha256", strings.Replace(good, strings.Repeat("a", 64), strings.Repeat("A", 64), 1), "64 lowercase hex"},
		{"zero size", strings.Replace(good, `"size":8`, `"size":0`, 1), "size 0"},
		{"argv without entry", strings.Replace(good, `"{entry}"`, `"main.py"`, 1), "does not contain {entry}"},
		{"language twice", good + "," + good, "listed twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			manifest := tt.manifest
			if !strings.HasPrefix(manifest, `{"runtimes"`) && manifest != `{` {
				manifest = `{"runtimes":[` + manifest + `]}`
			}
			_, err := Parse([]byte(manifest))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Parse error = %v, want one containing %q", err, tt.want)
			}
		})
	}
	if _, err := Parse([]byte(`{"runtimes":[` + good + `]}`)); err != nil {
		t.Fatalf("Parse of a complete entry: %v", err)
	}
}

func TestUnknownLanguageListsTheKnownOnes(t *testing.T) {
	h := &Hub{CacheDir: t.TempDir()}
	_, err := h.Resolve(t.Context(), "ruby")
	want := "runtime ruby: unknown language (known: javascript, python)"
	if err == nil || err.Error() != want {
		t.Fatalf("error = %v, want %q", err, want)
	}
}

func TestArgsPutsTheEntryInPlace(t *testing.T) {
	rt := Runtime{Argv: []string{"qjs", "--std", EntryPlaceholder}}
	got := rt.Args("/app/main.js", "--port", "8080")
	want := []string{"qjs", "--std", "/app/main.js", "--port", "8080"}
	if !slices.Equal(got, want) {
		t.Fatalf("Args = %q, want %q", got, want)
	}
}
