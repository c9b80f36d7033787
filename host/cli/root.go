package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"

	"github.com/spf13/cobra"
)

// Version is set at build time with -ldflags "-X ...cli.Version=...".
var Version = "dev"

// usageError is a command-line mistake: exit code 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{fmt.Sprintf(format, args...)}
}

// exitError ends wasmrun with a guest's exit code; a message, if any, has
// already been printed.
type exitError struct{ code int }

func (e *exitError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

// io are the streams a command talks to.
type stdio struct {
	in       io.Reader
	out, err io.Writer
}

// Main runs wasmrun with args and returns its exit code.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	s := &stdio{in: stdin, out: stdout, err: stderr}
	root := newRoot(s)
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return 0
	}
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	fmt.Fprintf(stderr, "wasmrun: %s\n", oneLine(err.Error()))
	var ue *usageError
	if errors.As(err, &ue) || isCobraUsage(err) {
		return 2
	}
	return 1
}

func oneLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// isCobraUsage recognises cobra's own argument and flag errors.
func isCobraUsage(err error) bool {
	m := err.Error()
	for _, p := range []string{"unknown command", "unknown flag", "unknown shorthand flag", "flag needs an argument", "invalid argument", "accepts ", "requires at least", "requires at most", "required flag"} {
		if strings.Contains(m, p) {
			return true
		}
	}
	return false
}

func newRoot(s *stdio) *cobra.Command {
	root := &cobra.Command{
		Use:   "wasmrun",
		Short: "Run a project's code inside a WebAssembly micro-kernel",
		Long: `wasmrun runs a project's code inside a WebAssembly micro-kernel: a WASI
preview1 kernel with a virtual filesystem, over the real language runtimes
(QuickJS-NG for JavaScript, CPython for Python).`,
		Version:       Version,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usagef("%s (see 'wasmrun %s --help')", err, c.Name())
	})
	root.AddCommand(newRunCmd(s), newOSCmd(s), newExecCmd(s), newRuntimesCmd(s), newVersionCmd(s))
	return root
}

func newVersionCmd(s *stdio) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print wasmrun's version",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			fmt.Fprintf(s.out, "wasmrun %s\n", Version)
			return nil
		},
	}
}
