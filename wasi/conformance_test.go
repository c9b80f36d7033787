//go:build !js

package wasi_test

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wasmrun/wasmrun/kernel"
	"github.com/wasmrun/wasmrun/kernel/vfs"
	"github.com/wasmrun/wasmrun/wasi/wasitest"
)

// The conformance guest (testdata/conformance) checks WASI behaviour from
// inside a real guest, one scenario per run, with raw imports. Each test
// below names a behaviour and runs its scenario on every backend it
// applies to: a host directory mounted with hostfs and preopened as
// "fs-tests.dir" (as the public suite's --dir does), the same mounted as the
// guest's root and preopened as "/" (the suite's newest layout), and a
// memfs directory preopened as "fs-tests.dir".

func conformanceGuest(t *testing.T) *wasitest.Guest {
	t.Helper()
	return wasitest.BuildGo(t, "testdata/conformance")
}

// backend is where a directory scenario's scratch directory lives.
type backend struct {
	name    string
	preopen string
	host    bool
}

var (
	hostfsDir  = backend{"hostfs", "fs-tests.dir", true}
	hostfsRoot = backend{"hostfs_root", "/", true}
	memfsDir   = backend{"memfs", "fs-tests.dir", false}
)

// dirCase is one behaviour checked by a directory scenario.
type dirCase struct {
	behaviour string
	scenario  string
	args      []string
	// hostOnly: hostfs only (the scenario needs what only a host mount has).
	hostOnly bool
	// readOnly mounts the host directory read-only.
	readOnly bool
	// skip maps a backend name to why the scenario cannot pass there yet.
	skip map[string]string
	// setup prepares the scratch directory's contents before the run
	// (host: the host path; memfs: nil, use setupVFS).
	setupHost func(t *testing.T, dir string)
	setupVFS  func(v *vfs.VFS, mount string) error
}

