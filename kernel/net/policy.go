package net

import (
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Defaults for what a Config leaves at zero.
const (
	DefaultMaxConnections = 256
	DefaultConnectTimeout = 30 * time.Second
)

// Policy decides which connections and listeners a kernel's guests may
// have. It is built once from wasmrun.toml and the command line, before the
// network is in use, and only read afterwards.
//
// Its semantics (docs/network.md has the long form):
//   - Nothing is allowed out until an allow rule allows it; a guest listens
//     only on bind_ports and on the ports the host forwards to it.
//   - Deny wins: a deny rule that matches ends the decision. A bare deny
//     "*" says what the default already is (the Rust wasmrun reads it as
//     "allow only what the allow list names"), so it denies nothing the
//     allow list names; "*:22" denies port 22 everywhere.
//   - Loopback, private, link-local, metadata and other special addresses
//     are reached only through an allow rule that names that range: a CIDR
//     inside it ("127.0.0.1/32", "10.1.0.0/16", "169.254.169.254/32"). "*",
//     a host name, or a CIDR around the range ("0.0.0.0/0") do not count.
//   - A host name is checked as a name, then every address it resolves to
//     is checked again (deny rules and special ranges); only addresses that
//     pass are dialled, so DNS cannot lead a name into the private network.
type Policy struct {
	allow, deny []Rule
	bind        []portRange
	bindText    string // bind_ports as written
	file        string // where the config came from
	forwarded   map[int]string
	// from says where each limit was set: the file, or "default".
	from struct{ maxConnections, bandwidth, connectTimeout string }

	MaxConnections int
	// Bandwidth is the most bytes per second each way between the kernel
	// and the outside; 0: no limit.
	Bandwidth      int64
	ConnectTimeout time.Duration
}

// Rule is one allow or deny rule.
type Rule struct {
	Text   string // as written
	Origin string // where it was written: "wasmrun.toml", "--allow-net"

	all    bool         // "*"
	name   string       // a host name, lower case, without "*." or a final dot
	wild   bool         // the name was written "*.name"
	prefix netip.Prefix // a CIDR (masked); invalid for names and "*"
	port   int          // 0: every port
}

// String names the rule in decisions: its text and its origin.
func (r *Rule) String() string { return strconv.Quote(r.Text) + " (" + r.Origin + ")" }

type portRange struct{ lo, hi int }

// NewPolicy compiles a Config. Errors name the file, the key and the rule.
func NewPolicy(cfg Config) (*Policy, error) {
	origin := cfg.File
	if origin == "" {
		origin = ConfigFile
	}
	p := &Policy{file: origin, forwarded: map[int]string{}, MaxConnections: cfg.MaxConnections, ConnectTimeout: time.Duration(cfg.ConnectionTimeoutSecs) * time.Second}
	p.from.maxConnections, p.from.bandwidth, p.from.connectTimeout = origin, origin, origin
	if p.MaxConnections == 0 {
		p.MaxConnections, p.from.maxConnections = DefaultMaxConnections, "default"
	}
	if p.ConnectTimeout == 0 {
		p.ConnectTimeout, p.from.connectTimeout = DefaultConnectTimeout, "default"
	}
	p.Bandwidth = int64(cfg.MaxBandwidthMbps * 1e6 / 8)
	if p.Bandwidth == 0 {
		p.from.bandwidth = "default"
	}
	for _, list := range []struct {
		key   string
		rules []string
		into  *[]Rule
	}{{"allow", cfg.Allow, &p.allow}, {"deny", cfg.Deny, &p.deny}} {
		for _, text := range list.rules {
			r, err := ParseRule(text)
			if err != nil {
				return nil, fmt.Errorf("%s: [os.network] %s rule %q: %v", origin, list.key, text, err)
			}
			r.Origin = origin
			*list.into = append(*list.into, r)
		}
	}
	bind, err := parsePortRanges(cfg.BindPorts)
	if err != nil {
		return nil, fmt.Errorf("%s: [os.network] bind_ports %q: %v", origin, cfg.BindPorts, err)
	}
	p.bind, p.bindText = bind, cfg.BindPorts
	return p, nil
}

// Allow adds an allow rule from somewhere else than the file (origin:
// "--allow-net"). The error names the rule and what is wrong with it.
func (p *Policy) Allow(text, origin string) error {
	r, err := ParseRule(text)
	if err != nil {
		return fmt.Errorf("%s %q: %v", origin, text, err)
	}
	r.Origin = origin
	p.allow = append(p.allow, r)
	return nil
}

// AllowBind lets guests listen on port because the host forwards it (origin:
// "--listen 3000").
func (p *Policy) AllowBind(port int, origin string) { p.forwarded[port] = origin }

// ParseRule reads one rule: "*", a host name (a leading "*." matches its
// subdomains), or a CIDR, optionally followed by ":PORT" (an IPv6 CIDR with
// a port in brackets: "[fd00::/8]:443"). A bare IP address is refused with
// the /32 or /128 CIDR to write instead, so that no one wonders whether it
// meant a host or a network.
func ParseRule(text string) (Rule, error) {
	r := Rule{Text: text}
	s := strings.TrimSpace(text)
	if s == "" {
		return r, fmt.Errorf("empty rule")
	}
	host, port, err := splitRulePort(s)
	if err != nil {
		return r, err
	}
	r.port = port
	switch {
	case host == "*":
		r.all = true
	case strings.Contains(host, "/"):
		pfx, err := netip.ParsePrefix(host)
		if err != nil {
			return r, fmt.Errorf("malformed CIDR: %v", strings.TrimPrefix(err.Error(), "netip.ParsePrefix("+strconv.Quote(host)+"): "))
		}
		if pfx.Addr().Zone() != "" {
			return r, fmt.Errorf("malformed CIDR: a zone (%%%s) has no place in a rule", pfx.Addr().Zone())
		}
		r.prefix = normalizePrefix(pfx)
	default:
		if a, err := netip.ParseAddr(host); err == nil {
			bits := 32
			if a.Is6() && !a.Is4In6() {
				bits = 128
			}
			return r, fmt.Errorf("a bare IP address is not a rule: write the CIDR %s/%d", a.String(), bits)
		}
		name, wild := strings.CutPrefix(host, "*.")
		name = strings.ToLower(strings.TrimSuffix(name, "."))
		if err := checkName(name); err != nil {
			return r, err
		}
		r.name, r.wild = name, wild
	}
	return r, nil
}

// splitRulePort separates a rule's optional ":PORT".
func splitRulePort(s string) (string, int, error) {
	if strings.HasPrefix(s, "[") {
		end := strings.IndexByte(s, ']')
		if end < 0 {
			return "", 0, fmt.Errorf("unclosed [")
		}
		host, rest := s[1:end], s[end+1:]
		if rest == "" {
			return host, 0, nil
		}
		p, ok := strings.CutPrefix(rest, ":")
		if !ok {
			return "", 0, fmt.Errorf("expected :PORT after ]")
		}
		port, err := parseRulePort(p)
		return host, port, err
	}
	switch strings.Count(s, ":") {
	case 0:
		return s, 0, nil
	case 1:
		host, p, _ := strings.Cut(s, ":")
		port, err := parseRulePort(p)
		return host, port, err
	}
	// An IPv6 address or CIDR; a port needs brackets.
	return s, 0, nil
}

func parseRulePort(s string) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > 65535 {
		return 0, fmt.Errorf("bad port %q (1 to 65535)", s)
	}
	return n, nil
}

