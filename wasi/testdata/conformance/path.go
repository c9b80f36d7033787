//go:build wasip1

package main

import (
	"bytes"
	"strings"
)

// Scenarios about paths: path_open's algorithm, confinement, trailing
// slashes, symlinks, hard links, rename, unlink, rmdir, mkdir, readlink and
// path filestat.

func init() {
	register("interesting_paths", true, scenarioInterestingPaths)
	register("path_open_errors", true, scenarioPathOpenErrors)
	register("confinement", true, scenarioConfinement)
	register("nofollow_errors", true, scenarioNofollowErrors)
	register("dangling_symlink", true, scenarioDanglingSymlink)
	register("symlink_loop", true, scenarioSymlinkLoop)
	register("symlink_create", true, scenarioSymlinkCreate)
	register("path_exists", true, scenarioPathExists)
	register("path_filestat", true, scenarioPathFilestat)
	register("symlink_filestat", true, scenarioSymlinkFilestat)
	register("path_link", true, scenarioPathLink)
	register("path_link_symlinks", true, scenarioPathLinkSymlinks)
	register("path_rename", true, scenarioPathRename)
	register("rename_dir_trailing_slashes", true, scenarioRenameTrailingSlashes)
	register("remove_directory", true, scenarioRemoveDirectory)
	register("unlink_file", true, scenarioUnlinkFile)
	register("dangling_fd", true, scenarioDanglingFD)
	register("create_directory", true, scenarioCreateDirectory)
	register("symlink_trailing_slashes", true, scenarioSymlinkTrailingSlashes)
	register("readlink", true, scenarioReadlink)
	register("symlink_trailing_slash_ops", true, scenarioSymlinkTrailingSlashOps)
}

// symlink_trailing_slash_ops: rmdir, unlink and rename act on a name, not
// what it points to: "link/" naming a symlink to a directory is ENOTDIR
// for them (as Linux), and the directory is left alone. Lookups that read
// (stat, open) do follow "link/".
func scenarioSymlinkTrailingSlashOps(c *ctx) {
	tmp := c.tmpdir("symlink_trailing_slash_ops.cleanup")
	ok("mkdir dir", createDirectory(tmp, "dir"))
	ok("symlink link -> dir", symlink("dir", tmp, "link"))
	st, e := pathFilestatGet(tmp, 0, "link/")
	ok("stat link/", e)
	eq("link/ type", ftName(st.filetype), ftName(FILETYPE_DIRECTORY))
	fd, e := pathOpen(tmp, 0, "link/", 0, 0, 0, 0)
	ok("open link/ without FOLLOW", e)
	closeFD(fd)
	expect("rmdir link/", removeDirectory(tmp, "link/"), ENOTDIR)
	expect("unlink link/", unlinkFile(tmp, "link/"), ENOTDIR)
	expect("rename link/ -> x", rename(tmp, "link/", tmp, "x"), ENOTDIR)
	ok("mkdir empty", createDirectory(tmp, "empty"))
	expect("rename empty -> link/", rename(tmp, "empty", tmp, "link/"), ENOTDIR)
	st, e = pathFilestatGet(tmp, 0, "dir")
	ok("dir is still there", e)
	st, e = pathFilestatGet(tmp, 0, "link")
	ok("link is still there", e)
	eq("link type", ftName(st.filetype), ftName(FILETYPE_SYMBOLIC_LINK))
	ok("rmdir empty", removeDirectory(tmp, "empty"))
	ok("unlink link", unlinkFile(tmp, "link"))
	ok("rmdir dir", removeDirectory(tmp, "dir"))
	closeFD(tmp)
	ok("remove tmp dir", removeDirectory(c.dir, "symlink_trailing_slash_ops.cleanup"))
}

var capErr = []errno{EPERM, ENOTCAPABLE}

func scenarioInterestingPaths(c *ctx) {
	ok("mkdir", createDirectory(c.dir, "interesting_paths.cleanup"))
	tmp := openFile(c.dir, 0, "interesting_paths.cleanup", O_DIRECTORY,
		FD_FILESTAT_GET|FD_READDIR|PATH_CREATE_FILE|PATH_CREATE_DIRECTORY|PATH_REMOVE_DIRECTORY|PATH_OPEN|PATH_UNLINK_FILE,
		FD_READ|FD_WRITE|FD_READDIR|FD_FILESTAT_GET|FD_SEEK, 0)
	ok("mkdir dir", createDirectory(tmp, "dir"))
	ok("mkdir dir/nested", createDirectory(tmp, "dir/nested"))
	createFile(tmp, "dir/nested/file")
	open := func(path string, want ...errno) {
		fd, e := pathOpen(tmp, 0, path, 0, 0, 0, 0)
		expect("path_open("+quote(path)+")", e, want...)
		if e == 0 {
			closeFD(fd)
		}
	}
	open("/dir/nested/file", capErr...)
	open("dir/.//nested/../../dir/nested/../nested///./file", ESUCCESS)
	open("dir/nested/file\x00", EINVAL, EILSEQ, ENOENT)
	open("dir/nested/file/", ENOTDIR, ENOENT)
	open("dir/nested/file///", ENOTDIR, ENOENT)
	open("dir/nested/", ESUCCESS)
	open("dir/nested///", ESUCCESS)
	open("dir/nested/../../../"+c.preName+"/dir/nested/file", capErr...)
	open("dir/nested/../../../interesting_paths.cleanup/dir/nested/file", capErr...)
	ok("unlink", unlinkFile(tmp, "dir/nested/file"))
	ok("rmdir dir/nested", removeDirectory(tmp, "dir/nested"))
	ok("rmdir dir", removeDirectory(tmp, "dir"))
	closeFD(tmp)
	ok("remove tmp dir", removeDirectory(c.dir, "interesting_paths.cleanup"))
}

func quote(s string) string {
	return strings.ReplaceAll(s, "\x00", `\0`)
}

