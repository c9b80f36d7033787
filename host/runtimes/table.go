package runtimes

import (
	"fmt"
	"io"
	"text/tabwriter"
)

// WriteTable renders List's result as the table `wasmrun runtimes list` prints.
func WriteTable(w io.Writer, list []Status) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "LANGUAGE\tRUNTIME\tSIZE\tSHA256\tSOURCE\tSTATE")
	for _, s := range list {
		fmt.Fprintf(tw, "%s\t%s %s\t%s\t%s\t%s\t%s\n",
			s.Language, s.Name, s.Version, formatSize(s.Size), shortSHA(s.SHA256), s.Source, s.State())
	}
	return tw.Flush()
}
