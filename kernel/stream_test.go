package kernel_test

import (
	"errors"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/wasmrun/wasmrun/kernel"
	"github.com/wasmrun/wasmrun/wasi/abi"
)

type readiness struct {
	readable                  int64
	canRead, canWrite, hangup bool
}

func readinessOf(s kernel.Stream) readiness {
	n, r, w, h := s.Readiness()
	return readiness{n, r, w, h}
}

func TestInput(t *testing.T) {
	// Each step acts on the same input, in order.
	type step struct {
		name  string
		feed  string
		close bool
		read  int    // bytes asked for; 0: no read
		want  string // what the read returns
		err   error
		ready readiness
	}
	steps := []step{
		{name: "an empty input would block", read: 8, err: kernel.ErrWouldBlock, ready: readiness{}},
		{name: "fed data is readable", feed: "hello", ready: readiness{5, true, false, false}},
		{name: "a short read takes the front", read: 3, want: "hel", ready: readiness{2, true, false, false}},
		{name: "more data queues behind", feed: " world", ready: readiness{8, true, false, false}},
		{name: "a long read takes what there is", read: 64, want: "lo world", ready: readiness{}},
		{name: "drained, it would block again", read: 1, err: kernel.ErrWouldBlock, ready: readiness{}},
		{name: "data fed before the end", feed: "bye", ready: readiness{3, true, false, false}},
		{name: "closing is a hang-up, the data stays", close: true, ready: readiness{3, true, false, true}},
		{name: "the buffer drains after the end", read: 2, want: "by", ready: readiness{1, true, false, true}},
		{name: "the last byte", read: 2, want: "e", ready: readiness{0, true, false, true}},
		{name: "then end of stream", read: 8, want: "", ready: readiness{0, true, false, true}},
		{name: "and end of stream again", read: 8, want: "", ready: readiness{0, true, false, true}},
	}
	k := newKernel(t, kernel.Config{})
	in := kernel.NewInput("stdin", false, k.Events)
	for _, s := range steps {
		seq := k.Events.Seq()
		if s.feed != "" {
			in.Feed([]byte(s.feed))
		}
		if s.close {
			in.CloseInput()
		}
		if (s.feed != "" || s.close) && k.Events.Seq() == seq {
			t.Errorf("%s: waiters were not woken", s.name)
		}
		if s.read > 0 {
			buf := make([]byte, s.read)
			n, err := in.TryRead(buf)
			if s.err != nil {
				if !errors.Is(err, s.err) || n != 0 {
					t.Errorf("%s: TryRead = %d, %v; want 0, %v", s.name, n, err, s.err)
				}
			} else if err != nil || string(buf[:n]) != s.want {
				t.Errorf("%s: TryRead = %q, %v; want %q", s.name, buf[:n], err, s.want)
			}
		}
		if got := readinessOf(in); got != s.ready {
			t.Errorf("%s: Readiness = %+v, want %+v", s.name, got, s.ready)
		}
	}
}

func TestInputIsReadOnlyAndOutlivesItsDescriptor(t *testing.T) {
	k := newKernel(t, kernel.Config{})
	in := kernel.NewInput("stdin", false, k.Events)
	if _, err := in.TryWrite([]byte("x")); !errors.Is(err, syscall.EBADF) {
		t.Errorf("TryWrite: %v, want EBADF", err)
	}
	if err := in.Close(); err != nil {
		t.Fatal(err)
	}
	in.Feed([]byte("still"))
	buf := make([]byte, 8)
	if n, err := in.TryRead(buf); err != nil || string(buf[:n]) != "still" {
		t.Errorf("TryRead after Close = %q, %v; the host owns the input", buf[:n], err)
	}
	if in.Name() != "stdin" {
		t.Errorf("Name = %q", in.Name())
	}
}

func TestStreamFiletypeSaysWhetherItIsATerminal(t *testing.T) {
	k := newKernel(t, kernel.Config{})
	sink := func([]byte) error { return nil }
	tests := []struct {
		name   string
		stream interface {
			kernel.Stream
			TTY() bool
		}
		tty  bool
		want abi.Filetype
	}{
		{"terminal input", kernel.NewInput("stdin", true, k.Events), true, abi.FiletypeCharacterDevice},
		{"piped input", kernel.NewInput("stdin", false, k.Events), false, abi.FiletypeUnknown},
		{"terminal output", kernel.NewOutput("stdout", true, sink), true, abi.FiletypeCharacterDevice},
		{"redirected output", kernel.NewOutput("stdout", false, sink), false, abi.FiletypeUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.stream.Filetype(); got != tt.want {
				t.Errorf("Filetype = %v, want %v", got, tt.want)
			}
			if tt.stream.TTY() != tt.tty {
				t.Errorf("TTY = %v, want %v", tt.stream.TTY(), tt.tty)
			}
		})
	}
}