func scenarioPathOpenErrors(c *ctx) {
	tmp := c.tmpdir("path_open_errors.cleanup")
	createFile(tmp, "file")
	ok("mkdir dir", createDirectory(tmp, "dir"))
	try := func(what string, lookup uint32, path string, oflags uint32, base uint64, fdflags uint32, want ...errno) {
		fd, e := pathOpen(tmp, lookup, path, oflags, base, 0, fdflags)
		expect(what, e, want...)
		if e == 0 {
			must(fd > 2, "fd %d", fd)
			closeFD(fd)
		}
	}
	try("CREAT|EXCL on a file", 0, "file", O_CREAT|O_EXCL, 0, 0, EEXIST)
	try("CREAT|EXCL on a directory", 0, "dir", O_CREAT|O_EXCL, 0, 0, EEXIST)
	try("CREAT on an existing file", 0, "file", O_CREAT, FD_READ, 0, ESUCCESS)
	try("missing", 0, "missing", 0, 0, 0, ENOENT)
	try("missing/file with CREAT", 0, "missing/file", O_CREAT, 0, 0, ENOENT)
	try("file/x", 0, "file/x", 0, 0, 0, ENOTDIR)
	try("O_DIRECTORY on a file", 0, "file", O_DIRECTORY, 0, 0, ENOTDIR)
	try("directory with FD_WRITE", 0, "dir", 0, FD_WRITE, 0, EISDIR)
	try("directory with FD_READ", 0, "dir", 0, FD_READ, 0, ESUCCESS)
	try("directory O_DIRECTORY FD_READ|FD_WRITE", 0, "dir", O_DIRECTORY, FD_READ|FD_WRITE, 0, EISDIR)
	try("directory with APPEND", 0, "dir", 0, 0, FDFLAGS_APPEND, EISDIR)
	try("directory with TRUNC", 0, "dir", O_TRUNC, 0, 0, EISDIR)
	try("directory with NONBLOCK", 0, "dir", O_DIRECTORY, 0, FDFLAGS_NONBLOCK, ESUCCESS)
	try("CREAT on a directory", 0, "dir", O_CREAT, 0, 0, EISDIR)
	try("CREAT new/", 0, "new/", O_CREAT, 0, 0, EISDIR, ENOENT)
	try("empty path", 0, "", 0, 0, 0, ENOENT)
	try("256-byte name", 0, strings.Repeat("n", 256), O_CREAT, 0, 0, ENAMETOOLONG)
	try("255-byte name", 0, strings.Repeat("n", 255), O_CREAT, 0, 0, ESUCCESS)
	ok("unlink 255-byte name", unlinkFile(tmp, strings.Repeat("n", 255)))
	try("unknown oflags", 0, "file", 1<<4, 0, 0, EINVAL)
	// NOTDIR from a file used as the directory descriptor.
	fd := openFile(tmp, 0, "file", 0, FD_READ|PATH_OPEN|PATH_CREATE_FILE, 0, 0)
	_, e := pathOpen(fd, 0, "foo", O_CREAT, 0, 0, 0)
	expect("path_open(dirfd = a file)", e, ENOTDIR, ENOTCAPABLE)
	closeFD(fd)
	_, e = pathOpen(0xFFFF, 0, "file", 0, 0, 0, 0)
	expect("path_open(closed dirfd)", e, EBADF)
	ok("unlink", unlinkFile(tmp, "file"))
	ok("rmdir", removeDirectory(tmp, "dir"))
	closeFD(tmp)
	ok("remove tmp dir", removeDirectory(c.dir, "path_open_errors.cleanup"))
}

// confinement: nothing reached through a directory descriptor lies
// outside it: absolute paths, "..", and symlinks leading out all fail.
func scenarioConfinement(c *ctx) {
	tmp := c.tmpdir("confinement.cleanup")
	ok("mkdir sub", createDirectory(tmp, "sub"))
	createFile(tmp, "file")
	createFile(tmp, "sub/inner")
	// Opened from the scratch directory, which passes every right on (the
	// tmp directory's inheriting rights are the suite's narrow set).
	sub := openFile(c.dir, 0, "confinement.cleanup/sub", O_DIRECTORY, tmpBase, tmpInh, 0)
	tryOpen := func(dir uint32, what string, lookup uint32, path string, oflags uint32, want ...errno) {
		fd, e := pathOpen(dir, lookup, path, oflags, FD_READ, 0, 0)
		expect(what, e, want...)
		if e == 0 {
			closeFD(fd)
		}
	}
	tryOpen(tmp, "open /", 0, "/", 0, capErr...)
	tryOpen(tmp, "open ..", 0, "..", 0, capErr...)
	tryOpen(tmp, "open ../", 0, "../", 0, capErr...)
	tryOpen(tmp, "open sub/../..", 0, "sub/../..", 0, capErr...)
	tryOpen(tmp, "open sub/../../confinement.cleanup/file", 0, "sub/../../confinement.cleanup/file", 0, capErr...)
	tryOpen(tmp, "create ../x", 0, "../x.cleanup", O_CREAT, capErr...)
	tryOpen(sub, "open ../file from sub", 0, "../file", 0, capErr...)
	tryOpen(tmp, "open sub/../file", 0, "sub/../file", 0, ESUCCESS)
	tryOpen(sub, "open ./inner from sub", 0, "./inner", 0, ESUCCESS)
	expect("mkdir ../x", createDirectory(tmp, "../x.cleanup"), capErr...)
	_, e := pathFilestatGet(tmp, 0, "..")
	expect("path_filestat_get(..)", e, capErr...)
	_, e = pathFilestatGet(tmp, 0, "/")
	expect("path_filestat_get(/)", e, capErr...)
	expect("unlink ../file", unlinkFile(sub, "../file"), capErr...)
	expect("rename file ../x", rename(tmp, "file", tmp, "../x.cleanup"), capErr...)
	expect("link file ../x", link(tmp, 0, "file", tmp, "../x.cleanup"), capErr...)
	expect("symlink ../x", symlink("file", tmp, "../x.cleanup"), capErr...)
	expect("rmdir ..", removeDirectory(sub, ".."), capErr...)
	// Symlinks that lead out.
	ok("symlink up -> ..", symlink("..", tmp, "up"))
	ok("symlink subup -> ../..", symlink("../..", sub, "subup"))
	ok("symlink in -> sub", symlink("sub", tmp, "in"))
	ok("symlink sub/back -> ../file", symlink("../file", sub, "back"))
	st, e := pathFilestatGet(tmp, 0, "up")
	ok("lstat up", e)
	eq("up type", ftName(st.filetype), ftName(FILETYPE_SYMBOLIC_LINK))
	tryOpen(tmp, "open up (FOLLOW)", FOLLOW, "up", O_DIRECTORY, capErr...)
	tryOpen(tmp, "open up/confinement.cleanup/file", 0, "up/confinement.cleanup/file", 0, capErr...)
	_, e = pathFilestatGet(tmp, FOLLOW, "up")
	expect("stat up (FOLLOW)", e, capErr...)
	tryOpen(sub, "open subup (FOLLOW) from sub", FOLLOW, "subup", O_DIRECTORY, capErr...)
	tryOpen(tmp, "open sub/subup/file from tmp", 0, "sub/subup/file", 0, capErr...)
	tryOpen(tmp, "open in/inner", 0, "in/inner", 0, ESUCCESS)
	tryOpen(tmp, "open sub/back (FOLLOW) from tmp", FOLLOW, "sub/back", 0, ESUCCESS)
	tryOpen(sub, "open back (FOLLOW) from sub", FOLLOW, "back", 0, capErr...)
	expect("symlink to an absolute path", symlink("/", tmp, "abs"), EPERM, ENOTCAPABLE, EINVAL, ENOENT, EACCES)
	expect("symlink to /etc/passwd", symlink("/etc/passwd", tmp, "abs"), EPERM, ENOTCAPABLE, EINVAL, ENOENT, EACCES)
	// A link the host made, with an absolute target, may not lead out.
	if len(c.args) > 0 && c.args[0] == "abslink" {
		fd, e := pathOpen(c.dir, FOLLOW, "abslink.cleanup", 0, FD_READ, 0, 0)
		expect("open the host's absolute link", e, EPERM, ENOTCAPABLE, ENOENT)
		if e == 0 {
			closeFD(fd)
		}
		fd, e = pathOpen(c.dir, FOLLOW, "uplink.cleanup/etc/passwd", 0, FD_READ, 0, 0)
		expect("open through the host's ../.. link", e, EPERM, ENOTCAPABLE, ENOENT)
		if e == 0 {
			closeFD(fd)
		}
	}
	for _, n := range []string{"up", "in"} {
		ok("unlink "+n, unlinkFile(tmp, n))
	}
	ok("unlink sub/subup", unlinkFile(tmp, "sub/subup"))
	ok("unlink sub/back", unlinkFile(tmp, "sub/back"))
	ok("unlink sub/inner", unlinkFile(tmp, "sub/inner"))
	closeFD(sub)
	ok("rmdir sub", removeDirectory(tmp, "sub"))
	ok("unlink file", unlinkFile(tmp, "file"))
	closeFD(tmp)
	ok("remove tmp dir", removeDirectory(c.dir, "confinement.cleanup"))
}

