package cli

import (
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/spf13/pflag"

	"github.com/wasmrun/wasmrun/kernel"
	knet "github.com/wasmrun/wasmrun/kernel/net"
	"github.com/wasmrun/wasmrun/kernel/net/netconfig"
)

// netFlags are the network flags of run and exec.
type netFlags struct {
	allow   []string
	listen  []string
	forward []string
}

// register adds the flags; outbound adds --allow-net, for the commands
// whose guests can reach /dev/tcp (exec's guests see no /dev).
func (f *netFlags) register(fs *pflag.FlagSet, outbound bool) {
	if outbound {
		fs.StringArrayVar(&f.allow, "allow-net", nil, "allow connections out to RULE: a host name, *.domain, a CIDR or *, optionally :PORT (repeatable)")
	}
	fs.StringArrayVar(&f.listen, "listen", nil, "expose the guest's PORT on the host's 127.0.0.1:PORT, passing the guest a listening socket (repeatable)")
	fs.StringArrayVar(&f.forward, "forward", nil, "expose the guest's port GUEST on the host's 127.0.0.1:HOST (default HOST: GUEST; 0: any free port), passing the guest a listening socket (repeatable)")
}

// portForward is one --listen or --forward.
type portForward struct {
	guest, host int
	flag        string // as given, for messages and the log
}

// netPlan is the network a guest gets: the policy, and the ports the host
// forwards to it.
type netPlan struct {
	policy   *knet.Policy
	forwards []portForward
	cfg      knet.Config // the [os.network] table, as read
	allow    []string    // --allow-net
}

// plan validates the flags and compiles the policy: the [os.network] table
// of root's wasmrun.toml (root "": none), then --allow-net.
func (f *netFlags) plan(root string) (*netPlan, error) {
	cfg := knet.Config{}
	if root != "" {
		file := filepath.Join(root, knet.ConfigFile)
		data, err := os.ReadFile(file)
		switch {
		case err == nil:
			if cfg, err = netconfig.Parse(file, data); err != nil {
				return nil, usagef("%s", err)
			}
			// Errors name the file by its path; the log and the Network
			// panel name a rule's origin as the project's wasmrun.toml.
			cfg.File = knet.ConfigFile
		case !errors.Is(err, os.ErrNotExist):
			return nil, err
		}
	}
	pol, err := knet.NewPolicy(cfg)
	if err != nil {
		return nil, usagef("%s", err)
	}
	for _, r := range f.allow {
		if err := pol.Allow(r, "--allow-net"); err != nil {
			return nil, usagef("%s", err)
		}
	}
	pl := &netPlan{policy: pol, cfg: cfg, allow: f.allow}
	for _, s := range f.listen {
		port, ok := parsePortFlag(s, false)
		if !ok {
			return nil, usagef("--listen %q: expected a port from 1 to 65535", s)
		}
		pl.forwards = append(pl.forwards, portForward{guest: port, host: port, flag: "--listen " + s})
	}
	for _, s := range f.forward {
		g, h, hasHost := strings.Cut(s, ":")
		guest, ok1 := parsePortFlag(g, false)
		host, ok2 := guest, true
		if hasHost {
			host, ok2 = parsePortFlag(h, true)
		}
		if !ok1 || !ok2 {
			return nil, usagef("--forward %q: expected GUEST[:HOST], ports from 1 to 65535 (HOST 0: any free port)", s)
		}
		pl.forwards = append(pl.forwards, portForward{guest: guest, host: host, flag: "--forward " + s})
	}
	for _, fw := range pl.forwards {
		pol.AllowBind(fw.guest, fw.flag)
	}
	return pl, nil
}

func parsePortFlag(s string, zero bool) (int, bool) {
	n, err := strconv.Atoi(s)
	if err != nil || n > 65535 || n < 1 && !(zero && n == 0) {
		return 0, false
	}
	return n, true
}

// netRun is a network started for one run: the kernel's Network, and the
// host listeners forwarding to it.
type netRun struct {
	n         *knet.Network
	hostLns   []net.Listener
	listeners []*knet.Listener // the host's holds, by guest port, in flag order
}

// start gives kernel k its network: outbound connections through the host's
// TCP stack, and each forward's host listener on 127.0.0.1, announced on
// stderr.
func (pl *netPlan) start(k *kernel.Kernel, stderr io.Writer) (*netRun, error) {
	r := &netRun{n: knet.New(k, pl.policy, &knet.HostTransport{})}
	k.Net = r.n
	seen := map[int]bool{}
	for _, fw := range pl.forwards {
		ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(fw.host)))
		if err != nil {
			r.stop()
			return nil, fmt.Errorf("%s: %w", fw.flag, err)
		}
		r.hostLns = append(r.hostLns, ln)
		if !seen[fw.guest] {
			seen[fw.guest] = true
			l, err := r.n.ListenHost(fw.guest)
			if err != nil {
				r.stop()
				return nil, fmt.Errorf("%s: guest port %d: %w", fw.flag, fw.guest, err)
			}
			r.listeners = append(r.listeners, l)
		}
		go knet.Forward(r.n, ln, fw.guest)
		r.n.AddForward(knet.PortForward{Port: fw.guest, Addr: ln.Addr().String(), URL: "http://" + ln.Addr().String() + "/", Origin: fw.flag})
		fmt.Fprintf(stderr, "wasmrun: %s (%s)\n", knet.ForwardAddr(ln, fw.guest), fw.flag)
	}
	return r, nil
}

// pass installs the forwarded ports' listening sockets in p
// (Network.Pass).
func (r *netRun) pass(p *kernel.Process) error {
	ports := make([]int, len(r.listeners))
	for i, l := range r.listeners {
		ports[i] = l.Port()
	}
	return r.n.Pass(p, ports)
}

// stop closes the host listeners and the host's holds on the kernel's.
func (r *netRun) stop() {
	if r == nil {
		return
	}
	for _, ln := range r.hostLns {
		ln.Close()
	}
	for _, l := range r.listeners {
		l.Close()
	}
}
