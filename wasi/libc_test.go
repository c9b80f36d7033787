//go:build !js

package wasi_test

import (
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wasmrun/wasmrun/kernel"
	"github.com/wasmrun/wasmrun/kernel/vfs"
	"github.com/wasmrun/wasmrun/wasi/wasitest"
)

// C guests built with clang-19 and wasi-libc (testdata/c/libc.c), checking
// what the public suite's C tests check, through libc as those do. They
// skip, naming the install command, where the toolchain is missing.

// libcFixture is the suite's C fixture directory, fs-tests.dir.
var libcFixture = []struct {
	name, data string
	dir        bool
}{
	{name: "file", data: "file\n"},
	{name: "lseek.txt", data: "01234567"},
	{name: "pread.txt", data: "pread-test"},
	{name: "fopendir.dir", dir: true},
	{name: "fopendir.dir/file-0", data: "0"},
	{name: "fopendir.dir/file-1", data: "1"},
	{name: "writeable", dir: true},
}

func writeFixtureHost(t *testing.T, dir string) {
	for _, f := range libcFixture {
		p := filepath.Join(dir, filepath.FromSlash(f.name))
		var err error
		if f.dir {
			err = os.Mkdir(p, 0o755)
		} else {
			err = os.WriteFile(p, []byte(f.data), 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}

func writeFixtureVFS(v *vfs.VFS, mount string) error {
	for _, f := range libcFixture {
		p := path.Join(mount, f.name)
		var err error
		if f.dir {
			err = wasitest.Mkdir(v, p)
		} else {
			err = wasitest.WriteFile(v, p, []byte(f.data))
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func TestLibc(t *testing.T) {
	g := wasitest.BuildC(t, "testdata/c/libc.c")
	dirTests := []struct{ behaviour, test string }{
		{"FopenWithAccess", "fopen-with-access"},
		{"FdopendirInodes", "fdopendir-with-access"},
		{"LseekAfterFreadFflush", "lseek"},
		{"Pread", "pread-with-access"},
		{"Pwrite", "pwrite-with-access"},
		{"PwriteWithAppend", "pwrite-with-append"},
		{"StatDevIno", "stat-dev-ino"},
		{"IsattyFileAndPipe", "isatty"},
		{"ShutdownStdoutIsENOTSOCK", "sock_shutdown"},
		{"MkdirRenameReaddirRmdir", "dirs"},
	}
	for _, dt := range dirTests {
		t.Run(dt.behaviour, func(t *testing.T) {
			t.Parallel()
			for _, b := range []backend{hostfsDir, hostfsRoot, memfsDir} {
				t.Run(b.name, func(t *testing.T) {
					d := wasitest.Dir{Name: b.preopen}
					cfg := wasitest.Config{Argv0: "libc", Trace: true}
					var host string
					if b.host {
						host = t.TempDir()
						writeFixtureHost(t, host)
						d.Host = host
					} else {
						cfg.Setup = func(v *vfs.VFS) error { return writeFixtureVFS(v, d.MountPath()) }
					}
					fixture := "fs-tests.dir"
					if b.preopen == "/" {
						fixture = "." // the root layout's bare paths
					}
					cfg.Dirs = []wasitest.Dir{d}
					cfg.Args = []string{dt.test, fixture}
					r := wasitest.Run(t, g, cfg)
					mustPassC(t, r)
					if host != "" {
						left, _ := filepath.Glob(filepath.Join(host, "*.cleanup"))
						more, _ := filepath.Glob(filepath.Join(host, "*", "*.cleanup"))
						if left = append(left, more...); len(left) > 0 {
							t.Errorf("left behind: %v", left)
						}
					}
				})
			}
		})
	}
	plain := []struct {
		behaviour string
		cfg       wasitest.Config
	}{
		{"FopenWithNoAccessIsENOTCAPABLE", wasitest.Config{Args: []string{"fopen-with-no-access"}}},
		{"ShutdownFd3WithoutPreopensIsEBADF", wasitest.Config{Args: []string{"sock_shutdown-no-preopen"}}},
		{"ClockGetresGettimeNanosleep", wasitest.Config{Args: []string{"clock"}}},
		{"IsattyOnATerminal", wasitest.Config{Args: []string{"isatty-tty", "fs-tests.dir"}, TTY: true,
			Dirs:  []wasitest.Dir{{Name: "fs-tests.dir"}},
			Setup: func(v *vfs.VFS) error { return writeFixtureVFS(v, "/fs-tests.dir") }}},
	}
	for _, p := range plain {
		t.Run(p.behaviour, func(t *testing.T) {
			t.Parallel()
			p.cfg.Argv0 = "libc"
			p.cfg.Trace = true
			mustPassC(t, wasitest.Run(t, g, p.cfg))
		})
	}
}

func mustPassC(t *testing.T, r *wasitest.Result) {
	t.Helper()
	if r.State != kernel.StateExited || r.ExitCode != 0 || !strings.HasSuffix(string(r.Stdout), "ok\n") {
		t.Fatalf("C guest failed: %s", r)
	}
}