func scenarioNofollowErrors(c *ctx) {
	tmp := c.tmpdir("nofollow_errors.cleanup")
	ok("mkdir target", createDirectory(tmp, "target"))
	ok("symlink -> target", symlink("target", tmp, "symlink"))
	open := func(what string, lookup uint32, oflags uint32, want ...errno) {
		fd, e := pathOpen(tmp, lookup, "symlink", oflags, 0, 0, 0)
		expect(what, e, want...)
		if e == 0 {
			closeFD(fd)
		}
	}
	open("link to a dir, O_DIRECTORY, no follow", 0, O_DIRECTORY, ELOOP, ENOTDIR)
	open("link to a dir, no follow", 0, 0, ELOOP, EACCES)
	open("link to a dir, O_DIRECTORY, FOLLOW", FOLLOW, O_DIRECTORY, ESUCCESS)
	ok("unlink symlink", unlinkFile(tmp, "symlink"))
	ok("rmdir target", removeDirectory(tmp, "target"))
	createFile(tmp, "target")
	ok("symlink -> target", symlink("target", tmp, "symlink"))
	open("link to a file, O_DIRECTORY, no follow", 0, O_DIRECTORY, ELOOP, ENOTDIR)
	open("link to a file, no follow", 0, 0, ELOOP)
	open("link to a file, O_DIRECTORY, FOLLOW", FOLLOW, O_DIRECTORY, ENOTDIR)
	open("link to a file, FOLLOW", FOLLOW, 0, ESUCCESS)
	ok("unlink symlink", unlinkFile(tmp, "symlink"))
	ok("unlink target", unlinkFile(tmp, "target"))
	closeFD(tmp)
	ok("remove tmp dir", removeDirectory(c.dir, "nofollow_errors.cleanup"))
}

func scenarioDanglingSymlink(c *ctx) {
	tmp := c.tmpdir("dangling_symlink.cleanup")
	ok("symlink -> target (dangling)", symlink("target", tmp, "symlink"))
	_, e := pathOpen(tmp, 0, "symlink", O_DIRECTORY, 0, 0, 0)
	expect("open O_DIRECTORY", e, ENOTDIR, ELOOP)
	_, e = pathOpen(tmp, 0, "symlink", 0, 0, 0, 0)
	expect("open", e, ELOOP)
	_, e = pathOpen(tmp, FOLLOW, "symlink", 0, 0, 0, 0)
	expect("open FOLLOW", e, ENOENT)
	st, e := pathFilestatGet(tmp, 0, "symlink")
	ok("lstat", e)
	eq("type", ftName(st.filetype), ftName(FILETYPE_SYMBOLIC_LINK))
	eq("size", st.size, 6)
	_, e = pathFilestatGet(tmp, FOLLOW, "symlink")
	expect("stat FOLLOW", e, ENOENT)
	ok("set the dangling link's own times", pathFilestatSetTimes(tmp, 0, "symlink", 0, 1_000_000_000_000_000_123, MTIM))
	st, _ = pathFilestatGet(tmp, 0, "symlink")
	eq("link mtim", st.mtim, 1_000_000_000_000_000_123)
	expect("set times FOLLOW", pathFilestatSetTimes(tmp, FOLLOW, "symlink", 0, 0, MTIM_NOW), ENOENT)
	ok("unlink", unlinkFile(tmp, "symlink"))
	closeFD(tmp)
	ok("remove tmp dir", removeDirectory(c.dir, "dangling_symlink.cleanup"))
}

