package vfstest

import (
	"fmt"
	"io"
	"sync"
	"testing"

	"github.com/hack-pad/hackpadfs"
)

var concurrentBehaviours = []behaviour{
	{"concurrent create, write, read, stat, list and unlink stay consistent", func(t *testing.T, fsys FS) {
		build(t, fsys, "d/", "shared=")
		const workers, rounds = 6, 100
		var wg sync.WaitGroup
		errs := make(chan error, workers)
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs <- churn(fsys, w, rounds)
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Error(err)
			}
		}
		if got := content(t, fsys, "shared"); len(got) != workers*rounds {
			t.Errorf("shared has %d bytes after %d appends", len(got), workers*rounds)
		}
		if entries, _ := fsys.ReadDir("d"); len(entries) != 0 {
			t.Errorf("d holds %d leftover entries", len(entries))
		}
	}},
}

// churn does one worker's share: a file of its own through its whole life,
// and one append to a file every worker appends to.
func churn(fsys FS, w, rounds int) error {
	shared, err := fsys.OpenFile("shared", wronly|appnd, 0)
	if err != nil {
		return err
	}
	defer shared.Close()
	for i := range rounds {
		name := fmt.Sprintf("d/w%d-%d", w, i)
		want := fmt.Sprintf("worker %d round %d", w, i)
		f, err := fsys.OpenFile(name, rdwr|creat|excl, 0o644)
		if err != nil {
			return err
		}
		if _, err := hackpadfs.WriteFile(f, []byte(want)); err != nil {
			return err
		}
		if _, err := hackpadfs.SeekFile(f, 0, io.SeekStart); err != nil {
			return err
		}
		got, err := io.ReadAll(f)
		if err != nil || string(got) != want {
			return fmt.Errorf("%s reads %q, %v", name, got, err)
		}
		f.Close()
		if fi, err := fsys.Stat(name); err != nil || fi.Size() != int64(len(want)) {
			return fmt.Errorf("stat %s: %v", name, err)
		}
		if _, err := fsys.ReadDir("d"); err != nil {
			return err
		}
		if _, err := hackpadfs.WriteFile(shared, []byte{'x'}); err != nil {
			return err
		}
		if err := fsys.Remove(name); err != nil {
			return err
		}
	}
	return nil
}
