//go:build !js

package boot_test

import (
	"bytes"
	"io/fs"
	"slices"
	"testing"

	"github.com/wasmrun/wasmrun/host/project"
	"github.com/wasmrun/wasmrun/kernel/boot"
	"github.com/wasmrun/wasmrun/kernel/vfs/memfs"
)

// The browser's kernel gets the support files as SupportTar's stream,
// read by project.ReadTar: it must hold the very files Support gives the
// headless kernel, and the same files must make the same bytes (the host
// names the tar by its hash).
func TestSupportTarCarriesTheLanguagesSupportFiles(t *testing.T) {
	for _, tt := range []struct {
		language string
		want     []string // files that must be there
		absent   []string // files of other languages
	}{
		{"python", []string{"python/sitecustomize.py"}, []string{"node/node.js", "node-unbuilt.js"}},
		{"javascript", []string{"node-unbuilt.js", "node/README.md"}, []string{"python/sitecustomize.py"}},
		{"wasm", nil, []string{"python/sitecustomize.py", "node-unbuilt.js"}},
	} {
		t.Run(tt.language, func(t *testing.T) {
			var a, b bytes.Buffer
			if err := boot.SupportTar(tt.language, &a); err != nil {
				t.Fatal(err)
			}
			if err := boot.SupportTar(tt.language, &b); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(a.Bytes(), b.Bytes()) {
				t.Fatal("two tars of the same files differ")
			}
			dst := memfs.New(memfs.Options{})
			if _, err := project.ReadTar(&a, dst, project.Options{}); err != nil {
				t.Fatalf("ReadTar: %v", err)
			}
			src := boot.Support(tt.language)
			n := 0
			err := fs.WalkDir(src, ".", func(name string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() {
					return err
				}
				n++
				want, err := fs.ReadFile(src, name)
				if err != nil {
					return err
				}
				got, err := fs.ReadFile(dst, name)
				if err != nil {
					t.Errorf("%s: not in the tar: %v", name, err)
					return nil
				}
				if !bytes.Equal(got, want) {
					t.Errorf("%s: %d bytes in the tar, %d embedded", name, len(got), len(want))
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range tt.want {
				if _, err := fs.Stat(dst, f); err != nil {
					t.Errorf("%s: missing (%v)", f, err)
				}
			}
			for _, f := range tt.absent {
				if _, err := fs.Stat(src, f); err == nil {
					t.Errorf("%s: another language's file is there", f)
				}
			}
			if tt.want == nil && n != 0 {
				t.Errorf("%d files for a language without support files", n)
			}
		})
	}
}

// Spec runs the Node layer before a JavaScript entry when the support
// files have it, and the one-line "not built" script when they do not.
func TestSpecPicksTheNodeLayerFromTheSupportFiles(t *testing.T) {
	pl := boot.Plan{Language: "javascript", Command: []string{"qjs", "{entry}"}, Entry: "main.js"}
	got := boot.Spec(pl, memfs.New(memfs.Options{})).Argv
	if want := []string{"qjs", "/opt/wasmrun/node-unbuilt.js", "/app/main.js"}; !slices.Equal(got, want) {
		t.Errorf("without the layer: argv %q, want %q", got, want)
	}
	if _, err := fs.Stat(boot.Support("javascript"), "node/node.qbc"); err != nil {
		t.Skip("the Node layer is not built (make node-layer)")
	}
	got = boot.Spec(pl, boot.Support("javascript")).Argv
	if want := []string{"qjs", "/opt/wasmrun/node/node.js", "/app/main.js"}; !slices.Equal(got, want) {
		t.Errorf("with the layer: argv %q, want %q", got, want)
	}
}
