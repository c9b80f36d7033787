package cli

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/wasmrun/wasmrun/host/detect"
	"github.com/wasmrun/wasmrun/host/runtimes"
)

// LanguageWASM is the language of a project whose program is a WASI command
// module: no runtime runs it, it is the process.
const LanguageWASM = "wasm"

// module is a WASI command module that wasmrun os runs as the program
// itself (a Go, Rust or C program built for wasip1), with its directory as
// the project.
type module struct {
	root  string // the project: the module's directory, absolute
	entry string // the module, relative to root, slash-separated
	bytes []byte
}

// wasmProgram is the module that path (or path's entry) names, or nil when
// neither is a .wasm file. A .wasm file that is not a WebAssembly binary is
// an error.
func wasmProgram(path, entry string) (*module, error) {
	if path == "" {
		path = "."
	}
	file, root := path, filepath.Dir(path)
	switch {
	case entry != "":
		if !isWasm(entry) {
			return nil, nil
		}
		file, root = filepath.Join(path, filepath.FromSlash(entry)), path
	case !isWasm(path):
		return nil, nil
	}
	b, err := os.ReadFile(file)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, usagef("%s: no such file: pass a WASI command module (.wasm) that exists", file)
	case err != nil:
		return nil, fmt.Errorf("%s: %w", file, err)
	case !bytes.HasPrefix(b, []byte("\x00asm")):
		return nil, usagef("%s is not a WebAssembly module (no \\0asm header): pass a WASI command module built for wasip1", file)
	}
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	rel, err := filepath.Rel(abs, mustAbs(file))
	if err != nil || strings.HasPrefix(rel, "..") {
		return nil, usagef("--entry %s: the module must be inside the project %s", entry, path)
	}
	return &module{root: abs, entry: filepath.ToSlash(rel), bytes: b}, nil
}

func isWasm(name string) bool { return strings.EqualFold(filepath.Ext(name), ".wasm") }

func mustAbs(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}

// project describes the module's project as detection would; nil for no module.
func (m *module) project() *detect.Project {
	if m == nil {
		return nil
	}
	return &detect.Project{Root: m.root, Language: LanguageWASM, Entry: m.entry, Reason: "a WASI command module"}
}

// runtime is the module standing where a language's runtime would: the
// bytes the kernel runs, named and hashed; its argv is the module's name.
func (m *module) runtime() *runtimes.Resolved {
	if m == nil {
		return nil
	}
	sum := sha256.Sum256(m.bytes)
	name := filepath.Base(filepath.FromSlash(m.entry))
	return &runtimes.Resolved{
		Runtime: runtimes.Runtime{
			Language: LanguageWASM,
			Name:     name,
			Source:   runtimes.Source{Kind: runtimes.SourceFile, Path: filepath.Join(m.root, filepath.FromSlash(m.entry))},
			File:     name,
			Size:     int64(len(m.bytes)),
			SHA256:   hex.EncodeToString(sum[:]),
			Argv:     []string{name},
		},
		Path:  filepath.Join(m.root, filepath.FromSlash(m.entry)),
		Bytes: m.bytes,
	}
}
