package net

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/wasmrun/wasmrun/kernel"
	"github.com/wasmrun/wasmrun/wasi/abi"
)

// SocketBlock is how many descriptor numbers after the listening sockets
// are kept for the connections a guest accepts (FDTable.ReserveSockets).
const SocketBlock = 64

// Pass installs listening sockets on ports (which the host bound with
// ListenHost: --listen, --forward) in p, after the descriptors it has
// (stdio, preopens), and tells it where they are: the systemd convention
// (LISTEN_FDS, LISTEN_PID, LISTEN_FDNAMES naming each by its port) and
// WASMRUN_LISTEN_FDS=FIRST:COUNT, since the sockets do not start at
// descriptor 3 when there are preopens (docs/network.md). The same for
// `wasmrun run` and for the browser's kernel.
func (n *Network) Pass(p *kernel.Process, ports []int) error {
	if len(ports) == 0 {
		return nil
	}
	var names []string
	first := -1
	for _, port := range ports {
		l, err := n.Listen(p, port)
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
		names = append(names, strconv.Itoa(port))
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
