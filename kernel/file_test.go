package kernel_test

import (
	"errors"
	"hash/fnv"
	"io"
	"io/fs"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/hack-pad/hackpadfs"

	"github.com/wasmrun/wasmrun/kernel"
	"github.com/wasmrun/wasmrun/kernel/vfs"
	"github.com/wasmrun/wasmrun/kernel/vfs/memfs"
	"github.com/wasmrun/wasmrun/wasi/abi"
)

// fileVFS holds /f ("hello"), and /d with files a and b, a directory c and
// a symlink l; an empty memfs is mounted at /mnt.
func fileVFS(t *testing.T) (*vfs.VFS, *memfs.FS) {
	t.Helper()
	root := memfs.New(memfs.Options{})
	for _, d := range []string{"d", "d/c"} {
		if err := root.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for name, data := range map[string]string{"f": "hello", "d/a": "a", "d/b": "b"} {
		if err := hackpadfs.WriteFullFile(root, name, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := root.Symlink("a", "d/l"); err != nil {
		t.Fatal(err)
	}
	v := vfs.New(root, vfs.MountOptions{})
	if err := v.Mount("/mnt", memfs.New(memfs.Options{}), vfs.MountOptions{}); err != nil {
		t.Fatal(err)
	}
	return v, root
}

// openAt opens guest path p as path_open does.
func openAt(t *testing.T, v *vfs.VFS, p string, flag int, appendMode bool) *kernel.OpenFile {
	t.Helper()
	l := mustResolve(t, v, p)
	f, err := v.OpenFile(l, flag, 0o644)
	if err != nil {
		t.Fatalf("open %s: %v", p, err)
	}
	info, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	o := kernel.NewOpenFile(v, f, l, info, appendMode)
	t.Cleanup(func() { o.Close() })
	return o
}

func inoOf(t *testing.T, v *vfs.VFS, p string) uint64 {
	t.Helper()
	l, err := v.Resolve(vfs.Lookup{Base: "/"}, p)
	if err != nil {
		t.Fatal(err)
	}
	info, err := v.Stat(l)
	if err != nil {
		t.Fatal(err)
	}
	return vfs.Sys(info).Ino
}

func TestListing(t *testing.T) {
	v, root := fileVFS(t)
	tests := []struct {
		dir   string
		want  []kernel.DirEntry // Ino filled from the paths below
		paths []string
	}{
		{
			dir: "/d",
			want: []kernel.DirEntry{
				{Name: ".", Type: abi.FiletypeDirectory},
				{Name: "..", Type: abi.FiletypeDirectory},
				{Name: "a", Type: abi.FiletypeRegularFile},
				{Name: "b", Type: abi.FiletypeRegularFile},
				{Name: "c", Type: abi.FiletypeDirectory},
				{Name: "l", Type: abi.FiletypeSymbolicLink},
			},
			paths: []string{"/d", "/", "/d/a", "/d/b", "/d/c", "/d/l"},
		},
		{
			// At the root, ".." is the root itself.
			dir: "/",
			want: []kernel.DirEntry{
				{Name: ".", Type: abi.FiletypeDirectory},
				{Name: "..", Type: abi.FiletypeDirectory},
				{Name: "d", Type: abi.FiletypeDirectory},
				{Name: "f", Type: abi.FiletypeRegularFile},
				{Name: "mnt", Type: abi.FiletypeDirectory},
			},
			// A mount point lists with the number of the directory it
			// covers, as on Linux; stat gives the mounted root's.
			paths: []string{"/", "/", "/d", "/f", "covered:mnt"},
		},
		{
			// An empty mount root: its ".." is the directory it is
			// mounted in.
			dir: "/mnt",
			want: []kernel.DirEntry{
				{Name: ".", Type: abi.FiletypeDirectory},
				{Name: "..", Type: abi.FiletypeDirectory},
			},
			paths: []string{"/mnt", "/"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.dir, func(t *testing.T) {
			for i, p := range tt.paths {
				if covered, ok := strings.CutPrefix(p, "covered:"); ok {
					info, err := root.Stat(covered)
					if err != nil {
						t.Fatal(err)
					}
					tt.want[i].Ino = vfs.Sys(info).Ino
				} else {
					tt.want[i].Ino = inoOf(t, v, p)
				}
				if tt.want[i].Ino == 0 {
					t.Fatalf("%s has no inode number", p)
				}
			}
			d := openAt(t, v, tt.dir, hackpadfs.FlagReadOnly, false)
			got, err := d.Listing(0)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Listing(0) =\n%+v\nwant\n%+v", got, tt.want)
			}
			if rest, err := d.Listing(2); err != nil || !slices.Equal(rest, tt.want[2:]) {
				t.Errorf("Listing(2) = %+v, %v; want the entries after . and ..", rest, err)
			}
			for _, past := range []uint64{uint64(len(tt.want)), uint64(len(tt.want)) + 5} {
				if rest, err := d.Listing(past); err != nil || len(rest) != 0 {
					t.Errorf("Listing(%d) = %+v, %v; want nothing", past, rest, err)
				}
			}
		})
	}
}

// fd_readdir pages through a directory with cookies: the snapshot taken at
// cookie 0 is kept while the cookies advance, so that entries added or
// removed meanwhile neither shift nor repeat what was listed.
func TestListingSnapshotIsKeptWhilePaging(t *testing.T) {
	v, root := fileVFS(t)
	d := openAt(t, v, "/d", hackpadfs.FlagReadOnly, false)
	first, err := d.Listing(0)
	if err != nil {
		t.Fatal(err)
	}
	if err := hackpadfs.WriteFullFile(root, "d/new", nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := root.Remove("d/a"); err != nil {
		t.Fatal(err)
	}
	page, err := d.Listing(3)
	if err != nil || !slices.Equal(page, first[3:]) {
		t.Errorf("Listing(3) after changes = %+v, %v; want the snapshot's %+v", page, err, first[3:])
	}
	fresh, err := d.Listing(0)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range fresh {
		names = append(names, e.Name)
	}
	if want := []string{".", "..", "b", "c", "l", "new"}; !slices.Equal(names, want) {
		t.Errorf("Listing(0) again = %v, want a fresh snapshot %v", names, want)
	}
}

func TestDirectoriesRefuseFileIO(t *testing.T) {
	v, _ := fileVFS(t)
	d := openAt(t, v, "/d", hackpadfs.FlagReadOnly, false)
	if !d.IsDir() || d.Filetype() != abi.FiletypeDirectory {
		t.Errorf("IsDir %v, Filetype %v", d.IsDir(), d.Filetype())
	}
	buf := make([]byte, 4)
	ops := map[string]func() error{
		"read":     func() error { _, err := d.Read(buf); return err },
		"write":    func() error { _, err := d.Write(buf); return err },
		"pread":    func() error { _, err := d.Pread(buf, 0); return err },
		"pwrite":   func() error { _, err := d.Pwrite(buf, 0); return err },
		"truncate": func() error { return d.Truncate(0) },
	}
	for name, op := range ops {
		if err := op(); !errors.Is(err, syscall.EISDIR) {
			t.Errorf("%s of a directory: %v, want EISDIR", name, err)
		}
	}
	f := openAt(t, v, "/f", hackpadfs.FlagReadOnly, false)
	if _, err := f.Listing(0); !errors.Is(err, syscall.ENOTDIR) {
		t.Errorf("Listing of a file: %v, want ENOTDIR", err)
	}
	if f.IsDir() || f.Filetype() != abi.FiletypeRegularFile {
		t.Errorf("file: IsDir %v, Filetype %v", f.IsDir(), f.Filetype())
	}
}

func readAll(t *testing.T, v *vfs.VFS, p string) string {
	t.Helper()
	f, err := v.OpenFile(mustResolve(t, v, p), hackpadfs.FlagReadOnly, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestOpenFileReadWrite(t *testing.T) {
	v, _ := fileVFS(t)
	var mu sync.Mutex
	var changed []string
	v.OnChange(func(p string) { mu.Lock(); changed = append(changed, p); mu.Unlock() })
	f := openAt(t, v, "/f", hackpadfs.FlagReadWrite, false)

	buf := make([]byte, 3)
	if n, err := f.Read(buf); err != nil || string(buf[:n]) != "hel" {
		t.Errorf("Read = %q, %v", buf[:n], err)
	}
	if n, err := f.Read(make([]byte, 10)); err != nil || n != 2 {
		t.Errorf("Read to the end = %d, %v", n, err)
	}
	if n, err := f.Read(buf); err != nil || n != 0 {
		t.Errorf("Read at the end = %d, %v; want 0, nil (EOF is no error in WASI)", n, err)
	}

	// Pread and Pwrite use their own offset and leave the file's alone.
	pos, _ := f.Seek(0, io.SeekCurrent)
	if n, err := f.Pread(buf, 1); err != nil || string(buf[:n]) != "ell" {
		t.Errorf("Pread(1) = %q, %v", buf[:n], err)
	}
	if n, err := f.Pread(buf, 100); err != nil || n != 0 {
		t.Errorf("Pread past the end = %d, %v; want 0, nil", n, err)
	}
	if n, err := f.Pwrite([]byte("EL"), 1); err != nil || n != 2 {
		t.Errorf("Pwrite = %d, %v", n, err)
	}
	if now, _ := f.Seek(0, io.SeekCurrent); now != pos {
		t.Errorf("Pread/Pwrite moved the offset from %d to %d", pos, now)
	}
	if n, err := f.Write([]byte("!")); err != nil || n != 1 {
		t.Errorf("Write = %d, %v", n, err)
	}
	if got := readAll(t, v, "/f"); got != "hELlo!" {
		t.Errorf("file holds %q, want hELlo!", got)
	}
	if err := f.Truncate(2); err != nil {
		t.Fatal(err)
	}
	if got := readAll(t, v, "/f"); got != "hE" {
		t.Errorf("after Truncate(2) the file holds %q", got)
	}
	if err := f.Sync(); err != nil {
		t.Errorf("Sync: %v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if want := []string{"/f", "/f", "/f"}; !slices.Equal(changed, want) {
		t.Errorf("OnChange heard %v, want %v (pwrite, write, truncate)", changed, want)
	}
}

func TestOpenFileAppendWritesAtTheEnd(t *testing.T) {
	v, _ := fileVFS(t)
	f := openAt(t, v, "/f", hackpadfs.FlagReadWrite, true)
	if !f.Append() {
		t.Fatalf("Append() = false for a file opened to append")
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write([]byte(" world")); err != nil {
		t.Fatal(err)
	}
	if got := readAll(t, v, "/f"); got != "hello world" {
		t.Errorf("after an appending write at offset 0 the file holds %q", got)
	}
	// fd_fdstat_set_flags turns append off: writes go to the offset again.
	f.SetAppend(false)
	if f.Append() {
		t.Fatalf("Append() = true after SetAppend(false)")
	}
	f.Seek(0, io.SeekStart)
	f.Write([]byte("J"))
	if got := readAll(t, v, "/f"); got != "Jello world" {
		t.Errorf("after a write at offset 0 the file holds %q", got)
	}
}

func TestOpenFileChtimes(t *testing.T) {
	v, _ := fileVFS(t)
	f := openAt(t, v, "/f", hackpadfs.FlagReadOnly, false)
	when := time.Date(2001, 2, 3, 4, 5, 6, 0, time.UTC)
	if err := f.Chtimes(when, when); err != nil {
		t.Fatal(err)
	}
	info, err := f.Stat()
	if err != nil || !info.ModTime().Equal(when) || !vfs.Sys(info).Atime.Equal(when) {
		t.Errorf("after Chtimes: %v, %v; want both times %v", info.ModTime(), err, when)
	}
}

// Setting times through a descriptor (fd_filestat_set_times, futimens) is
// a change like setting them through a path (VFS.Chtimes reports it): the
// Files panel shows modification times.
func TestOpenFileChtimesIsReportedAsAChange(t *testing.T) {
	v, _ := fileVFS(t)
	var changed []string
	v.OnChange(func(p string) { changed = append(changed, p) })
	f := openAt(t, v, "/f", hackpadfs.FlagReadOnly, false)
	when := time.Date(2001, 2, 3, 4, 5, 6, 0, time.UTC)
	if err := f.Chtimes(when, when); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(changed, []string{"/f"}) {
		t.Errorf("OnChange heard %v, want [/f]", changed)
	}
}

func TestFiletypeOf(t *testing.T) {
	tests := []struct {
		mode fs.FileMode
		want abi.Filetype
	}{
		{0o644, abi.FiletypeRegularFile},
		{fs.ModeDir | 0o755, abi.FiletypeDirectory},
		{fs.ModeSymlink | 0o777, abi.FiletypeSymbolicLink},
		{fs.ModeDevice | fs.ModeCharDevice | 0o666, abi.FiletypeCharacterDevice},
		{fs.ModeDevice | 0o660, abi.FiletypeBlockDevice},
		{fs.ModeSocket | 0o755, abi.FiletypeSocketStream},
		{fs.ModeNamedPipe | 0o600, abi.FiletypeUnknown},
		{fs.ModeIrregular, abi.FiletypeUnknown},
	}
	for _, tt := range tests {
		if got := kernel.FiletypeOf(tt.mode); got != tt.want {
			t.Errorf("FiletypeOf(%v) = %v, want %v", tt.mode, got, tt.want)
		}
	}
}

type sysInfo struct {
	plainInfo
	sys any
}

func (i sysInfo) Sys() any { return i.sys }

type plainInfo struct{}

func (plainInfo) Name() string       { return "x" }
func (plainInfo) Size() int64        { return 0 }
func (plainInfo) Mode() fs.FileMode  { return 0 }
func (plainInfo) ModTime() time.Time { return time.Time{} }
func (plainInfo) IsDir() bool        { return false }
func (plainInfo) Sys() any           { return nil }

// A file system that reports no inode numbers gets stable ones: the same
// path has the same number in every run and on every platform (64-bit
// FNV-1a of the guest path), so a guest comparing st_ino sees one file.
func TestInodeOf(t *testing.T) {
	fnv1a := func(s string) uint64 {
		h := fnv.New64a()
		h.Write([]byte(s))
		return h.Sum64()
	}
	tests := []struct {
		name string
		info fs.FileInfo
		path string
		want uint64
	}{
		{"the FS's own number", sysInfo{sys: &vfs.Inode{Ino: 42}}, "/x", 42},
		{"a zero number falls back", sysInfo{sys: &vfs.Inode{}}, "/x", fnv1a("/x")},
		{"no Inode falls back", plainInfo{}, "/x", fnv1a("/x")},
		{"no info falls back", nil, "/dev/null", fnv1a("/dev/null")},
		{"the root", nil, "/", fnv1a("/")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := kernel.InodeOf(tt.info, tt.path); got != tt.want {
				t.Errorf("InodeOf = %d, want %d", got, tt.want)
			}
		})
	}
	if kernel.InodeOf(nil, "/a") == kernel.InodeOf(nil, "/b") {
		t.Errorf("two paths share a synthesized inode number")
	}
}
