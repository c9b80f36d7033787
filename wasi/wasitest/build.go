//go:build !js

package wasitest

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
)

var (
	buildMu sync.Mutex
	builds  = map[string]*buildResult{}
)

type buildResult struct {
	wasm []byte
	err  string // build failure output
	skip string // why this guest cannot be built here
}

// BuildGo builds the Go program in dir (a directory, relative to the test's
// working directory, i.e. its package) with GOOS=wasip1 GOARCH=wasm, and
// compiles it on the shared engine. The build runs once per test binary and
// relies on Go's build cache, so it costs about a second after the first
// time. Guest files that use //go:wasmimport need //go:build wasip1.
func BuildGo(t testing.TB, dir string) *Guest {
	t.Helper()
	abs, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	key := "go:" + abs
	res := build(key, func() *buildResult {
		tmp, err := os.MkdirTemp("", "wasitest-go-")
		if err != nil {
			return &buildResult{err: err.Error()}
		}
		defer os.RemoveAll(tmp)
		out := filepath.Join(tmp, filepath.Base(abs)+".wasm")
		cmd := exec.Command(GoTool(), "build", "-o", out, ".")
		cmd.Dir = abs
		cmd.Env = append(os.Environ(), "GOOS=wasip1", "GOARCH=wasm", "CGO_ENABLED=0")
		if msg, err := cmd.CombinedOutput(); err != nil {
			return &buildResult{err: "go build " + dir + ": " + err.Error() + "\n" + string(msg)}
		}
		wasm, err := os.ReadFile(out)
		if err != nil {
			return &buildResult{err: err.Error()}
		}
		return &buildResult{wasm: wasm}
	})
	if res.err != "" {
		t.Fatalf("wasitest: %s", res.err)
	}
	return compileAs(t, key, filepath.Base(abs), res.wasm)
}

// GoTool is the go command: from PATH, else the running toolchain's.
func GoTool() string {
	if p, err := exec.LookPath("go"); err == nil {
		return p
	}
	return filepath.Join(runtime.GOROOT(), "bin", "go")
}

// InstallHint is how to get the C toolchain the C guests need.
const InstallHint = "bash build/install-test-deps.sh (apt-get install -y clang-19 lld-19 wasi-libc libclang-rt-19-dev-wasm32)"

// Debian's wasi-libc layout: headers and libraries under a target
// directory, not a sysroot of their own.
const (
	wasiInclude = "/usr/include/wasm32-wasi"
	wasiLib     = "/usr/lib/wasm32-wasi"
)

// CToolchain reports the clang that builds C guests, or why there is none.
func CToolchain() (clang string, missing string) {
	clang, err := exec.LookPath("clang-19")
	if err != nil {
		return "", "clang-19 is not installed"
	}
	if _, err := os.Stat(filepath.Join(wasiInclude, "stdio.h")); err != nil {
		return "", "wasi-libc headers are not installed (" + wasiInclude + ")"
	}
	if _, err := os.Stat(filepath.Join(wasiLib, "libc.a")); err != nil {
		return "", "wasi-libc is not installed (" + wasiLib + ")"
	}
	return clang, ""
}

var (
	sysrootOnce sync.Once
	sysroot     string
	sysrootErr  error
)

// wasiSysroot makes a sysroot clang can use: include/wasm32-wasi and
// lib/wasm32-wasi linked to Debian's (never --sysroot=/usr, which lets the
// host's glibc headers leak in). It is kept under CacheDir (else the
// temporary directory) and reused.
func wasiSysroot() (string, error) {
	sysrootOnce.Do(func() {
		base := CacheDir()
		if base == "" {
			base = os.TempDir()
		}
		dir := filepath.Join(base, "wasi-sysroot")
		for _, l := range [][2]string{{wasiInclude, "include/wasm32-wasi"}, {wasiLib, "lib/wasm32-wasi"}} {
			dst := filepath.Join(dir, l[1])
			if target, err := os.Readlink(dst); err == nil && target == l[0] {
				continue
			}
			if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
				sysrootErr = err
				return
			}
			os.Remove(dst)
			if err := os.Symlink(l[0], dst); err != nil && !os.IsExist(err) {
				sysrootErr = err
				return
			}
		}
		sysroot = dir
	})
	return sysroot, sysrootErr
}

// BuildC compiles and links the C source file src (relative to the test's
// working directory) for wasm32-wasi with clang-19 and wasi-libc, once per
// test binary, and compiles the module on the shared engine. It skips the
// test, naming the install command, when the toolchain is missing.
func BuildC(t testing.TB, src string, cflags ...string) *Guest {
	t.Helper()
	clang, missing := CToolchain()
	if missing != "" {
		t.Skipf("C guest %s: %s; install with: %s", src, missing, InstallHint)
	}
	abs, err := filepath.Abs(src)
	if err != nil {
		t.Fatal(err)
	}
	key := "c:" + abs + " " + strings.Join(cflags, " ")
	res := build(key, func() *buildResult {
		root, err := wasiSysroot()
		if err != nil {
			return &buildResult{err: err.Error()}
		}
		tmp, err := os.MkdirTemp("", "wasitest-c-")
		if err != nil {
			return &buildResult{err: err.Error()}
		}
		defer os.RemoveAll(tmp)
		out := filepath.Join(tmp, "guest.wasm")
		args := append([]string{"--target=wasm32-wasi", "--sysroot=" + root, "-O1", "-Wall", "-o", out, abs}, cflags...)
		cmd := exec.Command(clang, args...)
		if msg, err := cmd.CombinedOutput(); err != nil {
			return &buildResult{err: "clang " + src + ": " + err.Error() + "\n" + string(msg)}
		}
		wasm, err := os.ReadFile(out)
		if err != nil {
			return &buildResult{err: err.Error()}
		}
		return &buildResult{wasm: wasm}
	})
	if res.err != "" {
		t.Fatalf("wasitest: %s", res.err)
	}
	return compileAs(t, key, strings.TrimSuffix(filepath.Base(abs), ".c"), res.wasm)
}

// build runs make once per key for the test binary.
func build(key string, make func() *buildResult) *buildResult {
	buildMu.Lock()
	defer buildMu.Unlock()
	if r, ok := builds[key]; ok {
		return r
	}
	r := make()
	builds[key] = r
	return r
}
