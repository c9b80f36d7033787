package wasi

import (
	"strconv"

	"github.com/wasmrun/wasmrun/kernel"
	"github.com/wasmrun/wasmrun/wasi/abi"
)

// The socket functions act on the sockets of the kernel's network
// (kernel/net): listeners the host hands a process at startup (LISTEN_FDS,
// see docs/network.md), connections they accept, and the sockets a process
// opens through /dev/tcp and /dev/tcp-listen. A socket is a kernel.Stream,
// so fd_read, fd_write, fd_fdstat_get (SOCKET_STREAM), NONBLOCK and
// poll_oneoff treat it as they treat any stream; what only sockets do is
// here. On descriptors that are not sockets these functions answer ENOTSOCK,
// and EBADF on a closed one.

// sockFile returns descriptor fd's socket or listener, or the errno for a
// descriptor that is neither.
func sockFile(p *kernel.Process, fd uint32) (*kernel.FD, kernel.Socket, kernel.Listener, abi.Errno) {
	d, err := p.FDs.Get(fd)
	if err != nil {
		return nil, nil, nil, abi.ErrnoBadf
	}
	switch f := d.File.(type) {
	case kernel.Socket:
		return d, f, nil, abi.ErrnoSuccess
	case kernel.Listener:
		return d, nil, f, abi.ErrnoSuccess
	}
	return nil, nil, nil, abi.ErrnoNotsock
}

// sockAccept accepts a connection on a listening socket.
//
// # Parameters
//   - fd: the listening socket; flags: the new descriptor's fdflags (only
//     NONBLOCK); fd_out: where the new descriptor's number goes.
//
// # Result (Errno)
//   - EBADF: fd is not open; ENOTSOCK: fd is not a socket; EINVAL: fd is a
//     connected socket, the listener was shut down, or flags has other bits
//     than NONBLOCK; ENOTCAPABLE: fd lacks SOCK_ACCEPT.
//   - EAGAIN: the listener is NONBLOCK and no connection is waiting.
//   - EMFILE: the descriptor table is full; EFAULT: fd_out out of bounds.
//
// # Notes
//   - Without NONBLOCK on the listener it waits for a connection (the
//     process shows as blocked on "accept :PORT"; a kill ends the wait).
//   - The new descriptor is a connected socket with the rights of a socket
//     (RightsSocket).
func sockAccept(p *kernel.Process, m Memory, a []uint64) abi.Errno {
	d, s, l, errno := sockFile(p, uint32(a[0]))
	if errno != 0 {
		return errno
	}
	if s != nil {
		return abi.ErrnoInval // accept(2) on a socket that is not listening
	}
	if !d.Rights.Has(abi.RightSockAccept) {
		return abi.ErrnoNotcapable
	}
	flags := abi.Fdflags(a[1])
	if flags&^abi.FdflagNonblock != 0 {
		return abi.ErrnoInval
	}
	for {
		c, err := l.TryAccept()
		if err == kernel.ErrWouldBlock && d.Flags&abi.FdflagNonblock == 0 {
			if err := p.Wait("accept :"+strconv.Itoa(l.Port()), 0, func() bool {
				_, canRead, _, _ := l.Readiness()
				return canRead
			}); err != nil {
				return Terminate
			}
			continue
		}
		if err != nil {
			return ErrnoOf(err)
		}
		return installSocket(p, m, &kernel.FD{File: c, Rights: abi.RightsSocket, Flags: flags}, uint32(a[2]))
	}
}

