package cli

import (
	"os"

	"github.com/spf13/cobra"

	"github.com/wasmrun/wasmrun/kernel"
)

func newExecCmd(s *stdio) *cobra.Command {
	var (
		common  commonFlags
		network netFlags
	)
	c := &cobra.Command{
		Use:   "exec [flags] FILE.wasm [-- ARGS...]",
		Short: "Run any WASI command module",
		Long: `Run a WASI preview1 command module on the kernel. The guest sees only what it
is given: its arguments, the --env variables (none by default) and the --dir
host directories, each preopened under its GUEST name (--dir DIR:/ makes DIR
the guest's root), and the listening sockets of --listen and --forward, after
the preopens (WASMRUN_LISTEN_FDS=FIRST:COUNT, LISTEN_FDS; see
docs/network.md).`,
		RunE: func(c *cobra.Command, args []string) error {
			pos, rest := splitArgs(args, c.ArgsLenAtDash())
			if len(pos) == 0 {
				return usagef("exec needs a .wasm file (wasmrun exec FILE.wasm [-- ARGS...])")
			}
			if len(pos) > 1 {
				// Flags end at FILE: what follows is the guest's, with an
				// optional "--" first.
				more := pos[1:]
				if more[0] == "--" {
					more = more[1:]
				}
				rest = append(more, rest...)
			}
			lim, err := common.limits()
			if err != nil {
				return err
			}
			netPlan, err := network.plan("")
			if err != nil {
				return err
			}
			file := pos[0]
			wasm, err := os.ReadFile(file)
			if err != nil {
				if os.IsNotExist(err) {
					return usagef("%s: no such file", file)
				}
				if info, serr := os.Stat(file); serr == nil && info.IsDir() {
					return usagef("%s is a directory: exec runs a .wasm file (wasmrun run runs a project)", file)
				}
				return err
			}
			g := guest{
				name:   file,
				wasm:   wasm,
				spec:   kernel.Spec{Argv: append([]string{file}, rest...), Env: append([]string{}, common.env...)},
				limits: lim,
				common: &common,
				net:    netPlan,
			}
			for _, d := range common.dirs {
				hd, err := parseDir(d)
				if err != nil {
					return err
				}
				g.dirs = append(g.dirs, hd)
				g.preopens = append(g.preopens, preopen{name: hd.guest, guestPath: hd.mount})
			}
			return s.run(c.Context(), g)
		},
	}
	c.Flags().SetInterspersed(false)
	common.register(c.Flags())
	network.register(c.Flags(), false)
	return c
}
