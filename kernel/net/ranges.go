package net

import "net/netip"

// The special address ranges: reaching one takes an allow rule that names
// it (see Policy). The most specific class comes first, so that the
// metadata addresses inside link-local and private space need their own
// rule.
var specialRanges = []struct {
	class    string
	prefixes []netip.Prefix
}{
	{"metadata", prefixes(
		"169.254.169.254/32", // AWS, GCP, Azure, OpenStack, DigitalOcean, Oracle instance metadata
		"169.254.170.2/32",   // AWS ECS task metadata
		"169.254.170.23/32",  // AWS EKS pod identity
		"fd00:ec2::254/128",  // AWS instance metadata over IPv6
		"fd00:ec2::23/128",   // AWS EKS pod identity over IPv6
		"100.100.100.200/32", // Alibaba Cloud metadata
		"168.63.129.16/32",   // Azure WireServer (a public address)
	)},
	{"loopback", prefixes("127.0.0.0/8", "::1/128")},
	{"unspecified", prefixes("0.0.0.0/8", "::/128")},
	{"private", prefixes("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "fc00::/7")},
	{"link-local", prefixes("169.254.0.0/16", "fe80::/10")},
	{"multicast", prefixes("224.0.0.0/4", "ff00::/8")},
	{"reserved", prefixes("240.0.0.0/4", "192.0.0.0/24", "198.18.0.0/15")},
}

// nat64 is the well-known NAT64 prefix: an address in it reaches the IPv4
// address in its last 32 bits, which is what is classified.
var nat64 = netip.MustParsePrefix("64:ff9b::/96")

func prefixes(ss ...string) []netip.Prefix {
	out := make([]netip.Prefix, len(ss))
	for i, s := range ss {
		out[i] = netip.MustParsePrefix(s)
	}
	return out
}

// Classify names the special range a is in ("loopback", "private",
// "link-local", "metadata", "unspecified", "multicast", "reserved") and the
// range itself; ok is false for an ordinary public address.
func Classify(a netip.Addr) (class string, within netip.Prefix, ok bool) {
	a = normalizeAddr(a)
	if a.Is6() && nat64.Contains(a) {
		b := a.As16()
		v4 := netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]})
		if class, within, ok := Classify(v4); ok {
			// Within NAT64, the range is the IPv4 one, mapped.
			w := within.Addr().As4()
			var m [16]byte
			copy(m[:], nat64.Addr().AsSlice())
			copy(m[12:], w[:])
			return class, netip.PrefixFrom(netip.AddrFrom16(m), 96+within.Bits()), true
		}
		return "", netip.Prefix{}, false
	}
	for _, r := range specialRanges {
		for _, p := range r.prefixes {
			if p.Contains(a) {
				return r.class, p, true
			}
		}
	}
	return "", netip.Prefix{}, false
}
