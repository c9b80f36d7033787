//go:build !js

// Package wasitest runs real WebAssembly guests on the kernel, for tests.
//
// It builds Go guest programs (GOOS=wasip1) and C guests (clang with
// wasi-libc) once per test binary, compiles them once on one shared
// native.Engine, and runs each on a fresh kernel: a memfs root, preopened
// directories that are either memfs directories or host directories mounted
// with hostfs, an exact argv and environment, stdin bytes, and captured
// stdout, stderr, exit code and process state.
//
//	g := wasitest.BuildGo(t, "testdata/conformance")
//	r := wasitest.Run(t, g, wasitest.Config{
//		Args: []string{"path_open"},
//		Dirs: []wasitest.Dir{{Name: "fs-tests.dir", Host: t.TempDir()}},
//	})
//	if r.ExitCode != 0 { t.Fatal(r) }
//
// It is a library for tests in any package; it has no command line.
package wasitest

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hack-pad/hackpadfs"
	"github.com/tetratelabs/wazero"

	"github.com/wasmrun/wasmrun/kernel"
	"github.com/wasmrun/wasmrun/kernel/native"
	"github.com/wasmrun/wasmrun/kernel/vfs"
	"github.com/wasmrun/wasmrun/kernel/vfs/hostfs"
	"github.com/wasmrun/wasmrun/kernel/vfs/memfs"
	"github.com/wasmrun/wasmrun/wasi"
)

// Guest is a compiled guest module, ready to run any number of times.
type Guest struct {
	Name string // for messages: the package or source it was built from
	Wasm []byte
	mod  wazero.CompiledModule
}

var (
	engineOnce sync.Once
	engine     *native.Engine
	engineErr  error

	compiledMu sync.Mutex
	compiled   = map[string]*Guest{} // by name
)

// Engine is the native engine every guest of this test binary runs on.
// Compiled modules are also kept on disk (see CacheDir), so that a second
// test run does not compile them again.
func Engine(t testing.TB) *native.Engine {
	t.Helper()
	engineOnce.Do(func() {
		engine, engineErr = native.NewEngine(context.Background(), native.Config{CacheDir: CacheDir()})
	})
	if engineErr != nil {
		t.Fatalf("wasitest: native engine: %v", engineErr)
	}
	return engine
}

// CacheDir is where compiled guest modules are cached between test runs:
// $WASMRUN_TEST_CACHE, else wasmrun/wasitest under the user cache directory,
// else nothing (compile in memory).
func CacheDir() string {
	if d := os.Getenv("WASMRUN_TEST_CACHE"); d != "" {
		return d
	}
	d, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return path.Join(d, "wasmrun", "wasitest")
}

// Compile compiles wasm on the shared engine, once per name.
func Compile(t testing.TB, name string, wasm []byte) *Guest {
	t.Helper()
	return compileAs(t, name, name, wasm)
}

func compileAs(t testing.TB, key, name string, wasm []byte) *Guest {
	t.Helper()
	compiledMu.Lock()
	defer compiledMu.Unlock()
	if g, ok := compiled[key]; ok && bytes.Equal(g.Wasm, wasm) {
		return g
	}
	mod, err := Engine(t).Compile(context.Background(), name, wasm)
	if err != nil {
		t.Fatalf("wasitest: compile %s: %v", name, err)
	}
	g := &Guest{Name: name, Wasm: wasm, mod: mod}
	compiled[key] = g
	return g
}

// Dir is a directory preopened for the guest.
type Dir struct {
	// Name is the preopen's name, exactly as the guest sees it
	// (fd_prestat_dir_name): "fs-tests.dir", "/", "/sandbox". The directory
	// is mounted (or created) at "/"+Name, cleaned; "/" is the root.
	Name string
	// Host is a host directory mounted there with hostfs. Empty: the
	// directory lives in the memfs root (created if missing; "/" is the
	// memfs root itself).
	Host string
	// ReadOnly mounts a host directory read-only.
	ReadOnly bool
}

// MountPath is the absolute guest path d is mounted at.
func (d Dir) MountPath() string {
	p := d.Name
	if !path.IsAbs(p) {
		p = "/" + p
	}
	return path.Clean(p)
}