func scenarioSymlinkLoop(c *ctx) {
	tmp := c.tmpdir("symlink_loop.cleanup")
	ok("symlink symlink -> symlink", symlink("symlink", tmp, "symlink"))
	_, e := pathOpen(tmp, 0, "symlink", 0, 0, 0, 0)
	expect("open", e, ELOOP)
	_, e = pathOpen(tmp, FOLLOW, "symlink", 0, 0, 0, 0)
	expect("open FOLLOW", e, ELOOP)
	_, e = pathFilestatGet(tmp, FOLLOW, "symlink")
	expect("stat FOLLOW", e, ELOOP)
	ok("symlink a -> b", symlink("b", tmp, "a"))
	ok("symlink b -> a", symlink("a", tmp, "b"))
	_, e = pathOpen(tmp, 0, "a/x", 0, 0, 0, 0)
	expect("open a/x", e, ELOOP)
	for _, n := range []string{"symlink", "a", "b"} {
		ok("unlink "+n, unlinkFile(tmp, n))
	}
	closeFD(tmp)
	ok("remove tmp dir", removeDirectory(c.dir, "symlink_loop.cleanup"))
}

func scenarioSymlinkCreate(c *ctx) {
	tmp := c.tmpdir("symlink_create.cleanup")
	createFile(tmp, "file")
	ok("symlink -> file", symlink("file", tmp, "link"))
	fd, e := pathOpen(tmp, FOLLOW, "link", 0, FD_READ, 0, 0)
	ok("open link FOLLOW", e)
	closeFD(fd)
	ok("unlink link", unlinkFile(tmp, "link"))
	ok("mkdir dir", createDirectory(tmp, "dir"))
	ok("symlink -> dir", symlink("dir", tmp, "link"))
	fd, e = pathOpen(tmp, FOLLOW, "link", O_DIRECTORY, 0, 0, 0)
	ok("open link FOLLOW O_DIRECTORY", e)
	closeFD(fd)
	ok("unlink link", unlinkFile(tmp, "link"))
	e = symlink("/", tmp, "link")
	must(e != 0, "path_symlink(\"/\") succeeded")
	say("path_symlink(/) fails")
	ok("symlink with an odd relative target", symlink("a/../b/./c//", tmp, "odd"))
	buf := make([]byte, 64)
	n, e := readlink(tmp, "odd", buf)
	ok("readlink odd", e)
	eq("target kept verbatim", string(buf[:n]), "a/../b/./c//")
	ok("unlink odd", unlinkFile(tmp, "odd"))
	ok("unlink file", unlinkFile(tmp, "file"))
	ok("rmdir dir", removeDirectory(tmp, "dir"))
	closeFD(tmp)
	ok("remove tmp dir", removeDirectory(c.dir, "symlink_create.cleanup"))
}

func scenarioPathExists(c *ctx) {
	tmp := c.tmpdir("path_exists.cleanup")
	ok("mkdir subdir", createDirectory(tmp, "subdir"))
	createFile(tmp, "subdir/file")
	check := func(path string, flags uint32, want uint8) {
		st, e := pathFilestatGet(tmp, flags, path)
		f := ""
		if flags != 0 {
			f = " FOLLOW"
		}
		ok("path_filestat_get("+path+f+")", e)
		eq("type", ftName(st.filetype), ftName(want))
	}
	check("subdir", 0, FILETYPE_DIRECTORY)
	check("subdir", FOLLOW, FILETYPE_DIRECTORY)
	check("subdir/file", 0, FILETYPE_REGULAR_FILE)
	check("subdir/file", FOLLOW, FILETYPE_REGULAR_FILE)
	ok("symlink link1 -> subdir/file", symlink("subdir/file", tmp, "link1"))
	check("link1", 0, FILETYPE_SYMBOLIC_LINK)
	check("link1", FOLLOW, FILETYPE_REGULAR_FILE)
	ok("symlink link2 -> subdir", symlink("subdir", tmp, "link2"))
	check("link2", 0, FILETYPE_SYMBOLIC_LINK)
	check("link2", FOLLOW, FILETYPE_DIRECTORY)
	check("link2/", 0, FILETYPE_DIRECTORY)
	check("link2/file", 0, FILETYPE_REGULAR_FILE)
	ok("unlink link1", unlinkFile(tmp, "link1"))
	ok("unlink link2", unlinkFile(tmp, "link2"))
	ok("unlink file", unlinkFile(tmp, "subdir/file"))
	ok("rmdir subdir", removeDirectory(tmp, "subdir"))
	closeFD(tmp)
	ok("remove tmp dir", removeDirectory(c.dir, "path_exists.cleanup"))
}

func scenarioPathFilestat(c *ctx) {
	tmp := c.tmpdir("path_filestat.cleanup")
	st, _ := fdstatGet(tmp)
	must(st.base&PATH_FILESTAT_GET != 0, "dir lacks PATH_FILESTAT_GET")
	fd, e := pathOpen(tmp, 0, "file", O_CREAT, FD_READ|FD_WRITE|PATH_FILESTAT_GET, 0, FDFLAGS_APPEND|FDFLAGS_SYNC)
	expect("open APPEND|SYNC", e, ESUCCESS, ENOTSUP)
	if e == ENOTSUP {
		fd = openFile(tmp, 0, "file", O_CREAT, FD_READ|FD_WRITE|PATH_FILESTAT_GET, 0, FDFLAGS_APPEND)
		fst, _ := fdstatGet(fd)
		eq("fs_flags", fst.flags, uint16(FDFLAGS_APPEND))
	} else {
		fst, _ := fdstatGet(fd)
		eq("fs_flags", fst.flags, uint16(FDFLAGS_APPEND|FDFLAGS_SYNC))
	}
	fs, e := pathFilestatGet(tmp, 0, "file")
	ok("path_filestat_get", e)
	eq("size", fs.size, 0)
	newT := fs.mtim - 100
	ok("path_filestat_set_times(MTIM)", pathFilestatSetTimes(tmp, 0, "file", 0, newT, MTIM))
	fs2, _ := pathFilestatGet(tmp, 0, "file")
	must(fs2.mtim == newT, "mtim %d, want exactly %d", fs2.mtim, newT)
	must(fs2.atim == fs.atim, "atim changed from %d to %d", fs.atim, fs2.atim)
	say("mtim set to the nanosecond, atim unchanged")
	expect("path_filestat_set_times(MTIM|MTIM_NOW)", pathFilestatSetTimes(tmp, 0, "file", 0, 1, MTIM|MTIM_NOW), EINVAL)
	expect("path_filestat_set_times(ATIM|ATIM_NOW)", pathFilestatSetTimes(tmp, 0, "file", 1, 0, ATIM|ATIM_NOW), EINVAL)
	fs3, _ := pathFilestatGet(tmp, 0, "file")
	must(fs3.mtim == newT && fs3.atim == fs.atim, "a failed call changed the times")
	say("failed calls changed nothing")
	atim := fs.atim - 1_000_000_007
	ok("path_filestat_set_times(ATIM)", pathFilestatSetTimes(tmp, 0, "file", atim, 0, ATIM))
	fs4, _ := pathFilestatGet(tmp, 0, "file")
	must(fs4.atim == atim && fs4.mtim == newT, "ATIM: atim %d mtim %d, want %d %d", fs4.atim, fs4.mtim, atim, newT)
	say("atim set, mtim unchanged")
	expect("path_filestat_set_times(missing)", pathFilestatSetTimes(tmp, 0, "missing", 0, 0, MTIM_NOW), ENOENT)
	closeFD(fd)
	ok("unlink", unlinkFile(tmp, "file"))
	closeFD(tmp)
	ok("remove tmp dir", removeDirectory(c.dir, "path_filestat.cleanup"))
}

