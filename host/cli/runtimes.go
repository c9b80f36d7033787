package cli

import (
	"fmt"

	"github.com/dustin/go-humanize"
	"github.com/spf13/cobra"

	"github.com/wasmrun/wasmrun/host/runtimes"
)

func newRuntimesCmd(s *stdio) *cobra.Command {
	c := &cobra.Command{
		Use:   "runtimes",
		Short: "List, fetch, verify and clean the language runtimes",
		// Runnable, so that cobra checks its arguments: an unknown
		// subcommand is a usage error, not the help and exit 0.
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error { return c.Help() },
	}
	hub := func() *runtimes.Hub { return &runtimes.Hub{Stderr: s.err} }
	c.AddCommand(&cobra.Command{
		Use:   "list",
		Short: "List the runtimes and their cache state",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			list, err := hub().List()
			if err != nil {
				return err
			}
			return runtimes.WriteTable(s.out, list)
		},
	}, &cobra.Command{
		Use:   "fetch [LANG...]",
		Short: "Fetch runtimes into the cache (all by default)",
		RunE: func(c *cobra.Command, args []string) error {
			h := hub()
			langs, err := languagesOr(h, args)
			if err != nil {
				return err
			}
			for _, l := range langs {
				r, err := h.Fetch(c.Context(), l)
				if err != nil {
					return err
				}
				fmt.Fprintf(s.out, "%s: %s %s ready (%s, sha256 %s)\n", l, r.Name, r.Version, humanize.Bytes(uint64(r.Size)), r.SHA256)
			}
			return nil
		},
	}, &cobra.Command{
		Use:   "verify [LANG...]",
		Short: "Check cached runtimes against the manifest's sha256",
		RunE: func(c *cobra.Command, args []string) error {
			h := hub()
			langs, err := languagesOr(h, args)
			if err != nil {
				return err
			}
			for _, l := range langs {
				if err := h.Verify(l); err != nil {
					return err
				}
				fmt.Fprintf(s.out, "%s: verified\n", l)
			}
			return nil
		},
	}, &cobra.Command{
		Use:   "clean",
		Short: "Delete the cached runtimes",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			n, err := hub().Clean()
			if err != nil {
				return err
			}
			fmt.Fprintf(s.out, "removed %s of cached runtimes\n", humanize.Bytes(uint64(n)))
			return nil
		},
	})
	return c
}

// languagesOr returns the languages named in args, or all of the manifest's;
// an unknown one is a usage error.
func languagesOr(h *runtimes.Hub, args []string) ([]string, error) {
	m, err := runtimes.Load()
	if err != nil {
		return nil, err
	}
	for _, l := range args {
		if _, err := m.Runtime(l); err != nil {
			return nil, usagef("%s", err)
		}
	}
	if len(args) > 0 {
		return args, nil
	}
	return m.Languages(), nil
}
