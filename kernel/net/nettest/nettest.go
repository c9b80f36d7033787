// Package nettest has what tests of the network share: servers on the
// host's loopback for guests to reach.
package nettest

import (
	"io"
	"net"
	"testing"
)

// EchoServer starts a TCP server on 127.0.0.1 that echoes each connection
// until the client ends it, for the test's duration, and returns its port.
func EchoServer(t testing.TB) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				io.Copy(c, c)
				c.Close()
			}()
		}
	}()
	return ln.Addr().(*net.TCPAddr).Port
}
