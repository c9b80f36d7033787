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
	"github.com/wasmrun/wasmrun/wasi/abi"
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
			if cfg, err = knet.ParseConfig(file, data); err != nil {
				return nil, usagef("%s", err)
			}
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
	pl := &netPlan{policy: pol}
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

// SocketBlock is how many descriptor numbers after the listening sockets
// are kept for the connections a guest accepts.
const SocketBlock = 64

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
		fmt.Fprintf(stderr, "wasmrun: %s (%s)\n", knet.ForwardAddr(ln, fw.guest), fw.flag)
	}
	return r, nil
}

// pass installs the forwarded ports' listening sockets in p, after the
// descriptors it has (stdio, preopens), and tells it where they are: the
// systemd convention (LISTEN_FDS, LISTEN_PID, LISTEN_FDNAMES naming each by
// its port) and WASMRUN_LISTEN_FDS=FIRST:COUNT, since the sockets do not
// start at descriptor 3 when there are preopens (docs/network.md).
func (r *netRun) pass(p *kernel.Process) error {
	if len(r.listeners) == 0 {
		return nil
	}
	var names []string
	first := -1
	for _, hl := range r.listeners {
		l, err := r.n.Listen(p, hl.Port())
		if err != nil {
			return err
		}
		// Non-blocking, as WASI runtimes pass preopened sockets: Go's
		// os.NewFile puts a descriptor in its poller only if it is, and
		// net.FileListener cannot make it so itself (wasip1 has no dup).
		fd, err := p.FDs.Insert(&kernel.FD{File: l, Rights: abi.RightsSocket, Flags: abi.FdflagNonblock})
		if err != nil {
			l.Close()
			return err
		}
		if first < 0 {
			first = int(fd)
		} else if int(fd) != first+len(names) {
			return fmt.Errorf("listening sockets: descriptor %d is not after %d", fd, first+len(names)-1)
		}
		names = append(names, strconv.Itoa(hl.Port()))
	}
	// The socket block: the connections the guest accepts get numbers
	// its runtime saw at startup (see FDTable.ReserveSockets).
	p.FDs.ReserveSockets(SocketBlock)
	p.Env = append(p.Env,
		"LISTEN_FDS="+strconv.Itoa(len(names)),
		"LISTEN_PID="+strconv.Itoa(p.PID),
		"LISTEN_FDNAMES="+strings.Join(names, ":"),
		"WASMRUN_LISTEN_FDS="+strconv.Itoa(first)+":"+strconv.Itoa(len(names)),
	)
	return nil
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