// sockRecv receives from a connected socket into the iovecs.
//
// # Parameters
//   - ri_data, ri_data_len: the iovecs; ri_flags: RECV_PEEK (leave what is
//     read in the socket) and RECV_WAITALL (wait until every iovec is full
//     or the stream ends); ro_datalen: the bytes received; ro_flags: always
//     0 (RECV_DATA_TRUNCATED is for datagrams).
//
// # Result (Errno)
//   - EBADF; ENOTSOCK: not a socket; ENOTCONN: a listening socket;
//     ENOTCAPABLE: fd lacks FD_READ; EINVAL: unknown ri_flags bits or more
//     than 1024 iovecs; EFAULT.
//   - EAGAIN: NONBLOCK socket with nothing to read.
//   - The connection's error once it failed: ECONNREFUSED, ECONNRESET,
//     ETIMEDOUT, EACCES (the policy denied every address a name resolved
//     to).
//
// # Notes
//   - 0 bytes with success is the end of the stream (the peer shut down its
//     writing or closed).
func sockRecv(p *kernel.Process, m Memory, a []uint64) abi.Errno {
	d, s, _, errno := sockFile(p, uint32(a[0]))
	if errno != 0 {
		return errno
	}
	if s == nil {
		return abi.ErrnoNotconn
	}
	if !d.Rights.Has(abi.RightFdRead) {
		return abi.ErrnoNotcapable
	}
	flags := uint16(a[3])
	if flags&^(abi.RiflagRecvPeek|abi.RiflagRecvWaitall) != 0 {
		return abi.ErrnoInval
	}
	iovs, errno := readIovecs(m, uint32(a[1]), uint32(a[2]))
	if errno != 0 {
		return errno
	}
	nonblock := d.Flags&abi.FdflagNonblock != 0
	var total int
	var err error
	if flags&abi.RiflagRecvPeek != 0 {
		total, err = peek(p, s, m, iovs, nonblock)
	} else {
		total, err = recv(p, s, m, iovs, nonblock, flags&abi.RiflagRecvWaitall != 0)
	}
	if err != nil {
		return streamErrno(p, err)
	}
	var ro [2]byte // ro_flags: nothing is ever truncated on a stream
	if !writeU32(m, uint32(a[4]), uint32(total)) || !m.Write(uint32(a[5]), ro[:]) {
		return abi.ErrnoFault
	}
	return abi.ErrnoSuccess
}

// recv reads into the iovecs: what is available (waiting for the first
// byte unless nonblock), or with waitall until they are full or the stream
// ends. Bytes already received are returned rather than a later error.
func recv(p *kernel.Process, s kernel.Socket, m Memory, iovs []iovec, nonblock, waitall bool) (int, error) {
	total := 0
	for _, iov := range iovs {
		for off := uint32(0); off < iov.len; {
			nb := nonblock || !waitall && total > 0
			n, err := fill(m, iovec{iov.buf + off, iov.len - off}, func(b []byte) (int, error) { return p.Read(s, b, nb) })
			total += n
			off += uint32(n)
			switch {
			case err != nil && total > 0 && !p.Killed():
				return total, nil
			case err != nil:
				return total, err
			case n == 0:
				return total, nil // end of stream
			}
		}
	}
	return total, nil
}

// peek copies what is available into the iovecs without consuming it,
// waiting for something unless nonblock.
func peek(p *kernel.Process, s kernel.Socket, m Memory, iovs []iovec, nonblock bool) (int, error) {
	buf := make([]byte, min(totalLen(iovs), kernel.PipeCapacity<<2))
	for {
		n, err := s.TryPeek(buf)
		if err == kernel.ErrWouldBlock && !nonblock {
			if err := p.Wait("recv "+s.Name(), 0, func() bool {
				_, canRead, _, _ := s.Readiness()
				return canRead
			}); err != nil {
				return 0, err
			}
			continue
		}
		if err != nil {
			return 0, err
		}
		left := buf[:n]
		for _, iov := range iovs {
			if len(left) == 0 {
				break
			}
			k := min(int(iov.len), len(left))
			m.Write(iov.buf, left[:k])
			left = left[k:]
		}
		return n, nil
	}
}

// sockSend sends the iovecs on a connected socket.
//
// # Parameters
//   - si_data, si_data_len: the iovecs; si_flags: none are defined (ignored,
//     as wasmtime does); so_datalen: the bytes sent.
//
// # Result (Errno)
//   - EBADF; ENOTSOCK; ENOTCONN: a listening socket; ENOTCAPABLE: fd lacks
//     FD_WRITE; EFAULT; EINVAL: more than 1024 iovecs.
//   - EAGAIN: NONBLOCK socket whose peer's buffer is full.
//   - EPIPE: this end shut down writing, or the peer closed; the
//     connection's error once it failed.
//
// # Notes
//   - Without NONBLOCK it waits until everything is sent.
func sockSend(p *kernel.Process, m Memory, a []uint64) abi.Errno {
	d, s, _, errno := sockFile(p, uint32(a[0]))
	if errno != 0 {
		return errno
	}
	if s == nil {
		return abi.ErrnoNotconn
	}
	if !d.Rights.Has(abi.RightFdWrite) {
		return abi.ErrnoNotcapable
	}
	iovs, errno := readIovecs(m, uint32(a[1]), uint32(a[2]))
	if errno != 0 {
		return errno
	}
	n, err := p.Write(s, gather(m, iovs), d.Flags&abi.FdflagNonblock != 0)
	if err != nil && !(err == kernel.ErrWouldBlock && n > 0) {
		return streamErrno(p, err)
	}
	if !writeU32(m, uint32(a[4]), uint32(n)) {
		return abi.ErrnoFault
	}
	return abi.ErrnoSuccess
}

