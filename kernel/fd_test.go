package kernel_test

import (
	"errors"
	"slices"
	"syscall"
	"testing"

	"github.com/wasmrun/wasmrun/kernel"
)

// table makes a descriptor table with a fake file at each of the numbers.
func table(fds ...uint32) (*kernel.FDTable, map[uint32]*fakeFile) {
	t := &kernel.FDTable{}
	files := map[uint32]*fakeFile{}
	for _, fd := range fds {
		f := newFile("")
		files[fd] = f
		t.Set(fd, &kernel.FD{File: f})
	}
	return t, files
}

func numbers(t *kernel.FDTable) []uint32 {
	var out []uint32
	for _, e := range t.Snapshot() {
		out = append(out, e.FD)
	}
	return out
}

func TestFDTableInsertTakesTheLowestFreeNumber(t *testing.T) {
	tests := []struct {
		name   string
		open   []uint32 // set first
		remove []uint32 // then removed
		want   uint32
	}{
		{name: "empty table", want: 0},
		{name: "after stdio", open: []uint32{0, 1, 2}, want: 3},
		{name: "a hole below", open: []uint32{0, 1, 2, 3}, remove: []uint32{1}, want: 1},
		{name: "the lowest of two holes", open: []uint32{0, 1, 2, 3, 4}, remove: []uint32{3, 1}, want: 1},
		{name: "below a descriptor set high", open: []uint32{0, 7}, want: 1},
		{name: "everything removed", open: []uint32{0, 1}, remove: []uint32{0, 1}, want: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tab, _ := table(tt.open...)
			for _, fd := range tt.remove {
				if _, err := tab.Remove(fd); err != nil {
					t.Fatal(err)
				}
			}
			got, err := tab.Insert(&kernel.FD{File: newFile("")})
			if err != nil || got != tt.want {
				t.Fatalf("Insert = %d, %v; want %d", got, err, tt.want)
			}
			if n := tab.Len(); n != len(tt.open)-len(tt.remove)+1 {
				t.Errorf("Len = %d, want %d", n, len(tt.open)-len(tt.remove)+1)
			}
		})
	}
}

func TestFDTableGetSetRemove(t *testing.T) {
	tab, files := table(0, 5)
	if d, err := tab.Get(5); err != nil || d.File != files[5] {
		t.Errorf("Get(5) = %v, %v; want the file set there", d, err)
	}
	for _, fd := range []uint32{1, 4, 6, 1 << 31} {
		if _, err := tab.Get(fd); !errors.Is(err, syscall.EBADF) {
			t.Errorf("Get(%d) of a free number: %v, want EBADF", fd, err)
		}
		if _, err := tab.Remove(fd); !errors.Is(err, syscall.EBADF) {
			t.Errorf("Remove(%d) of a free number: %v, want EBADF", fd, err)
		}
	}
	if tab.Len() != 2 {
		t.Errorf("Len = %d, want 2", tab.Len())
	}

	d, err := tab.Remove(5)
	if err != nil || d.File != files[5] {
		t.Fatalf("Remove(5) = %v, %v; want the file set there", d, err)
	}
	if files[5].closes.Load() != 0 {
		t.Errorf("Remove closed the file: the caller does that")
	}
	if _, err := tab.Get(5); !errors.Is(err, syscall.EBADF) {
		t.Errorf("Get after Remove: %v, want EBADF", err)
	}
	if _, err := tab.Remove(5); !errors.Is(err, syscall.EBADF) {
		t.Errorf("second Remove: %v, want EBADF", err)
	}
	if tab.Len() != 1 {
		t.Errorf("Len = %d, want 1", tab.Len())
	}

	// Set onto a taken number replaces the entry without counting twice.
	repl := newFile("")
	tab.Set(0, &kernel.FD{File: repl})
	if d, _ := tab.Get(0); d.File != repl || tab.Len() != 1 {
		t.Errorf("Set over fd 0: Get = %v, Len = %d; want the new file, 1", d.File, tab.Len())
	}
}