func TestOutput(t *testing.T) {
	var got []string
	out := kernel.NewOutput("stdout", false, func(p []byte) error {
		got = append(got, string(p))
		return nil
	})
	for _, w := range []string{"one ", "two ", "three"} {
		if n, err := out.TryWrite([]byte(w)); err != nil || n != len(w) {
			t.Fatalf("TryWrite(%q) = %d, %v", w, n, err)
		}
	}
	if want := []string{"one ", "two ", "three"}; !slices.Equal(got, want) {
		t.Errorf("sink got %q, want %q in order", got, want)
	}
	if out.Written() != 13 {
		t.Errorf("Written = %d, want 13", out.Written())
	}
	if _, err := out.TryRead(make([]byte, 1)); !errors.Is(err, syscall.EBADF) {
		t.Errorf("TryRead: %v, want EBADF", err)
	}
	if r := readinessOf(out); r != (readiness{0, false, true, false}) {
		t.Errorf("Readiness = %+v, want writable only", r)
	}
	if out.Name() != "stdout" || out.Close() != nil {
		t.Errorf("Name %q, Close %v", out.Name(), out.Close())
	}
}

func TestOutputLimit(t *testing.T) {
	lim := &kernel.LimitError{What: "output", Limit: "10 B", Flag: "--max-output"}
	if want := "reached the output limit of 10 B (--max-output)"; lim.Error() != want {
		t.Errorf("LimitError = %q, want %q", lim.Error(), want)
	}
	var sunk []byte
	out := kernel.NewOutput("stderr", false, func(p []byte) error {
		sunk = append(sunk, p...)
		return nil
	})
	out.Limit(10, lim)
	tests := []struct {
		write   string
		err     error
		written int64
	}{
		{"123456", nil, 6},
		{"78901", lim, 6}, // 11 bytes in all: refused whole
		{"7890", nil, 10}, // exactly the limit
		{"x", lim, 10},
	}
	for _, tt := range tests {
		n, err := out.TryWrite([]byte(tt.write))
		if tt.err != nil {
			var le *kernel.LimitError
			if !errors.As(err, &le) || le != lim || n != 0 {
				t.Errorf("TryWrite(%q) = %d, %v; want 0, the limit", tt.write, n, err)
			}
		} else if err != nil || n != len(tt.write) {
			t.Errorf("TryWrite(%q) = %d, %v", tt.write, n, err)
		}
		if out.Written() != tt.written {
			t.Errorf("after %q: Written = %d, want %d", tt.write, out.Written(), tt.written)
		}
	}
	if string(sunk) != "1234567890" {
		t.Errorf("sink got %q, want only what fit", sunk)
	}
}

func TestOutputSinkErrorIsReturnedAndNotCounted(t *testing.T) {
	broken := errors.New("broken pipe")
	out := kernel.NewOutput("stdout", false, func([]byte) error { return broken })
	if n, err := out.TryWrite([]byte("abc")); !errors.Is(err, broken) || n != 0 {
		t.Errorf("TryWrite = %d, %v; want 0, the sink's error", n, err)
	}
	if out.Written() != 0 {
		t.Errorf("Written = %d, want 0", out.Written())
	}
}

func TestProcessReadWaitsForInput(t *testing.T) {
	k := newKernel(t, kernel.Config{})
	p := k.Spawn(kernel.Spec{})
	p.Start()
	in := kernel.NewInput("stdin", false, k.Events)

	buf := make([]byte, 16)
	if n, err := p.Read(in, buf, true); !errors.Is(err, kernel.ErrWouldBlock) || n != 0 {
		t.Errorf("non-blocking Read of an empty input = %d, %v; want EAGAIN", n, err)
	}

	var n int
	var err error
	go func() {
		if !poll(func() bool { return p.Info().State == kernel.StateBlocked }) {
			t.Error("the reader never blocked")
		}
		in.Feed([]byte("typed"))
	}()
	within(t, "Read", func() { n, err = p.Read(in, buf, false) })
	if err != nil || string(buf[:n]) != "typed" {
		t.Errorf("Read = %q, %v; want what was fed", buf[:n], err)
	}
	if info := p.Info(); info.State != kernel.StateRunning || info.BlockedOn != "" {
		t.Errorf("after Read: %s on %q, want running", info.State, info.BlockedOn)
	}

	go func() {
		time.Sleep(10 * time.Millisecond)
		in.CloseInput()
	}()
	within(t, "Read at the end", func() { n, err = p.Read(in, buf, false) })
	if n != 0 || err != nil {
		t.Errorf("Read at the end of input = %d, %v; want 0, nil", n, err)
	}
}

func TestProcessWriteWritesEverything(t *testing.T) {
	k := newKernel(t, kernel.Config{})
	p := k.Spawn(kernel.Spec{})
	var got []byte
	out := kernel.NewOutput("stdout", false, func(b []byte) error { got = append(got, b...); return nil })
	if n, err := p.Write(out, []byte("all of it"), false); err != nil || n != 9 || string(got) != "all of it" {
		t.Errorf("Write = %d, %v, sink %q", n, err, got)
	}
	lim := &kernel.LimitError{What: "output", Limit: "1 B", Flag: "--max-output"}
	out.Limit(1, lim)
	if n, err := p.Write(out, []byte("more"), false); !errors.Is(err, lim) || n != 0 {
		t.Errorf("Write past the limit = %d, %v; want 0, the limit", n, err)
	}
}