// sockShutdown shuts down reading (SDFLAGS_RD), writing (SDFLAGS_WR) or
// both of a socket.
//
// # Result (Errno)
//   - EBADF: fd is not open; ENOTSOCK: fd is not a socket; EINVAL: how is
//     0 or has unknown bits; ENOTCAPABLE: fd lacks SOCK_SHUTDOWN;
//     ENOTCONN: a connection that was never made (or failed).
//
// # Notes
//   - After RD the socket's reads return the end of the stream and what
//     arrives is dropped; after WR the peer reads the end of the stream once
//     it has read what was sent, and this end's writes fail with EPIPE.
//   - On a listening socket, as on Linux (which does not return ENOTCONN
//     there): RD stops listening (waiting connections are refused, accept
//     fails with EINVAL, the port is free again) and WR does nothing.
func sockShutdown(p *kernel.Process, m Memory, a []uint64) abi.Errno {
	how := a[1]
	if how&^uint64(abi.SdflagRd|abi.SdflagWr) != 0 || how == 0 {
		if _, err := p.FDs.Get(uint32(a[0])); err != nil {
			return abi.ErrnoBadf
		}
		return abi.ErrnoInval
	}
	d, s, l, errno := sockFile(p, uint32(a[0]))
	if errno != 0 {
		return errno
	}
	if !d.Rights.Has(abi.RightSockShutdown) {
		return abi.ErrnoNotcapable
	}
	rd, wr := how&uint64(abi.SdflagRd) != 0, how&uint64(abi.SdflagWr) != 0
	if s != nil {
		return ErrnoOf(s.Shutdown(rd, wr))
	}
	return ErrnoOf(l.Shutdown(rd, wr))
}

// openSocket completes a path_open of a network name in /dev (tcp,
// tcp-listen, tcp-accept, tls, dns): the kernel's network makes the socket
// for p (a connection, an accept or a lookup waits unless NONBLOCK), and the
// descriptor carries the stream rights asked for and inherited, and the
// socket's own. A name lookup (and what /dev/sock/FD/shutdown returns) is a
// plain stream: no socket rights, outside the socket block.
func openSocket(p *kernel.Process, m Memory, r *kernel.SocketRequest, parent *kernel.FD, rbase abi.Rights, fdflags abi.Fdflags, out uint32) abi.Errno {
	f, err := r.OpenFor(p, fdflags&abi.FdflagNonblock != 0)
	if err != nil {
		return streamErrno(p, err)
	}
	switch f.(type) {
	case kernel.Socket, kernel.Listener:
	default: // a name lookup, or what a shutdown returns
		return installFD(p, m, &kernel.FD{File: f, Rights: rbase & abi.RightsStream & parent.Inheriting, Flags: fdflags &^ abi.FdflagAppend}, out)
	}
	rights := rbase&abi.RightsStream&parent.Inheriting | abi.RightSockShutdown
	if _, ok := f.(kernel.Listener); ok {
		rights |= abi.RightSockAccept
	}
	return installSocket(p, m, &kernel.FD{File: f, Rights: rights, Flags: fdflags &^ abi.FdflagAppend}, out)
}

// preopentypeSocket is the preopen type fd_prestat_get reports for a
// listening socket and for the free numbers of the socket block
// (FDTable.ReserveSockets). Preview1 defines only directories (0); the
// runtimes that scan descriptors from 3 until EBADF at startup skip types
// they do not know (wasi-libc, Go), and wasi-vfs (which CPython's build
// embeds its standard library with) keeps every descriptor it scanned in a
// descriptor table of its own, through which fd_close, fd_fdstat_get and
// poll_oneoff go, while sock_* calls do not: a socket number it did not see
// at startup would reach one of its own virtual files instead. See
// docs/network.md.
const preopentypeSocket = 1

// isSocketPreopen reports whether fd_prestat_get answers for fd as a socket:
// a listening socket, or a free number of the socket block.
func isSocketPreopen(p *kernel.Process, fd uint32, d *kernel.FD) bool {
	if d == nil {
		return p.FDs.IsReserved(fd)
	}
	_, ok := d.File.(kernel.Listener)
	return ok && d.Preopen == ""
}

// installSocket adds a new socket to the table, in the socket block when
// there is room, and writes its number to out.
func installSocket(p *kernel.Process, m Memory, d *kernel.FD, out uint32) abi.Errno {
	fd, err := p.FDs.InsertSocket(d)
	return installed(m, d, fd, err, out)
}

func prestatSocket(m Memory, out uint32) abi.Errno {
	var b [abi.PrestatSize]byte
	b[0] = preopentypeSocket
	if !m.Write(out, b[:]) {
		return abi.ErrnoFault
	}
	return abi.ErrnoSuccess
}
