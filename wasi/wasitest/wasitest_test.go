//go:build !js

package wasitest_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wasmrun/wasmrun/kernel"
	"github.com/wasmrun/wasmrun/kernel/native"
	"github.com/wasmrun/wasmrun/wasi/wasitest"
)

// trapWasm is the smallest WASI command: it exports memory and a _start
// that executes unreachable.
var trapWasm = []byte{
	0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // \0asm, version 1
	0x01, 0x04, 0x01, 0x60, 0x00, 0x00, // type: () -> ()
	0x03, 0x02, 0x01, 0x00, // function 0 has type 0
	0x05, 0x03, 0x01, 0x00, 0x01, // one memory, min 1 page
	0x07, 0x13, 0x02, // two exports
	0x06, '_', 's', 't', 'a', 'r', 't', 0x00, 0x00,
	0x06, 'm', 'e', 'm', 'o', 'r', 'y', 0x02, 0x00,
	0x0a, 0x05, 0x01, 0x03, 0x00, 0x00, 0x0b, // code: unreachable; end
}

func TestTrapIsReported(t *testing.T) {
	g := wasitest.Compile(t, "trap", trapWasm)
	r := wasitest.Run(t, g, wasitest.Config{})
	if r.State != kernel.StateTrapped || r.ExitCode != native.ExitTrap || !strings.Contains(r.Reason, "unreachable") {
		t.Fatalf("trap: %s", r)
	}
}

func guest(t *testing.T) *wasitest.Guest {
	return wasitest.BuildGo(t, "../testdata/conformance")
}

func TestExitCodeAndOutput(t *testing.T) {
	r := wasitest.Run(t, guest(t), wasitest.Config{Args: []string{"proc_exit", "7"}})
	if r.State != kernel.StateExited || r.ExitCode != 7 || string(r.Stdout) != "exiting with 7\n" {
		t.Fatalf("%s", r)
	}
}

// A guest blocked reading an open, empty stdin is ended by the timeout.
func TestTimeoutEndsABlockedGuest(t *testing.T) {
	start := time.Now()
	r := wasitest.Run(t, guest(t), wasitest.Config{Args: []string{"stdin_read"}, StdinOpen: true, Timeout: 300 * time.Millisecond})
	if r.State != kernel.StateKilled || r.ExitCode != native.ExitTimeout {
		t.Fatalf("%s", r)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v", d)
	}
}

// A host directory is mounted with hostfs and preopened under its name;
// what the guest does lands on the host.
func TestHostDirIsMounted(t *testing.T) {
	host := t.TempDir()
	r := wasitest.Run(t, guest(t), wasitest.Config{
		Args:  []string{"close_preopen", "fs-tests.dir"},
		Dirs:  []wasitest.Dir{{Name: "fs-tests.dir", Host: host}},
		Trace: true,
	})
	if r.ExitCode != 0 || len(r.Trace) == 0 {
		t.Fatalf("%s", r)
	}
	if !strings.Contains(strings.Join(r.Trace, "\n"), `fd_prestat_dir_name(fd=3, path="fs-tests.dir"`) {
		t.Errorf("trace does not show the preopen:\n%s", strings.Join(r.Trace, "\n"))
	}
	// The scenario made and removed files on the host: nothing is left.
	if left, _ := os.ReadDir(host); len(left) > 0 {
		t.Errorf("left in the host directory: %v", left)
	}
	if _, err := os.Stat(filepath.Join(host, ".")); err != nil {
		t.Fatal(err)
	}
}