// Config describes one run.
type Config struct {
	// Argv0 is the program name; default the guest's name.
	Argv0 string
	// Args follow argv[0], verbatim.
	Args []string
	// Env is the whole environment, "K=V" each; nothing is inherited.
	Env []string
	// Dirs are preopened from descriptor 3 on, in order.
	Dirs []Dir
	// Stdin is what the guest reads on descriptor 0. The stream ends after
	// it unless StdinOpen is set, in which case it stays open (like the
	// conformance runner's pipe, left open and empty) until the guest ends.
	Stdin     []byte
	StdinOpen bool
	// Feed, when set, runs in its own goroutine once the guest has
	// started: it can write to stdin while the guest runs and close it.
	// (Stdin and StdinOpen still apply first.)
	Feed func(write func([]byte), close func())
	// TTY makes stdio report themselves as terminals (character devices).
	TTY bool
	// Memfs bounds the memfs root; zero values mean unlimited.
	Memfs memfs.Options
	// Setup prepares the VFS before the process starts, after the mounts.
	Setup func(v *vfs.VFS) error
	// Timeout ends a guest that runs longer; default 30 s.
	Timeout time.Duration
	// Trace records every WASI call in Result.Trace.
	Trace bool
	// Prepare, when set, runs once the process has its stdio and preopens
	// and before it starts: it can give the kernel a network (k.Net), mount
	// /dev, or add descriptors.
	Prepare func(k *kernel.Kernel, p *kernel.Process) error
}

// Result is how a run ended and what it wrote.
type Result struct {
	Stdout, Stderr []byte
	State          kernel.State
	ExitCode       int
	Reason         string
	Duration       time.Duration
	// Trace holds one line per WASI call when Config.Trace was set.
	Trace []string
	// Process is the ended process (its descriptors are closed).
	Process *kernel.Process
	// Kernel is the kernel it ran on, for inspecting the VFS afterwards.
	Kernel *kernel.Kernel
}

// String summarises the run for failure messages: state, exit code,
// reason, stderr and the end of stdout and of the trace.
func (r *Result) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "state %s, exit code %d", r.State, r.ExitCode)
	if r.Reason != "" {
		fmt.Fprintf(&b, " (%s)", r.Reason)
	}
	fmt.Fprintf(&b, ", %v\n", r.Duration.Round(time.Millisecond))
	if len(r.Stderr) > 0 {
		fmt.Fprintf(&b, "--- stderr\n%s\n", tail(string(r.Stderr), 40))
	}
	if len(r.Stdout) > 0 {
		fmt.Fprintf(&b, "--- stdout (end)\n%s\n", tail(string(r.Stdout), 40))
	}
	if len(r.Trace) > 0 {
		fmt.Fprintf(&b, "--- last WASI calls\n%s\n", tail(strings.Join(r.Trace, "\n"), 30))
	}
	return b.String()
}

func tail(s string, lines int) string {
	s = strings.TrimRight(s, "\n")
	parts := strings.Split(s, "\n")
	if len(parts) > lines {
		parts = append([]string{fmt.Sprintf("... (%d lines before)", len(parts)-lines)}, parts[len(parts)-lines:]...)
	}
	return strings.Join(parts, "\n")
}

// syncBuffer is a bytes.Buffer safe for the guest's writes and the test's
// reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) write(p []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.b.Write(p)
	return nil
}

func (s *syncBuffer) bytes() []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return bytes.Clone(s.b.Bytes())
}

// NewKernel builds the kernel a run uses: a memfs root with cfg's
// directories mounted or created. Host mounts are closed when t ends.
func NewKernel(t testing.TB, cfg Config) *kernel.Kernel {
	t.Helper()
	root := memfs.New(cfg.Memfs)
	v := vfs.New(root, vfs.MountOptions{Source: "memory"})
	level := kernel.LevelWarn
	if cfg.Trace {
		level = kernel.LevelDebug
	}
	k := kernel.New(kernel.Config{VFS: v, SyscallNames: wasi.Names(), Log: kernel.NewLogBus(64, level)})
	for _, d := range cfg.Dirs {
		mp := d.MountPath()
		if d.Host == "" {
			if mp != "/" {
				if err := hackpadfs.MkdirAll(root, mp[1:], 0o755); err != nil {
					t.Fatalf("wasitest: memfs directory %s: %v", mp, err)
				}
			}
			continue
		}
		h, err := hostfs.New(d.Host)
		if err != nil {
			t.Fatalf("wasitest: %v", err)
		}
		t.Cleanup(func() { h.Close() })
		if err := v.Mount(mp, h, vfs.MountOptions{ReadOnly: d.ReadOnly, Source: "host:" + d.Host}); err != nil {
			t.Fatalf("wasitest: mount %s at %s: %v", d.Host, mp, err)
		}
	}
	if cfg.Setup != nil {
		if err := cfg.Setup(v); err != nil {
			t.Fatalf("wasitest: setup: %v", err)
		}
	}
	return k
}