var dirCases = []dirCase{
	{behaviour: "PreopenNameRightsAndReopening", scenario: "preopens"},
	{behaviour: "ClosePreopen", scenario: "close_preopen"},
	{behaviour: "RenumberOverPreopen", scenario: "overwrite_preopen"},
	{behaviour: "RenumberSemantics", scenario: "renumber"},
	{behaviour: "RenumberStdioOntoFiles", scenario: "renumber_stdio"},
	{behaviour: "FdstatTypesFlagsRights", scenario: "fdstat"},
	{behaviour: "SetRightsDropsNeverAdds", scenario: "fd_fdstat_set_rights"},
	{behaviour: "TruncRequiresPathFilestatSetSize", scenario: "truncation_rights"},
	{behaviour: "RightsMaskedByParentAndType", scenario: "rights_masking"},
	{behaviour: "ReadWriteRightsEnforced", scenario: "path_open_read_write"},
	{behaviour: "AppendFlagSetAndCleared", scenario: "fd_flags_set"},
	{behaviour: "PwriteOnAppendKeepsOffset", scenario: "pwrite_append"},
	{behaviour: "PreadPwriteIovecsAndEOF", scenario: "file_pread_pwrite"},
	{behaviour: "SeekTellNegativeIsEINVAL", scenario: "file_seek_tell"},
	{behaviour: "OpenTruncEmptiesFile", scenario: "file_truncation"},
	{behaviour: "WritesAreUnbuffered", scenario: "file_unbuffered_write"},
	{behaviour: "AdviseKeepsSize", scenario: "fd_advise"},
	{behaviour: "AllocateExtendsNeverShrinks", scenario: "file_allocate"},
	{behaviour: "FdSetSizeAndNanosecondTimes", scenario: "fd_filestat_set"},
	{behaviour: "ConflictingTimeFlagsAreEINVAL", scenario: "fstflags_validate"},
	{behaviour: "FilestatRealAndConsistent", scenario: "filestat"},
	{behaviour: "FileOpsOnDirectoryFail", scenario: "dir_fd_op_failures"},
	{behaviour: "DirectoryDropsSeekRight", scenario: "directory_seek"},
	{behaviour: "ReaddirDotsInodesCookies", scenario: "fd_readdir"},
	{behaviour: "Readdir1000FilesFillsBuffer", scenario: "fd_readdir_big"},
	{behaviour: "InterestingPaths", scenario: "interesting_paths"},
	{behaviour: "PathOpenErrors", scenario: "path_open_errors"},
	{
		behaviour: "ConfinementBeneathDirfd", scenario: "confinement", args: []string{"abslink"},
		setupHost: func(t *testing.T, dir string) {
			for name, target := range map[string]string{"abslink.cleanup": "/etc/passwd", "uplink.cleanup": "../../../../../../../.."} {
				if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
					t.Fatal(err)
				}
			}
		},
		setupVFS: func(v *vfs.VFS, mount string) error {
			for name, target := range map[string]string{"abslink.cleanup": "/etc/passwd", "uplink.cleanup": "../../../../../../../.."} {
				l, err := v.Resolve(vfs.Lookup{Base: mount}, name)
				if err != nil {
					return err
				}
				if err := v.Symlink(target, l); err != nil {
					return err
				}
			}
			return nil
		},
	},
	{behaviour: "NofollowOnSymlinkIsELOOP", scenario: "nofollow_errors"},
	{behaviour: "DanglingSymlink", scenario: "dangling_symlink"},
	{behaviour: "SymlinkLoop", scenario: "symlink_loop"},
	{behaviour: "SymlinkCreateRefusesAbsolute", scenario: "symlink_create"},
	{behaviour: "PathFilestatFollowsOnlyWithFlag", scenario: "path_exists"},
	{behaviour: "PathFilestatSetTimesExact", scenario: "path_filestat"},
	{behaviour: "SymlinkOwnTimes", scenario: "symlink_filestat"},
	{behaviour: "HardLinks", scenario: "path_link"},
	{behaviour: "HardLinkSymlinksDanglingAndLoops", scenario: "path_link_symlinks"},
	{behaviour: "RenameSemantics", scenario: "path_rename"},
	{behaviour: "RenameDirTrailingSlashes", scenario: "rename_dir_trailing_slashes"},
	{behaviour: "RemoveDirectoryErrors", scenario: "remove_directory"},
	{behaviour: "UnlinkFileErrors", scenario: "unlink_file"},
	{behaviour: "UnlinkAndRmdirWhileOpen", scenario: "dangling_fd"},
	{behaviour: "CreateDirectoryErrors", scenario: "create_directory"},
	{behaviour: "SymlinkTrailingSlashes", scenario: "symlink_trailing_slashes"},
	{behaviour: "ReadlinkTruncatesSilently", scenario: "readlink"},
	{behaviour: "PollFileAndBadFdEvents", scenario: "poll_fd"},
	// Beyond the public suite.
	{behaviour: "OddNamesAreBytes", scenario: "odd_names"},
	{behaviour: "FortySymlinkHopsNotFortyOne", scenario: "symlink_hops"},
	{behaviour: "SetSizeAndAllocateImplyWriteAccess", scenario: "write_implied_rights"},
	{behaviour: "SyncFilesAndDirectories", scenario: "sync"},
	{behaviour: "TrailingSlashOnSymlinkNotFollowedByRemoveOrRename", scenario: "symlink_trailing_slash_ops"},
	{
		behaviour: "ReadOnlyMountIsEROFS", scenario: "read_only", hostOnly: true, readOnly: true,
		setupHost: func(t *testing.T, dir string) {
			if err := os.WriteFile(filepath.Join(dir, "existing"), []byte("read me"), 0o644); err != nil {
				t.Fatal(err)
			}
		},
	},
}

// transcripts collects each scenario's transcript per backend, so that
// TestConformanceBackendsAgree can compare memfs with hostfs.
var transcripts = struct {
	sync.Mutex
	m map[string]map[string]string // scenario -> backend -> stdout
}{m: map[string]map[string]string{}}

