//go:build !js

package wasi_test

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wasmrun/wasmrun/wasi/wasitest"
)

// TestTestsuiteAdapters drives build/wasi-testsuite's adapters the way the
// public suite's runners do (the module adapter in every call shape, and
// the legacy script), with the wasmrun CLI and the conformance guest
// standing in for a test.
func TestTestsuiteAdapters(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the wasmrun CLI")
	}
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 is not installed")
	}
	t.Parallel()
	adapters, err := filepath.Abs("../build/wasi-testsuite")
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "wasmrun")
	build := exec.Command(wasitest.GoTool(), "build", "-o", bin, "../host/cmd/wasmrun")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build wasmrun: %v\n%s", err, out)
	}
	// A suite directory: the test module, its fs-tests.dir.
	suite := filepath.Join(tmp, "suite")
	if err := os.MkdirAll(filepath.Join(suite, "fs-tests.dir"), 0o755); err != nil {
		t.Fatal(err)
	}
	test := filepath.Join(suite, "conformance.wasm")
	if err := os.WriteFile(test, conformanceGuest(t).Wasm, 0o644); err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "WASMRUN="+bin)

	// The runner first runs a module adapter as a script: no output.
	cmd := exec.Command(python, filepath.Join(adapters, "wasmrun.py"), "--version")
	cmd.Env = env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil || stdout.Len() > 0 || stderr.Len() > 0 {
		t.Fatalf("python wasmrun.py --version: %v, stdout %q, stderr %q (must be silent)", err, stdout.String(), stderr.String())
	}

	// Then it imports it and asks for argv, in one of several call shapes.
	driver := `
import importlib.util, json, sys
from pathlib import Path
spec = importlib.util.spec_from_file_location("wasmrun.py", sys.argv[1])
m = importlib.util.module_from_spec(spec)
spec.loader.exec_module(m)
test, fsdir = sys.argv[2], Path(sys.argv[3])
dirs = [(fsdir, "fs-tests.dir")]
env = {"a": "text", "b": 'escap " ing', "c": "new\nline"}
out = {
  "meta": [m.get_name(), m.get_version(), m.get_wasi_versions(), m.get_wasi_worlds()],
  "B": m.compute_argv(test, ["preopens", "fs-tests.dir"], {}, dirs, "wasm32-wasip1"),
  "C": m.compute_argv(test, (["preopens", "fs-tests.dir"], {}, dirs), [], "wasm32-wasip1"),
  "D": m.compute_argv(test, (["preopens", "fs-tests.dir"], {}, dirs), [], "wasi:cli/command", "wasm32-wasip1"),
  "E": m.compute_argv(test, (["preopens", "/"], {}, str(fsdir)), [], "wasi:cli/command", "wasm32-wasip1"),
  "env": m.compute_argv(test, (["environ"], env, []), [], "wasm32-wasip1"),
  "exit": m.compute_argv(test, (["proc_exit", "33"], {}, []), [], "wasm32-wasip1"),
  "nodirs": m.compute_argv(test, (["no_preopens"], {}, None), [], "wasi:cli/command", "wasm32-wasip1"),
}
print(json.dumps(out))
`
	cmd = exec.Command(python, "-c", driver, filepath.Join(adapters, "wasmrun.py"), test, filepath.Join(suite, "fs-tests.dir"))
	cmd.Env = env
	cmd.Dir = tmp
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("module adapter: %v\n%s", err, errOut(err))
	}
	var argvs map[string]json.RawMessage
	if err := json.Unmarshal(out, &argvs); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	var meta []any
	json.Unmarshal(argvs["meta"], &meta)
	if len(meta) != 4 || meta[0] != "wasmrun" || meta[1] == "" {
		t.Errorf("meta %v", meta)
	}
	run := func(name string, wantCode int, wantOut string) {
		t.Helper()
		var argv []string
		if err := json.Unmarshal(argvs[name], &argv); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		// As the newest runner: no cwd of its own, stdin an open pipe.
		c := exec.Command(argv[0], argv[1:]...)
		c.Dir = t.TempDir()
		stdin, _ := c.StdinPipe()
		defer stdin.Close()
		var so, se bytes.Buffer
		c.Stdout, c.Stderr = &so, &se
		err := c.Run()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if code != wantCode || !strings.Contains(so.String(), wantOut) {
			t.Errorf("%s: %q: exit %d (want %d), stdout:\n%s\nstderr:\n%s\nwant stdout containing %q", name, argv, code, wantCode, so.String(), se.String(), wantOut)
		}
	}
	for _, gen := range []string{"B", "C", "D", "E", "nodirs"} {
		run(gen, 0, "ok\n")
	}
	run("env", 0, "environc = 3\nenv \"a=text\"\nenv \"b=escap \\\" ing\"\nenv \"c=new\\nline\"\n")
	run("exit", 33, "exiting with 33\n")

	// The legacy script: --version prints "wasmrun VERSION", and a test
	// runs in its own directory with bare --dir names.
	legacy := filepath.Join(adapters, "wasmrun-legacy.py")
	cmd = exec.Command(python, legacy, "--version")
	cmd.Env = env
	out, err = cmd.Output()
	if err != nil || !strings.HasPrefix(string(out), "wasmrun ") {
		t.Errorf("legacy --version: %v %q", err, out)
	}
	for _, c := range []struct {
		args     []string
		wantCode int
		wantOut  string
	}{
		{[]string{"--arg", "preopens", "--arg", "fs-tests.dir", "--dir", "fs-tests.dir"}, 0, "ok\n"},
		{[]string{"--arg", "environ", "--env", "a=text", "--env", "c=new\nline"}, 0, "environc = 2\n"},
		{[]string{"--arg", "proc_exit", "--arg", "33"}, 33, "exiting with 33\n"},
	} {
		cmd = exec.Command(python, append([]string{legacy, "--test-file", test}, c.args...)...)
		cmd.Env = env
		cmd.Dir = suite
		out, err := cmd.Output()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		if code != c.wantCode || !strings.Contains(string(out), c.wantOut) {
			t.Errorf("legacy %q: exit %d (want %d), stdout %q%s", c.args, code, c.wantCode, out, errOut(err))
		}
	}
}

func errOut(err error) string {
	if ee, ok := err.(*exec.ExitError); ok && len(ee.Stderr) > 0 {
		return "\nstderr: " + string(ee.Stderr)
	}
	return ""
}
