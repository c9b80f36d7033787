//go:build unix

package hostfs_test

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/hack-pad/hackpadfs"

	"github.com/wasmrun/wasmrun/kernel/vfs/hostfs"
)

const secret = "SECRET-OUTSIDE"

// sandbox makes base/outside (holding secret and outside-only) and
// base/root, mounts base/root and returns it with the outside path.
func sandbox(t *testing.T) (fsys *hostfs.FS, root, outside string) {
	t.Helper()
	base := t.TempDir()
	root, outside = filepath.Join(base, "root"), filepath.Join(base, "outside")
	for _, dir := range []string{root, outside} {
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	os.WriteFile(filepath.Join(outside, "secret"), []byte(secret), 0o600)
	os.WriteFile(filepath.Join(outside, "outside-only"), nil, 0o600)
	fsys, err := hostfs.New(root)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { fsys.Close() })
	return fsys, root, outside
}

// outsideUntouched fails the test if anything in outside changed.
func outsideUntouched(t *testing.T, outside string) {
	t.Helper()
	entries, _ := os.ReadDir(outside)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if !slices.Equal(names, []string{"outside-only", "secret"}) {
		t.Errorf("outside now holds %v", names)
	}
	fi, err := os.Stat(filepath.Join(outside, "secret"))
	if err != nil || fi.Mode() != 0o600 || fi.Size() != int64(len(secret)) {
		t.Errorf("outside/secret changed: %v, %v", fi, err)
	}
}

func TestEscapesFail(t *testing.T) {
	fsys, root, outside := sandbox(t)
	abs := filepath.Join(outside, "secret")
	os.WriteFile(filepath.Join(root, "f"), []byte("inside"), 0o644)
	os.Mkdir(filepath.Join(root, "d"), 0o755)
	for name, target := range map[string]string{
		"etc":   "/etc",
		"up":    "../outside",
		"d/up":  "../../outside",
		"abs":   abs,
		"c1":    "c2",
		"c2":    "d/../d/up",
		"dotup": "./d/../..",
	} {
		if err := fsys.Symlink(target, name); err != nil {
			t.Fatalf("symlink %s -> %s: %v", name, target, err)
		}
	}
	now := time.Now()
	for _, c := range []struct {
		op   string
		do   func() error
		want syscall.Errno
	}{
		{"open ../outside/secret", func() error { return open(fsys, "../outside/secret", hackpadfs.FlagReadOnly) }, syscall.EINVAL},
		{"open /etc/passwd", func() error { return open(fsys, "/etc/passwd", hackpadfs.FlagReadOnly) }, syscall.EINVAL},
		{"open etc/passwd", func() error { return open(fsys, "etc/passwd", hackpadfs.FlagReadOnly) }, syscall.EXDEV},
		{"open up/secret", func() error { return open(fsys, "up/secret", hackpadfs.FlagReadOnly) }, syscall.EXDEV},
		{"open d/up/secret", func() error { return open(fsys, "d/up/secret", hackpadfs.FlagReadOnly) }, syscall.EXDEV},
		{"open a chain c1/secret", func() error { return open(fsys, "c1/secret", hackpadfs.FlagReadOnly) }, syscall.EXDEV},
		{"open dotup/outside/secret", func() error { return open(fsys, "dotup/outside/secret", hackpadfs.FlagReadOnly) }, syscall.EXDEV},
		{"open abs", func() error { return open(fsys, "abs", hackpadfs.FlagReadOnly) }, syscall.EXDEV},
		{"truncate abs", func() error { return open(fsys, "abs", hackpadfs.FlagWriteOnly|hackpadfs.FlagTruncate) }, syscall.EXDEV},
		{"create up/new", func() error { return open(fsys, "up/new", hackpadfs.FlagWriteOnly|hackpadfs.FlagCreate) }, syscall.EXDEV},
		{"stat up/secret", func() error { _, err := fsys.Stat("up/secret"); return err }, syscall.EXDEV},
		{"lstat up/secret", func() error { _, err := fsys.Lstat("up/secret"); return err }, syscall.EXDEV},
		{"readdir up", func() error { _, err := fsys.ReadDir("up"); return err }, syscall.EXDEV},
		{"readlink up/x", func() error { _, err := fsys.Readlink("up/x"); return err }, syscall.EXDEV},
		{"mkdir up/new", func() error { return fsys.Mkdir("up/new", 0o755) }, syscall.EXDEV},
		{"mkdirall up/a/b", func() error { return fsys.MkdirAll("up/a/b", 0o755) }, syscall.EXDEV},
		{"symlink up/new", func() error { return fsys.Symlink("x", "up/new") }, syscall.EXDEV},
		{"remove up/secret", func() error { return fsys.Remove("up/secret") }, syscall.EXDEV},
		{"rename into up", func() error { return fsys.Rename("f", "up/new") }, syscall.EXDEV},
		{"rename out of up", func() error { return fsys.Rename("up/secret", "stolen") }, syscall.EXDEV},
		{"link out of up", func() error { return fsys.Link("up/secret", "stolen") }, syscall.EXDEV},
		{"link into up", func() error { return fsys.Link("f", "up/new") }, syscall.EXDEV},
		{"chmod abs", func() error { return fsys.Chmod("abs", 0o777) }, syscall.EXDEV},
		{"chmod up/secret", func() error { return fsys.Chmod("up/secret", 0o777) }, syscall.EXDEV},
		{"chtimes abs", func() error { return fsys.Chtimes("abs", now, now) }, syscall.EXDEV},
		{"lchtimes up/secret", func() error { return fsys.Lchtimes("up/secret", now, now) }, syscall.EXDEV},
	} {
		err := c.do()
		var got syscall.Errno
		if !errors.As(err, &got) || got != c.want {
			t.Errorf("%s: err = %v, want %v", c.op, err, c.want)
		}
		if err != nil && strings.Contains(err.Error(), root) {
			t.Errorf("%s: error %q reveals the host path", c.op, err)
		}
	}
	outsideUntouched(t, outside)
	if fi, _ := os.Stat(filepath.Join(outside, "secret")); !fi.ModTime().Before(now) {
		t.Error("outside/secret's times changed")
	}
}

