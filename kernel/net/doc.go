// Package net is wasmnet, the kernel's network: the policy a project sets
// in wasmrun.toml (Policy), and the sockets guests use (Conn, Listener),
// tied together per kernel by Network.
//
// The sockets are transport-neutral: a connection is two byte directions
// in kernel memory with a guest end, a kernel File with non-blocking Try*
// operations and readiness, and an outside end that a bridge moves bytes
// through. Natively the bridge is a host TCP socket (host.go: listeners for
// --listen and --forward, and the dialer for outbound connections); in the
// browser it will be the page, or the WebSocket to the host. Waiters wake
// through the kernel's Events, so the same code blocks a guest natively and
// in a browser worker.
//
// Every decision (a connection allowed or denied, a listener bound or
// refused, an address a name resolved to) is a log entry with source "net":
// what was asked, by which process, the rule that decided, and why.
package net
