package cli

import (
	"bufio"
	"io"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// checkOutputAtMost checks that the guest wrote no more than n bytes.
func checkOutputAtMost(n int) func(t *testing.T, lang, dir string, r result) {
	return func(t *testing.T, lang, dir string, r result) {
		if len(r.stdout) > n {
			t.Errorf("the guest wrote %d bytes to stdout, past --max-output %d", len(r.stdout), n)
		}
	}
}

func TestRunLimits(t *testing.T) {
	runLangCases(t, []langCase{{
		name:   "--timeout ends a sleeping loop with 124",
		py:     "import time\nwhile True:\n    time.sleep(0.05)\n",
		js:     "for (;;) os.sleep(50);\n",
		args:   []string{"{dir}", "--timeout", "500ms"},
		code:   124,
		stderr: []string{"wasmrun: ", "time limit of 500ms (--timeout)"},
	}, {
		name: "--max-memory ends a growing program with 137",
		py:   "chunks = []\nwhile True:\n    chunks.append(bytearray(1 << 20))\n",
		js:   "const chunks = [];\nfor (;;) chunks.push(new ArrayBuffer(1 << 20));\n",
		args: []string{"{dir}", "--max-memory", "64MiB"},
		code: 137,
		// The runtime may report its own out-of-memory first; wasmrun's
		// line names the flag.
		stderr:       []string{"wasmrun: ", "memory limit of 64 MiB (--max-memory)"},
		ignoreStdout: true,
	}, {
		name:         "--max-output ends a chatty program",
		py:           "while True:\n    print('x' * 99)\n",
		js:           "for (;;) print('x'.repeat(99));\n",
		args:         []string{"{dir}", "--max-output", "10KiB"},
		code:         137,
		stderr:       []string{"wasmrun: ", "output limit of 10KiB (--max-output)"},
		ignoreStdout: true,
		check:        checkOutputAtMost(10 << 10),
	}, {
		name: "--max-fs: writing a big file fails with ENOSPC in the guest",
		py: `import errno, os
written = 0
try:
    with open("/tmp/big", "wb") as f:
        while True:
            f.write(b"x" * 65536)
            f.flush()
            written += 65536
except OSError as e:
    print(errno.errorcode[e.errno], e.strerror, 0 < written <= 8 << 20)
os.remove("/tmp/big")
open("/tmp/small", "w").write("still works after removing it")
print(open("/tmp/small").read())
`,
		js: `const fd = os.open("/tmp/big", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644);
const buf = new ArrayBuffer(65536);
let written = 0, n;
while ((n = os.write(fd, buf, 0, buf.byteLength)) > 0) written += n;
print("ENOSPC", std.strerror(-n), 0 < written && written <= 8 << 20 ? "True" : "False");
os.close(fd);
os.remove("/tmp/big");
const f = std.open("/tmp/small", "w"); f.puts("still works after removing it"); f.close();
print(std.loadFile("/tmp/small"));
`,
		args:   []string{"{dir}", "--max-fs", "8MiB"},
		stdout: "ENOSPC No space left on device True\nstill works after removing it\n",
	}, {
		name:   "--max-fs: an unhandled ENOSPC is the program's error, not a crash",
		py:     "with open('big', 'wb') as f:\n    while True:\n        f.write(b'x' * 65536)\n",
		args:   []string{"{dir}", "--max-fs", "1MiB"},
		code:   1,
		stderr: []string{"OSError", "No space left on device"},
	}, {
		name: "--max-fs counts /app and /tmp together",
		py: `def fill(path):
    try:
        with open(path, "wb") as f:
            for _ in range(6):
                f.write(b"x" * (1 << 20))
                f.flush()
        return "6MiB"
    except OSError:
        return "ENOSPC"
print(fill("/tmp/a"), fill("/app/b"))
`,
		args:   []string{"{dir}", "--max-fs", "8MiB"},
		stdout: "6MiB ENOSPC\n",
		skip:   "BUG: / (with /tmp) and /app are two memfs, each with its own --max-fs budget: 12 MiB fit in --max-fs 8MiB",
	}})
}

// readyCmd is the wasmrun binary running a guest that has printed "ready".
type readyCmd struct {
	t    *testing.T
	cmd  *exec.Cmd
	errb *lockedBuffer
	rest chan string // the rest of stdout, when it ends
}

// startReady starts the binary with args and waits until the guest has
// printed "ready" on its first line.
func startReady(t *testing.T, env string, args ...string) *readyCmd {
	t.Helper()
	rc := &readyCmd{t: t, cmd: command(t, args...), errb: &lockedBuffer{}, rest: make(chan string, 1)}
	if env != "" {
		rc.cmd.Env = append(rc.cmd.Env, env)
	}
	rc.cmd.Stderr = rc.errb
	out, err := rc.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := rc.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	ready := make(chan bool, 1)
	go func() {
		r := bufio.NewReader(out)
		line, _ := r.ReadString('\n')
		ready <- line == "ready\n"
		rest, _ := io.ReadAll(r)
		rc.rest <- string(rest)
	}()
	select {
	case ok := <-ready:
		if ok {
			return rc
		}
	case <-time.After(30 * time.Second):
	}
	rc.cmd.Process.Kill()
	rc.cmd.Wait()
	t.Fatalf("the guest did not print ready (stderr: %s)", rc.errb.String())
	return nil
}

// wait waits for wasmrun to end; the result's elapsed time counts from now.
// A wasmrun still running after 15s hangs: it is killed, and the test fails.
func (rc *readyCmd) wait() result {
	rc.t.Helper()
	start := time.Now()
	done := make(chan struct{})
	go func() {
		rc.cmd.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(15 * time.Second):
		rc.cmd.Process.Kill()
		<-done
		rc.t.Fatalf("wasmrun hangs: still running %s later (stderr: %s)", time.Since(start).Round(time.Second), rc.errb.String())
	}
	r := result{code: rc.cmd.ProcessState.ExitCode(), stdout: <-rc.rest, stderr: rc.errb.String(), elapsed: time.Since(start)}
	noCrash(rc.t, r)
	return r
}

// interrupt sends SIGINT, as Ctrl-C in a terminal does, and waits.
func (rc *readyCmd) interrupt() result {
	rc.t.Helper()
	time.Sleep(100 * time.Millisecond) // well into the loop or the sleep
	start := time.Now()
	if err := rc.cmd.Process.Signal(syscall.SIGINT); err != nil {
		rc.t.Fatal(err)
	}
	r := rc.wait()
	r.elapsed = time.Since(start)
	return r
}

// bugGCLivelock is why the busy-loop cases of JavaScript skip: QuickJS's
// Go heap is small, so the allocations of the kill path itself start a
// collection about half the time.
const bugGCLivelock = "BUG: wasmrun hangs (Ctrl-C and --timeout never act) when a Go garbage collection starts while the guest computes without syscalls: " +
	"the engine is not interruptible, Go cannot preempt compiled guest code, so the stop-the-world waits for the guest forever and stops every other goroutine"

// busy are programs that print "ready", then compute without syscalls, or
// sleep in them, until stopped; env is added to wasmrun's environment.
var busy = []struct{ name, file, src, env, bug string }{
	{"python busy loop", "main.py", "print('ready', flush=True)\nwhile True:\n    pass\n", "", ""},
	{"python sleeping", "main.py", "import time\nprint('ready', flush=True)\ntime.sleep(3600)\n", "", ""},
	// GOGC=1 (a collection at every small allocation) makes the hang
	// certain: without it, it is about half the runs.
	{"javascript busy loop", "main.js", "print('ready');\nfor (;;) {}\n", "GOGC=1", bugGCLivelock},
}

// TestRunTimeoutEndsABusyLoop needs the binary: a guest that computes without
// syscalls can only be stopped by ending the process.
func TestRunTimeoutEndsABusyLoop(t *testing.T) {
	for _, b := range busy {
		if strings.Contains(b.name, "sleeping") {
			continue // TestRunLimits covers it in-process
		}
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			skipBug(t, b.bug)
			if strings.HasSuffix(b.file, ".py") {
				needPython(t)
			}
			dir := newProject(t, map[string]string{b.file: b.src})
			r := startReady(t, b.env, "run", dir, "--timeout", "1s").wait()
			check(t, r, 124, nil, "wasmrun: ", "time limit of 1s (--timeout)")
			if r.elapsed > 3*time.Second {
				t.Errorf("wasmrun ended %s after the guest got ready; want about 1s", r.elapsed)
			}
		})
	}
}

// TestRunInterrupt: SIGINT ends wasmrun with 130 within a second, even in a
// busy loop.
func TestRunInterrupt(t *testing.T) {
	for _, b := range busy {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			skipBug(t, b.bug)
			if strings.HasSuffix(b.file, ".py") {
				needPython(t)
			}
			dir := newProject(t, map[string]string{b.file: b.src})
			r := startReady(t, b.env, "run", dir).interrupt()
			check(t, r, 130, nil, "wasmrun: ", "interrupted")
			if r.elapsed > time.Second {
				t.Errorf("wasmrun ended %s after SIGINT; want less than a second", r.elapsed)
			}
		})
	}
}
