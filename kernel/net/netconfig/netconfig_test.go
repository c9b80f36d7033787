package netconfig_test

import (
	"strings"
	"testing"

	knet "github.com/wasmrun/wasmrun/kernel/net"
	"github.com/wasmrun/wasmrun/kernel/net/netconfig"
)

func TestParse(t *testing.T) {
	for _, tt := range []struct {
		name, toml string
		want       knet.Config
		err        string // substring; "" for none
	}{{
		name: "the [os.network] table, other tables ignored",
		toml: `
[package]
name = "x"
[os]
mode = "dev"
[os.network]
allow = ["api.example.com:443", "*.github.com", "93.184.0.0/16"]
deny = ["evil.example.com"]
bind_ports = "8080,9000-9100"
max_connections = 10
max_bandwidth_mbps = 2.5
connection_timeout_secs = 5
`,
		want: knet.Config{File: "wasmrun.toml", Allow: []string{"api.example.com:443", "*.github.com", "93.184.0.0/16"}, Deny: []string{"evil.example.com"},
			BindPorts: "8080,9000-9100", MaxConnections: 10, MaxBandwidthMbps: 2.5, ConnectionTimeoutSecs: 5},
	}, {
		name: "no table: an empty config",
		toml: "[package]\nname = 1\n",
		want: knet.Config{File: "wasmrun.toml"},
	}, {
		name: "an unknown key names the file and the key",
		toml: "[os.network]\nallow_all = true\n",
		err:  `wasmrun.toml: [os.network] has no key "allow_all"`,
	}, {
		name: "a rule list of the wrong type",
		toml: "[os.network]\nallow = \"*\"\n",
		err:  "wasmrun.toml: [os.network] allow: expected a list of strings",
	}, {
		name: "bind_ports as a number",
		toml: "[os.network]\nbind_ports = 8080\n",
		err:  `wasmrun.toml: [os.network] bind_ports: expected a string such as "8080,9000-9100"`,
	}, {
		name: "a negative limit",
		toml: "[os.network]\nmax_connections = -1\n",
		err:  "wasmrun.toml: [os.network] max_connections: -1 is out of range",
	}, {
		name: "a syntax error has its line",
		toml: "[os.network]\nallow = [\n",
		err:  "wasmrun.toml:",
	}} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := netconfig.Parse("wasmrun.toml", []byte(tt.toml))
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want one containing %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.File != tt.want.File || strings.Join(got.Allow, " ") != strings.Join(tt.want.Allow, " ") || strings.Join(got.Deny, " ") != strings.Join(tt.want.Deny, " ") ||
				got.BindPorts != tt.want.BindPorts || got.MaxConnections != tt.want.MaxConnections || got.MaxBandwidthMbps != tt.want.MaxBandwidthMbps || got.ConnectionTimeoutSecs != tt.want.ConnectionTimeoutSecs {
				t.Errorf("got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}
