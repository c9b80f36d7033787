//go:build !js

package net

import (
	"context"
	"crypto/tls"
	"errors"
	"io"
	gonet "net"
	"net/netip"
	"strconv"
	"syscall"
)

// The native side: the host's TCP stack as the kernel's way out (outbound
// connections) and in (forwarded ports). This is the only part of wasmnet
// that touches real sockets; a browser kernel plugs the page in instead.

// HostTransport makes outbound connections with the host's TCP stack. It
// resolves a name with Resolver, keeps the addresses the policy allows, and
// dials those addresses, never the name again: a second lookup cannot
// answer something else (DNS rebinding).
type HostTransport struct {
	Resolver Resolver      // default: the host's resolver
	Dialer   *gonet.Dialer // default: a zero Dialer
	// TLSConfig is the base of the configuration TLS connections (Dial.TLS)
	// use, with ServerName set to the host dialled; default: the host's
	// root certificates.
	TLSConfig *tls.Config
}

// LookupNetIP resolves a name with the transport's resolver: the
// HostTransport is the Resolver of guests' name lookups (Network.Lookup).
func (t *HostTransport) LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error) {
	r := t.Resolver
	if r == nil {
		r = gonet.DefaultResolver
	}
	return r.LookupNetIP(ctx, network, host)
}

// Dial implements Transport.
func (t *HostTransport) Dial(d Dial) {
	r := t.Resolver
	if r == nil {
		r = gonet.DefaultResolver
	}
	dialer := t.Dialer
	if dialer == nil {
		dialer = &gonet.Dialer{}
	}
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), d.Timeout)
		defer cancel()
		go func() {
			// A guest that closes its socket while it connects gives up.
			select {
			case <-d.Conn.PeerDone():
				cancel()
			case <-ctx.Done():
			}
		}()
		addrs, err := d.Addresses(ctx, r)
		if err != nil {
			d.Conn.Fail(err)
			d.Conn.Close()
			return
		}
		for _, a := range addrs {
			var c gonet.Conn
			c, err = dialer.DialContext(ctx, "tcp", netip.AddrPortFrom(a, uint16(d.Port)).String())
			if err != nil {
				continue
			}
			if d.TLS {
				if c, err = t.handshake(ctx, c, d); err != nil {
					d.Conn.Fail(err)
					d.Conn.Close()
					return
				}
			}
			d.Conn.Peer().setAddrs(Addrs{Local: c.LocalAddr().String(), Remote: c.RemoteAddr().String()})
			if d.Conn.Established() != nil {
				c.Close()
				d.Conn.Close()
				return
			}
			cancel() // the timeout was for connecting
			Bridge(c, d.Conn, d.In, d.Out)
			return
		}
		d.Conn.Fail(dialErrno(ctx, err))
		d.Conn.Close()
	}()
}

// handshake makes c a TLS client connection to d.Host, with the server's
// certificate verified; a failure is EPROTO (ETIMEDOUT past the timeout),
// and its reason goes to d.Failed.
func (t *HostTransport) handshake(ctx context.Context, c gonet.Conn, d Dial) (gonet.Conn, error) {
	cfg := &tls.Config{}
	if t.TLSConfig != nil {
		cfg = t.TLSConfig.Clone()
	}
	cfg.ServerName = d.Host
	tc := tls.Client(c, cfg)
	if err := tc.HandshakeContext(ctx); err != nil {
		c.Close()
		if d.Failed != nil {
			d.Failed("TLS handshake with " + d.Host + " failed: " + err.Error())
		}
		if ctx.Err() != nil {
			return nil, syscall.ETIMEDOUT
		}
		return nil, syscall.EPROTO
	}
	return tc, nil
}

// dialErrno turns a dial failure into what the guest sees.
func dialErrno(ctx context.Context, err error) error {
	var errno syscall.Errno
	switch {
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		return syscall.ETIMEDOUT
	case errors.As(err, &errno):
		return errno
	}
	return syscall.ECONNREFUSED
}

// Forward hands each connection accepted on ln, a host listener, to the
// guest listening on port, and bridges the two, until ln is closed. A
// connection the kernel does not take (nothing listens, the backlog is
// full, max_connections) is closed at once.
func Forward(n *Network, ln gonet.Listener, port int) error {
	for {
		c, err := ln.Accept()
		if err != nil {
			if errors.Is(err, gonet.ErrClosed) {
				return nil
			}
			return err
		}
		outside, err := n.Inbound(port, c.RemoteAddr().String())
		if err != nil {
			c.Close()
			continue
		}
		go Bridge(c, outside, n.in, n.out)
	}
}

// ForwardAddr describes a forward for messages: "127.0.0.1:8080 -> guest
// port 3000".
func ForwardAddr(ln gonet.Listener, port int) string {
	return ln.Addr().String() + " -> guest port " + strconv.Itoa(port)
}

// Bridge moves bytes between h, a host connection, and k, the outside end
// of a kernel connection, both ways, until both directions have ended or
// either side is gone; in and out bound the bandwidth towards the guest and
// from it. It closes both when it returns.
func Bridge(h gonet.Conn, k *Conn, in, out *Bucket) {
	toGuest, fromGuest := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(toGuest)
		if err := pump(k, h, in); err != nil {
			// The host side reset, or the guest is gone.
			k.Fail(syscall.ECONNRESET)
			return
		}
		k.CloseWrite()
	}()
	go func() {
		defer close(fromGuest)
		if err := pump(h, k, out); err != nil {
			k.Fail(syscall.ECONNRESET)
			return
		}
		if cw, ok := h.(interface{ CloseWrite() error }); ok {
			cw.CloseWrite()
		}
	}()
	<-fromGuest
	select {
	case <-toGuest:
	case <-k.PeerDone():
	}
	h.Close()
	<-toGuest
	k.Close()
}

// pump copies src to dst until src ends (nil) or either fails.
func pump(dst io.Writer, src io.Reader, b *Bucket) error {
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf[:b.Wait(len(buf))])
		if n > 0 {
			if _, werr := dst.Write(buf[:n]); werr != nil {
				return werr
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}
