package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"golang.org/x/term"

	"github.com/wasmrun/wasmrun/kernel"
	"github.com/wasmrun/wasmrun/kernel/native"
	"github.com/wasmrun/wasmrun/kernel/vfs"
	"github.com/wasmrun/wasmrun/kernel/vfs/hostfs"
	"github.com/wasmrun/wasmrun/kernel/vfs/memfs"
	"github.com/wasmrun/wasmrun/wasi"
)

// killGrace is how long a killed guest that computes without syscalls may
// take to reach one before wasmrun ends without it.
const killGrace = 500 * time.Millisecond

// guest is everything needed to run one guest headless.
type guest struct {
	name     string // for messages: the module file or the runtime
	wasm     []byte
	spec     kernel.Spec
	dirs     []hostDir // host directories to mount
	preopens []preopen // in descriptor order, from 3
	// layout prepares the VFS before host directories are mounted.
	layout func(v *vfs.VFS, k *kernel.Kernel) error
	limits native.Limits
	common *commonFlags
	net    *netPlan // the policy and forwarded ports (net.go)
}

type preopen struct{ name, guestPath string }

// hostDir is a --dir HOST[:GUEST] mount.
type hostDir struct {
	host  string
	guest string // as the user wrote it: the preopen's name
	mount string // the absolute guest path it is mounted at
}

// parseDir reads HOST[:GUEST] (or wasmtime's HOST::GUEST).
func parseDir(s string) (hostDir, error) {
	host, guest, ok := strings.Cut(s, "::")
	if !ok {
		host, guest, ok = strings.Cut(s, ":")
	}
	if !ok || guest == "" {
		guest = host
	}
	if host == "" {
		return hostDir{}, usagef("--dir %q: expected HOST[:GUEST]", s)
	}
	info, err := os.Stat(host)
	if err != nil {
		return hostDir{}, usagef("--dir %s: no such directory", host)
	}
	if !info.IsDir() {
		return hostDir{}, usagef("--dir %s: not a directory", host)
	}
	mount := guest
	if !path.IsAbs(mount) {
		mount = "/" + mount
	}
	mount = path.Clean(mount)
	return hostDir{host: host, guest: guest, mount: mount}, nil
}

// compiledCacheDir is where compiled modules are kept between runs.
func compiledCacheDir() string {
	if d := os.Getenv("WASMRUN_CACHE_DIR"); d != "" {
		return filepath.Join(d, "compiled")
	}
	d, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(d, "wasmrun", "compiled")
}

// sharedEngine is the process's engine, made on first use. One engine
// serves any number of guests and keeps what it compiled: a process that
// runs several (the tests, a server) loads a runtime's compiled code from
// the disk cache once, not per run.
var sharedEngine = sync.OnceValues(func() (*native.Engine, error) {
	return native.NewEngine(context.Background(), native.Config{CacheDir: compiledCacheDir()})
})

// isTerminal reports whether f is an interactive terminal.
func isTerminal(f any) bool {
	if file, ok := f.(*os.File); ok {
		return term.IsTerminal(int(file.Fd()))
	}
	return false
}

// run runs the guest to its end and returns nil for exit code 0, an
// *exitError otherwise, or an error when it could not be started.
func (s *stdio) run(ctx context.Context, g guest) error {
	engine, err := sharedEngine()
	if err != nil {
		return err
	}
	mod, err := engine.Compile(ctx, g.name, g.wasm)
	if err != nil {
		var me *native.ModuleError
		if errors.As(err, &me) {
			return usagef("%s", me.Msg)
		}
		return err
	}

	root := memfs.New(memfs.Options{Quota: g.common.quota})
	v := vfs.New(root, vfs.MountOptions{Source: "memory"})
	level := kernel.LevelWarn + 1 // quiet: the guest owns the terminal
	switch {
	case g.common.trace:
		level = kernel.LevelDebug
	case g.common.verbose:
		level = kernel.LevelInfo
	}
	k := kernel.New(kernel.Config{VFS: v, SyscallNames: wasi.Names(), Log: kernel.NewLogBus(1024, level)})
	k.Log.Subscribe(func(e kernel.Entry) {
		fmt.Fprintf(s.err, "wasmrun [%s] %s%s\n", e.Source, pidPrefix(e.PID), e.Message)
	})
	if g.layout != nil {
		if err := g.layout(v, k); err != nil {
			return err
		}
	}
	for _, d := range g.dirs {
		h, err := hostfs.New(d.host)
		if err != nil {
			return err
		}
		defer h.Close()
		if err := v.Mount(d.mount, h, vfs.MountOptions{Source: "host:" + d.host}); err != nil {
			return fmt.Errorf("--dir %s: %w", d.host, err)
		}
	}

	var nr *netRun
	if g.net != nil {
		if nr, err = g.net.start(k, s.err); err != nil {
			return err
		}
		defer nr.stop()
	}

	p := k.Spawn(g.spec)
	stdin := kernel.NewInput("stdin", isTerminal(s.in), k.Events)
	stdout := kernel.NewOutput("stdout", isTerminal(s.out), writeTo(s.out))
	stderr := kernel.NewOutput("stderr", isTerminal(s.err), writeTo(s.err))
	if g.common.maxOutput > 0 {
		lim := &kernel.LimitError{What: "output", Limit: g.common.maxOutputText, Flag: "--max-output"}
		stdout.Limit(g.common.maxOutput, lim)
		stderr.Limit(g.common.maxOutput, lim)
	}
	p.SetStdio(stdin, stdout, stderr)
	for _, po := range g.preopens {
		if _, err := p.Preopen(po.name, po.guestPath); err != nil {
			return fmt.Errorf("preopen %s: %w", po.name, err)
		}
	}
	if nr != nil {
		if err := nr.pass(p); err != nil {
			return err
		}
	}
	go feed(s.in, stdin)

	// The engine is not interruptible (that would halve CPython's speed):
	// a kill stops the guest at its next syscall. One that computes
	// without any is given a moment, then wasmrun itself ends, which ends
	// it too.
	done := make(chan struct{})
	go func() {
		engine.Run(ctx, p, mod, g.limits)
		close(done)
	}()
	select {
	case <-done:
	case <-ctx.Done():
		p.KillCode(130, "interrupted")
	case <-p.Killing():
	}
	select {
	case <-done:
	case <-time.After(killGrace):
		p.Exit(kernel.StateKilled, 0, "")
	}

	state, code, reason := p.Result()
	switch state {
	case kernel.StateExited:
	case kernel.StateKilled, kernel.StateTrapped:
		fmt.Fprintf(s.err, "wasmrun: %s: %s\n", g.spec.Argv[0], reason)
	}
	if code != 0 {
		return &exitError{code}
	}
	return nil
}

func pidPrefix(pid int) string {
	if pid == 0 {
		return ""
	}
	return fmt.Sprintf("pid %d: ", pid)
}

// writeTo hands guest output to w as it is written.
func writeTo(w io.Writer) func([]byte) error {
	return func(b []byte) error {
		_, err := w.Write(b)
		return err
	}
}

// feed forwards the host's stdin to the guest until it ends.
func feed(r io.Reader, in *kernel.Input) {
	buf := make([]byte, 32<<10)
	for {
		n, err := r.Read(buf)
		if n > 0 {
			in.Feed(buf[:n])
		}
		if err != nil {
			in.CloseInput()
			return
		}
	}
}