// symlink_filestat: without FOLLOW, path_filestat_* act on the link itself.
func scenarioSymlinkFilestat(c *ctx) {
	tmp := c.tmpdir("symlink_filestat.cleanup")
	fd := openFile(tmp, 0, "file", O_CREAT, FD_READ|FD_WRITE|PATH_FILESTAT_GET, 0, 0)
	closeFD(fd)
	file, _ := pathFilestatGet(tmp, 0, "file")
	eq("file size", file.size, 0)
	ok("symlink -> file", symlink("file", tmp, "symlink"))
	sym, e := pathFilestatGet(tmp, 0, "symlink")
	ok("lstat symlink", e)
	eq("symlink type", ftName(sym.filetype), ftName(FILETYPE_SYMBOLIC_LINK))
	must(sym.ino != file.ino, "the link has the file's ino")
	newT := sym.mtim - 200
	ok("path_filestat_set_times(symlink, MTIM) without FOLLOW", pathFilestatSetTimes(tmp, 0, "symlink", 0, newT, MTIM))
	sym2, _ := pathFilestatGet(tmp, 0, "symlink")
	must(sym2.mtim == newT, "the link's mtim %d, want %d", sym2.mtim, newT)
	file2, _ := pathFilestatGet(tmp, 0, "file")
	must(file2.mtim == file.mtim, "the file's mtim changed")
	say("the link's own mtim changed, the file's did not")
	viaLink, _ := pathFilestatGet(tmp, FOLLOW, "symlink")
	must(viaLink.mtim == file.mtim && viaLink.ino == file.ino, "FOLLOW stat is not the file")
	say("FOLLOW stat is the file")
	ok("path_filestat_set_times(symlink, MTIM) with FOLLOW", pathFilestatSetTimes(tmp, FOLLOW, "symlink", 0, sym.mtim, MTIM))
	file3, _ := pathFilestatGet(tmp, 0, "file")
	must(file3.mtim == sym.mtim, "FOLLOW did not set the file's mtim: %d, want %d", file3.mtim, sym.mtim)
	sym3, _ := pathFilestatGet(tmp, 0, "symlink")
	must(sym3.mtim == newT, "FOLLOW changed the link's mtim")
	say("FOLLOW set the file's mtim")
	ok("unlink symlink", unlinkFile(tmp, "symlink"))
	ok("unlink file", unlinkFile(tmp, "file"))
	closeFD(tmp)
	ok("remove tmp dir", removeDirectory(c.dir, "symlink_filestat.cleanup"))
}

const linkRights = FD_READ | PATH_LINK_SOURCE | PATH_LINK_TARGET | FD_FILESTAT_GET | PATH_OPEN | PATH_UNLINK_FILE

// sameFile compares what the suite's path_link compares.
func sameFile(a, b uint32) {
	sa, _ := filestatGet(a)
	sb, _ := filestatGet(b)
	must(sa.dev == sb.dev && sa.ino == sb.ino, "dev/ino differ: %d/%d vs %d/%d", sa.dev, sa.ino, sb.dev, sb.ino)
	must(sa.atim == sb.atim && sa.mtim == sb.mtim && sa.ctim == sb.ctim, "times differ: %+v vs %+v", sa, sb)
	must(sa.size == sb.size && sa.nlink == sb.nlink && sa.filetype == sb.filetype, "size/nlink/type differ: %+v vs %+v", sa, sb)
	fa, _ := fdstatGet(a)
	fb, _ := fdstatGet(b)
	must(fa == fb, "fdstat differs: %+v vs %+v", fa, fb)
	say("both names are one file (nlink %d)", sa.nlink)
}

func scenarioPathLink(c *ctx) {
	tmp := c.tmpdir("path_link.cleanup")
	createFile(tmp, "file")
	ok("path_link(file, link)", link(tmp, 0, "file", tmp, "link"))
	a := openFile(tmp, 0, "file", 0, linkRights, linkRights, 0)
	b := openFile(tmp, 0, "link", 0, linkRights, linkRights, 0)
	sameFile(a, b)
	closeFD(b)
	ok("unlink link", unlinkFile(tmp, "link"))

	ok("mkdir subdir", createDirectory(tmp, "subdir"))
	sub, e := pathOpen(tmp, 0, "subdir", O_DIRECTORY, linkRights, linkRights, 0)
	ok("open subdir O_DIRECTORY with FD_READ", e)
	ok("path_link(file, subdir/link)", link(tmp, 0, "file", sub, "link"))
	b = openFile(sub, 0, "link", 0, linkRights, linkRights, 0)
	sameFile(a, b)
	closeFD(b)
	ok("unlink subdir/link", unlinkFile(sub, "link"))
	closeFD(a)

	createFile(tmp, "link")
	expect("link onto an existing file", link(tmp, 0, "file", tmp, "link"), EEXIST)
	ok("unlink link", unlinkFile(tmp, "link"))
	expect("link a file onto itself", link(tmp, 0, "file", tmp, "file"), EEXIST)
	expect("link onto a directory", link(tmp, 0, "file", tmp, "subdir"), EEXIST)
	expect("link onto subdir/", link(tmp, 0, "file", tmp, "subdir/"), EEXIST)
	expect("link a directory", link(tmp, 0, "subdir", tmp, "link"), EPERM, EACCES)
	expect("link onto link/", link(tmp, 0, "file", tmp, "link/"), ENOENT)
	expect("link file/", link(tmp, 0, "file/", tmp, "link"), ENOTDIR, ENOENT)
	expect("link a missing file", link(tmp, 0, "missing", tmp, "link"), ENOENT)
	expect("link into a missing dir", link(tmp, 0, "file", tmp, "missing/link"), ENOENT)
	closeFD(sub)
	ok("rmdir subdir", removeDirectory(tmp, "subdir"))
	ok("unlink file", unlinkFile(tmp, "file"))
	closeFD(tmp)
	ok("remove tmp dir", removeDirectory(c.dir, "path_link.cleanup"))
}

