// Command prepare writes what bench/browser/run.mjs serves to Chromium: for
// each workload, the session and the project tar that wasmrun's worker
// fetches (made by the host's own code: project.Scan, project.WriteTar,
// its Describe, the runtime manifest's argv, the CLI's default limits),
// and for browser_wasi_shim the same files (the project at /app, the
// kernel's support files at /opt/wasmrun, an empty /tmp) with the argv and
// environment the kernel would give the process (boot.Spec). The runtimes
// are written twice: instrumented, as the host serves them to wasmrun, and
// as they are, for the shim.
//
//	go run ./bench/browser/prepare -out DIR
package main

import (
	"archive/tar"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/wasmrun/wasmrun/host/project"
	"github.com/wasmrun/wasmrun/host/runtimes"
	"github.com/wasmrun/wasmrun/kernel/boot"
	"github.com/wasmrun/wasmrun/kernel/instrument"
	"github.com/wasmrun/wasmrun/kernel/protocol"
)

// shimRuntime is the module the shim runs: "same", the bytes wasmrun runs
// (instrumented: the C stack moved to its own region, interruption checks
// at loop headers, DWARF dropped), or the runtime as published ("raw") or
// without its DWARF sections ("stripped"). QuickJS as published cannot run
// the Node layer: its 64 KiB C stack overflows into its data (the reason
// for the move, kernel/instrument), so "same" is the default.
var shimRuntime string

// Workload is one program run under both runners.
type Workload struct {
	Name     string `json:"name"`
	Title    string `json:"title"`
	Language string `json:"language"`
	Entry    string `json:"entry"`
	Source   string `json:"-"`
}

// pyFiles is bench/kernel_test.go's file script, under /tmp, timing its
// own loop and printing the figure at the end (its only output).
const pyFiles = `import os, time
t = time.perf_counter()
for i in range(2000):
    p = f"/tmp/f{i}.txt"
    with open(p, "w") as f:
        f.write("hello world " * 8)
    with open(p) as f:
        f.read()
    os.stat(p)
    os.unlink(p)
print(f"loop_ms={(time.perf_counter() - t) * 1000:.3f}")
`

var workloads = []Workload{
	{Name: "js-hello", Title: "JS hello (qjs)", Language: "javascript", Entry: "main.js", Source: "console.log(\"hello\");\n"},
	{Name: "py-hello", Title: "Python hello", Language: "python", Entry: "main.py", Source: "print(\"hello\")\n"},
	{Name: "py-files", Title: "Python 2000 file cycles", Language: "python", Entry: "main.py", Source: pyFiles},
}

// ShimSpec is what the shim's worker fetches: what to run and where.
type ShimSpec struct {
	Argv       []string `json:"argv"`
	Env        []string `json:"env"`
	Cwd        string   `json:"cwd"`
	RuntimeURL string   `json:"runtimeUrl"`
	FSURL      string   `json:"fsUrl"`
}

// Manifest lists the workloads and the files that serve them, relative to
// the output directory.
type Manifest struct {
	Workloads []ManifestEntry   `json:"workloads"`
	Runtimes  map[string]string `json:"runtimes"` // URL path -> file
	Support   map[string]string `json:"support"`  // URL path -> file: the languages' support tars
}

type ManifestEntry struct {
	Workload
	Session string `json:"session"`
	Project string `json:"project"`
	Spec    string `json:"spec"`
	FS      string `json:"fs"`
}

func main() {
	out := flag.String("out", "", "directory to write into")
	flag.StringVar(&shimRuntime, "shim-runtime", "same", "the shim's runtime: same (the instrumented bytes wasmrun runs), raw (as published) or stripped (without DWARF)")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "usage: prepare -out DIR")
		os.Exit(2)
	}
	if err := run(*out); err != nil {
		fmt.Fprintln(os.Stderr, "prepare:", err)
		os.Exit(1)
	}
}

