//go:build compat

package compat

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"github.com/wasmrun/wasmrun/compat/fixturemods"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

var (
	runner = flag.String("runner", "wasmrun",
		"what node's output is compared with: wasmrun, or node itself (the harness's self-check, which must pass in full)")
	wasmrunBin = flag.String("wasmrun", "../bin/wasmrun",
		"the wasmrun binary (make build)")
	scriptTimeout = flag.Duration("script-timeout", 15*time.Second,
		"how long one program may run under one runner")
	updateDoc = flag.Bool("update-doc", false,
		"write ../docs/node-compat.md from this run (a run of every program under wasmrun)")
	updateExpected = flag.Bool("update-expected", false,
		"rewrite expected.json from this run: programs that pass are taken off, new failures are added with what differed as reason (check they are not regressions first)")
)

// The suite's fixed facts, found once by TestMain.
var (
	nodeBin     string // the machine's node
	nodeVersion string // its version, for the report
)

func TestMain(m *testing.M) {
	flag.Parse()
	if err := setup(); err != nil {
		fmt.Fprintln(os.Stderr, "compat:", err)
		os.Exit(1)
	}
	os.Exit(m.Run())
}

// setup finds node, installs the npm packages when they are missing or
// older than the lock file, and checks bin/wasmrun; it runs wasmrun once
// so that QuickJS is compiled into wasmrun's disk cache before the
// programs run in parallel and share it.
func setup() error {
	var err error
	if nodeBin, err = exec.LookPath("node"); err != nil {
		return fmt.Errorf("the suite compares with the real node, and there is none on PATH: install Node.js 20: %w", err)
	}
	v, err := exec.Command(nodeBin, "--version").Output()
	if err != nil {
		return fmt.Errorf("node --version: %w", err)
	}
	nodeVersion = strings.TrimSpace(string(v))
	if err := installPackages("packages"); err != nil {
		return err
	}
	if err := fixturemods.Install("fixtures"); err != nil {
		return err
	}
	if *runner != "wasmrun" && *runner != "node" {
		return fmt.Errorf("-runner %q: expected wasmrun or node", *runner)
	}
	if *runner == "wasmrun" {
		if *wasmrunBin, err = filepath.Abs(*wasmrunBin); err != nil {
			return err
		}
		if _, err := os.Stat(*wasmrunBin); err != nil {
			return fmt.Errorf("%w: run 'make build' (or pass -wasmrun FILE)", err)
		}
		if err := warmUp(); err != nil {
			return err
		}
	}
	return nil
}

// installPackages runs npm ci in dir unless node_modules is up to date
// with package-lock.json (npm writes node_modules/.package-lock.json).
func installPackages(dir string) error {
	lock, err := os.Stat(filepath.Join(dir, "package-lock.json"))
	if err != nil {
		return err
	}
	if inst, err := os.Stat(filepath.Join(dir, "node_modules", ".package-lock.json")); err == nil && !inst.ModTime().Before(lock.ModTime()) {
		return nil
	}
	fmt.Fprintf(os.Stderr, "compat: installing the npm packages (npm ci in %s)\n", dir)
	cmd := exec.Command("npm", "ci", "--no-audit", "--no-fund")
	cmd.Dir, cmd.Stdout, cmd.Stderr = dir, os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("npm ci in %s: %w", dir, err)
	}
	return nil
}

func warmUp() error {
	dir, err := os.MkdirTemp("", "compat-warmup")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	if err := os.WriteFile(filepath.Join(dir, "warm.js"), []byte("console.log(1)\n"), 0o644); err != nil {
		return err
	}
	out, err := exec.Command(*wasmrunBin, "run", dir, "--entry", "warm.js").CombinedOutput()
	if err != nil {
		return fmt.Errorf("wasmrun cannot run a one-line program: %w\n%s", err, out)
	}
	return nil
}

