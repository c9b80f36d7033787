//go:build unix

package project

import (
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
)

func TestScanSkipsSpecialFiles(t *testing.T) {
	root := makeProject(t, map[string]string{"a": ""})
	if err := syscall.Mkfifo(filepath.Join(root, "fifo"), 0o644); err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("unix", filepath.Join(root, "sock"))
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	m := scan(t, root, Options{})
	want := []Skip{
		{"fifo", "named pipe (FIFO): only files, directories and symlinks are copied"},
		{"sock", "socket: only files, directories and symlinks are copied"},
	}
	if !slices.Equal(listing(m), []string{"a"}) || !slices.Equal(m.Skipped, want) {
		t.Errorf("got %q skipped %q, want [a] skipped %q", listing(m), m.Skipped, want)
	}
}

func TestScanSkipsUnreadable(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads anything: run as another user")
	}
	root := makeProject(t, map[string]string{"a": "", "secret": "x", "locked/x": ""})
	for _, name := range []string{"secret", "locked"} {
		if err := os.Chmod(filepath.Join(root, name), 0); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(filepath.Join(root, name), 0o755) })
	}
	m := scan(t, root, Options{})
	if !slices.Equal(listing(m), []string{"a"}) {
		t.Errorf("Files = %q, want [a]", listing(m))
	}
	if len(m.Skipped) != 2 || m.Skipped[0].Path != "locked" || m.Skipped[1].Path != "secret" {
		t.Fatalf("Skipped = %q, want locked and secret", m.Skipped)
	}
	for _, s := range m.Skipped {
		if !strings.Contains(s.Reason, "permission denied") {
			t.Errorf("%s: reason %q does not give the error", s.Path, s.Reason)
		}
	}
}
