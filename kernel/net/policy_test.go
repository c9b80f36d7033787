package net_test

import (
	"net/netip"
	"strings"
	"testing"

	knet "github.com/wasmrun/wasmrun/kernel/net"
)

func TestNewPolicyErrorsNameTheRule(t *testing.T) {
	for _, tt := range []struct {
		cfg knet.Config
		err string
	}{
		{knet.Config{Allow: []string{"10.0.0.1"}}, `wasmrun.toml: [os.network] allow rule "10.0.0.1": a bare IP address is not a rule: write the CIDR 10.0.0.1/32`},
		{knet.Config{Deny: []string{"fd00::1"}}, `[os.network] deny rule "fd00::1": a bare IP address is not a rule: write the CIDR fd00::1/128`},
		{knet.Config{Allow: []string{"10.0.0.0/33"}}, `allow rule "10.0.0.0/33": malformed CIDR`},
		{knet.Config{Allow: []string{"10.0.0.0/8:99999"}}, `allow rule "10.0.0.0/8:99999": bad port "99999"`},
		{knet.Config{Allow: []string{"api.*.com"}}, `a wildcard may only begin a name`},
		{knet.Config{Allow: []string{"exa mple.com"}}, `is not a host name`},
		{knet.Config{Allow: []string{"10.0.0"}}, `is neither a host name nor an IP address`},
		{knet.Config{Allow: []string{""}}, `empty rule`},
		{knet.Config{BindPorts: "80,90-85"}, `bind_ports "80,90-85": "90-85": the range ends before it starts`},
		{knet.Config{BindPorts: "0"}, `ports are 1 to 65535`},
		{knet.Config{BindPorts: "http"}, `"http" is not a port or a range of ports`},
		{knet.Config{File: "proj/wasmrun.toml", Deny: []string{"[::1"}}, `proj/wasmrun.toml: [os.network] deny rule "[::1": unclosed [`},
	} {
		_, err := knet.NewPolicy(tt.cfg)
		if err == nil || !strings.Contains(err.Error(), tt.err) {
			t.Errorf("%+v: error %v, want one containing %q", tt.cfg, err, tt.err)
		}
	}
	p, _ := knet.NewPolicy(knet.Config{})
	if err := p.Allow("192.168.1.1", "--allow-net"); err == nil || !strings.Contains(err.Error(), `--allow-net "192.168.1.1": a bare IP address is not a rule: write the CIDR 192.168.1.1/32`) {
		t.Errorf("--allow-net with a bare IP: %v", err)
	}
}

// resolves maps host names to what a fake resolver answers.
type resolves map[string][]string

func (r resolves) addrs(host string) []netip.Addr {
	var out []netip.Addr
	for _, s := range r[strings.ToLower(strings.TrimSuffix(host, "."))] {
		out = append(out, netip.MustParseAddr(s))
	}
	return out
}

// decide checks host:port the way Network does: the name (or address), then
// every address the name resolves to; allowed if any address is.
func decide(p *knet.Policy, dns resolves, host string, port int) (bool, string) {
	d := p.CheckHost(host, port)
	if !d.Allowed {
		return false, d.Rule
	}
	if _, err := netip.ParseAddr(host); err == nil {
		return true, d.Rule
	}
	rule := "no addresses"
	for _, a := range dns.addrs(host) {
		r := p.CheckResolved(d, a, port)
		if r.Allowed {
			return true, r.Rule
		}
		rule = r.Rule
	}
	return false, rule
}

