//go:build wasip1

package main

import (
	"sort"
	"strconv"
	"strings"
)

// Scenarios beyond the public suite's assertions: mounts, odd names,
// symlink hop limits, rights that imply write access, sync.

func init() {
	register("cross_mount", true, scenarioCrossMount)
	register("read_only", true, scenarioReadOnly)
	register("odd_names", true, scenarioOddNames)
	register("symlink_hops", true, scenarioSymlinkHops)
	register("write_implied_rights", true, scenarioWriteImpliedRights)
	register("sync", true, scenarioSync)
}

// cross_mount PREOPEN OTHER: renaming or linking between two mounts is
// EXDEV; each mount has its own device number.
func scenarioCrossMount(c *ctx) {
	must(len(c.args) > 0, "cross_mount needs a second preopen")
	other := findPreopen(c.args[0])
	createFile(c.dir, "cross.cleanup")
	a, _ := pathFilestatGet(c.dir, 0, "cross.cleanup")
	createFile(other, "cross.cleanup")
	b, _ := pathFilestatGet(other, 0, "cross.cleanup")
	must(a.dev != b.dev, "two mounts share dev %d", a.dev)
	say("the mounts have different devs")
	expect("rename across mounts", rename(c.dir, "cross.cleanup", other, "moved.cleanup"), EXDEV)
	expect("link across mounts", link(c.dir, 0, "cross.cleanup", other, "linked.cleanup"), EXDEV)
	ok("unlink", unlinkFile(c.dir, "cross.cleanup"))
	ok("unlink other", unlinkFile(other, "cross.cleanup"))
}

// read_only: on a read-only mount, reading works and every change is
// EROFS.
func scenarioReadOnly(c *ctx) {
	const EROFS errno = 69
	fd, e := pathOpen(c.dir, 0, "existing", 0, FD_READ, 0, 0)
	ok("open an existing file for reading", e)
	buf := make([]byte, 16)
	n, e := fdRead(fd, buf)
	ok("read", e)
	eq("content", string(buf[:n]), "read me")
	closeFD(fd)
	_, e = pathOpen(c.dir, 0, "existing", 0, FD_READ|FD_WRITE, 0, 0)
	expect("open for writing", e, EROFS)
	_, e = pathOpen(c.dir, 0, "new", O_CREAT, FD_READ, 0, 0)
	expect("create", e, EROFS)
	_, e = pathOpen(c.dir, 0, "existing", O_TRUNC, 0, 0, 0)
	expect("truncate", e, EROFS)
	expect("mkdir", createDirectory(c.dir, "dir"), EROFS)
	expect("unlink", unlinkFile(c.dir, "existing"), EROFS)
	expect("symlink", symlink("existing", c.dir, "link"), EROFS)
	expect("rename", rename(c.dir, "existing", c.dir, "renamed"), EROFS)
	expect("link", link(c.dir, 0, "existing", c.dir, "linked"), EROFS)
	expect("set times", pathFilestatSetTimes(c.dir, 0, "existing", 0, 0, MTIM_NOW), EROFS)
	_, e = pathFilestatGet(c.dir, 0, "existing")
	ok("stat", e)
}

// odd_names: names are bytes; spaces, UTF-8, newlines, backslashes and
// colons come back from fd_readdir exactly.
func scenarioOddNames(c *ctx) {
	tmp := c.tmpdir("odd_names.cleanup")
	names := []string{"a b", "ünïcödé", "new\nline", `back\slash`, "colon:x", "tab\tx", "-dash", "...", strings.Repeat("x", 255)}
	for _, n := range names {
		fd, e := pathOpen(tmp, 0, n, O_CREAT, FD_READ, 0, 0)
		if e != 0 {
			fail("create %q: %s", n, e)
		}
		closeFD(fd)
	}
	ents, done := readdirOnce(tmp, 8192, 0)
	must(done, "not at the end")
	var got []string
	for _, d := range ents {
		if d.name != "." && d.name != ".." {
			got = append(got, d.name)
		}
	}
	sort.Strings(got)
	want := append([]string(nil), names...)
	sort.Strings(want)
	eq("names", strings.Join(got, "|"), strings.Join(want, "|"))
	for _, n := range names {
		if e := unlinkFile(tmp, n); e != 0 {
			fail("unlink %q: %s", n, e)
		}
	}
	closeFD(tmp)
	ok("remove tmp dir", removeDirectory(c.dir, "odd_names.cleanup"))
}