func run(out string) error {
	ctx := context.Background()
	hub := &runtimes.Hub{Stderr: os.Stderr}
	man := Manifest{Runtimes: map[string]string{}, Support: map[string]string{}}
	type served struct{ instrumented, raw, support string }
	rts := map[string]served{}
	resolved := map[string]*runtimes.Resolved{}
	for _, w := range workloads {
		if _, ok := rts[w.Language]; ok {
			continue
		}
		rt, err := hub.Resolve(ctx, w.Language)
		if err != nil {
			return err
		}
		resolved[w.Language] = rt
		inst, err := instrument.Instrument(rt.Bytes, instrument.Options{})
		if err != nil {
			return fmt.Errorf("instrument %s: %w", w.Language, err)
		}
		raw := rt.Bytes
		if shimRuntime == "stripped" {
			if raw, err = stripDebug(raw); err != nil {
				return fmt.Errorf("strip %s: %w", w.Language, err)
			}
		}
		var s served
		for _, v := range []struct {
			b   []byte
			dir string
			dst *string
		}{{inst, "runtimes", &s.instrumented}, {raw, "raw", &s.raw}} {
			url, rel, err := writeByHash(out, v.dir, ".wasm", v.b)
			if err != nil {
				return err
			}
			*v.dst = url
			man.Runtimes[url] = rel
		}
		// The language's support files: a tar for wasmrun, as the host
		// serves it (by hash); the shim gets the same files in its tree.
		var supTar bytes.Buffer
		if err := boot.SupportTar(w.Language, &supTar); err != nil {
			return fmt.Errorf("support files: %w", err)
		}
		url, rel, err := writeByHash(out, "support", ".tar", supTar.Bytes())
		if err != nil {
			return err
		}
		s.support = url
		man.Support[url] = rel
		rts[w.Language] = s
	}

	for _, w := range workloads {
		rt := resolved[w.Language]
		supportFiles, err := readFS(boot.Support(w.Language))
		if err != nil {
			return fmt.Errorf("support files: %w", err)
		}
		dir := filepath.Join(out, "workloads", w.Name)
		src := filepath.Join(dir, "project")
		if err := write(filepath.Join(src, w.Entry), []byte(w.Source)); err != nil {
			return err
		}
		m, err := project.Scan(src, project.Options{})
		if err != nil {
			return err
		}
		var projTar bytes.Buffer
		if err := project.WriteTar(m, &projTar); err != nil {
			return err
		}
		if err := write(filepath.Join(dir, "project.tar"), projTar.Bytes()); err != nil {
			return err
		}
		sess := protocol.Session{
			Version: "bench",
			Project: describe(protocol.Project{Root: src, Name: w.Name, Language: w.Language, Entry: w.Entry, Reason: "bench"}, m),
			Runtime: protocol.Runtime{
				Language: rt.Language, Name: rt.Name, Version: rt.Version,
				SHA256: rt.SHA256, Size: rt.Size, License: rt.License,
			},
			RuntimeURL: rts[w.Language].instrumented,
			SupportURL: rts[w.Language].support,
			Command:    rt.Argv,
			Args:       []string{},
			Env:        []string{},
			// The CLI's defaults (host/cli/flags.go).
			Limits: protocol.Limits{MaxMemory: 2 << 30, MaxOutput: 0, MaxFS: 1 << 30, TimeoutMs: 0},
		}
		if err := writeJSON(filepath.Join(dir, "session.json"), sess); err != nil {
			return err
		}
		spec := boot.Spec(boot.Plan{Language: w.Language, Command: rt.Argv, Entry: w.Entry}, boot.Support(w.Language))
		if err := writeJSON(filepath.Join(dir, "spec.json"), ShimSpec{
			Argv: spec.Argv, Env: spec.Env, Cwd: spec.Cwd,
			RuntimeURL: shimURL(rts[w.Language].instrumented, rts[w.Language].raw), FSURL: "/shim/fs.tar",
		}); err != nil {
			return err
		}
		// The shim's root: the same project files, support files and /tmp.
		files := map[string][]byte{}
		for name, b := range supportFiles {
			files[filepath.ToSlash(filepath.Join(boot.SupportDir[1:], name))] = b
		}
		projFiles, err := readFS(os.DirFS(src))
		if err != nil {
			return err
		}
		for name, b := range projFiles {
			files[filepath.ToSlash(filepath.Join(boot.ProjectDir[1:], name))] = b
		}
		fsTar, err := makeTar(files, []string{boot.TmpDir[1:]})
		if err != nil {
			return err
		}
		if err := write(filepath.Join(dir, "fs.tar"), fsTar); err != nil {
			return err
		}
		man.Workloads = append(man.Workloads, ManifestEntry{
			Workload: w,
			Session:  filepath.Join("workloads", w.Name, "session.json"),
			Project:  filepath.Join("workloads", w.Name, "project.tar"),
			Spec:     filepath.Join("workloads", w.Name, "spec.json"),
			FS:       filepath.Join("workloads", w.Name, "fs.tar"),
		})
	}
	return writeJSON(filepath.Join(out, "manifest.json"), man)
}