func TestConformance(t *testing.T) {
	g := conformanceGuest(t)
	t.Run("dir", func(t *testing.T) {
		for _, c := range dirCases {
			t.Run(c.behaviour, func(t *testing.T) {
				t.Parallel()
				backends := []backend{hostfsDir, hostfsRoot, memfsDir}
				if c.hostOnly {
					backends = backends[:2]
				}
				for _, b := range backends {
					t.Run(b.name, func(t *testing.T) {
						if why := c.skip[b.name]; why != "" {
							t.Skip(why)
						}
						runDirScenario(t, g, c, b)
					})
				}
			})
		}
	})
	// memfs must give the same errno as the host file system (Linux)
	// wherever the suite accepts several, and the same transcript.
	t.Run("BackendsAgree", func(t *testing.T) {
		transcripts.Lock()
		defer transcripts.Unlock()
		var names []string
		for n := range transcripts.m {
			names = append(names, n)
		}
		sort.Strings(names)
		compared := 0
		defer func() { t.Logf("compared %d scenarios' transcripts", compared) }()
		for _, n := range names {
			host, mem := transcripts.m[n]["hostfs"], transcripts.m[n]["memfs"]
			if host == "" || mem == "" {
				continue
			}
			if compared++; host == mem {
				continue
			}
			t.Errorf("scenario %s: memfs and hostfs transcripts differ:\n%s", n, lineDiff(host, mem))
		}
	})
}

func runDirScenario(t *testing.T, g *wasitest.Guest, c dirCase, b backend) {
	d := wasitest.Dir{Name: b.preopen, ReadOnly: c.readOnly}
	var host string
	if b.host {
		host = t.TempDir()
		d.Host = host
		if c.setupHost != nil {
			c.setupHost(t, host)
		}
	}
	cfg := wasitest.Config{
		Args:  append([]string{c.scenario, b.preopen}, c.args...),
		Dirs:  []wasitest.Dir{d},
		Trace: true,
	}
	if !b.host && c.setupVFS != nil {
		cfg.Setup = func(v *vfs.VFS) error { return c.setupVFS(v, d.MountPath()) }
	}
	r := wasitest.Run(t, g, cfg)
	if r.State != kernel.StateExited || r.ExitCode != 0 || !strings.HasSuffix(string(r.Stdout), "ok\n") {
		t.Fatalf("scenario %s on %s failed: %s", c.scenario, b.name, r)
	}
	if b.host {
		// The scenario removed what it made; the runner would delete any
		// *.cleanup left over, but nothing should be.
		if left := leftovers(t, host); len(left) > 0 {
			t.Errorf("scenario %s left %v in the host directory", c.scenario, left)
		}
	}
	if b.preopen == "fs-tests.dir" {
		transcripts.Lock()
		if transcripts.m[c.scenario] == nil {
			transcripts.m[c.scenario] = map[string]string{}
		}
		transcripts.m[c.scenario][b.name] = string(r.Stdout)
		transcripts.Unlock()
	}
}

// leftovers lists what is in dir, except what the test's setup put there.
func leftovers(t *testing.T, dir string) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if e.Name() == "abslink.cleanup" || e.Name() == "uplink.cleanup" || e.Name() == "existing" {
			continue
		}
		out = append(out, e.Name())
	}
	return out
}

func lineDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	var out []string
	for i := 0; i < len(al) || i < len(bl); i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			out = append(out, fmt.Sprintf("  line %d: hostfs %q, memfs %q", i+1, x, y))
		}
	}
	return strings.Join(out, "\n")
}

// TestCrossMountIsEXDEV: a host directory and a memfs directory are two
// mounts; rename and link between them fail with EXDEV.
func TestCrossMountIsEXDEV(t *testing.T) {
	t.Parallel()
	host := t.TempDir()
	r := runPlain(t, wasitest.Config{
		Args: []string{"cross_mount", "fs-tests.dir", "mem"},
		Dirs: []wasitest.Dir{{Name: "fs-tests.dir", Host: host}, {Name: "mem"}},
	})
	mustPass(t, r)
}

// runPlain runs a scenario that needs no directory.
func runPlain(t *testing.T, cfg wasitest.Config) *wasitest.Result {
	t.Helper()
	cfg.Trace = true
	return wasitest.Run(t, conformanceGuest(t), cfg)
}