func open(fsys *hostfs.FS, name string, flag int) error {
	f, err := fsys.OpenFile(name, flag, 0o644)
	if err == nil {
		f.Close()
	}
	return err
}

// TestSymlinkSwapRaceNeverEscapes has a host process swap d, and d/secret,
// for symlinks out of the root while the guest side opens, stats and lists
// through them. os.Root's openat-per-component resolution must make every
// such open fail rather than read a byte from outside.
func TestSymlinkSwapRaceNeverEscapes(t *testing.T) {
	if testing.Short() {
		t.Skip("races for a few seconds")
	}
	fsys, root, outside := sandbox(t)
	d, real := filepath.Join(root, "d"), filepath.Join(root, "d.real")
	os.Mkdir(d, 0o755)
	os.WriteFile(filepath.Join(d, "secret"), []byte("inside"), 0o644)

	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		inner := filepath.Join(real, "secret")
		for {
			select {
			case <-stop:
				return
			default:
			}
			// d becomes a symlink to outside, absolute then relative.
			os.Rename(d, real)
			os.Symlink(outside, d)
			os.Remove(d)
			os.Symlink("../outside", d)
			os.Remove(d)
			// d/secret becomes a symlink to outside/secret.
			os.Rename(inner, inner+".real")
			os.Symlink(filepath.Join(outside, "secret"), inner)
			os.Rename(real, d)
			os.Remove(filepath.Join(d, "secret"))
			os.Symlink("../../outside/secret", filepath.Join(d, "secret"))
			os.Remove(filepath.Join(d, "secret"))
			os.Rename(filepath.Join(d, "secret.real"), filepath.Join(d, "secret"))
		}
	}()

	var reads, refusals int
	for i := 0; i < 5000 || (reads == 0 || refusals == 0) && i < 30000; i++ {
		if f, err := fsys.Open("d/secret"); err == nil {
			b, _ := io.ReadAll(f)
			f.Close()
			if strings.Contains(string(b), "SECRET") {
				t.Fatalf("iteration %d read %q from outside the root", i, b)
			}
			reads++
		} else if errors.Is(err, syscall.EXDEV) {
			refusals++
		}
		if fi, err := fsys.Stat("d/secret"); err == nil && fi.Size() == int64(len(secret)) {
			t.Fatalf("iteration %d stat reached outside/secret", i)
		}
		if entries, err := fsys.ReadDir("d"); err == nil {
			for _, e := range entries {
				if e.Name() == "outside-only" {
					t.Fatalf("iteration %d listed the outside directory", i)
				}
			}
		}
		if f, err := fsys.OpenFile("d/created", hackpadfs.FlagWriteOnly|hackpadfs.FlagCreate, 0o644); err == nil {
			f.Close()
			fsys.Remove("d/created")
		}
	}
	close(stop)
	wg.Wait()
	t.Logf("%d reads inside, %d opens refused with EXDEV", reads, refusals)
	outsideUntouched(t, outside)
}

func TestRaceWithGuestSwapsNeverEscapes(t *testing.T) {
	// The same attack from the guest side, through hostfs itself.
	fsys, _, outside := sandbox(t)
	fsys.Mkdir("d", 0o755)
	if err := hackpadfs.WriteFullFile(fsys, "d/secret", []byte("inside"), 0o644); err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			fsys.Rename("d", "d.real")
			fsys.Symlink(outside, "d")
			fsys.Remove("d")
			fsys.Symlink("../outside", "d")
			fsys.Rename("d", "d.link") // a rename of the link must not follow it
			fsys.Remove("d.link")
			fsys.Rename("d.real", "d")
		}
	}()
	for i := range 5000 {
		if f, err := fsys.Open("d/secret"); err == nil {
			b, _ := io.ReadAll(f)
			f.Close()
			if strings.Contains(string(b), "SECRET") {
				t.Fatalf("iteration %d read %q from outside the root", i, b)
			}
		}
	}
	close(stop)
	wg.Wait()
	outsideUntouched(t, outside)
}