// describe completes a project's description from its selection, as
// host/server's Describe does (not imported: host/server embeds the UI's
// build, which may be missing or being rebuilt).
func describe(p protocol.Project, m *project.Manifest) protocol.Project {
	p.Files, p.Bytes = 0, m.Bytes
	for _, f := range m.Files {
		if f.Mode.IsRegular() {
			p.Files++
		}
	}
	p.Skipped = make([]protocol.Skip, 0, len(m.Skipped))
	for _, sk := range m.Skipped {
		p.Skipped = append(p.Skipped, protocol.Skip{Path: sk.Path, Reason: sk.Reason})
	}
	return p
}

// writeByHash writes b into out/dir as SHA256.ext, named as the host names
// what it serves for good, and returns its URL path and its file (relative
// to out).
func writeByHash(out, dir, ext string, b []byte) (url, rel string, err error) {
	sum := sha256.Sum256(b)
	rel = filepath.Join(dir, hex.EncodeToString(sum[:])+ext)
	return "/" + filepath.ToSlash(rel), rel, write(filepath.Join(out, rel), b)
}

// readFS reads every regular file of fsys, by slash path.
func readFS(fsys fs.FS) (map[string][]byte, error) {
	files := map[string][]byte{}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		files[p] = b
		return err
	})
	return files, err
}

// makeTar writes a plain ustar archive: directories (the parents of each
// file, and dirs), then the files.
func makeTar(files map[string][]byte, dirs []string) ([]byte, error) {
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	seen := map[string]bool{}
	var mkdir func(d string) error
	mkdir = func(d string) error {
		if d == "." || d == "" || seen[d] {
			return nil
		}
		if err := mkdir(filepath.Dir(d)); err != nil {
			return err
		}
		seen[d] = true
		return tw.WriteHeader(&tar.Header{Typeflag: tar.TypeDir, Name: d + "/", Mode: 0o755, Format: tar.FormatUSTAR})
	}
	for _, d := range dirs {
		if err := mkdir(d); err != nil {
			return nil, err
		}
	}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sortStrings(names)
	for _, n := range names {
		if err := mkdir(filepath.Dir(n)); err != nil {
			return nil, err
		}
		if err := tw.WriteHeader(&tar.Header{Typeflag: tar.TypeReg, Name: n, Mode: 0o644, Size: int64(len(files[n])), Format: tar.FormatUSTAR}); err != nil {
			return nil, err
		}
		if _, err := tw.Write(files[n]); err != nil {
			return nil, err
		}
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func sortStrings(s []string) { sort.Strings(s) }
func _unused(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

// stripDebug drops a module's .debug_* custom sections, leaving every other
// byte as it is.
func stripDebug(b []byte) ([]byte, error) {
	if len(b) < 8 || string(b[:4]) != "\x00asm" {
		return nil, fmt.Errorf("not a WebAssembly module")
	}
	out := append([]byte(nil), b[:8]...)
	for p := 8; p < len(b); {
		start := p
		id := b[p]
		p++
		n, k := uleb(b[p:])
		if k == 0 {
			return nil, fmt.Errorf("bad section size at %d", p)
		}
		p += k
		end := p + int(n)
		if end > len(b) {
			return nil, fmt.Errorf("section at %d runs past the end", start)
		}
		if id == 0 {
			l, k := uleb(b[p:])
			if k > 0 && p+k+int(l) <= end && strings.HasPrefix(string(b[p+k:p+k+int(l)]), ".debug_") {
				p = end
				continue
			}
		}
		out = append(out, b[start:end]...)
		p = end
	}
	return out, nil
}

func uleb(b []byte) (uint64, int) {
	var v uint64
	for i := 0; i < len(b) && i < 10; i++ {
		v |= uint64(b[i]&0x7f) << (7 * i)
		if b[i]&0x80 == 0 {
			return v, i + 1
		}
	}
	return 0, 0
}

func write(p string, b []byte) error {
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, b, 0o644)
}

func writeJSON(p string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return write(p, append(b, '\n'))
}

// shimURL is the runtime the shim is given, by shimRuntime.
func shimURL(instrumented, raw string) string {
	if shimRuntime == "same" {
		return instrumented
	}
	return raw
}