// symlink_hops: a path may go through 40 symlinks, not 41 (Linux's
// MAXSYMLINKS).
func scenarioSymlinkHops(c *ctx) {
	tmp := c.tmpdir("symlink_hops.cleanup")
	createFile(tmp, "file")
	ok("symlink l40 -> file", symlink("file", tmp, "l40"))
	for i := 39; i >= 0; i-- {
		if e := symlink("l"+strconv.Itoa(i+1), tmp, "l"+strconv.Itoa(i)); e != 0 {
			fail("symlink l%d: %s", i, e)
		}
	}
	fd, e := pathOpen(tmp, FOLLOW, "l1", 0, FD_READ, 0, 0)
	ok("open through 40 links", e)
	closeFD(fd)
	_, e = pathOpen(tmp, FOLLOW, "l0", 0, FD_READ, 0, 0)
	expect("open through 41 links", e, ELOOP)
	for i := 0; i <= 40; i++ {
		unlinkFile(tmp, "l"+strconv.Itoa(i))
	}
	ok("unlink file", unlinkFile(tmp, "file"))
	closeFD(tmp)
	ok("remove tmp dir", removeDirectory(c.dir, "symlink_hops.cleanup"))
}

// write_implied_rights: FD_FILESTAT_SET_SIZE and FD_ALLOCATE change a
// file, so a descriptor opened with them (and not FD_WRITE) can use them,
// as in wasmtime.
func scenarioWriteImpliedRights(c *ctx) {
	createFile(c.dir, "implied.cleanup")
	fd := openFile(c.dir, 0, "implied.cleanup", 0, FD_FILESTAT_SET_SIZE|FD_FILESTAT_GET, 0, 0)
	ok("fd_filestat_set_size without FD_WRITE", errno(fd_filestat_set_size(fd, 10)))
	st, _ := filestatGet(fd)
	eq("size", st.size, 10)
	closeFD(fd)
	fd = openFile(c.dir, 0, "implied.cleanup", 0, FD_ALLOCATE|FD_FILESTAT_GET, 0, 0)
	e := errno(fd_allocate(fd, 0, 20))
	expect("fd_allocate without FD_WRITE", e, ESUCCESS, ENOTSUP)
	closeFD(fd)
	fd = openFile(c.dir, 0, "implied.cleanup", 0, FD_READ|FD_FILESTAT_SET_TIMES|FD_FILESTAT_GET, 0, 0)
	ok("fd_filestat_set_times on a read-only fd", errno(fd_filestat_set_times(fd, 0, 1_000_000_000, MTIM)))
	st, _ = filestatGet(fd)
	eq("mtim", st.mtim, 1_000_000_000)
	closeFD(fd)
	ok("unlink", unlinkFile(c.dir, "implied.cleanup"))
}

func scenarioSync(c *ctx) {
	fd := openFile(c.dir, 0, "sync.cleanup", O_CREAT, FD_WRITE|FD_SYNC|FD_DATASYNC, 0, FDFLAGS_SYNC|FDFLAGS_DSYNC)
	fdWrite(fd, []byte("data"))
	ok("fd_sync(file)", errno(fd_sync(fd)))
	ok("fd_datasync(file)", errno(fd_datasync(fd)))
	closeFD(fd)
	fd = openFile(c.dir, 0, "sync.cleanup", 0, FD_READ, 0, 0)
	expect("fd_sync without FD_SYNC", errno(fd_sync(fd)), ENOTCAPABLE, EBADF)
	closeFD(fd)
	ok("fd_sync(dir)", errno(fd_sync(c.dir)))
	expect("fd_sync(stdout)", errno(fd_sync(1)), EINVAL, ENOTCAPABLE, EBADF)
	ok("unlink", unlinkFile(c.dir, "sync.cleanup"))
}