func TestPolicyDecisions(t *testing.T) {
	dns := resolves{
		"api.example.com":       {"93.184.216.34"},
		"example.com":           {"93.184.216.34"},
		"deep.sub.example.com":  {"93.184.216.35"},
		"sub.github.com":        {"140.82.112.3"},
		"github.com":            {"140.82.112.4"},
		"rebind.attacker.net":   {"10.0.0.7"},
		"rebind6.attacker.net":  {"fd00::7"},
		"metadata.attacker.net": {"169.254.169.254"},
		"both.attacker.net":     {"10.0.0.8", "93.184.216.36"},
		"localhost":             {"127.0.0.1", "::1"},
		"mapped.attacker.net":   {"::ffff:127.0.0.1"},
		"nat64.attacker.net":    {"64:ff9b::a9fe:a9fe"}, // 169.254.169.254 through NAT64
		"evil.example.com":      {"93.184.216.99"},
	}
	type check struct {
		host  string
		port  int
		allow bool
		rule  string // substring of the deciding rule
	}
	for _, tt := range []struct {
		name   string
		cfg    knet.Config
		checks []check
	}{{
		name: "nothing configured: isolation",
		cfg:  knet.Config{},
		checks: []check{
			{"api.example.com", 443, false, "default: isolation"},
			{"93.184.216.34", 443, false, "default: isolation"},
			{"127.0.0.1", 80, false, "default: loopback"},
		},
	}, {
		name: "allow by name: that host, any port; not its subdomains",
		cfg:  knet.Config{Allow: []string{"api.example.com"}},
		checks: []check{
			{"api.example.com", 443, true, `"api.example.com" (wasmrun.toml)`},
			{"API.Example.COM.", 80, true, `"api.example.com"`},
			{"example.com", 443, false, "default: isolation"},
			{"x.api.example.com", 443, false, "default: isolation"},
		},
	}, {
		name: "allow by name with a port",
		cfg:  knet.Config{Allow: []string{"api.example.com:443"}},
		checks: []check{
			{"api.example.com", 443, true, `"api.example.com:443"`},
			{"api.example.com", 22, false, "default: isolation"},
		},
	}, {
		name: "allow by wildcard: subdomains at any depth, not the apex or a lookalike",
		cfg:  knet.Config{Allow: []string{"*.github.com"}},
		checks: []check{
			{"sub.github.com", 443, true, `"*.github.com"`},
			{"a.b.sub.github.com", 443, false, "no addresses"}, // allowed as a name; the fake resolver knows no address
			{"github.com", 443, false, "default: isolation"},
			{"notgithub.com", 443, false, "default: isolation"},
		},
	}, {
		name: "allow by CIDR: literal addresses and what names resolve to",
		cfg:  knet.Config{Allow: []string{"93.184.0.0/16"}},
		checks: []check{
			{"93.184.216.34", 80, true, `"93.184.0.0/16"`},
			{"example.com", 443, true, `"93.184.0.0/16"`},
			{"94.0.0.1", 80, false, "default: isolation"},
			{"sub.github.com", 443, false, "default: isolation"},
		},
	}, {
		name: "allow * reaches public addresses on every port",
		cfg:  knet.Config{Allow: []string{"*"}},
		checks: []check{
			{"api.example.com", 443, true, `"*"`},
			{"8.8.8.8", 53, true, `"*"`},
			{"2606:4700::1111", 443, true, `"*"`},
		},
	}, {
		name: "deny wins over allow",
		cfg:  knet.Config{Allow: []string{"*", "evil.example.com", "93.184.0.0/16"}, Deny: []string{"evil.example.com", "93.184.216.34/32", "*:25"}},
		checks: []check{
			{"evil.example.com", 443, false, `"evil.example.com"`},
			{"x.evil.example.com", 443, false, `"evil.example.com"`}, // a deny name covers its subdomains
			{"93.184.216.34", 443, false, `"93.184.216.34/32"`},
			{"api.example.com", 443, false, `"93.184.216.34/32"`}, // by what it resolves to
			{"deep.sub.example.com", 443, true, `"*"`},
			{"deep.sub.example.com", 25, false, `"*:25"`},
		},
	}, {
		name: "a bare deny * is the default, as in the Rust wasmrun: the allow list still allows",
		cfg:  knet.Config{Allow: []string{"api.example.com:443"}, Deny: []string{"*"}},
		checks: []check{
			{"api.example.com", 443, true, `"api.example.com:443"`},
			{"example.com", 443, false, "default: isolation"},
		},
	}, {
		name: "private, loopback, link-local and metadata ranges are denied by default, even with *",
		cfg:  knet.Config{Allow: []string{"*", "0.0.0.0/0", "::/0"}},
		checks: []check{
			{"10.1.2.3", 80, false, "default: private"},
			{"172.16.0.1", 80, false, "default: private"},
			{"192.168.1.1", 80, false, "default: private"},
			{"100.64.0.1", 80, false, "default: private"},
			{"fd12::1", 80, false, "default: private"},
			{"127.0.0.1", 80, false, "default: loopback"},
			{"::1", 80, false, "default: loopback"},
			{"::ffff:127.0.0.1", 80, false, "default: loopback"},
			{"0.0.0.0", 80, false, "default: unspecified"},
			{"169.254.1.1", 80, false, "default: link-local"},
			{"fe80::1", 80, false, "default: link-local"},
			{"169.254.169.254", 80, false, "default: metadata"},
			{"fd00:ec2::254", 80, false, "default: metadata"},
			{"224.0.0.1", 80, false, "default: multicast"},
			{"64:ff9b::a9fe:a9fe", 80, false, "default: metadata"},
			{"93.184.216.34", 80, true, `"*"`},
		},
	}, {
		name: "a name that resolves to a special address is denied (DNS rebinding)",
		cfg:  knet.Config{Allow: []string{"*"}},
		checks: []check{
			{"rebind.attacker.net", 80, false, "default: private"},
			{"rebind6.attacker.net", 80, false, "default: private"},
			{"metadata.attacker.net", 80, false, "default: metadata"},
			{"mapped.attacker.net", 80, false, "default: loopback"},
			{"nat64.attacker.net", 80, false, "default: metadata"},
			{"localhost", 80, false, "default: loopback"},
			{"both.attacker.net", 443, true, `"*"`}, // only its public address is kept
		},
	}, {
		name: "a special range is reached through a rule that names it",
		cfg:  knet.Config{Allow: []string{"10.1.0.0/16:5432", "127.0.0.1/32", "169.254.0.0/16", "169.254.169.254/32:80", "localhost"}},
		checks: []check{
			{"10.1.2.3", 5432, true, `"10.1.0.0/16:5432"`},
			{"10.1.2.3", 80, false, "default: private"},
			{"10.2.0.1", 5432, false, "default: private"},
			{"127.0.0.1", 8080, true, `"127.0.0.1/32"`},
			{"localhost", 8080, true, `"127.0.0.1/32"`},
			{"169.254.1.1", 80, true, `"169.254.0.0/16"`},
			{"169.254.169.254", 80, true, `"169.254.169.254/32:80"`}, // link-local does not name metadata
			{"169.254.169.254", 443, false, "default: metadata"},
		},
	}, {
		name: "a name rule never opens a special range",
		cfg:  knet.Config{Allow: []string{"rebind.attacker.net", "*.attacker.net"}},
		checks: []check{
			{"rebind.attacker.net", 80, false, "default: private"},
			{"metadata.attacker.net", 80, false, "default: metadata"},
		},
	}, {
		name: "IPv6 rules, with and without a port",
		cfg:  knet.Config{Allow: []string{"2606:4700::/32", "[2001:db8::/32]:443"}},
		checks: []check{
			{"2606:4700::1111", 80, true, `"2606:4700::/32"`},
			{"2001:db8::1", 443, true, `"[2001:db8::/32]:443"`},
			{"2001:db8::1", 80, false, "default: isolation"},
		},
	}} {
		t.Run(tt.name, func(t *testing.T) {
			p, err := knet.NewPolicy(tt.cfg)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range tt.checks {
				ok, rule := decide(p, dns, c.host, c.port)
				if ok != c.allow || !strings.Contains(rule, c.rule) {
					t.Errorf("%s:%d: allowed %v by %s; want %v by %s", c.host, c.port, ok, rule, c.allow, c.rule)
				}
			}
		})
	}
}