func TestFDTableRenumber(t *testing.T) {
	tests := []struct {
		name     string
		from, to uint32
		err      error
		want     []uint32 // open numbers afterwards
		closed   []uint32 // files (by their original number) closed once
	}{
		{name: "moves from onto to and closes what to was", from: 4, to: 1, want: []uint32{0, 1}, closed: []uint32{1}},
		{name: "moves downwards or upwards alike", from: 0, to: 4, want: []uint32{1, 4}, closed: []uint32{4}},
		{name: "from == to is a no-op", from: 1, to: 1, want: []uint32{0, 1, 4}},
		{name: "onto a closed descriptor is EBADF", from: 4, to: 2, err: syscall.EBADF, want: []uint32{0, 1, 4}},
		{name: "onto a number past the table is EBADF", from: 4, to: 99, err: syscall.EBADF, want: []uint32{0, 1, 4}},
		{name: "from a closed descriptor is EBADF", from: 2, to: 1, err: syscall.EBADF, want: []uint32{0, 1, 4}},
		{name: "from == to, closed, is EBADF", from: 3, to: 3, err: syscall.EBADF, want: []uint32{0, 1, 4}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tab, files := table(0, 1, 4)
			moved := files[tt.from]
			err := tab.Renumber(tt.from, tt.to)
			if tt.err != nil {
				if !errors.Is(err, tt.err) {
					t.Fatalf("Renumber(%d, %d) = %v, want %v", tt.from, tt.to, err, tt.err)
				}
			} else if err != nil {
				t.Fatalf("Renumber(%d, %d): %v", tt.from, tt.to, err)
			}
			if got := numbers(tab); !slices.Equal(got, tt.want) {
				t.Errorf("open descriptors %v, want %v", got, tt.want)
			}
			if tab.Len() != len(tt.want) {
				t.Errorf("Len = %d, want %d", tab.Len(), len(tt.want))
			}
			for fd, f := range files {
				want := int32(0)
				if slices.Contains(tt.closed, fd) {
					want = 1
				}
				if got := f.closes.Load(); got != want {
					t.Errorf("file first at %d closed %d times, want %d", fd, got, want)
				}
			}
			if tt.err == nil {
				if d, err := tab.Get(tt.to); err != nil || d.File != moved {
					t.Errorf("Get(%d) = %v, %v; want the file from %d", tt.to, d, err, tt.from)
				}
			}
		})
	}
}

func TestFDTableIsBoundedByMaxFDs(t *testing.T) {
	tab := &kernel.FDTable{}
	for i := range kernel.MaxFDs {
		fd, err := tab.Insert(&kernel.FD{File: newFile("")})
		if err != nil || fd != uint32(i) {
			t.Fatalf("Insert #%d = %d, %v", i, fd, err)
		}
	}
	if _, err := tab.Insert(&kernel.FD{File: newFile("")}); !errors.Is(err, syscall.EMFILE) {
		t.Fatalf("Insert into a full table: %v, want EMFILE", err)
	}
	if _, err := tab.Remove(1000); err != nil {
		t.Fatal(err)
	}
	if fd, err := tab.Insert(&kernel.FD{File: newFile("")}); err != nil || fd != 1000 {
		t.Fatalf("Insert after freeing 1000 = %d, %v; want 1000", fd, err)
	}
	if tab.Len() != kernel.MaxFDs {
		t.Errorf("Len = %d, want %d", tab.Len(), kernel.MaxFDs)
	}
}

func TestFDTableSnapshotIsInOrder(t *testing.T) {
	tab, _ := table(9, 3)
	tab.Insert(&kernel.FD{File: newFile("")})
	tab.Set(5, &kernel.FD{File: newFile("")})
	tab.Remove(3)
	if got, want := numbers(tab), []uint32{0, 5, 9}; !slices.Equal(got, want) {
		t.Errorf("Snapshot numbers %v, want %v", got, want)
	}
	if got := (&kernel.FDTable{}).Snapshot(); len(got) != 0 {
		t.Errorf("Snapshot of an empty table = %v", got)
	}
}

func TestFDTableCloseAllClosesEveryFileOnce(t *testing.T) {
	tab, files := table(0, 1, 2, 7)
	gone, _ := tab.Remove(1) // the caller closes what it removes
	gone.File.Close()
	tab.Renumber(7, 2) // closes the file at 2
	tab.CloseAll()
	for fd, f := range files {
		if n := f.closes.Load(); n != 1 {
			t.Errorf("file first at %d closed %d times, want once", fd, n)
		}
	}
	if tab.Len() != 0 || len(tab.Snapshot()) != 0 {
		t.Errorf("after CloseAll: Len %d, Snapshot %v; want empty", tab.Len(), tab.Snapshot())
	}
	tab.CloseAll()
	for fd, f := range files {
		if n := f.closes.Load(); n != 1 {
			t.Errorf("second CloseAll: file first at %d closed %d times, want once", fd, n)
		}
	}
	if fd, err := tab.Insert(&kernel.FD{File: newFile("")}); err != nil || fd != 0 {
		t.Errorf("Insert after CloseAll = %d, %v; want 0", fd, err)
	}
}