// checkName accepts a DNS host name: labels of letters, digits, '-' and
// '_', not all digits at the end (that would be a mistyped address).
func checkName(name string) error {
	if name == "" || len(name) > 253 {
		return fmt.Errorf("not a host name, a CIDR or \"*\"")
	}
	labels := strings.Split(name, ".")
	for _, l := range labels {
		if l == "" || len(l) > 63 {
			return fmt.Errorf("%q is not a host name (empty or over-long label)", name)
		}
		for i := 0; i < len(l); i++ {
			c := l[i]
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
				if c == '*' {
					return fmt.Errorf("a wildcard may only begin a name, as in *.example.com")
				}
				return fmt.Errorf("%q is not a host name (character %q)", name, c)
			}
		}
	}
	if _, err := strconv.Atoi(labels[len(labels)-1]); err == nil {
		return fmt.Errorf("%q is neither a host name nor an IP address", name)
	}
	return nil
}

// parsePortRanges reads "8080,9000-9100".
func parsePortRanges(s string) ([]portRange, error) {
	var out []portRange
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		lo, hi, isRange := strings.Cut(part, "-")
		a, err1 := strconv.Atoi(strings.TrimSpace(lo))
		b := a
		var err2 error
		if isRange {
			b, err2 = strconv.Atoi(strings.TrimSpace(hi))
		}
		switch {
		case err1 != nil || err2 != nil:
			return nil, fmt.Errorf("%q is not a port or a range of ports such as 9000-9100", part)
		case a < 1 || b > 65535:
			return nil, fmt.Errorf("%q: ports are 1 to 65535", part)
		case a > b:
			return nil, fmt.Errorf("%q: the range ends before it starts", part)
		}
		out = append(out, portRange{a, b})
	}
	return out, nil
}

