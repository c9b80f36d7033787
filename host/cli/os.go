package cli

import (
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/wasmrun/wasmrun/host/detect"
	"github.com/wasmrun/wasmrun/host/project"
	"github.com/wasmrun/wasmrun/host/runtimes"
	"github.com/wasmrun/wasmrun/host/server"
	knet "github.com/wasmrun/wasmrun/kernel/net"
	"github.com/wasmrun/wasmrun/kernel/protocol"
)

// defaultPort is where `wasmrun os` serves unless -P says otherwise.
const defaultPort = 8420

func newOSCmd(s *stdio) *cobra.Command {
	var (
		common    commonFlags
		language  string
		entry     string
		overrides []string
		port      int
		host      string
		watch     bool
		noOpen    bool
		scan      scanFlags
		network   netFlags
	)
	c := &cobra.Command{
		Use:   "os [PATH] [flags] [-- ARGS...]",
		Short: "Run a project in the browser, with a development UI",
		Long: `Serve a development UI at http://127.0.0.1:8420 and open it: the project runs
inside the kernel, compiled to WebAssembly, in a Web Worker of the page, with a
console, the VM's files, the kernel's process table and its log. What the
program prints also appears here; --watch sends the project's changes on disk
to the page, which runs the program again.

The network is closed unless the [os.network] table of the project's
wasmrun.toml or --allow-net opens it; the host makes the kernel's outbound
connections, under the same policy. --listen and --forward expose a guest
port on the host's 127.0.0.1, relayed to the kernel in the open tab; the UI's
Preview panel shows any port a guest listens on (docs/network.md).

PATH is the project directory (default: the current directory) or a file to
run. A WASI command module (PATH or --entry a .wasm file) runs as the program
itself, with its directory as the project. Ctrl-C stops the server.`,
		RunE: func(c *cobra.Command, args []string) error {
			pos, rest := splitArgs(args, c.ArgsLenAtDash())
			if len(pos) > 1 {
				return usagef("os takes one PATH, got %d (%v): put the program's arguments after --", len(pos), pos)
			}
			path := "."
			if len(pos) == 1 {
				path = pos[0]
			}
			if len(common.dirs) > 0 {
				return usagef("--dir is not supported by wasmrun os: the browser cannot reach host directories (the project itself is at /app); use wasmrun run --dir")
			}
			if common.trace {
				return usagef("--trace is not supported by wasmrun os: the Logs panel shows the kernel's log; use wasmrun run --trace")
			}
			if port < 0 || port > 65535 {
				return usagef("-P %d: expected a port from 1 to 65535, or 0 for any free port", port)
			}
			lim, err := common.limits()
			if err != nil {
				return err
			}
			scanOpts, err := scan.options()
			if err != nil {
				return err
			}
			// A WASI module is a program of its own: it runs as the process,
			// with its directory as the project.
			module, err := wasmProgram(path, entry)
			if err != nil {
				return err
			}
			proj := module.project()
			if module == nil {
				if proj, err = detect.Detect(path, detect.Options{Language: language, Entry: entry}); err != nil {
					return detectError(err)
				}
			}
			netPlan, err := network.plan(proj.Root)
			if err != nil {
				return err
			}
			hub := &runtimes.Hub{Stderr: s.err, Overrides: map[string]string{}}
			for _, o := range overrides {
				lang, file, ok := cutEq(o)
				if !ok {
					return usagef("--runtime %q: expected LANG=FILE", o)
				}
				hub.Overrides[lang] = file
			}

			// Take the port before the slow steps (a runtime download), so
			// that a port in use is said at once.
			l, err := server.Listen(host, port)
			if errors.Is(err, server.ErrPortInUse) {
				return fmt.Errorf("port %d is already in use (another wasmrun os?): pick another with -P PORT, or -P 0 for any free port", port)
			}
			if err != nil {
				return err
			}
			defer l.Close()
			loopback := l.Addr().(*net.TCPAddr).IP.IsLoopback()
			if !loopback {
				fmt.Fprintf(s.err, "wasmrun: warning: serving on %s: anyone who can reach this address can read the project and its runtime\n",
					net.JoinHostPort(host, strconv.Itoa(l.Addr().(*net.TCPAddr).Port)))
			}

			rt := module.runtime()
			if module == nil {
				if rt, err = hub.Resolve(c.Context(), proj.Language); err != nil {
					return err
				}
			}
			selection, err := project.Scan(proj.Root, scanOpts)
			if err != nil {
				return err
			}
			if common.verbose {
				for _, sk := range selection.Skipped {
					fmt.Fprintf(s.err, "wasmrun: skipped %s: %s\n", sk.Path, sk.Reason)
				}
			}
			desc := server.Describe(protocol.Project{
				Root:     proj.Root,
				Language: proj.Language,
				Entry:    proj.Entry,
				Reason:   proj.Reason,
			}, selection)
			fmt.Fprintln(s.err, "wasmrun: "+summary(desc, common.verbose))
			netSession, forwards, err := browserNet(netPlan, s.err)
			for _, f := range forwards {
				defer f.Listener.Close()
			}
			if err != nil {
				return err
			}
			if common.verbose {
				fmt.Fprintf(s.err, "wasmrun: entry %s (%s), runtime %s %s\n", proj.Entry, proj.Reason, runtimeName(rt), rt.Version)
			}

			cacheDir, err := browserCacheDir()
			if err != nil {
				fmt.Fprintf(s.err, "wasmrun: warning: %v: the instrumented runtime is not cached\n", err)
			}
			srv, err := server.New(server.Config{
				Listener: l,
				Session: protocol.Session{
					Version: Version,
					Project: desc,
					Runtime: protocol.Runtime{
						Language: rt.Language,
						Name:     runtimeName(rt),
						Version:  rt.Version,
						SHA256:   rt.SHA256,
						Size:     rt.Size,
						License:  rt.License,
					},
					Command: rt.Argv,
					Args:    rest,
					Env:     common.env,
					Limits: protocol.Limits{
						MaxMemory: int64(lim.MaxMemory),
						MaxOutput: common.maxOutput,
						MaxFS:     common.maxFS,
						TimeoutMs: lim.Timeout.Milliseconds(),
					},
					Watch:   watch,
					Network: netSession,
				},
				Forwards: forwards,
				Scan:     scanOpts,
				Runtime:  rt.Bytes,
				CacheDir: cacheDir,
				// Compressing pays only over a network: host/server's doc
				// has the figures.
				Compress: !loopback,
				Stdout:   s.out,
				Stderr:   s.err,
				Messages: s.err,
				Verbose:  common.verbose,
			})
			if err != nil {
				return err
			}
			fmt.Fprintf(s.err, "wasmrun: %s (Ctrl-C stops)\n", srv.URL())
			if !noOpen {
				openBrowser(srv.URL())
			}
			return srv.Serve(c.Context())
		},
	}
	f := c.Flags()
	f.IntVarP(&port, "port", "P", defaultPort, "the port to serve on (0: any free port)")
	f.StringVar(&host, "host", "127.0.0.1", "the address to serve on; anything but loopback exposes the project to the network")
	f.StringVarP(&language, "language", "l", "", "the project's language: javascript or python (default: detected)")
	f.StringVar(&entry, "entry", "", "the file to run, relative to the project (default: detected)")
	f.StringArrayVar(&overrides, "runtime", nil, "use a local runtime file: LANG=FILE.wasm (repeatable)")
	f.BoolVar(&watch, "watch", false, "send the project's changes on disk to the page, which runs the program again")
	f.BoolVar(&noOpen, "no-open", false, "do not open a browser; only print the URL")
	common.register(f)
	scan.register(f)
	network.register(f, true)
	// Registered with the common flags so that they are recognised, and
	// refused with a reason.
	f.MarkHidden("dir")
	f.MarkHidden("trace")
	return c
}

