package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/wasmrun/wasmrun/host/project"
	"github.com/wasmrun/wasmrun/kernel/protocol"
)

// Debouncing: a change is sent once the project has been quiet for
// settleDelay (an editor's save is several events), or after maxDelay of
// constant change.
const (
	settleDelay = 100 * time.Millisecond
	maxDelay    = time.Second
)

// watcher sends a "host.file" event for each file of the selection that
// changes on disk (--watch). It watches every directory of the selection,
// and on any event rescans the project with the same rules and diffs the
// selections, so an ignored file never reaches the page and a file newly
// ignored is removed from it.
type watcher struct {
	root     string
	opts     project.Options
	fsw      *fsnotify.Watcher
	send     func(protocol.Event)
	messages io.Writer
	prev     map[string]project.File
	watched  map[string]bool // directories, relative to root ("." is the root)
	warned   bool
}

func newWatcher(cfg *Config, send func(protocol.Event)) (*watcher, error) {
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	w := &watcher{
		root:     cfg.Session.Project.Root,
		opts:     cfg.Scan,
		fsw:      fsw,
		send:     send,
		messages: cfg.messages(),
		watched:  map[string]bool{},
	}
	m, err := project.Scan(w.root, w.opts)
	if err != nil {
		fsw.Close()
		return nil, err
	}
	w.prev = index(m)
	w.watchDirs(m)
	return w, nil
}

// run forwards changes until ctx ends.
func (w *watcher) run(ctx context.Context) {
	defer w.fsw.Close()
	var (
		timer    = time.NewTimer(time.Hour)
		deadline time.Time
		pending  bool
	)
	timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case _, ok := <-w.fsw.Events:
			if !ok {
				return
			}
			now := time.Now()
			if !pending {
				pending, deadline = true, now.Add(maxDelay)
			}
			timer.Reset(min(settleDelay, max(0, deadline.Sub(now))))
		case err, ok := <-w.fsw.Errors:
			if !ok {
				return
			}
			w.warn(err)
		case <-timer.C:
			pending = false
			w.rescan()
		}
	}
}

// rescan diffs the selection against the last one and sends the changes:
// new and changed files with their content, then removals, deepest first.
func (w *watcher) rescan() {
	m, err := project.Scan(w.root, w.opts)
	if err != nil {
		w.warn(err)
		return
	}
	next := index(m)
	w.watchDirs(m)
	root, err := os.OpenRoot(w.root)
	if err != nil {
		w.warn(err)
		return
	}
	defer root.Close()
	for _, f := range m.Files {
		old, had := w.prev[f.Path]
		if !f.Mode.IsRegular() || had && sameFile(old, f) {
			continue
		}
		data, err := readAtMost(root, f.Path, w.limit())
		if err != nil {
			// Gone or grown since the scan: the next event will tell.
			delete(next, f.Path)
			continue
		}
		w.send(protocol.Event{Event: "host.file", Body: protocol.HostFileEvent{Path: f.Path, Data: data}})
	}
	var removed []string
	for p := range w.prev {
		if _, ok := next[p]; !ok {
			removed = append(removed, p)
		}
	}
	// Deepest first, so that a directory is empty when it is removed.
	slices.SortFunc(removed, func(a, b string) int {
		if d := strings.Count(b, "/") - strings.Count(a, "/"); d != 0 {
			return d
		}
		return strings.Compare(a, b)
	})
	for _, p := range removed {
		w.send(protocol.Event{Event: "host.file", Body: protocol.HostFileEvent{Path: p, Removed: true}})
	}
	w.prev = next
}

func (w *watcher) limit() int64 {
	if w.opts.MaxFileSize > 0 {
		return w.opts.MaxFileSize
	}
	return project.DefaultOptions.MaxFileSize
}

// watchDirs adds a watch on every directory of the selection not watched
// yet. fsnotify drops the watch of a removed directory by itself.
func (w *watcher) watchDirs(m *project.Manifest) {
	dirs := []string{"."}
	for _, f := range m.Files {
		if f.Mode.IsDir() {
			dirs = append(dirs, f.Path)
		}
	}
	live := map[string]bool{}
	for _, d := range dirs {
		live[d] = true
		if w.watched[d] {
			continue
		}
		if err := w.fsw.Add(filepath.Join(w.root, filepath.FromSlash(d))); err != nil {
			w.warn(fmt.Errorf("watch %s: %w", d, err))
			continue
		}
		w.watched[d] = true
	}
	for d := range w.watched {
		if !live[d] {
			delete(w.watched, d)
			w.fsw.Remove(filepath.Join(w.root, filepath.FromSlash(d)))
		}
	}
}

// warn prints the first watch problem only: one is enough to know that
// --watch may miss changes (typically the inotify watch limit).
func (w *watcher) warn(err error) {
	if w.warned {
		return
	}
	w.warned = true
	fmt.Fprintf(w.messages, "warning: --watch: %v\n", err)
}

func index(m *project.Manifest) map[string]project.File {
	idx := make(map[string]project.File, len(m.Files))
	for _, f := range m.Files {
		idx[f.Path] = f
	}
	return idx
}

func sameFile(a, b project.File) bool {
	return a.Mode == b.Mode && a.Size == b.Size && a.ModTime.Equal(b.ModTime) && a.Link == b.Link
}

// readAtMost reads a project file through root, so that nothing outside the
// project is read even if the tree changes, failing if it is over limit.
func readAtMost(root *os.Root, name string, limit int64) ([]byte, error) {
	f, err := root.Open(filepath.FromSlash(name))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, errors.New("over the size limit")
	}
	return b, nil
}
