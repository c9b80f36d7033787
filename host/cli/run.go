package cli

import (
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/wasmrun/wasmrun/host/detect"
	"github.com/wasmrun/wasmrun/host/project"
	"github.com/wasmrun/wasmrun/host/runtimes"
	"github.com/wasmrun/wasmrun/kernel"
	"github.com/wasmrun/wasmrun/kernel/boot"
	"github.com/wasmrun/wasmrun/kernel/vfs"
	"github.com/wasmrun/wasmrun/kernel/vfs/memfs"
)

func newRunCmd(s *stdio) *cobra.Command {
	var (
		common    commonFlags
		language  string
		entry     string
		overrides []string
		network   netFlags
	)
	c := &cobra.Command{
		Use:   "run [PATH] [flags] [-- ARGS...]",
		Short: "Run a project headless in the terminal",
		Long: `Run a project (Node.js or Python) inside the kernel, headless. The project is
copied into the VM's memory at /app, which is the working directory; the entry
runs on the language's runtime with stdin, stdout and stderr connected to the
terminal, and wasmrun exits with the program's exit code.

The network is closed unless the [os.network] table of the project's
wasmrun.toml or --allow-net opens it; --listen and --forward expose the
program's ports on the host's 127.0.0.1, passing it listening sockets
(LISTEN_FDS; see docs/network.md).

PATH is the project directory (default: the current directory) or a file to run.`,
		RunE: func(c *cobra.Command, args []string) error {
			pos, rest := splitArgs(args, c.ArgsLenAtDash())
			if len(pos) > 1 {
				return usagef("run takes one PATH, got %d (%v): put the program's arguments after --", len(pos), pos)
			}
			path := "."
			if len(pos) == 1 {
				path = pos[0]
			}
			lim, err := common.limits()
			if err != nil {
				return err
			}
			// Every command-line mistake is reported before the runtime
			// is fetched.
			var dirs []hostDir
			for _, d := range common.dirs {
				hd, err := parseDir(d)
				if err != nil {
					return err
				}
				dirs = append(dirs, hd)
			}
			proj, err := detect.Detect(path, detect.Options{Language: language, Entry: entry})
			if err != nil {
				return detectError(err)
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
			rt, err := hub.Resolve(c.Context(), proj.Language)
			if err != nil {
				return err
			}
			selection, err := project.Scan(proj.Root, project.DefaultOptions)
			if err != nil {
				return err
			}
			for _, sk := range selection.Skipped {
				if common.verbose {
					fmt.Fprintf(s.err, "wasmrun: skipped %s: %s\n", sk.Path, sk.Reason)
				}
			}
			spec := boot.Spec(boot.Plan{
				Language: proj.Language,
				Command:  rt.Argv,
				Entry:    proj.Entry,
				Args:     rest,
				Env:      common.env,
			}, boot.Support(proj.Language))
			g := guest{
				name:     rt.File,
				wasm:     rt.Bytes,
				spec:     spec,
				limits:   lim,
				common:   &common,
				net:      netPlan,
				preopens: []preopen{{name: "/", guestPath: "/"}},
				layout: func(v *vfs.VFS, k *kernel.Kernel) error {
					if err := boot.Layout(v, k, boot.Support(proj.Language)); err != nil {
						return err
					}
					app := memfs.New(memfs.Options{Quota: common.quota})
					if err := project.CopyTo(selection, app); err != nil {
						return err
					}
					return v.Mount(boot.ProjectDir, app, vfs.MountOptions{Source: "project " + proj.Root})
				},
			}
			g.dirs = dirs
			if common.verbose {
				fmt.Fprintf(s.err, "wasmrun: %s project, entry %s (%s), runtime %s %s\n", proj.Language, proj.Entry, proj.Reason, rt.Name, rt.Version)
			}
			return s.run(c.Context(), g)
		},
	}
	f := c.Flags()
	f.StringVarP(&language, "language", "l", "", "the project's language: javascript or python (default: detected)")
	f.StringVar(&entry, "entry", "", "the file to run, relative to the project (default: detected)")
	f.StringArrayVar(&overrides, "runtime", nil, "use a local runtime file: LANG=FILE.wasm (repeatable)")
	common.register(f)
	network.register(f, true)
	return c
}

func cutEq(s string) (string, string, bool) {
	for i := 0; i < len(s); i++ {
		if s[i] == '=' {
			return s[:i], s[i+1:], i > 0 && i < len(s)-1
		}
	}
	return "", "", false
}

// detectError marks the detection errors that are the command line's fault.
func detectError(err error) error {
	var de *detect.Error
	if errors.As(err, &de) && (de.Kind == detect.NotFound || de.Kind == detect.BadOption) {
		return usagef("%s", de.Msg)
	}
	return err
}

var _ = os.Stdin
