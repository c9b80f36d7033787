package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// oneLine checks that wasmrun said what went wrong in one line on stderr,
// starting "wasmrun: ", and nothing on stdout.
func oneLineError(t *testing.T, r result, want string) {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(r.stderr, "\n"), "\n")
	if len(lines) != 1 || !strings.HasPrefix(lines[0], "wasmrun: ") || !strings.HasSuffix(r.stderr, "\n") {
		t.Errorf("stderr is not one line starting \"wasmrun: \":\n%s", r.stderr)
	}
	if !strings.Contains(r.stderr, want) {
		t.Errorf("stderr does not say %q:\n%s", want, r.stderr)
	}
	if r.stdout != "" {
		t.Errorf("stdout is not empty:\n%s", r.stdout)
	}
}

// TestBadInput: every mistake is one line on stderr, never a stack trace;
// a command-line mistake is exit 2, a project that cannot run is exit 1.
func TestBadInput(t *testing.T) {
	files := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(files, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	notWasm := write("hello.wasm", []byte("print('hello')\n"))
	empty := write("empty.wasm", nil)
	truncated := write("truncated.wasm", []byte("\x00asm\x01\x00\x00\x00\x01\x05"))
	reactor := write("reactor.wasm", wasmReactor)
	envFoo := write("envfoo.wasm", wasmEnvImport)
	unknownWASI := write("unknown.wasm", wasmUnknownWASI)
	noMemory := write("nomemory.wasm", wasmNoMemory)
	noStart := write("nostart.wasm", wasmNoStart)
	py := newProject(t, map[string]string{"main.py": "print('hi')\n"})
	emptyDir := t.TempDir()
	ambiguous := newProject(t, map[string]string{"main.py": "", "index.js": ""})

	for _, c := range []struct {
		name string
		args []string
		code int
		say  string // a part of the message
	}{
		{"run: a missing PATH", []string{"run", filepath.Join(files, "nothere")}, 2, "no such directory"},
		{"run: a missing entry file", []string{"run", filepath.Join(files, "nothere.py")}, 2, "no such file"},
		{"run: two PATHs", []string{"run", py, "extra"}, 2, "put the program's arguments after --"},
		{"run: an unknown language", []string{"run", py, "-l", "cobol"}, 2, "unknown language"},
		{"run: --entry names no file", []string{"run", py, "--entry", "nothere.py"}, 2, "nothere.py"},
		{"run: no entry file", []string{"run", emptyDir}, 1, "pass --entry"},
		{"run: an ambiguous project", []string{"run", ambiguous}, 1, "pass --language"},
		{"run: an unknown flag", []string{"run", py, "--bogus"}, 2, "unknown flag: --bogus"},
		{"run: --env without =", []string{"run", py, "--env", "NOVALUE"}, 2, `--env "NOVALUE": expected K=V`},
		{"run: --env without a name", []string{"run", py, "--env", "=v"}, 2, "expected K=V"},
		{"run: --dir to a missing directory", []string{"run", py, "--dir", filepath.Join(files, "nodir")}, 2, "no such directory"},
		{"run: --dir to a file", []string{"run", py, "--dir", notWasm}, 2, "not a directory"},
		{"run: --max-memory that is no size", []string{"run", py, "--max-memory", "lots"}, 2, "--max-memory"},
		{"run: --max-output that is no size", []string{"run", py, "--max-output", "-5"}, 2, "--max-output"},
		{"run: --max-fs that is no size", []string{"run", py, "--max-fs", "big"}, 2, "--max-fs"},
		{"run: --timeout that is no duration", []string{"run", py, "--timeout", "soon"}, 2, "--timeout"},
		{"run: a negative --timeout", []string{"run", py, "--timeout", "-1s"}, 2, "must not be negative"},
		{"run: --runtime without =", []string{"run", py, "--runtime", "python"}, 2, "expected LANG=FILE"},
		{"exec: no file", []string{"exec"}, 2, "exec needs a .wasm file"},
		{"exec: a missing file", []string{"exec", filepath.Join(files, "nothere.wasm")}, 2, "no such file"},
		{"exec: a directory", []string{"exec", files}, 2, "is a directory"},
		{"exec: a file that is not wasm", []string{"exec", notWasm}, 2, "is not a WebAssembly module"},
		{"exec: an empty file", []string{"exec", empty}, 2, "is not a WebAssembly module"},
		{"exec: a truncated module", []string{"exec", truncated}, 2, "invalid WebAssembly module"},
		{"exec: a reactor", []string{"exec", reactor}, 2, "is a WASI reactor"},
		{"exec: a module importing env.foo", []string{"exec", envFoo}, 2, "imports env.foo"},
		{"exec: an import that is no WASI function", []string{"exec", unknownWASI}, 2, "not a WASI preview1 function"},
		{"exec: a module without memory", []string{"exec", noMemory}, 2, "does not export its memory"},
		{"exec: a module without _start", []string{"exec", noStart}, 2, "does not export _start"},
		{"exec: --dir to a missing directory", []string{"exec", "--dir", filepath.Join(files, "nodir"), reactor}, 2, "no such directory"},
		{"exec: --env without =", []string{"exec", "--env", "X", reactor}, 2, "expected K=V"},
		{"an unknown command", []string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{"runtimes: an unknown subcommand", []string{"runtimes", "frob"}, 2, `unknown command "frob"`},
		{"runtimes: verify an unknown language", []string{"runtimes", "verify", "cobol"}, 2, "unknown language"},
		{"runtimes: fetch an unknown language", []string{"runtimes", "fetch", "cobol"}, 2, "unknown language"},
		{"runtimes list takes no arguments", []string{"runtimes", "list", "python"}, 2, "unknown command"},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			r := wasmrun(t, "", c.args...)
			if r.code != c.code {
				t.Errorf("exit code %d, want %d\n%s", r.code, c.code, r)
			}
			oneLineError(t, r, c.say)
		})
	}
}