func mustPass(t *testing.T, r *wasitest.Result) {
	t.Helper()
	if r.State != kernel.StateExited || r.ExitCode != 0 || !strings.HasSuffix(string(r.Stdout), "ok\n") {
		t.Fatalf("scenario failed: %s", r)
	}
}

func TestArgsExact(t *testing.T) {
	t.Parallel()
	args := []string{"first", `the "second" arg`, "3", "", "new\nline", "ünïcode"}
	r := runPlain(t, wasitest.Config{Argv0: "prog", Args: append([]string{"args"}, args...)})
	mustPass(t, r)
	want := fmt.Sprintf("argc = %d\nargv[1] = %q\n", len(args)+2, "args")
	for i, a := range args {
		want += fmt.Sprintf("argv[%d] = %q\n", i+2, a)
	}
	if !strings.Contains(string(r.Stdout), want) {
		t.Errorf("transcript:\n%s\nwant it to contain:\n%s", r.Stdout, want)
	}
}

func TestEnvironExact(t *testing.T) {
	t.Parallel()
	env := []string{"a=text", `b=escap " ing`, "c=new\nline", "EMPTY=", "x=y=z"}
	r := runPlain(t, wasitest.Config{Args: []string{"environ"}, Env: env})
	mustPass(t, r)
	want := fmt.Sprintf("environc = %d\n", len(env))
	for _, v := range env {
		want += fmt.Sprintf("env %q\n", v)
	}
	if !strings.Contains(string(r.Stdout), want) {
		t.Errorf("transcript:\n%s\nwant it to contain:\n%s", r.Stdout, want)
	}
}

func TestEnvironEmptyInheritsNothing(t *testing.T) {
	t.Parallel()
	r := runPlain(t, wasitest.Config{Args: []string{"environ"}})
	mustPass(t, r)
	if !strings.Contains(string(r.Stdout), "environc = 0\n") {
		t.Errorf("transcript:\n%s", r.Stdout)
	}
}

func TestClocks(t *testing.T) {
	t.Parallel()
	mustPass(t, runPlain(t, wasitest.Config{Args: []string{"clock"}}))
}

func TestRandomGet(t *testing.T) {
	t.Parallel()
	mustPass(t, runPlain(t, wasitest.Config{Args: []string{"random"}}))
}

func TestSchedYield(t *testing.T) {
	t.Parallel()
	mustPass(t, runPlain(t, wasitest.Config{Args: []string{"sched_yield"}}))
}

func TestProcExitCodes(t *testing.T) {
	t.Parallel()
	for _, code := range []int{0, 1, 33, 255} {
		r := runPlain(t, wasitest.Config{Args: []string{"proc_exit", fmt.Sprint(code)}})
		if r.State != kernel.StateExited || r.ExitCode != code {
			t.Errorf("proc_exit(%d): %s", code, r)
		}
		if want := fmt.Sprintf("exiting with %d\n", code); string(r.Stdout) != want {
			t.Errorf("proc_exit(%d): stdout %q, want %q", code, r.Stdout, want)
		}
	}
}

func TestProcRaise(t *testing.T) {
	t.Parallel()
	mustPass(t, runPlain(t, wasitest.Config{Args: []string{"proc_raise"}}))
	r := runPlain(t, wasitest.Config{Args: []string{"proc_raise", "15"}})
	if r.State != kernel.StateKilled || r.ExitCode != 128+15 {
		t.Errorf("proc_raise(SIGTERM): %s", r)
	}
	if strings.Contains(string(r.Stdout), "FAIL") {
		t.Errorf("proc_raise(SIGTERM) returned: %s", r)
	}
}

func TestSockOnNonSockets(t *testing.T) {
	t.Parallel()
	mustPass(t, runPlain(t, wasitest.Config{Args: []string{"sock_not_socket"}}))
}

func TestNoImplicitPreopens(t *testing.T) {
	t.Parallel()
	mustPass(t, runPlain(t, wasitest.Config{Args: []string{"sock_invalid_fd"}}))
	mustPass(t, runPlain(t, wasitest.Config{Args: []string{"no_preopens"}}))
}