func TestPolicyBindPorts(t *testing.T) {
	for _, tt := range []struct {
		name    string
		cfg     knet.Config
		forward []int
		port    int
		allow   bool
		rule    string
	}{
		{"nothing configured: no port", knet.Config{}, nil, 3000, false, "default: no bind_ports"},
		{"a port in a range", knet.Config{BindPorts: "8080,9000-9100"}, nil, 9050, true, `bind_ports "8080,9000-9100" (wasmrun.toml)`},
		{"a single port", knet.Config{BindPorts: "8080,9000-9100"}, nil, 8080, true, "bind_ports"},
		{"a port outside", knet.Config{BindPorts: "8080,9000-9100"}, nil, 8081, false, "bind_ports"},
		{"a forwarded port", knet.Config{}, []int{3000}, 3000, true, "--listen 3000"},
		{"only the forwarded port", knet.Config{}, []int{3000}, 3001, false, "default: no bind_ports"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p, err := knet.NewPolicy(tt.cfg)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range tt.forward {
				p.AllowBind(f, "--listen 3000")
			}
			d := p.CheckBind(tt.port)
			if d.Allowed != tt.allow || !strings.Contains(d.Rule, tt.rule) {
				t.Errorf("port %d: %+v; want allowed %v by %s", tt.port, d, tt.allow, tt.rule)
			}
		})
	}
}

func TestClassify(t *testing.T) {
	for addr, want := range map[string]string{
		"10.0.0.1": "private", "127.0.0.2": "loopback", "169.254.169.254": "metadata", "169.254.170.2": "metadata",
		"fd00:ec2::254": "metadata", "fe80::1%eth0": "link-local", "8.8.8.8": "", "2606:4700::1111": "",
		"::ffff:10.0.0.1": "private", "64:ff9b::808:808": "", "64:ff9b::a00:1": "private",
	} {
		class, _, ok := knet.Classify(netip.MustParseAddr(addr))
		if class != want || ok != (want != "") {
			t.Errorf("Classify(%s) = %q, %v; want %q", addr, class, ok, want)
		}
	}
}