// TestTrap: a guest that traps ends with 134 and one line naming the trap,
// without the wasm stack trace.
func TestTrap(t *testing.T) {
	for _, c := range []struct {
		name string
		wasm []byte
	}{
		{"unreachable in _start", wasmTrap},
		{"unreachable two calls deep", wasmNestedTrap},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			file := filepath.Join(t.TempDir(), "trap.wasm")
			if err := os.WriteFile(file, c.wasm, 0o644); err != nil {
				t.Fatal(err)
			}
			r := wasmrun(t, "", "exec", file)
			if r.code != 134 {
				t.Errorf("exit code %d, want 134\n%s", r.code, r)
			}
			oneLineError(t, r, file+": trap: unreachable")
			if strings.Contains(r.stderr, "stack trace") || strings.Contains(r.stderr, "wasm error") {
				t.Errorf("the message has engine internals:\n%s", r.stderr)
			}
		})
	}
}

// TestExecHandBuiltModules: a minimal command runs, and its exit code is
// wasmrun's.
func TestExecHandBuiltModules(t *testing.T) {
	for _, c := range []struct {
		name string
		wasm []byte
		code int
	}{
		{"returning from _start is 0", wasmReturns, 0},
		{"proc_exit(7) is 7", wasmExit7, 7},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			file := filepath.Join(t.TempDir(), "m.wasm")
			if err := os.WriteFile(file, c.wasm, 0o644); err != nil {
				t.Fatal(err)
			}
			r := wasmrun(t, "", "exec", file)
			check(t, r, c.code, ptr(""))
			if r.stderr != "" {
				t.Errorf("stderr: %s", r.stderr)
			}
		})
	}
}

// TestExecArgvEnvAndDirs runs CPython's runtime module itself as a WASI
// command: the guest gets its arguments, the --env variables and nothing of
// the host's environment, and the --dir directories.
func TestExecArgvEnvAndDirs(t *testing.T) {
	needPython(t)
	py := filepath.Join(testCacheDir, pythonRuntime(t).SHA256+".wasm")
	const show = "import sys, os; print(sys.argv[1:], dict(os.environ), sorted(os.listdir('/data')) if os.path.isdir('/data') else '-')"
	data := newProject(t, map[string]string{"a.txt": "", "b/c.txt": ""})
	for _, c := range []struct {
		name, stdout string
		args         []string
	}{
		{"arguments after FILE, and no environment", "['a', 'b c'] {} -\n",
			[]string{py, "-c", show, "a", "b c"}},
		{"flags after FILE are the guest's", "['--env', 'X=1'] {} -\n",
			[]string{py, "-c", show, "--env", "X=1"}},
		{"--env and -- before the arguments", "['--', 'x'] {'A': '1', 'B': 'two words'} -\n",
			[]string{"--env", "A=1", "--env", "B=two words", py, "--", "-c", show, "--", "x"}},
		{"--dir mounts a host directory", "[] {} ['a.txt', 'b']\n",
			[]string{"--dir", data + ":/data", py, "-c", show}},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			r := wasmrun(t, "", append([]string{"exec"}, c.args...)...)
			check(t, r, 0, &c.stdout)
		})
	}
}

// TestUsageErrorsComeBeforeTheRuntimeFetch: a mistake on the command line
// is reported at once, not after downloading CPython into an empty cache.
func TestUsageErrorsComeBeforeTheRuntimeFetch(t *testing.T) {
	py := newProject(t, map[string]string{"main.py": "print('hi')\n"})
	missing := filepath.Join(t.TempDir(), "nothere")
	for _, c := range []struct {
		name string
		args []string
	}{
		{"--dir to a missing directory", []string{"run", py, "--dir", missing}},
		{"--dir to a file", []string{"run", py, "--dir", filepath.Join(py, "main.py")}},
		{"--env without =", []string{"run", py, "--env", "NOVALUE"}},
		{"--runtime without =", []string{"run", py, "--runtime", "python"}},
		{"--max-fs that is no size", []string{"run", py, "--max-fs", "lots"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			cache := t.TempDir()
			cmd := command(t, c.args...)
			cmd.Env = append(cmd.Env, "WASMRUN_CACHE_DIR="+cache)
			r := runBinary(t, cmd, "")
			if r.code != 2 {
				t.Errorf("exit code %d, want 2\n%s", r.code, r)
			}
			oneLineError(t, r, "wasmrun: ")
			if entries, _ := os.ReadDir(cache); len(entries) > 0 {
				t.Errorf("the runtime cache is no longer empty: %v", entries)
			}
		})
	}
}
