package cli

import (
	"fmt"
	"strings"
	"time"

	"github.com/dustin/go-humanize"
	"github.com/spf13/pflag"

	"github.com/wasmrun/wasmrun/kernel/native"
	"github.com/wasmrun/wasmrun/kernel/vfs/memfs"
)

// commonFlags are the flags every command that runs a guest takes.
type commonFlags struct {
	env       []string
	dirs      []string
	maxMemory string
	timeout   time.Duration
	maxOutput int64
	maxFS     int64
	quota     *memfs.Quota // --max-fs, shared by the VM's file systems
	verbose   bool
	trace     bool

	maxOutputText string
	maxFSText     string
}

func (c *commonFlags) register(f *pflag.FlagSet) {
	f.StringArrayVar(&c.env, "env", nil, "set an environment variable for the guest (K=V, repeatable)")
	f.StringArrayVar(&c.dirs, "dir", nil, "mount a host directory read-write: HOST[:GUEST] (repeatable)")
	f.StringVar(&c.maxMemory, "max-memory", "2GiB", "most linear memory the guest may use")
	f.DurationVar(&c.timeout, "timeout", 0, "most wall time the guest may run, e.g. 30s (0: no limit)")
	f.StringVar(&c.maxOutputText, "max-output", "0", "most bytes the guest may write to stdout and stderr (0: no limit)")
	f.StringVar(&c.maxFSText, "max-fs", "1GiB", "most bytes the guest's in-memory files may hold")
	f.BoolVarP(&c.verbose, "verbose", "v", false, "print the kernel's log on stderr")
	f.BoolVar(&c.trace, "trace", false, "print every WASI call on stderr")
}

// limits validates the flags and returns the engine limits.
func (c *commonFlags) limits() (native.Limits, error) {
	mem, err := parseSize("--max-memory", c.maxMemory)
	if err != nil {
		return native.Limits{}, err
	}
	if c.maxOutput, err = parseSize("--max-output", c.maxOutputText); err != nil {
		return native.Limits{}, err
	}
	if c.maxFS, err = parseSize("--max-fs", c.maxFSText); err != nil {
		return native.Limits{}, err
	}
	c.quota = memfs.NewQuota(c.maxFS)
	if c.timeout < 0 {
		return native.Limits{}, usagef("--timeout %s: must not be negative", c.timeout)
	}
	for _, kv := range c.env {
		if k, _, ok := strings.Cut(kv, "="); !ok || k == "" {
			return native.Limits{}, usagef("--env %q: expected K=V", kv)
		}
	}
	return native.Limits{MaxMemory: uint64(mem), Timeout: c.timeout}, nil
}

func parseSize(flag, s string) (int64, error) {
	n, err := humanize.ParseBytes(s)
	if err != nil || n > 1<<62 {
		return 0, usagef("%s %q: expected a size such as 512MiB or 2GB", flag, s)
	}
	return int64(n), nil
}

func formatSize(n int64) string { return humanize.IBytes(uint64(n)) }

// splitArgs separates positional arguments from those after "--".
func splitArgs(args []string, dash int) (before, after []string) {
	if dash < 0 {
		return args, nil
	}
	return args[:dash], args[dash:]
}

var _ = fmt.Sprintf