// browserNet binds the host ports of --listen and --forward on 127.0.0.1,
// says each on stderr as wasmrun run does, and describes the network for
// the session: the policy as read, and the forwards.
func browserNet(pl *netPlan, stderr io.Writer) (protocol.NetworkSession, []server.Forward, error) {
	ns := protocol.NetworkSession{
		File: pl.cfg.File, Allow: pl.cfg.Allow, Deny: pl.cfg.Deny, BindPorts: pl.cfg.BindPorts,
		MaxConnections: pl.cfg.MaxConnections, MaxBandwidthMbps: pl.cfg.MaxBandwidthMbps,
		ConnectionTimeoutSecs: pl.cfg.ConnectionTimeoutSecs, AllowNet: pl.allow, Forwards: []protocol.Forward{},
	}
	var fwds []server.Forward
	for _, fw := range pl.forwards {
		ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(fw.host)))
		if err != nil {
			return ns, fwds, fmt.Errorf("%s: %w", fw.flag, err)
		}
		fwds = append(fwds, server.Forward{Listener: ln, Guest: fw.guest, Flag: fw.flag})
		ns.Forwards = append(ns.Forwards, protocol.Forward{Guest: fw.guest, Host: ln.Addr().(*net.TCPAddr).Port, Flag: fw.flag})
		fmt.Fprintf(stderr, "wasmrun: %s (%s)\n", knet.ForwardAddr(ln, fw.guest), fw.flag)
	}
	return ns, fwds, nil
}