// normalizeAddr makes an address comparable with rules: an IPv4 address
// mapped into IPv6 is the IPv4 address, and a zone does not matter.
func normalizeAddr(a netip.Addr) netip.Addr { return a.WithZone("").Unmap() }

func normalizePrefix(p netip.Prefix) netip.Prefix {
	if p.Addr().Is4In6() && p.Bits() >= 96 {
		p = netip.PrefixFrom(p.Addr().Unmap(), p.Bits()-96)
	}
	return p.Masked()
}

// Decision is the outcome of a check: allowed or not, and the rule (or the
// default) that decided.
type Decision struct {
	Allowed bool
	// Rule is the rule that decided, quoted with its origin, or the
	// default that did ("default: isolation").
	Rule string
	// Reason says why, in a phrase.
	Reason string

	// byName is the rule that allowed a host name, which its addresses
	// still have to get past; nil when only CIDR rules could allow them.
	byName *Rule
}

func allowed(r *Rule, reason string) Decision {
	return Decision{Allowed: true, Rule: r.String(), Reason: reason}
}

func denied(r *Rule, reason string) Decision { return Decision{Rule: r.String(), Reason: reason} }

// isolation is the default decision: nothing goes out unless allowed.
func isolation(what string) Decision {
	return Decision{Rule: "default: isolation", Reason: "no allow rule matches " + what}
}

// CheckHost decides on host:port as a guest names it, before any lookup. An
// IP address is decided for good. A name that is allowed (by a rule, or
// because CIDR rules might allow what it resolves to) must still have every
// address it resolves to checked with CheckResolved.
func (p *Policy) CheckHost(host string, port int) Decision {
	if a, err := netip.ParseAddr(host); err == nil {
		return p.CheckAddr(a, port)
	}
	name := strings.ToLower(strings.TrimSuffix(host, "."))
	if checkName(name) != nil {
		return Decision{Rule: "default: invalid name", Reason: strconv.Quote(host) + " is not a host name"}
	}
	for i := range p.deny {
		r := &p.deny[i]
		if r.name != "" && r.denies(port) && (name == r.name || strings.HasSuffix(name, "."+r.name)) {
			return denied(r, "a deny rule names "+name)
		}
		if r.all && r.port == port {
			return denied(r, "a deny rule names port "+strconv.Itoa(port))
		}
	}
	for i := range p.allow {
		r := &p.allow[i]
		if !r.portMatches(port) {
			continue
		}
		if r.all || r.name != "" && (r.wild && strings.HasSuffix(name, "."+r.name) || !r.wild && name == r.name) {
			d := allowed(r, "an allow rule names "+name)
			d.byName = r
			return d
		}
	}
	for i := range p.allow {
		if p.allow[i].prefix.IsValid() && p.allow[i].portMatches(port) {
			// A CIDR rule may allow what the name resolves to.
			return Decision{Allowed: true, Rule: "pending: allow CIDR rules", Reason: "its addresses decide"}
		}
	}
	return isolation(name)
}