// path_link_symlinks: without FOLLOW a hard link names the symlink itself,
// dangling or looping; with FOLLOW a dangling one fails.
func scenarioPathLinkSymlinks(c *ctx) {
	tmp := c.tmpdir("path_link_symlinks.cleanup")
	ok("symlink -> target (dangling)", symlink("target", tmp, "symlink"))
	ok("link the dangling symlink", link(tmp, 0, "symlink", tmp, "link"))
	st, _ := pathFilestatGet(tmp, 0, "link")
	eq("link type", ftName(st.filetype), ftName(FILETYPE_SYMBOLIC_LINK))
	eq("nlink", st.nlink, 2)
	buf := make([]byte, 16)
	n, e := readlink(tmp, "link", buf)
	ok("readlink link", e)
	eq("link target", string(buf[:n]), "target")
	ok("unlink link", unlinkFile(tmp, "link"))
	ok("symlink loop -> loop", symlink("loop", tmp, "loop"))
	ok("link the loop", link(tmp, 0, "loop", tmp, "link"))
	ok("unlink link", unlinkFile(tmp, "link"))
	ok("unlink loop", unlinkFile(tmp, "loop"))
	createFile(tmp, "file")
	expect("link onto the dangling symlink", link(tmp, 0, "file", tmp, "symlink"), EEXIST)
	expect("link FOLLOW a dangling symlink", link(tmp, FOLLOW, "symlink", tmp, "link"), EINVAL, ENOENT)
	ok("symlink flink -> file", symlink("file", tmp, "flink"))
	e = link(tmp, FOLLOW, "flink", tmp, "link")
	ok("link FOLLOW a symlink to a file", e)
	st, _ = pathFilestatGet(tmp, 0, "link")
	eq("FOLLOW linked the target", ftName(st.filetype), ftName(FILETYPE_REGULAR_FILE))
	eq("nlink of the file", st.nlink, 2)
	for _, n := range []string{"link", "flink", "symlink", "file"} {
		ok("unlink "+n, unlinkFile(tmp, n))
	}
	closeFD(tmp)
	ok("remove tmp dir", removeDirectory(c.dir, "path_link_symlinks.cleanup"))
}

func scenarioPathRename(c *ctx) {
	tmp := c.tmpdir("path_rename.cleanup")
	opens := func(path string, oflags uint32, want errno) {
		fd, e := pathOpen(tmp, 0, path, oflags, 0, 0, 0)
		expect("open "+path, e, want)
		if e == 0 {
			closeFD(fd)
		}
	}
	// Directory to a new name.
	ok("mkdir source", createDirectory(tmp, "source"))
	ok("rename dir -> new name", rename(tmp, "source", tmp, "target"))
	opens("source", O_DIRECTORY, ENOENT)
	opens("target", O_DIRECTORY, ESUCCESS)
	// Directory over an empty directory.
	ok("mkdir source", createDirectory(tmp, "source"))
	ok("rename dir -> empty dir", rename(tmp, "source", tmp, "target"))
	opens("source", O_DIRECTORY, ENOENT)
	// Directory over a non-empty directory.
	ok("mkdir source", createDirectory(tmp, "source"))
	createFile(tmp, "target/file")
	expect("rename dir -> non-empty dir", rename(tmp, "source", tmp, "target"), ENOTEMPTY, EACCES)
	// Directory over a file.
	e := rename(tmp, "source", tmp, "target/file")
	expect("rename dir -> file", e, ENOTDIR, ESUCCESS)
	if e == 0 {
		ok("rmdir target/file", removeDirectory(tmp, "target/file"))
	} else {
		ok("unlink target/file", unlinkFile(tmp, "target/file"))
		ok("rmdir source", removeDirectory(tmp, "source"))
	}
	ok("rmdir target", removeDirectory(tmp, "target"))
	// A directory into itself.
	ok("mkdir source", createDirectory(tmp, "source"))
	ok("mkdir source/sub", createDirectory(tmp, "source/sub"))
	expect("rename dir into itself", rename(tmp, "source", tmp, "source/sub/x"), EINVAL)
	ok("rename dir onto itself", rename(tmp, "source", tmp, "source"))
	ok("rmdir source/sub", removeDirectory(tmp, "source/sub"))
	ok("rmdir source", removeDirectory(tmp, "source"))
	// Files.
	createFile(tmp, "source")
	ok("rename file -> new name", rename(tmp, "source", tmp, "target"))
	opens("source", 0, ENOENT)
	opens("target", 0, ESUCCESS)
	createFile(tmp, "source")
	fd := openFile(tmp, 0, "source", 0, FD_WRITE|FD_FILESTAT_GET, 0, 0)
	fdWrite(fd, []byte("source"))
	srcIno, _ := filestatGet(fd)
	ok("rename file -> existing file", rename(tmp, "source", tmp, "target"))
	opens("source", 0, ENOENT)
	st, _ := pathFilestatGet(tmp, 0, "target")
	must(st.ino == srcIno.ino && st.size == 6, "target is not the old source")
	say("target is the old source")
	n, e := fdWrite(fd, []byte("!"))
	ok("write through the fd after rename", e)
	eq("nwritten", n, 1)
	closeFD(fd)
	ok("mkdir dir", createDirectory(tmp, "dir"))
	expect("rename file -> empty dir", rename(tmp, "target", tmp, "dir"), EISDIR, EACCES)
	expect("rename file -> new/", rename(tmp, "target", tmp, "new/"), ENOTDIR, ENOENT)
	expect("rename file/ -> new", rename(tmp, "target/", tmp, "new"), ENOTDIR, ENOENT)
	expect("rename missing", rename(tmp, "missing", tmp, "new"), ENOENT)
	expect("rename into a missing dir", rename(tmp, "target", tmp, "missing/new"), ENOENT)
	ok("rename file onto itself", rename(tmp, "target", tmp, "target"))
	// A symlink is renamed, not followed.
	ok("symlink link -> dir", symlink("dir", tmp, "link"))
	ok("rename symlink", rename(tmp, "link", tmp, "link2"))
	st, _ = pathFilestatGet(tmp, 0, "link2")
	eq("renamed link type", ftName(st.filetype), ftName(FILETYPE_SYMBOLIC_LINK))
	ok("unlink link2", unlinkFile(tmp, "link2"))
	ok("rmdir dir", removeDirectory(tmp, "dir"))
	ok("unlink target", unlinkFile(tmp, "target"))
	closeFD(tmp)
	ok("remove tmp dir", removeDirectory(c.dir, "path_rename.cleanup"))
}