// summary is the line that says what is served, e.g.
// "serving my-project (python, main.py): 12 files, 34 KiB; 2 skipped".
func summary(p protocol.Project, verbose bool) string {
	files := "files"
	if p.Files == 1 {
		files = "file"
	}
	line := fmt.Sprintf("serving %s (%s, %s): %d %s, %s", p.Name, p.Language, p.Entry, p.Files, files, formatSize(p.Bytes))
	if n := len(p.Skipped); n > 0 {
		line += fmt.Sprintf("; %d skipped", n)
		if !verbose {
			line += " (-v lists them)"
		}
	}
	return line
}

func runtimeName(rt *runtimes.Resolved) string {
	if rt.Name != "" {
		return rt.Name
	}
	return rt.File
}

// browserCacheDir is where the runtime, instrumented for the browser, and
// its compressed variants are kept between runs, beside the compiled
// modules of 'wasmrun run'.
func browserCacheDir() (string, error) {
	if d := os.Getenv("WASMRUN_CACHE_DIR"); d != "" {
		return filepath.Join(d, "browser"), nil
	}
	d, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(d, "wasmrun", "browser"), nil
}

// openBrowser opens url in the user's browser if a way is known; the URL is
// printed anyway, so any failure is silent. A variable for tests.
var openBrowser = func(url string) {
	var name string
	var args []string
	switch runtime.GOOS {
	case "darwin":
		name = "open"
	case "windows":
		name, args = "rundll32", []string{"url.dll,FileProtocolHandler"}
	default:
		name = "xdg-open"
	}
	bin, err := exec.LookPath(name)
	if err != nil {
		return
	}
	cmd := exec.Command(bin, append(args, url)...)
	if cmd.Start() == nil {
		go cmd.Wait()
	}
}

// scanFlags bound the project selection.
type scanFlags struct {
	maxFiles                  int
	maxBytesText, maxFileText string
}

func (f *scanFlags) register(fs *pflag.FlagSet) {
	d := project.DefaultOptions
	fs.IntVar(&f.maxFiles, "max-files", d.MaxFiles, "most files, directories and symlinks of the project copied into the VM")
	fs.StringVar(&f.maxBytesText, "max-bytes", strings.ReplaceAll(formatSize(d.MaxBytes), " ", ""), "most bytes of project files copied into the VM")
	fs.StringVar(&f.maxFileText, "max-file-size", strings.ReplaceAll(formatSize(d.MaxFileSize), " ", ""), "largest project file copied into the VM")
}

func (f *scanFlags) options() (project.Options, error) {
	if f.maxFiles <= 0 {
		return project.Options{}, usagef("--max-files %d: expected a positive count", f.maxFiles)
	}
	maxBytes, err := parseSize("--max-bytes", f.maxBytesText)
	if err != nil {
		return project.Options{}, err
	}
	maxFile, err := parseSize("--max-file-size", f.maxFileText)
	if err != nil {
		return project.Options{}, err
	}
	if maxBytes == 0 || maxFile == 0 {
		return project.Options{}, usagef("--max-bytes and --max-file-size must be more than 0")
	}
	return project.Options{MaxFiles: f.maxFiles, MaxBytes: maxBytes, MaxFileSize: maxFile}, nil
}
