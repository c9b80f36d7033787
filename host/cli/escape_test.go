package cli

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// A guest can never reach a host path outside an explicit mount: not
// through "..", absolute or relative symlinks, or races. These tests give
// the guest a host directory with every kind of way out, and check that a
// secret next to it, and the host's /etc/passwd, never show.

// hostPasswd is a line every Linux /etc/passwd has.
const hostPasswd = "root:x:0:0"

// escapeFixture is a host directory to mount, with ways out of it, next to
// a directory holding the secret.
type escapeFixture struct {
	root    string // holds mount/ and outside/
	mount   string // the directory given to --dir
	outside string // outside the mount: outside/secret, outside/f
	secret  string // the content of every file outside
}

func newEscapeFixture(t *testing.T) *escapeFixture {
	t.Helper()
	root := t.TempDir()
	f := &escapeFixture{
		root:    root,
		mount:   filepath.Join(root, "mount"),
		outside: filepath.Join(root, "outside"),
		secret:  fmt.Sprintf("HOST-SECRET-%d", time.Now().UnixNano()),
	}
	for _, d := range []string{f.mount, f.outside, filepath.Join(f.mount, "sub"), filepath.Join(f.mount, "d")} {
		must(t, os.MkdirAll(d, 0o755))
	}
	must(t, os.WriteFile(filepath.Join(f.outside, "secret"), []byte(f.secret), 0o644))
	must(t, os.WriteFile(filepath.Join(f.outside, "f"), []byte(f.secret), 0o644))
	must(t, os.WriteFile(filepath.Join(f.mount, "ok"), []byte("inside"), 0o644))
	must(t, os.WriteFile(filepath.Join(f.mount, "x"), []byte("safe-x"), 0o644))
	must(t, os.WriteFile(filepath.Join(f.mount, "d", "f"), []byte("safe-f"), 0o644))
	for link, target := range map[string]string{
		"etc":    "/etc",
		"passwd": "/etc/passwd",
		"abs":    filepath.Join(f.outside, "secret"),
		"absdir": f.outside,
		"rel":    "../outside/secret",
		"reldir": "../outside",
		"sub/up": "../../outside/secret",
	} {
		must(t, os.Symlink(target, filepath.Join(f.mount, link)))
	}
	return f
}

// noLeak fails if the output shows the secret or the host's /etc/passwd.
func (f *escapeFixture) noLeak(t *testing.T, r result) {
	t.Helper()
	for _, s := range []string{f.secret, hostPasswd} {
		if strings.Contains(r.stdout, s) || strings.Contains(r.stderr, s) {
			t.Errorf("the guest read a host file outside its mounts (%q):\n%s", s, r)
		}
	}
}

// race swaps mount/x between a file and symlinks out of the mount, and
// mount/d between a directory and symlinks to outside, until stop is
// closed; it returns the number of swaps.
func (f *escapeFixture) race(t *testing.T, stop <-chan struct{}) func() int {
	var swaps atomic.Int64
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		x, d := filepath.Join(f.mount, "x"), filepath.Join(f.mount, "d")
		fileTargets := []string{"../outside/secret", filepath.Join(f.outside, "secret"), "sub/up"}
		dirTargets := []string{"../outside", f.outside}
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			// x: a file, then atomically a symlink out, then a file again.
			os.Symlink(fileTargets[i%len(fileTargets)], x+".link")
			os.Rename(x+".link", x)
			os.WriteFile(x+".file", []byte("safe-x"), 0o644)
			os.Rename(x+".file", x)
			// d: a directory, then a symlink to outside, then the directory.
			os.Rename(d, d+".real")
			os.Symlink(dirTargets[i%len(dirTargets)], d)
			os.Remove(d)
			os.Rename(d+".real", d)
			swaps.Add(1)
		}
	}()
	return func() int { wg.Wait(); return int(swaps.Load()) }
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// pyEscape tries every way out from Python, under `wasmrun run --dir
// mount:/data`, and prints what it got.
const pyEscape = `import os, sys
def outcome(p):
    try:
        with open(p) as f:
            return repr(f.read())
    except OSError as e:
        return "error " + (os.strerror(e.errno) if e.errno else str(e))
for p in sys.argv[1:]:
    print(p + ":", outcome(p))
top = sorted(os.listdir("/"))
print("top:", top)
for root, dirs, files in os.walk("/", followlinks=True):
    if root.startswith("/dev"):
        dirs[:] = []
        continue
    for name in dirs + files:
        print("walk:", os.path.join(root, name))
`

func TestEscapesFromPython(t *testing.T) {
	t.Parallel()
	needPython(t)
	f := newEscapeFixture(t)
	proj := newProject(t, map[string]string{"main.py": pyEscape})
	// Symlinks in the project that leave it are not copied.
	must(t, os.Symlink(filepath.Join(f.outside, "secret"), filepath.Join(proj, "leak-abs")))
	must(t, os.Symlink("../../outside/secret", filepath.Join(proj, "leak-rel")))
	must(t, os.Symlink("/etc", filepath.Join(proj, "leak-etc")))
	paths := []string{
		"/etc/passwd",
		"../../../etc/passwd",
		"/app/../../../etc/passwd",
		filepath.Join(f.outside, "secret"), // the host's absolute path
		"/data/ok",
		"/data/etc/passwd",
		"/data/passwd",
		"/data/abs",
		"/data/absdir/secret",
		"/data/rel",
		"/data/reldir/secret",
		"/data/sub/up",
		"/data/../outside/secret",
		"/data/../../outside/secret",
		"leak-abs", "leak-rel", "leak-etc/passwd",
	}
	r := wasmrun(t, "", append([]string{"run", proj, "--dir", f.mount + ":/data", "--"}, paths...)...)
	check(t, r, 0, nil)
	f.noLeak(t, r)
	if !strings.Contains(r.stdout, `/data/ok: 'inside'`) {
		t.Errorf("the guest could not read a file of its mount:\n%s", r.stdout)
	}
	if !strings.Contains(r.stdout, "top: ['app', 'data', 'dev', 'opt', 'tmp']") {
		t.Errorf("the guest's / holds more than its own directories and mounts:\n%s", r.stdout)
	}
	for _, l := range strings.Split(r.stdout, "\n") {
		if strings.HasPrefix(l, "walk:") && (strings.Contains(l, "secret") || strings.Contains(l, "passwd") && l != "walk: /data/passwd") {
			t.Errorf("os.walk shows a host file: %s", l)
		}
	}
}