func TestFdWriteStdoutAndInvalidFd(t *testing.T) {
	t.Parallel()
	r := runPlain(t, wasitest.Config{Args: []string{"fd_write_stdout"}})
	mustPass(t, r)
	out := string(r.Stdout)
	if !strings.HasPrefix(out, "hello") || !strings.Contains(out, "\n, two iovecs\n") {
		t.Errorf("stdout %q", out)
	}
	if string(r.Stderr) != "to stderr\n" {
		t.Errorf("stderr %q", r.Stderr)
	}
}

func TestStdinReadToEnd(t *testing.T) {
	t.Parallel()
	in := "line one\nline two\n\x00binary\xff"
	r := runPlain(t, wasitest.Config{Args: []string{"stdin_read"}, Stdin: []byte(in)})
	mustPass(t, r)
	if want := fmt.Sprintf("stdin = %q\n", in); !strings.Contains(string(r.Stdout), want) {
		t.Errorf("transcript:\n%s\nwant %s", r.Stdout, want)
	}
}

func TestStdioFdstat(t *testing.T) {
	t.Parallel()
	mustPass(t, runPlain(t, wasitest.Config{Args: []string{"stdio_fdstat"}}))
	mustPass(t, runPlain(t, wasitest.Config{Args: []string{"stdio_fdstat", "tty"}, TTY: true}))
}

func TestPollClocks(t *testing.T) {
	t.Parallel()
	mustPass(t, runPlain(t, wasitest.Config{Args: []string{"poll_clock"}}))
}

// TestPollStdio: stdin is an open, empty pipe, as under the suite's runner.
func TestPollStdio(t *testing.T) {
	t.Parallel()
	mustPass(t, runPlain(t, wasitest.Config{Args: []string{"poll_stdio"}, StdinOpen: true}))
}

func TestPollStdinWithData(t *testing.T) {
	t.Parallel()
	mustPass(t, runPlain(t, wasitest.Config{Args: []string{"poll_stdin_data"}, Stdin: []byte("hello")}))
	mustPass(t, runPlain(t, wasitest.Config{Args: []string{"poll_stdin_open"}, Stdin: []byte("ab"), StdinOpen: true}))
}

// TestStdinArrivingLater: input written while the guest waits wakes it,
// through raw poll_oneoff and through Go's own os.Stdin.
func TestStdinArrivingLater(t *testing.T) {
	t.Parallel()
	later := func(chunks ...string) func(write func([]byte), close func()) {
		return func(write func([]byte), close func()) {
			for _, c := range chunks {
				time.Sleep(30 * time.Millisecond)
				write([]byte(c))
			}
			time.Sleep(30 * time.Millisecond)
			close()
		}
	}
	mustPass(t, runPlain(t, wasitest.Config{Args: []string{"poll_stdin_wakes"}, StdinOpen: true, Feed: later("x")}))
	r := runPlain(t, wasitest.Config{Args: []string{"go_stdin_lines"}, StdinOpen: true, Feed: later("one\n", "tw", "o\n", "three")})
	mustPass(t, r)
	want := "line 1 = \"one\"\nline 2 = \"two\"\nline 3 = \"three\"\nend of input after 3 lines\n"
	if !strings.Contains(string(r.Stdout), want) {
		t.Errorf("stdout:\n%s\nwant:\n%s", r.Stdout, want)
	}
}

// TestEveryScenarioIsRun keeps the guest's scenario list and these tests
// in step.
func TestEveryScenarioIsRun(t *testing.T) {
	r := runPlain(t, wasitest.Config{Args: []string{"list"}})
	if r.ExitCode != 0 {
		t.Fatal(r)
	}
	tested := map[string]bool{"cross_mount": true} // TestCrossMountIsEXDEV
	for _, c := range dirCases {
		tested[c.scenario] = true
	}
	src, err := os.ReadFile("conformance_test.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(r.Stdout)), "\n") {
		name, dir, _ := strings.Cut(line, " ")
		if dir == "dir" && !tested[name] {
			t.Errorf("directory scenario %s has no dirCase", name)
		}
		if dir == "" && !strings.Contains(string(src), `"`+name+`"`) {
			t.Errorf("scenario %s is not run by any test", name)
		}
	}
}