// CheckAddr decides on an IP address a guest names itself.
func (p *Policy) CheckAddr(a netip.Addr, port int) Decision { return p.checkAddr(a, port, nil) }

// CheckResolved decides on an address that host, allowed as a name by
// byName, resolved to.
func (p *Policy) CheckResolved(byName Decision, a netip.Addr, port int) Decision {
	return p.checkAddr(a, port, byName.byName)
}

func (p *Policy) checkAddr(a netip.Addr, port int, byName *Rule) Decision {
	a = normalizeAddr(a)
	for i := range p.deny {
		r := &p.deny[i]
		if r.prefix.IsValid() && r.denies(port) && r.prefix.Contains(a) {
			return denied(r, "a deny rule covers "+a.String())
		}
		if r.all && r.port == port {
			return denied(r, "a deny rule names port "+strconv.Itoa(port))
		}
	}
	if class, within, ok := Classify(a); ok {
		for i := range p.allow {
			r := &p.allow[i]
			if r.prefix.IsValid() && r.portMatches(port) && r.prefix.Contains(a) && within.Bits() <= r.prefix.Bits() && within.Contains(r.prefix.Addr()) {
				return allowed(r, "an allow rule names the "+class+" range "+a.String()+" is in")
			}
		}
		return Decision{Rule: "default: " + class + " addresses", Reason: a.String() + " is a " + class + " address (" + within.String() + "), reached only through an allow rule that names that range"}
	}
	if byName != nil {
		return allowed(byName, "allowed by name, and "+a.String()+" is a public address")
	}
	for i := range p.allow {
		r := &p.allow[i]
		if r.portMatches(port) && (r.all || r.prefix.IsValid() && r.prefix.Contains(a)) {
			return allowed(r, "an allow rule covers "+a.String())
		}
	}
	return isolation(a.String())
}

// AnyPort is the port a name lookup is checked with (CheckLookup): an allow
// rule matches it whatever port it names (the guest may connect to that
// port), a deny rule only when it names no port (a name denied on one port
// may still be looked up for the others).
const AnyPort = -1

// portMatches reports whether an allow rule applies to port.
func (r *Rule) portMatches(port int) bool { return r.port == 0 || r.port == port || port == AnyPort }

// denies reports whether a deny rule applies to port.
func (r *Rule) denies(port int) bool { return r.port == 0 || r.port == port }

// CheckLookup decides whether a guest may have name looked up: when it
// could connect to the name on some port. Every address the lookup answers
// must then pass CheckResolved with AnyPort, as for a connection.
func (p *Policy) CheckLookup(name string) Decision { return p.CheckHost(name, AnyPort) }

// BindPorts lists the ports of bind_ports in order (at most the first
// 65535), where a listener on port 0 may be put.
func (p *Policy) BindPorts() []int {
	var out []int
	for _, r := range p.bind {
		for port := r.lo; port <= r.hi; port++ {
			out = append(out, port)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// CheckBind decides whether a guest may listen on port.
func (p *Policy) CheckBind(port int) Decision {
	if origin, ok := p.forwarded[port]; ok {
		return Decision{Allowed: true, Rule: origin, Reason: "the host forwards port " + strconv.Itoa(port)}
	}
	for _, r := range p.bind {
		if port >= r.lo && port <= r.hi {
			return Decision{Allowed: true, Rule: "bind_ports " + strconv.Quote(p.bindText) + " (" + p.file + ")", Reason: "port " + strconv.Itoa(port) + " is in bind_ports"}
		}
	}
	if len(p.bind) == 0 {
		return Decision{Rule: "default: no bind_ports", Reason: "no bind_ports are configured and the host forwards no port " + strconv.Itoa(port)}
	}
	return Decision{Rule: "bind_ports " + strconv.Quote(p.bindText) + " (" + p.file + ")", Reason: "port " + strconv.Itoa(port) + " is not in bind_ports"}
}