// TestCompat runs every program under node and under the runner, and
// compares what they print. Under wasmrun, a program listed in
// expected.json must fail and any other must pass.
func TestCompat(t *testing.T) {
	scripts, err := Discover(".")
	if err != nil {
		t.Fatal(err)
	}
	expected, err := ReadExpected("expected.json")
	if err != nil {
		t.Fatal(err)
	}
	var (
		mu      sync.Mutex
		results = map[string]Result{}
	)
	for _, kind := range []string{"scripts", "fixtures", "packages"} {
		t.Run(kind, func(t *testing.T) {
			for _, s := range scripts {
				name, ok := strings.CutPrefix(s.Name, kind+"/")
				if !ok {
					continue
				}
				t.Run(name, func(t *testing.T) {
					t.Parallel()
					r := check(t, s, expected)
					mu.Lock()
					results[s.Name] = r
					mu.Unlock()
				})
			}
		})
	}
	if *runner != "wasmrun" {
		return
	}

	known := map[string]bool{}
	for _, s := range scripts {
		known[s.Name] = true
	}
	for name := range expected {
		if !known[name] && !*updateExpected {
			t.Errorf("compat/expected.json lists %s, which is not a program of the suite: take it off", name)
		}
	}
	var list []Result
	pass := 0
	for _, s := range scripts {
		if r, ok := results[s.Name]; ok {
			list = append(list, r)
			if r.Pass {
				pass++
			}
		}
	}
	t.Logf("%d of %d programs pass under wasmrun, compared with Node.js %s", pass, len(list), nodeVersion)

	if *updateExpected {
		next := Expected{}
		for name, reason := range expected {
			if _, ran := results[name]; !ran && known[name] {
				next[name] = reason
			}
		}
		for _, r := range list {
			if !r.Pass {
				next[r.Script.Name] = r.Reason
			}
		}
		if err := next.Write("expected.json"); err != nil {
			t.Fatal(err)
		}
	}
	if *updateDoc {
		if len(list) != len(scripts) {
			t.Fatalf("-update-doc needs a run of every program (%d of %d ran): drop -run", len(list), len(scripts))
		}
		versions, err := packageVersions("packages/package.json")
		if err != nil {
			t.Fatal(err)
		}
		doc := Report(list, ReportInfo{NodeVersion: nodeVersion, Packages: versions})
		if err := os.WriteFile("../docs/node-compat.md", doc, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// check runs one program under node and the runner and judges the result.
func check(t *testing.T, s Script, expected Expected) Result {
	node := run(t, "node", s)
	want, wantName := node, "node"
	if s.Expect {
		// The VM has no such module: each runner has its expected output.
		nodeWant := expectedOutput(t, s, "node")
		if d := Compare(nodeWant, node, "expected", "node"); d != "" {
			t.Errorf("node does not print %s:\n%s", filepath.Base(s.ExpectFile("node")), d)
		}
		want, wantName = expectedOutput(t, s, *runner), "expected"
	}
	got := run(t, *runner, s)
	diff := Compare(want, got, wantName, *runner)
	pass := diff == ""

	if *runner == "node" {
		if !pass {
			t.Errorf("two runs under node differ: the program is not deterministic, or a normalisation rule is missing:\n%s", diff)
		}
		return Result{Script: s, Pass: pass}
	}
	reason, listed := expected[s.Name]
	if !listed {
		reason = Reason(want, got)
	}
	switch {
	case *updateExpected:
	case pass && listed:
		t.Errorf("passes under wasmrun now: take it off compat/expected.json (listed as failing: %s)", reason)
	case !pass && !listed:
		t.Errorf("fails under wasmrun and is not in compat/expected.json, so it is a regression (or a new program to list):\n%s", diff)
	case !pass:
		t.Logf("fails, as compat/expected.json says (%s):\n%s", reason, diff)
	}
	return Result{Script: s, Pass: pass, Reason: reason}
}

func expectedOutput(t *testing.T, s Script, runner string) Output {
	b, err := os.ReadFile(s.ExpectFile(runner))
	if err != nil {
		t.Fatalf("%s declares // compat: expect: %v", s.Name, err)
	}
	return Output{Stdout: string(b)}
}

// run runs the program under node or wasmrun and normalises its output.
func run(t *testing.T, runner string, s Script) Output {
	project, err := filepath.EvalSymlinks(s.Project)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), *scriptTimeout+10*time.Second)
	defer cancel()
	// Both runners see the program's variables and TZ=UTC: the VM's
	// clock has no time zone, and dates must print alike.
	env := append([]string{"TZ=UTC"}, s.Env...)
	var cmd *exec.Cmd
	var paths Paths
	switch runner {
	case "node":
		// The same environment wasmrun gives the guest (kernel/boot):
		// HOME and PWD the project, TMPDIR a directory of the program's
		// own, so that programs can write files there in parallel; and
		// nothing of the machine's (no NODE_OPTIONS, FORCE_COLOR, LANG...)
		// but PATH.
		tmp, err := filepath.EvalSymlinks(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		cmd = exec.CommandContext(ctx, nodeBin, append([]string{s.Entry}, s.Args...)...)
		cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + project, "PWD=" + project, "TMPDIR=" + tmp}, env...)
		paths = Paths{Project: project, Tmp: tmp}
	case "wasmrun":
		args := []string{"run", project, "--entry", s.Entry, "--timeout", scriptTimeout.String()}
		for _, kv := range env {
			args = append(args, "--env", kv)
		}
		args = append(append(args, "--"), s.Args...)
		cmd = exec.CommandContext(ctx, *wasmrunBin, args...)
		paths = VMPaths
	}
	cmd.Dir = project
	if s.Stdin != "" {
		in, err := os.ReadFile(s.Stdin)
		if err != nil {
			t.Fatal(err)
		}
		cmd.Stdin = bytes.NewReader(in)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	out := Output{Stdout: stdout.String(), Stderr: stderr.String()}
	var exit *exec.ExitError
	switch {
	case ctx.Err() != nil:
		out.Code = -1
		out.Stderr += fmt.Sprintf("compat: %s killed after %s\n", runner, *scriptTimeout)
	case errors.As(err, &exit):
		out.Code = exit.ExitCode()
	case err != nil:
		t.Fatalf("%s: %v", runner, err)
	}
	return Normalise(out, paths, s.Headline)
}

func packageVersions(path string) (map[string]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var pkg struct {
		Dependencies map[string]string `json:"dependencies"`
	}
	if err := json.Unmarshal(b, &pkg); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return pkg.Dependencies, nil
}
