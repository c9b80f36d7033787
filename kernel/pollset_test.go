package kernel_test

import (
	"errors"
	"strconv"
	"syscall"
	"testing"

	"github.com/wasmrun/wasmrun/kernel"
)

func TestPollSetListsReadyInterests(t *testing.T) {
	k := newKernel(t, kernel.Config{})
	p := k.Spawn(kernel.Spec{Argv: []string{"guest"}})
	d := kernel.NewDevFS(k)
	a, b := devStream(t, d, "pipe"), devStream(t, d, "pipe")
	fa, _ := p.FDs.Insert(&kernel.FD{File: a})
	fb, _ := p.FDs.Insert(&kernel.FD{File: b})
	s := kernel.NewPollSet(p)
	itoa := func(fd uint32) string { return strconv.Itoa(int(fd)) }
	read := func() (string, error) {
		buf := make([]byte, 64)
		n, err := s.TryRead(buf)
		return string(buf[:n]), err
	}
	if _, err := s.TryWrite([]byte("+" + itoa(fa) + " r\n+" + itoa(fb) + " r\n")); err != nil {
		t.Fatal(err)
	}
	if _, canRead, _, _ := s.Readiness(); canRead {
		t.Error("readable with nothing ready")
	}
	if _, err := read(); !errors.Is(err, kernel.ErrWouldBlock) {
		t.Errorf("read with nothing ready: %v, want EAGAIN", err)
	}
	// The second pipe becomes readable: the set says so, and only it, even
	// behind an idle first interest.
	b.TryWrite([]byte("x"))
	if _, canRead, _, _ := s.Readiness(); !canRead {
		t.Error("not readable with a pipe ready")
	}
	if got, err := read(); err != nil || got != itoa(fb)+" r\n" {
		t.Errorf("ready list %q, %v", got, err)
	}
	// Level-triggered: still listed until read; both, in the order added.
	a.TryWrite([]byte("y"))
	if got, _ := read(); got != itoa(fa)+" r\n"+itoa(fb)+" r\n" {
		t.Errorf("ready list %q", got)
	}
	// Removing an interest; a write interest on a pipe is ready at once.
	s.TryWrite([]byte("-" + itoa(fb) + " r\n+" + itoa(fb) + " w\n"))
	if got, _ := read(); got != itoa(fa)+" r\n"+itoa(fb)+" w\n" {
		t.Errorf("ready list %q", got)
	}
	// A closed descriptor is ready: its owner learns EBADF when it tries.
	s.TryWrite([]byte("+99 r\n"))
	if got, _ := read(); got != itoa(fa)+" r\n"+itoa(fb)+" w\n99 r\n" {
		t.Errorf("ready list %q", got)
	}
	for _, bad := range []string{"+3 r", "+3 x\n", "3 r\n", "+x r\n", "+3r\n"} {
		if _, err := s.TryWrite([]byte(bad)); !errors.Is(err, syscall.EINVAL) {
			t.Errorf("write %q: %v, want EINVAL", bad, err)
		}
	}
	// Whole lines only, as many as fit.
	buf := make([]byte, 5)
	if n, err := s.TryRead(buf); err != nil || string(buf[:n]) != itoa(fa)+" r\n" {
		t.Errorf("short read %q, %v", buf[:n], err)
	}
}
