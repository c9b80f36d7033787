// Package netconfig reads the network policy's table, [os.network], from a
// project's wasmrun.toml. It is the host's part of the policy: the kernel
// gets the parsed kernel/net.Config, and does not link a TOML parser.
package netconfig

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/pelletier/go-toml/v2"

	knet "github.com/wasmrun/wasmrun/kernel/net"
)

// configKeys are the keys [os.network] may have.
var configKeys = []string{"allow", "deny", "bind_ports", "max_connections", "max_bandwidth_mbps", "connection_timeout_secs"}

// Parse reads the [os.network] table of a wasmrun.toml; other tables
// are ignored. file names the file in errors, which also name the key or
// rule at fault. A file without the table is an empty Config.
func Parse(file string, data []byte) (knet.Config, error) {
	cfg := knet.Config{File: file}
	var doc map[string]any
	if err := toml.Unmarshal(data, &doc); err != nil {
		var de *toml.DecodeError
		if errors.As(err, &de) {
			row, col := de.Position()
			return cfg, fmt.Errorf("%s:%d:%d: %s", file, row, col, de.Error())
		}
		return cfg, fmt.Errorf("%s: %w", file, err)
	}
	osTable, ok := doc["os"]
	if !ok {
		return cfg, nil
	}
	osMap, ok := osTable.(map[string]any)
	if !ok {
		return cfg, fmt.Errorf("%s: os must be a table ([os.network]), not %s", file, tomlType(osTable))
	}
	netTable, ok := osMap["network"]
	if !ok {
		return cfg, nil
	}
	table, ok := netTable.(map[string]any)
	if !ok {
		return cfg, fmt.Errorf("%s: os.network must be a table ([os.network]), not %s", file, tomlType(netTable))
	}
	keys := make([]string, 0, len(table))
	for k := range table {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v := table[k]
		where := fmt.Sprintf("%s: [os.network] %s", file, k)
		var err error
		switch k {
		case "allow":
			cfg.Allow, err = stringList(v)
		case "deny":
			cfg.Deny, err = stringList(v)
		case "bind_ports":
			s, ok := v.(string)
			if !ok {
				err = fmt.Errorf("expected a string such as \"8080,9000-9100\", got %s", tomlType(v))
			}
			cfg.BindPorts = s
		case "max_connections":
			cfg.MaxConnections, err = count(v)
		case "connection_timeout_secs":
			cfg.ConnectionTimeoutSecs, err = count(v)
		case "max_bandwidth_mbps":
			switch n := v.(type) {
			case int64:
				cfg.MaxBandwidthMbps = float64(n)
			case float64:
				cfg.MaxBandwidthMbps = n
			default:
				err = fmt.Errorf("expected a number, got %s", tomlType(v))
			}
			if err == nil && (cfg.MaxBandwidthMbps < 0 || math.IsNaN(cfg.MaxBandwidthMbps) || math.IsInf(cfg.MaxBandwidthMbps, 0)) {
				err = fmt.Errorf("must be a positive number of megabits per second (0: no limit)")
			}
		default:
			return cfg, fmt.Errorf("%s: [os.network] has no key %q (the keys are %s)", file, k, strings.Join(configKeys, ", "))
		}
		if err != nil {
			return cfg, fmt.Errorf("%s: %w", where, err)
		}
	}
	return cfg, nil
}

func stringList(v any) ([]string, error) {
	list, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("expected a list of strings, got %s", tomlType(v))
	}
	out := make([]string, len(list))
	for i, e := range list {
		s, ok := e.(string)
		if !ok {
			return nil, fmt.Errorf("item %d: expected a string, got %s", i+1, tomlType(e))
		}
		out[i] = s
	}
	return out, nil
}

func count(v any) (int, error) {
	n, ok := v.(int64)
	if !ok {
		return 0, fmt.Errorf("expected a whole number, got %s", tomlType(v))
	}
	if n < 0 || n > math.MaxInt32 {
		return 0, fmt.Errorf("%d is out of range (0 to %d; 0: the default)", n, math.MaxInt32)
	}
	return int(n), nil
}

// tomlType names a decoded TOML value's type for messages.
func tomlType(v any) string {
	switch v := v.(type) {
	case string:
		return "a string (" + strconv.Quote(v) + ")"
	case int64:
		return "an integer (" + strconv.FormatInt(v, 10) + ")"
	case float64:
		return "a float"
	case bool:
		return "a boolean"
	case []any:
		return "a list"
	case map[string]any:
		return "a table"
	}
	return fmt.Sprintf("%T", v)
}