func scenarioRenameTrailingSlashes(c *ctx) {
	tmp := c.tmpdir("rename_dir_trailing_slashes.cleanup")
	ok("mkdir source", createDirectory(tmp, "source"))
	ok("rename(source/, target)", rename(tmp, "source/", tmp, "target"))
	ok("rename(target, source/)", rename(tmp, "target", tmp, "source/"))
	ok("rename(source/, target/)", rename(tmp, "source/", tmp, "target/"))
	ok("rename(target, source)", rename(tmp, "target", tmp, "source"))
	ok("rename(source///, target//)", rename(tmp, "source///", tmp, "target//"))
	ok("rmdir target", removeDirectory(tmp, "target"))
	closeFD(tmp)
	ok("remove tmp dir", removeDirectory(c.dir, "rename_dir_trailing_slashes.cleanup"))
}

func scenarioRemoveDirectory(c *ctx) {
	tmp := c.tmpdir("remove_directory.cleanup")
	ok("mkdir dir", createDirectory(tmp, "dir"))
	ok("rmdir dir", removeDirectory(tmp, "dir"))
	ok("mkdir dir", createDirectory(tmp, "dir"))
	ok("rmdir dir/", removeDirectory(tmp, "dir/"))
	createFile(tmp, "file")
	expect("rmdir file", removeDirectory(tmp, "file"), ENOTDIR)
	expect("rmdir file/", removeDirectory(tmp, "file/"), ENOTDIR, ENOENT)
	expect("rmdir missing", removeDirectory(tmp, "missing"), ENOENT)
	ok("mkdir dir", createDirectory(tmp, "dir"))
	ok("mkdir dir/nested", createDirectory(tmp, "dir/nested"))
	expect("rmdir a non-empty dir", removeDirectory(tmp, "dir"), ENOTEMPTY)
	expect("rmdir dir/nested/.", removeDirectory(tmp, "dir/nested/."), EINVAL, EBUSY)
	expect("rmdir dir/nested/..", removeDirectory(tmp, "dir/nested/.."), ENOTEMPTY, EBUSY, EINVAL)
	ok("symlink link -> dir/nested", symlink("dir/nested", tmp, "link"))
	expect("rmdir a symlink to a dir", removeDirectory(tmp, "link"), ENOTDIR)
	ok("unlink link", unlinkFile(tmp, "link"))
	ok("rmdir dir/nested", removeDirectory(tmp, "dir/nested"))
	ok("rmdir dir", removeDirectory(tmp, "dir"))
	ok("unlink file", unlinkFile(tmp, "file"))
	closeFD(tmp)
	ok("remove tmp dir", removeDirectory(c.dir, "remove_directory.cleanup"))
}

func scenarioUnlinkFile(c *ctx) {
	tmp := c.tmpdir("unlink_file.cleanup")
	ok("mkdir dir", createDirectory(tmp, "dir"))
	createFile(tmp, "file")
	expect("unlink dir", unlinkFile(tmp, "dir"), EISDIR, EPERM, EACCES)
	expect("unlink dir/", unlinkFile(tmp, "dir/"), EISDIR, EPERM, EACCES)
	expect("unlink file/", unlinkFile(tmp, "file/"), ENOTDIR, ENOENT)
	expect("unlink missing", unlinkFile(tmp, "missing"), ENOENT)
	ok("unlink file", unlinkFile(tmp, "file"))
	_, e := pathFilestatGet(tmp, 0, "file")
	expect("stat file", e, ENOENT)
	ok("symlink dangling -> nowhere", symlink("nowhere", tmp, "dangling"))
	ok("unlink dangling", unlinkFile(tmp, "dangling"))
	ok("symlink loop -> loop", symlink("loop", tmp, "loop"))
	ok("unlink loop", unlinkFile(tmp, "loop"))
	ok("symlink dirlink -> dir", symlink("dir", tmp, "dirlink"))
	ok("unlink dirlink", unlinkFile(tmp, "dirlink"))
	st, e := pathFilestatGet(tmp, 0, "dir")
	ok("dir is still there", e)
	eq("type", ftName(st.filetype), ftName(FILETYPE_DIRECTORY))
	ok("rmdir dir", removeDirectory(tmp, "dir"))
	closeFD(tmp)
	ok("remove tmp dir", removeDirectory(c.dir, "unlink_file.cleanup"))
}