var (
	escapeOnce sync.Once
	escapeWasm string
	escapeErr  string
)

// escapeGuest builds testdata/escape for GOOS=wasip1, once.
func escapeGuest(t *testing.T) string {
	t.Helper()
	escapeOnce.Do(func() {
		out := filepath.Join(binDir, "escape.wasm")
		cmd := exec.Command(goTool(), "build", "-o", out, "./testdata/escape")
		cmd.Env = append(os.Environ(), "GOOS=wasip1", "GOARCH=wasm", "CGO_ENABLED=0")
		if msg, err := cmd.CombinedOutput(); err != nil {
			escapeErr = fmt.Sprintf("go build ./testdata/escape: %v\n%s", err, msg)
			return
		}
		escapeWasm = out
	})
	if escapeErr != "" {
		t.Fatal(escapeErr)
	}
	return escapeWasm
}

func TestEscapesFromAGoGuest(t *testing.T) {
	t.Parallel()
	guest := escapeGuest(t)
	for _, c := range []struct {
		name   string
		guest  string // where the mount is in the guest
		paths  []string
		within string // a line the guest must print: it could read its mount
	}{{
		name:  "mount as the guest's root",
		guest: "/",
		paths: []string{"/etc/passwd", "/passwd", "/abs", "/absdir/secret", "/rel", "/reldir/secret",
			"/sub/up", "/../outside/secret", "../outside/secret", "/ok"},
		within: `/ok: "inside"`,
	}, {
		name:  "mount under /data",
		guest: "/data",
		paths: []string{"/etc/passwd", "/data/etc/passwd", "/data/abs", "/data/rel", "/data/reldir/f",
			"/data/absdir/f", "/data/../outside/secret", "/data/ok"},
		within: `/data/ok: "inside"`,
	}, {
		name:  "mount under its host path",
		guest: "",
		paths: []string{"/etc/passwd", "{mount}/abs", "{mount}/rel", "{mount}/../outside/secret",
			"{outside}/secret", "{mount}/ok"},
		within: `{mount}/ok: "inside"`,
	}} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			f := newEscapeFixture(t)
			subst := strings.NewReplacer("{mount}", f.mount, "{outside}", f.outside)
			dir := f.mount
			if c.guest != "" {
				dir += ":" + c.guest
			}
			var paths []string
			for _, p := range c.paths {
				paths = append(paths, subst.Replace(p))
			}
			r := wasmrun(t, "", append([]string{"exec", "--dir", dir, guest, "read"}, paths...)...)
			check(t, r, 0, nil)
			f.noLeak(t, r)
			if !strings.Contains(r.stdout, subst.Replace(c.within)) {
				t.Errorf("the guest could not read a file of its mount:\n%s", r.stdout)
			}
			root := "/"
			if c.guest == "" {
				root = f.mount
			}
			r = wasmrun(t, "", "exec", "--dir", dir, guest, "walk", root)
			check(t, r, 0, nil)
			f.noLeak(t, r)
			if strings.Contains(r.stdout, "secret") {
				t.Errorf("a walk of the mount shows a file outside it:\n%s", r.stdout)
			}
		})
	}
}

// TestEscapesByRacingSymlinks swaps files and directories of a mount for
// symlinks out of it while the guest opens them in a loop: a guest that
// resolved a path and then opened it (a time-of-check race) would read the
// secret.
func TestEscapesByRacingSymlinks(t *testing.T) {
	t.Parallel()
	guest := escapeGuest(t)
	for _, c := range []struct {
		name string
		args func(f *escapeFixture) []string
	}{
		{"go guest under exec", func(f *escapeFixture) []string {
			return []string{"exec", "--dir", f.mount + ":/data", guest, "loop", "3000", "/data/x", "/data/d/f"}
		}},
		{"python under run", func(f *escapeFixture) []string {
			proj := newProject(t, map[string]string{"main.py": `import collections, os
seen = collections.Counter()
for _ in range(1500):
    for p in ("/data/x", "/data/d/f"):
        try:
            with open(p) as f:
                seen[p + ": " + repr(f.read())] += 1
        except OSError as e:
            seen[p + ": error " + os.strerror(e.errno)] += 1
for k, n in sorted(seen.items()):
    print(k, "(x%d)" % n)
`})
			return []string{"run", proj, "--dir", f.mount + ":/data"}
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			if strings.HasPrefix(c.name, "python") {
				needPython(t)
			}
			f := newEscapeFixture(t)
			args := c.args(f)
			stop := make(chan struct{})
			swaps := f.race(t, stop)
			r := wasmrun(t, "", args...)
			close(stop)
			n := swaps()
			check(t, r, 0, nil)
			f.noLeak(t, r)
			if !strings.Contains(r.stdout, `/data/x: "safe-x"`) && !strings.Contains(r.stdout, `/data/x: 'safe-x'`) {
				t.Errorf("the guest never read the file it raced for:\n%s", r.stdout)
			}
			t.Logf("%d swaps while the guest ran:\n%s", n, r.stdout)
		})
	}
}
