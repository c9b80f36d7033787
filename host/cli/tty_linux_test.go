package cli

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// terminal is the wasmrun binary running on a pseudo-terminal, as in a
// person's shell: it is the session leader with the terminal as its
// controlling terminal, so Ctrl-C typed there sends it SIGINT.
type terminal struct {
	t      *testing.T
	cmd    *exec.Cmd
	master *os.File
	screen lockedBuffer // everything the terminal showed
	closed chan struct{}
	done   chan struct{}
}

// openPTY opens a pseudo-terminal pair with /dev/ptmx.
func openPTY() (master, slave *os.File, err error) {
	master, err = os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY|syscall.O_CLOEXEC, 0)
	if err != nil {
		return nil, nil, err
	}
	fd := int(master.Fd())
	if err := unix.IoctlSetPointerInt(fd, unix.TIOCSPTLCK, 0); err != nil {
		master.Close()
		return nil, nil, fmt.Errorf("unlockpt: %w", err)
	}
	n, err := unix.IoctlGetInt(fd, unix.TIOCGPTN)
	if err != nil {
		master.Close()
		return nil, nil, fmt.Errorf("ptsname: %w", err)
	}
	slave, err = os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		master.Close()
		return nil, nil, err
	}
	return master, slave, nil
}

func startTerminal(t *testing.T, args ...string) *terminal {
	t.Helper()
	master, slave, err := openPTY()
	if err != nil {
		t.Skipf("no pseudo-terminal here: %v", err)
	}
	term := &terminal{t: t, cmd: command(t, args...), master: master, closed: make(chan struct{}), done: make(chan struct{})}
	term.cmd.Stdin, term.cmd.Stdout, term.cmd.Stderr = slave, slave, slave
	term.cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
	if err := term.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	slave.Close()
	go func() {
		defer close(term.closed)
		buf := make([]byte, 4096)
		for {
			n, err := master.Read(buf)
			term.screen.Write(buf[:n])
			if err != nil {
				return // EIO once wasmrun and its terminal are gone
			}
		}
	}()
	go func() {
		term.cmd.Wait()
		close(term.done)
	}()
	t.Cleanup(func() {
		select {
		case <-term.done:
		default:
			term.cmd.Process.Kill()
			<-term.done
		}
		master.Close()
	})
	return term
}

// expect waits until the terminal has shown s, after the part already
// consumed by earlier expects.
func (term *terminal) expect(s string) {
	term.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if strings.Contains(term.screen.String(), s) {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	term.t.Fatalf("the terminal did not show %q; it shows:\n%s", s, term.screen.String())
}

// typeKeys types s, as a person would: "\r" is Enter, "\x03" Ctrl-C,
// "\x04" Ctrl-D.
func (term *terminal) typeKeys(s string) {
	term.t.Helper()
	if _, err := term.master.Write([]byte(s)); err != nil {
		term.t.Fatal(err)
	}
}

// wait waits for wasmrun to end and returns its exit code and how long it
// took from now.
func (term *terminal) wait(limit time.Duration) (int, time.Duration) {
	term.t.Helper()
	start := time.Now()
	select {
	case <-term.done:
	case <-time.After(limit):
		if os.Getenv("WASMRUN_TEST_DUMP") != "" {
			term.cmd.Process.Signal(syscall.SIGQUIT)
			time.Sleep(time.Second)
		}
		term.t.Fatalf("wasmrun did not end within %s; the terminal shows:\n%s", limit, term.screen.String())
	}
	select {
	case <-term.closed:
	case <-time.After(time.Second):
	}
	var ee *exec.ExitError
	if err := term.cmd.Wait(); err != nil && !errors.As(err, &ee) && !strings.Contains(err.Error(), "already") {
		term.t.Fatal(err)
	}
	noCrash(term.t, result{stdout: term.screen.String()})
	return term.cmd.ProcessState.ExitCode(), time.Since(start)
}

func TestRunInteractiveTerminal(t *testing.T) {
	for _, c := range []struct {
		name, file, src string
		// session alternates what to expect on the screen and what to type.
		session []string
		code    int
		final   string // the screen must show it at the end
		within  time.Duration
		bug     string // a known bug: the case skips
	}{{
		name: "python asks for a name twice",
		file: "main.py",
		src: `import sys
print(sys.stdin.isatty(), sys.stdout.isatty())
name = input("name? ")
age = input("age? ")
print(f"hi {name}, you are {age}")
`,
		session: []string{"True True", "", "name? ", "bob\r", "age? ", "42\r"},
		final:   "hi bob, you are 42",
		within:  30 * time.Second,
	}, {
		name: "javascript reads lines from the terminal",
		file: "main.js",
		src: `print(os.isatty(0), os.isatty(1));
std.out.puts("name? "); std.out.flush();
const name = std.in.getline();
std.out.puts("age? "); std.out.flush();
const age = std.in.getline();
print("hi " + name + ", you are " + age);
`,
		session: []string{"true true", "", "name? ", "ann\r", "age? ", "7\r"},
		final:   "hi ann, you are 7",
		within:  30 * time.Second,
	}, {
		name: "Ctrl-D at a prompt is EOF",
		file: "main.py",
		src: `try:
    input("name? ")
except EOFError:
    print("got EOF")
`,
		session: []string{"name? ", "\x04"},
		final:   "got EOF",
		within:  30 * time.Second,
	}, {
		name: "Ctrl-C ends a busy loop with 130 within a second",
		file: "main.py",
		src:  "print('ready', flush=True)\nwhile True:\n    pass\n",
		// Past the prompt, the loop has started: Ctrl-C from there.
		session: []string{"ready", "\x03"},
		code:    130,
		final:   "wasmrun: python: interrupted",
		within:  time.Second,
	}, {
		bug:     bugGCLivelock,
		name:    "Ctrl-C interrupts a javascript busy loop too",
		file:    "main.js",
		src:     "print('ready');\nfor (;;) {}\n",
		session: []string{"ready", "\x03"},
		code:    130,
		final:   "wasmrun: qjs: interrupted",
		within:  time.Second,
	}} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			skipBug(t, c.bug)
			if strings.HasSuffix(c.file, ".py") {
				needPython(t)
			}
			dir := newProject(t, map[string]string{c.file: c.src})
			term := startTerminal(t, "run", dir)
			for i := 0; i < len(c.session); i += 2 {
				term.expect(c.session[i])
				if c.session[i+1] != "" {
					if c.session[i+1] == "\x03" {
						time.Sleep(100 * time.Millisecond) // into the loop
					}
					term.typeKeys(c.session[i+1])
				}
			}
			code, took := term.wait(c.within + 5*time.Second)
			screen := term.screen.String()
			if code != c.code {
				t.Errorf("exit code %d, want %d; the terminal shows:\n%s", code, c.code, screen)
			}
			if took > c.within {
				t.Errorf("wasmrun took %s to end after the last key, want at most %s", took, c.within)
			}
			if !strings.Contains(screen, c.final) {
				t.Errorf("the terminal does not show %q:\n%s", c.final, screen)
			}
		})
	}
}
