package net

// ConfigFile is the project file the policy is read from, at the project's
// root, as the Rust wasmrun reads it.
const ConfigFile = "wasmrun.toml"

// Config is the [os.network] table of wasmrun.toml (read by
// kernel/net/netconfig, which the kernel does not link), with the keys the Rust
// wasmrun reads there, so that a project configured for one works with the
// other. Zero values mean the defaults of Policy (which are not the Rust
// wasmrun's: see docs/network.md).
type Config struct {
	// File names where the table was read from, in messages and in the
	// log's decisions ("wasmrun.toml"); empty when there was none.
	File string
	// Allow and Deny are rules: "*", a host name ("example.com",
	// "*.example.com"), or a CIDR ("10.0.0.0/8", "[fd00::/8]"), each
	// optionally followed by ":PORT".
	Allow []string
	Deny  []string
	// BindPorts lists the guest ports a program may listen on:
	// "8080,9000-9100".
	BindPorts string
	// MaxConnections bounds the open connected sockets of the kernel.
	MaxConnections int
	// MaxBandwidthMbps bounds the traffic between the kernel and the
	// outside, in megabits per second, each way.
	MaxBandwidthMbps float64
	// ConnectionTimeoutSecs bounds an outbound connect, name lookup
	// included.
	ConnectionTimeoutSecs int
}