// dangling_fd: names can be removed while open and made again; the open
// descriptor keeps working on the old file.
func scenarioDanglingFD(c *ctx) {
	tmp := c.tmpdir("dangling_fd.cleanup")
	fd := openFile(tmp, 0, "file", O_CREAT, FD_READ|FD_WRITE|FD_SEEK|FD_FILESTAT_GET, 0, 0)
	fdWrite(fd, []byte("old"))
	ok("unlink the open file", unlinkFile(tmp, "file"))
	fd2, e := pathOpen(tmp, 0, "file", O_CREAT, FD_READ|FD_FILESTAT_GET, 0, 0)
	ok("create it again", e)
	st, _ := filestatGet(fd)
	eq("nlink of the unlinked file", st.nlink, 0)
	eq("size of the unlinked file", st.size, 3)
	st2, _ := filestatGet(fd2)
	must(st2.ino != st.ino, "the new file has the old ino")
	eq("size of the new file", st2.size, 0)
	n, e := fdWrite(fd, []byte("er"))
	ok("write to the unlinked file", e)
	eq("nwritten", n, 2)
	fdSeek(fd, 0, WHENCE_SET)
	buf := make([]byte, 8)
	n, _ = fdRead(fd, buf)
	eq("read the unlinked file", string(buf[:n]), "older")
	closeFD(fd)
	closeFD(fd2)
	ok("unlink again", unlinkFile(tmp, "file"))
	ok("mkdir subdir", createDirectory(tmp, "subdir"))
	d := openFile(tmp, 0, "subdir", O_DIRECTORY, tmpBase, tmpInh, 0)
	ok("rmdir the open directory", removeDirectory(tmp, "subdir"))
	ok("mkdir it again", createDirectory(tmp, "subdir"))
	closeFD(d)
	ok("rmdir subdir", removeDirectory(tmp, "subdir"))
	closeFD(tmp)
	ok("remove tmp dir", removeDirectory(c.dir, "dangling_fd.cleanup"))
}

func scenarioCreateDirectory(c *ctx) {
	tmp := c.tmpdir("create_directory.cleanup")
	ok("mkdir dir", createDirectory(tmp, "dir"))
	expect("mkdir dir again", createDirectory(tmp, "dir"), EEXIST)
	createFile(tmp, "file")
	expect("mkdir over a file", createDirectory(tmp, "file"), EEXIST)
	expect("mkdir missing/sub", createDirectory(tmp, "missing/sub"), ENOENT)
	expect("mkdir file/sub", createDirectory(tmp, "file/sub"), ENOTDIR)
	ok("mkdir new/", createDirectory(tmp, "new/"))
	expect("mkdir .", createDirectory(tmp, "."), EEXIST)
	expect("mkdir empty path", createDirectory(tmp, ""), ENOENT)
	ok("symlink dangling -> nowhere", symlink("nowhere", tmp, "dangling"))
	expect("mkdir over a dangling symlink", createDirectory(tmp, "dangling"), EEXIST)
	expect("mkdir dangling/", createDirectory(tmp, "dangling/"), EEXIST)
	expect("mkdir file/", createDirectory(tmp, "file/"), EEXIST)
	expect("mkdir dir/", createDirectory(tmp, "dir/"), EEXIST)
	_, e := pathFilestatGet(tmp, 0, "nowhere")
	expect("nothing was made where the link points", e, ENOENT)
	var st filestat
	st, e = pathFilestatGet(tmp, 0, "new")
	ok("stat new", e)
	eq("type", ftName(st.filetype), ftName(FILETYPE_DIRECTORY))
	ok("unlink dangling", unlinkFile(tmp, "dangling"))
	ok("rmdir new", removeDirectory(tmp, "new"))
	ok("rmdir dir", removeDirectory(tmp, "dir"))
	ok("unlink file", unlinkFile(tmp, "file"))
	closeFD(tmp)
	ok("remove tmp dir", removeDirectory(c.dir, "create_directory.cleanup"))
}

func scenarioSymlinkTrailingSlashes(c *ctx) {
	tmp := c.tmpdir("symlink_trailing_slashes.cleanup")
	expect("symlink(source, target/) dangling", symlink("source", tmp, "target/"), ENOENT)
	ok("symlink(source, target)", symlink("source", tmp, "target"))
	ok("unlink target", unlinkFile(tmp, "target"))
	ok("mkdir target", createDirectory(tmp, "target"))
	expect("symlink(source, target/) over a dir", symlink("source", tmp, "target/"), EEXIST, ENOENT)
	expect("symlink(source, target) over a dir", symlink("source", tmp, "target"), EEXIST, ENOENT)
	ok("rmdir target", removeDirectory(tmp, "target"))
	createFile(tmp, "target")
	expect("symlink(source, target/) over a file", symlink("source", tmp, "target/"), ENOTDIR, ENOENT, EEXIST)
	expect("symlink(source, target) over a file", symlink("source", tmp, "target"), EEXIST, ENOENT)
	ok("unlink target", unlinkFile(tmp, "target"))
	closeFD(tmp)
	ok("remove tmp dir", removeDirectory(c.dir, "symlink_trailing_slashes.cleanup"))
}

func scenarioReadlink(c *ctx) {
	tmp := c.tmpdir("readlink.cleanup")
	createFile(tmp, "target")
	ok("symlink -> target", symlink("target", tmp, "symlink"))
	buf := bytes.Repeat([]byte{0xAA}, 10)
	n, e := readlink(tmp, "symlink", buf)
	ok("readlink(10-byte buffer)", e)
	eq("bufused", n, 6)
	eq("target", string(buf[:6]), "target")
	must(bytes.Equal(buf[6:], []byte{0xAA, 0xAA, 0xAA, 0xAA}), "bytes past bufused were written: %v", buf[6:])
	say("nothing written past bufused")
	buf = bytes.Repeat([]byte{0xAA}, 8)
	n, e = readlink(tmp, "symlink", buf[:4])
	ok("readlink(4-byte buffer)", e)
	eq("bufused", n, 4)
	eq("truncated", string(buf[:4]), "targ")
	must(bytes.Equal(buf[4:], []byte{0xAA, 0xAA, 0xAA, 0xAA}), "bytes past the buffer were written")
	n, e = readlink(tmp, "symlink", nil)
	ok("readlink(0-byte buffer)", e)
	eq("bufused", n, 0)
	_, e = readlink(tmp, "target", buf)
	expect("readlink(a file)", e, EINVAL)
	_, e = readlink(tmp, "missing", buf)
	expect("readlink(missing)", e, ENOENT)
	_, e = readlink(tmp, ".", buf)
	expect("readlink(.)", e, EINVAL)
	ok("unlink symlink", unlinkFile(tmp, "symlink"))
	ok("unlink target", unlinkFile(tmp, "target"))
	closeFD(tmp)
	ok("remove tmp dir", removeDirectory(c.dir, "readlink.cleanup"))
}