// Run runs g to its end with cfg and returns what happened. It fails the
// test only when the guest cannot be started; judging the result is the
// caller's job.
func Run(t testing.TB, g *Guest, cfg Config) *Result {
	t.Helper()
	k := NewKernel(t, cfg)
	var trace []string
	var traceMu sync.Mutex
	if cfg.Trace {
		k.Log.Subscribe(func(e kernel.Entry) {
			if e.Source == kernel.SourceWASI {
				traceMu.Lock()
				trace = append(trace, e.Message)
				traceMu.Unlock()
			}
		})
	}
	argv0 := cfg.Argv0
	if argv0 == "" {
		argv0 = path.Base(g.Name)
	}
	env := cfg.Env
	if env == nil {
		env = []string{}
	}
	p := k.Spawn(kernel.Spec{Argv: append([]string{argv0}, cfg.Args...), Env: env})
	var stdout, stderr syncBuffer
	stdin := kernel.NewInput("stdin", cfg.TTY, k.Events)
	p.SetStdio(stdin,
		kernel.NewOutput("stdout", cfg.TTY, stdout.write),
		kernel.NewOutput("stderr", cfg.TTY, stderr.write))
	for _, d := range cfg.Dirs {
		if _, err := p.Preopen(d.Name, d.MountPath()); err != nil {
			t.Fatalf("wasitest: preopen %s: %v", d.Name, err)
		}
	}
	if cfg.Prepare != nil {
		if err := cfg.Prepare(k, p); err != nil {
			t.Fatalf("wasitest: prepare: %v", err)
		}
	}
	if len(cfg.Stdin) > 0 {
		stdin.Feed(cfg.Stdin)
	}
	if !cfg.StdinOpen {
		stdin.CloseInput()
	}
	timeout := cfg.Timeout
	if timeout == 0 {
		timeout = 30 * time.Second
	}
	start := time.Now()
	if cfg.Feed != nil {
		go cfg.Feed(stdin.Feed, stdin.CloseInput)
	}
	Engine(t).Run(context.Background(), p, g.mod, native.Limits{Timeout: timeout})
	state, code, reason := p.Result()
	traceMu.Lock()
	defer traceMu.Unlock()
	return &Result{
		Stdout: stdout.bytes(), Stderr: stderr.bytes(),
		State: state, ExitCode: code, Reason: reason,
		Duration: time.Since(start),
		Trace:    append([]string(nil), trace...),
		Process:  p, Kernel: k,
	}
}

// WriteFile creates (or replaces) the file at the absolute guest path name
// in v with data, for Config.Setup.
func WriteFile(v *vfs.VFS, name string, data []byte) error {
	l, err := v.Resolve(vfs.Lookup{Base: "/"}, name)
	if err != nil {
		return err
	}
	f, err := v.OpenFile(l, hackpadfs.FlagWriteOnly|hackpadfs.FlagCreate|hackpadfs.FlagTruncate, 0o644)
	if err != nil {
		return err
	}
	if len(data) > 0 {
		w, ok := f.(interface{ Write([]byte) (int, error) })
		if !ok {
			f.Close()
			return fmt.Errorf("%s: not writable", name)
		}
		if _, err := w.Write(data); err != nil {
			f.Close()
			return err
		}
	}
	return f.Close()
}

// Mkdir creates the directory at the absolute guest path name in v, for
// Config.Setup.
func Mkdir(v *vfs.VFS, name string) error {
	l, err := v.Resolve(vfs.Lookup{Base: "/"}, name)
	if err != nil {
		return err
	}
	return v.Mkdir(l, 0o755)
}
