package runtimes

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// report shows the progress of one fetch on the hub's Stderr. On a terminal
// it draws a spinner while waiting and a bar while bytes flow, and clears
// them when done; elsewhere (logs, CI) it writes a start line instead. Both
// end with a done line.
type report struct {
	w     io.Writer
	tty   bool
	title string // "python 3.12.0 (26.3 MB) with npm"
	start time.Time
	bar   *progressbar.ProgressBar // the spinner or bar on screen, if any
}

func (h *Hub) report(rt Runtime, via string) *report {
	w := h.stderr()
	f, ok := w.(*os.File)
	r := &report{
		w:     w,
		tty:   ok && term.IsTerminal(int(f.Fd())),
		title: fmt.Sprintf("%s %s (%s) %s", rt.Language, rt.Version, formatSize(rt.Size), via),
		start: time.Now(),
	}
	if !r.tty {
		fmt.Fprintf(w, "fetching %s...\n", r.title)
	}
	return r
}

// wait shows a spinner until the next step.
func (r *report) wait() {
	if !r.tty {
		return
	}
	r.finish()
	r.bar = progressbar.NewOptions64(-1,
		progressbar.OptionSetWriter(r.w),
		progressbar.OptionSetDescription("fetching "+r.title),
		progressbar.OptionSpinnerType(14),
		progressbar.OptionSetElapsedTime(true),
		progressbar.OptionClearOnFinish(),
	)
	r.bar.RenderBlank()
}

// count returns src, counting the bytes read from it on a bar.
func (r *report) count(src io.Reader, size int64, desc string) io.Reader {
	if !r.tty {
		return src
	}
	r.finish()
	r.bar = progressbar.NewOptions64(size,
		progressbar.OptionSetWriter(r.w),
		progressbar.OptionSetDescription(desc),
		progressbar.OptionShowBytes(true),
		progressbar.OptionShowTotalBytes(true),
		progressbar.OptionSetWidth(30),
		progressbar.OptionThrottle(65*time.Millisecond),
		progressbar.OptionClearOnFinish(),
	)
	r.bar.RenderBlank()
	return io.TeeReader(src, r.bar)
}

// finish clears the spinner or bar, if one is on screen. Call it before
// returning an error, so the error starts on a clean line.
func (r *report) finish() {
	if r.bar != nil {
		r.bar.Finish()
		r.bar = nil
	}
}

// done writes the done line.
func (r *report) done(res *Resolved) {
	r.finish()
	fmt.Fprintf(r.w, "fetched %s in %s: %s\n", r.title, time.Since(r.start).Round(100*time.Millisecond), res.Path)
}

// formatSize writes a byte count the way the progress lines and tables show it.
func formatSize(n int64) string {
	switch {
	case n >= 1e6:
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	case n >= 1e3:
		return fmt.Sprintf("%.1f kB", float64(n)/1e3)
	}
	return fmt.Sprintf("%d B", n)
}
