//go:build wasip1

package main

import (
	"bytes"
	"strconv"
)

// Scenarios about descriptors: preopens, rights, fdstat, renumber, close,
// read/write/seek, pread/pwrite, filestat, times, allocate, readdir.

func init() {
	register("preopens", true, scenarioPreopens)
	register("close_preopen", true, scenarioClosePreopen)
	register("overwrite_preopen", true, scenarioOverwritePreopen)
	register("renumber", true, scenarioRenumber)
	register("renumber_stdio", true, scenarioRenumberStdio)
	register("fdstat", true, scenarioFdstat)
	register("fd_fdstat_set_rights", true, scenarioSetRights)
	register("truncation_rights", true, scenarioTruncationRights)
	register("rights_masking", true, scenarioRightsMasking)
	register("path_open_read_write", true, scenarioPathOpenReadWrite)
	register("fd_flags_set", true, scenarioFdFlagsSet)
	register("pwrite_append", true, scenarioPwriteAppend)
	register("file_pread_pwrite", true, scenarioPreadPwrite)
	register("file_seek_tell", true, scenarioSeekTell)
	register("file_truncation", true, scenarioFileTruncation)
	register("file_unbuffered_write", true, scenarioUnbufferedWrite)
	register("fd_advise", true, scenarioFdAdvise)
	register("file_allocate", true, scenarioFileAllocate)
	register("fd_filestat_set", true, scenarioFdFilestatSet)
	register("fstflags_validate", true, scenarioFstflagsValidate)
	register("filestat", true, scenarioFilestat)
	register("dir_fd_op_failures", true, scenarioDirFdOpFailures)
	register("directory_seek", true, scenarioDirectorySeek)
	register("fd_readdir", true, scenarioReaddir)
	register("fd_readdir_big", true, scenarioReaddirBig)
}

const fileRW = FD_READ | FD_WRITE | FD_SEEK | FD_TELL

func scenarioPreopens(c *ctx) {
	tag, n, e := prestatGet(c.pre)
	ok("fd_prestat_get(preopen)", e)
	eq("prestat tag", tag, 0)
	eq("pr_name_len", n, uint32(len(c.preName)))
	_, e = prestatDirName(c.pre, 0)
	expect("fd_prestat_dir_name(len 0)", e, EINVAL, ENAMETOOLONG)
	name, e := prestatDirName(c.pre, n+1)
	ok("fd_prestat_dir_name(len+1)", e)
	eq("preopen name", name, c.preName)
	// The first descriptor after the preopens is not one.
	last := c.pre
	for fd := c.pre + 1; ; fd++ {
		if _, _, e := prestatGet(fd); e != 0 {
			break
		}
		last = fd
	}
	must(c.dir == last+1, "the scratch directory fd %d is not right after the preopens (last %d)", c.dir, last)
	_, _, e = prestatGet(c.dir)
	expect("fd_prestat_get(after the preopens)", e, EBADF)

	st, e := fdstatGet(c.pre)
	ok("fd_fdstat_get(preopen)", e)
	eq("preopen filetype", ftName(st.filetype), ftName(FILETYPE_DIRECTORY))
	eq("preopen fs_flags", st.flags, 0)
	const needBase = PATH_CREATE_DIRECTORY | PATH_CREATE_FILE | PATH_LINK_SOURCE | PATH_LINK_TARGET |
		PATH_OPEN | FD_READDIR | PATH_READLINK | PATH_RENAME_SOURCE | PATH_RENAME_TARGET |
		PATH_SYMLINK | PATH_REMOVE_DIRECTORY | PATH_UNLINK_FILE | PATH_FILESTAT_GET |
		PATH_FILESTAT_SET_TIMES | FD_FILESTAT_GET | FD_FILESTAT_SET_TIMES
	const needInh = needBase | FD_DATASYNC | FD_READ | FD_SEEK | FD_FDSTAT_SET_FLAGS | FD_SYNC |
		FD_TELL | FD_WRITE | FD_ADVISE | FD_ALLOCATE | FD_FILESTAT_GET | FD_FILESTAT_SET_SIZE |
		FD_FILESTAT_SET_TIMES | POLL_FD_READWRITE
	must(st.base&needBase == needBase, "preopen base lacks %s", rightsString(needBase&^st.base))
	must(st.inh&needInh == needInh, "preopen inheriting lacks %s", rightsString(needInh&^st.inh))
	must(st.base&(FD_SEEK|FD_TELL|FD_WRITE|FD_FILESTAT_SET_SIZE) == 0, "preopen base has %s", rightsString(st.base&(FD_SEEK|FD_TELL|FD_WRITE|FD_FILESTAT_SET_SIZE)))
	say("preopen base = %s", rightsString(st.base))
	say("preopen inheriting = %s", rightsString(st.inh))

	// path_open_preopen: reopening "." in several ways.
	try := func(what string, oflags uint32, base, inh uint64, fdflags uint32, want ...errno) {
		fd, e := pathOpen(c.pre, 0, ".", oflags, base, inh, fdflags)
		expect(what, e, want...)
		if e == 0 {
			must(fd > 2, "fd %d", fd)
			closeFD(fd)
		}
	}
	try("open . with the preopen's rights", 0, st.base, st.inh, 0, ESUCCESS)
	try("open . (0, 0, 0)", 0, 0, 0, 0, ESUCCESS)
	try("open . O_DIRECTORY", O_DIRECTORY, 0, 0, 0, ESUCCESS)
	try("open . O_DIRECTORY FD_READ", O_DIRECTORY, FD_READ, 0, 0, ESUCCESS)
	try("open . O_DIRECTORY FD_READ|FD_WRITE", O_DIRECTORY, FD_READ|FD_WRITE, 0, 0, EISDIR)
	try("open . FD_WRITE", 0, FD_WRITE, 0, 0, EISDIR)
	try("open . NONBLOCK", 0, 0, 0, FDFLAGS_NONBLOCK, ESUCCESS)
	try("open . O_DIRECTORY|O_TRUNC", O_DIRECTORY|O_TRUNC, 0, 0, 0, EISDIR)
}

func scenarioClosePreopen(c *ctx) {
	must(c.dir > c.pre, "dir %d <= preopen %d", c.dir, c.pre)
	ok("fd_close(preopen)", errno(fd_close(c.pre)))
	st, e := fdstatGet(c.dir)
	ok("fd_fdstat_get(dir)", e)
	eq("dir filetype", ftName(st.filetype), ftName(FILETYPE_DIRECTORY))
	_, e = fdstatGet(c.pre)
	expect("fd_fdstat_get(closed preopen)", e, EBADF)
	_, _, e = prestatGet(c.pre)
	expect("fd_prestat_get(closed preopen)", e, EBADF)
	expect("fd_close(closed preopen)", errno(fd_close(c.pre)), EBADF)
	createFile(c.dir, "close_preopen.cleanup")
	ok("unlink through the dir", unlinkFile(c.dir, "close_preopen.cleanup"))
	// The next open reuses the lowest free number: the old preopen's.
	fd := openFile(c.dir, 0, ".", O_DIRECTORY, 0, 0, 0)
	eq("reused descriptor", fd, c.pre)
	_, _, e = prestatGet(fd)
	expect("fd_prestat_get(reused)", e, EBADF)
}

func scenarioOverwritePreopen(c *ctx) {
	tmp := c.tmpdir("overwrite_preopen.cleanup")
	must(tmp > 3, "tmp dir fd %d <= 3", tmp)
	before, e := filestatGet(tmp)
	ok("fd_filestat_get(tmp)", e)
	stBefore, _ := fdstatGet(tmp)
	ok("fd_renumber(tmp, preopen)", errno(fd_renumber(tmp, c.pre)))
	after, e := filestatGet(c.pre)
	ok("fd_filestat_get(preopen)", e)
	must(after.dev == before.dev && after.ino == before.ino, "preopen is not the tmp dir: dev/ino %d/%d, want %d/%d", after.dev, after.ino, before.dev, before.ino)
	say("preopen now has the tmp dir's dev and ino")
	st, _ := fdstatGet(c.pre)
	must(st == stBefore, "fdstat %+v, want %+v", st, stBefore)
	_, e = fdstatGet(tmp)
	expect("fd_fdstat_get(tmp)", e, EBADF)
	_, _, e = prestatGet(c.pre)
	expect("fd_prestat_get(renumbered preopen)", e, EBADF)
	ok("fd_close(preopen)", errno(fd_close(c.pre)))
	ok("remove tmp dir", removeDirectory(c.dir, "overwrite_preopen.cleanup"))
}

func scenarioRenumber(c *ctx) {
	tmp := c.tmpdir("renumber.cleanup")
	from := openFile(tmp, 0, "file1", O_CREAT, FD_READ|FD_WRITE|FD_FDSTAT_SET_FLAGS|FD_FILESTAT_GET, 0, 0)
	to := openFile(tmp, 0, "file2", O_CREAT, FD_READ|FD_WRITE|FD_FILESTAT_GET, 0, 0)
	ok("fd_fdstat_set_flags(from, APPEND)", errno(fd_fdstat_set_flags(from, FDFLAGS_APPEND)))
	stFrom, _ := fdstatGet(from)
	fsFrom, _ := filestatGet(from)
	fsTo, _ := filestatGet(to)
	must(fsFrom.ino != fsTo.ino, "file1 and file2 share an inode")
	ok("fd_renumber(from, to)", errno(fd_renumber(from, to)))
	expect("fd_close(from)", errno(fd_close(from)), EBADF)
	st, e := fdstatGet(to)
	ok("fd_fdstat_get(to)", e)
	must(st == stFrom, "fdstat of to %+v, want from's %+v", st, stFrom)
	say("to has from's filetype, flags and rights")
	fs, _ := filestatGet(to)
	must(fs.ino == fsFrom.ino, "to is not file1")
	expect("fd_renumber(to, closed from)", errno(fd_renumber(to, from)), EBADF)
	expect("fd_renumber(closed from, to)", errno(fd_renumber(from, to)), EBADF)
	expect("fd_renumber(0xFFFF, to)", errno(fd_renumber(0xFFFF, to)), EBADF)
	ok("fd_renumber(to, to)", errno(fd_renumber(to, to)))
	_, e = fdstatGet(to)
	ok("fd_fdstat_get(to) after renumbering onto itself", e)
	closeFD(to)
	ok("unlink file1", unlinkFile(tmp, "file1"))
	ok("unlink file2", unlinkFile(tmp, "file2"))
	closeFD(tmp)
	ok("remove tmp dir", removeDirectory(c.dir, "renumber.cleanup"))
}

// renumber_stdio: stdio can be renumbered onto a file descriptor, after
// which the stdio number is closed; the suite's stdio test.
func scenarioRenumberStdio(c *ctx) {
	for _, std := range []uint32{0, 1, 2} {
		s := strconv.Itoa(int(std))
		stStd, _ := fdstatGet(std)
		fd := openFile(c.dir, 0, "stdio_file.cleanup", O_CREAT, 0, 0, 0)
		ok("fd_renumber("+s+", file)", errno(fd_renumber(std, fd)))
		if std == 1 {
			outFD = fd
		}
		if std == 2 {
			errFD = fd
		}
		st, e := fdstatGet(fd)
		ok("fd_fdstat_get(file)", e)
		must(st == stStd, "fdstat of the renumbered fd %+v, want stdio's %+v", st, stStd)
		_, e = fdstatGet(std)
		expect("fd_fdstat_get("+s+")", e, EBADF)
		// Put it back: the lowest free number is std again.
		back, e := pathOpen(c.dir, 0, "stdio_file.cleanup", 0, 0, 0, 0)
		ok2(e, "reopen")
		eq("reopened at", back, std)
		ok("fd_renumber(file, "+s+")", errno(fd_renumber(fd, std)))
		outFD, errFD = 1, 2
		st, _ = fdstatGet(std)
		must(st == stStd, "restored fdstat %+v, want %+v", st, stStd)
		ok("unlink", unlinkFile(c.dir, "stdio_file.cleanup"))
	}
}

func scenarioFdstat(c *ctx) {
	tmp := c.tmpdir("fdstat.cleanup")
	fd := openFile(tmp, 0, "file", O_CREAT, FD_READ|FD_WRITE|FD_FDSTAT_SET_FLAGS, FD_READ, 0)
	st, _ := fdstatGet(fd)
	eq("file filetype", ftName(st.filetype), ftName(FILETYPE_REGULAR_FILE))
	eq("file fs_flags", st.flags, 0)
	eq("file base", rightsString(st.base), rightsString(FD_READ|FD_WRITE|FD_FDSTAT_SET_FLAGS))
	eq("file inheriting", rightsString(st.inh), rightsString(FD_READ))
	ok("fd_fdstat_set_flags(APPEND)", errno(fd_fdstat_set_flags(fd, FDFLAGS_APPEND)))
	st, _ = fdstatGet(fd)
	eq("fs_flags after set", st.flags, uint16(FDFLAGS_APPEND))
	ok("fd_fdstat_set_flags(0)", errno(fd_fdstat_set_flags(fd, 0)))
	st, _ = fdstatGet(fd)
	eq("fs_flags after clear", st.flags, 0)
	expect("fd_fdstat_set_flags(unknown bit)", errno(fd_fdstat_set_flags(fd, 1<<10)), EINVAL)
	closeFD(fd)
	fd = openFile(tmp, 0, "file", 0, FD_READ, 0, 0)
	expect("fd_fdstat_set_flags without FD_FDSTAT_SET_FLAGS", errno(fd_fdstat_set_flags(fd, FDFLAGS_APPEND)), ENOTCAPABLE, EBADF)
	closeFD(fd)

	fd = openFile(tmp, 0, "file", 0, FD_WRITE, 0, FDFLAGS_APPEND)
	st, _ = fdstatGet(fd)
	eq("APPEND open fs_flags", st.flags, uint16(FDFLAGS_APPEND))
	closeFD(fd)
	// path_filestat: APPEND|SYNC either works and is reported, or NOTSUP.
	fd, e := pathOpen(tmp, 0, "file", 0, FD_READ|FD_WRITE|PATH_FILESTAT_GET, 0, FDFLAGS_APPEND|FDFLAGS_SYNC)
	expect("open APPEND|SYNC", e, ESUCCESS, ENOTSUP)
	if e == 0 {
		st, _ = fdstatGet(fd)
		eq("APPEND|SYNC fs_flags", st.flags, uint16(FDFLAGS_APPEND|FDFLAGS_SYNC))
		closeFD(fd)
	}

	st, _ = fdstatGet(tmp)
	eq("dir filetype", ftName(st.filetype), ftName(FILETYPE_DIRECTORY))
	eq("dir fs_flags", st.flags, 0)
	_, e = fdstatGet(0xFFFF)
	expect("fd_fdstat_get(closed)", e, EBADF)
	ok("unlink", unlinkFile(tmp, "file"))
	closeFD(tmp)
	ok("remove tmp dir", removeDirectory(c.dir, "fdstat.cleanup"))
}

// fd_fdstat_set_rights: rights can be dropped, never added, and dropping
// takes effect at once.
func scenarioSetRights(c *ctx) {
	st, _ := fdstatGet(c.dir)
	ok("set_rights(dir, same rights)", errno(fd_fdstat_set_rights(c.dir, st.base, st.inh)))
	tmp := c.tmpdir("set_rights.cleanup")
	fd := openFile(tmp, 0, "file.cleanup", O_CREAT, FD_READ|FD_WRITE|FD_SEEK|FD_TELL, 0, 0)
	n, e := fdWrite(fd, []byte("abcd"))
	ok("write", e)
	eq("nwritten", n, 4)
	_, e = fdSeek(fd, 0, WHENCE_SET)
	ok("seek 0", e)
	buf := make([]byte, 4)
	n, e = fdRead(fd, buf)
	ok("read", e)
	eq("read back", string(buf[:n]), "abcd")
	st, _ = fdstatGet(fd)
	ok("drop READ and WRITE", errno(fd_fdstat_set_rights(fd, st.base&^(FD_READ|FD_WRITE), st.inh)))
	st2, _ := fdstatGet(fd)
	eq("base now", rightsString(st2.base), rightsString(FD_SEEK|FD_TELL))
	_, e = fdRead(fd, buf)
	expect("fd_read without FD_READ", e, EBADF, ENOTCAPABLE)
	_, e = fdWrite(fd, buf)
	expect("fd_write without FD_WRITE", e, EBADF, ENOTCAPABLE)
	_, e = fdPread(fd, 0, buf)
	expect("fd_pread without FD_READ", e, EBADF, ENOTCAPABLE)
	_, e = fdPwrite(fd, 0, buf)
	expect("fd_pwrite without FD_WRITE", e, EBADF, ENOTCAPABLE)
	expect("add rights back", errno(fd_fdstat_set_rights(fd, st2.base|FD_READ|FD_WRITE|FD_SEEK|FD_TELL, st2.inh|FD_READ|FD_WRITE|FD_SEEK|FD_TELL)), ENOTCAPABLE)
	expect("add inheriting", errno(fd_fdstat_set_rights(fd, st2.base, st2.inh|FD_READ)), ENOTCAPABLE)
	_, e = fdSeek(fd, 0, WHENCE_SET)
	ok("seek still works", e)
	ok("drop SEEK", errno(fd_fdstat_set_rights(fd, FD_TELL, 0)))
	_, e = fdSeek(fd, 1, WHENCE_SET)
	expect("fd_seek without FD_SEEK", e, EBADF, ENOTCAPABLE)
	ok("drop everything", errno(fd_fdstat_set_rights(fd, 0, 0)))
	_, e = filestatGet(fd)
	expect("fd_filestat_get without FD_FILESTAT_GET", e, EBADF, ENOTCAPABLE)
	expect("fd_fdstat_set_rights(closed)", errno(fd_fdstat_set_rights(0xFFFF, 0, 0)), EBADF)
	closeFD(fd)
	// A directory that loses PATH_OPEN can no longer open anything, and
	// one without PATH_CREATE_FILE cannot create.
	st, _ = fdstatGet(tmp)
	ok("dir: drop PATH_CREATE_FILE", errno(fd_fdstat_set_rights(tmp, st.base&^PATH_CREATE_FILE, st.inh)))
	_, e = pathOpen(tmp, 0, "new.cleanup", O_CREAT, 0, 0, 0)
	expect("create without PATH_CREATE_FILE", e, ENOTCAPABLE)
	fd = openFile(tmp, 0, "file.cleanup", 0, FD_READ, 0, 0)
	closeFD(fd)
	ok("dir: drop PATH_OPEN", errno(fd_fdstat_set_rights(tmp, st.base&^(PATH_CREATE_FILE|PATH_OPEN), st.inh)))
	_, e = pathOpen(tmp, 0, "file.cleanup", 0, FD_READ, 0, 0)
	expect("open without PATH_OPEN", e, ENOTCAPABLE)
	ok("unlink", unlinkFile(tmp, "file.cleanup"))
	closeFD(tmp)
	ok("remove tmp dir", removeDirectory(c.dir, "set_rights.cleanup"))
}

// truncation_rights, as the suite's test.
func scenarioTruncationRights(c *ctx) {
	tmp := c.tmpdir("truncation_rights.cleanup")
	st, _ := fdstatGet(tmp)
	eq("dir filetype", ftName(st.filetype), ftName(FILETYPE_DIRECTORY))
	eq("dir fs_flags", st.flags, 0)
	must(st.base&FD_FILESTAT_SET_SIZE == 0, "dir base has FD_FILESTAT_SET_SIZE")
	must(st.base&PATH_FILESTAT_SET_SIZE != 0, "dir base lacks PATH_FILESTAT_SET_SIZE")
	createFile(tmp, "file")
	fd := openFile(tmp, 0, "file", 0, FD_WRITE, 0, 0)
	n, e := fdWrite(fd, []byte("content"))
	ok("write", e)
	eq("nwritten", n, 7)
	closeFD(fd)

	fd, e = pathOpen(tmp, 0, "file", O_TRUNC, 0, 0, 0)
	ok("path_open(TRUNC, rights 0)", e)
	closeFD(fd)
	fs, _ := pathFilestatGet(tmp, 0, "file")
	eq("size after TRUNC", fs.size, 0)
	if st.inh&FD_FILESTAT_SET_SIZE != 0 {
		ok("drop inheriting FD_FILESTAT_SET_SIZE", errno(fd_fdstat_set_rights(tmp, st.base, st.inh&^FD_FILESTAT_SET_SIZE)))
	}
	fd, e = pathOpen(tmp, 0, "file", O_TRUNC, 0, 0, 0)
	ok("path_open(TRUNC) without inheriting FD_FILESTAT_SET_SIZE", e)
	closeFD(fd)
	st, _ = fdstatGet(tmp)
	ok("drop PATH_FILESTAT_SET_SIZE", errno(fd_fdstat_set_rights(tmp, st.base&^PATH_FILESTAT_SET_SIZE, st.inh)))
	st2, _ := fdstatGet(tmp)
	must(st2.base&PATH_FILESTAT_SET_SIZE == 0, "PATH_FILESTAT_SET_SIZE still set")
	say("PATH_FILESTAT_SET_SIZE dropped")
	_, e = pathOpen(tmp, 0, "file", O_TRUNC, 0, 0, 0)
	expect("path_open(TRUNC) without PATH_FILESTAT_SET_SIZE", e, EPERM, ENOTCAPABLE)
	ok("unlink", unlinkFile(tmp, "file"))
	closeFD(tmp)
	ok("remove tmp dir", removeDirectory(c.dir, "truncation_rights.cleanup"))
}

// rights_masking: rights asked for at open are masked by the parent's
// inheriting rights and by the file type, never refused.
func scenarioRightsMasking(c *ctx) {
	tmp := c.tmpdir("rights_masking.cleanup")
	const all = 1<<30 - 1
	fd := openFile(tmp, 0, "file", O_CREAT, all, all, 0)
	st, _ := fdstatGet(fd)
	must(st.base&^tmpInh == 0, "file base %s exceeds the parent's inheriting", rightsString(st.base))
	must(st.inh&^tmpInh == 0, "file inheriting %s exceeds the parent's inheriting", rightsString(st.inh))
	must(st.base&(FD_READ|FD_WRITE|FD_SEEK|FD_TELL) == FD_READ|FD_WRITE|FD_SEEK|FD_TELL, "file base %s lacks READ/WRITE/SEEK/TELL", rightsString(st.base))
	fd2 := openFile(tmp, 0, "file", 0, all, all, 0)
	st2, _ := fdstatGet(fd2)
	must(st == st2, "two opens with the same request differ: %+v and %+v", st, st2)
	say("file rights are masked and stable")
	closeFD(fd)
	closeFD(fd2)

	ok("mkdir sub", createDirectory(tmp, "sub"))
	fd = openFile(tmp, 0, "sub", O_DIRECTORY, FD_SEEK|FD_TELL|FD_READDIR|PATH_OPEN|FD_FILESTAT_GET, FD_READ, 0)
	st, _ = fdstatGet(fd)
	must(st.base&(FD_SEEK|FD_TELL) == 0, "directory kept %s", rightsString(st.base&(FD_SEEK|FD_TELL)))
	must(st.base&(FD_READDIR|PATH_OPEN|FD_FILESTAT_GET) == FD_READDIR|PATH_OPEN|FD_FILESTAT_GET, "directory base %s", rightsString(st.base))
	eq("directory inheriting", rightsString(st.inh), rightsString(FD_READ))
	// Beneath it, only FD_READ can be inherited: FD_WRITE is masked.
	f, e := pathOpen(fd, 0, "f2", O_CREAT, FD_READ|FD_WRITE, 0, 0)
	expect("create without PATH_CREATE_FILE", e, ENOTCAPABLE)
	closeFD(fd)
	// Opened from the scratch directory, whose inheriting rights include
	// PATH_CREATE_FILE (the tmp directory's do not).
	fd = openFile(c.dir, 0, "rights_masking.cleanup/sub", O_DIRECTORY, PATH_OPEN|PATH_CREATE_FILE, FD_READ, 0)
	f = openFile(fd, 0, "f2", O_CREAT, FD_READ|FD_WRITE, 0, 0)
	st, _ = fdstatGet(f)
	eq("inherited base", rightsString(st.base), rightsString(FD_READ))
	_, e = fdWrite(f, []byte("x"))
	expect("fd_write on a masked fd", e, EBADF, ENOTCAPABLE)
	closeFD(f)
	closeFD(fd)
	ok("unlink sub/f2", unlinkFile(tmp, "sub/f2"))
	ok("rmdir sub", removeDirectory(tmp, "sub"))
	ok("unlink file", unlinkFile(tmp, "file"))
	closeFD(tmp)
	ok("remove tmp dir", removeDirectory(c.dir, "rights_masking.cleanup"))
}

func scenarioPathOpenReadWrite(c *ctx) {
	tmp := c.tmpdir("path_open_read_write.cleanup")
	createFile(tmp, "file")
	buf := make([]byte, 100)
	fd := openFile(tmp, 0, "file", 0, FD_READ, 0, 0)
	st, _ := fdstatGet(fd)
	must(st.base&FD_READ != 0 && st.base&FD_WRITE == 0, "read-only fd has %s", rightsString(st.base))
	n, e := fdRead(fd, buf)
	ok("read", e)
	eq("nread", n, 0)
	_, e = fdWrite(fd, buf[:10])
	expect("write on a read-only fd", e, EBADF, ENOTCAPABLE)
	closeFD(fd)

	fd = openFile(tmp, 0, "file", 0, FD_WRITE, 0, 0)
	st, _ = fdstatGet(fd)
	must(st.base&FD_WRITE != 0 && st.base&FD_READ == 0, "write-only fd has %s", rightsString(st.base))
	_, e = fdRead(fd, buf)
	expect("read on a write-only fd", e, EBADF, ENOTCAPABLE)
	n, e = fdWrite(fd, bytes.Repeat([]byte("w"), 50))
	ok("write 50", e)
	eq("nwritten", n, 50)
	closeFD(fd)

	fd = openFile(tmp, 0, "file", 0, FD_READ|FD_WRITE|FD_FILESTAT_GET, 0, 0)
	n, e = fdRead(fd, buf)
	ok("read", e)
	eq("nread", n, 50)
	n, e = fdWrite(fd, bytes.Repeat([]byte("x"), 25))
	ok("write 25", e)
	eq("nwritten", n, 25)
	fs, _ := filestatGet(fd)
	eq("size", fs.size, 75)
	closeFD(fd)
	ok("unlink", unlinkFile(tmp, "file"))
	closeFD(tmp)
	ok("remove tmp dir", removeDirectory(c.dir, "path_open_read_write.cleanup"))
}

func scenarioFdFlagsSet(c *ctx) {
	tmp := c.tmpdir("fd_flags_set.cleanup")
	fd := openFile(tmp, 0, "file", O_CREAT, FD_READ|FD_WRITE|FD_SEEK|FD_TELL|FD_FDSTAT_SET_FLAGS, 0, FDFLAGS_APPEND)
	zeros, ones, twos := make([]byte, 100), bytes.Repeat([]byte{1}, 100), bytes.Repeat([]byte{2}, 100)
	buf := make([]byte, 100)
	fdWrite(fd, zeros)
	fdSeek(fd, 0, WHENCE_SET)
	n, _ := fdRead(fd, buf)
	must(n == 100 && bytes.Equal(buf, zeros), "read back zeros")
	fdSeek(fd, 0, WHENCE_SET)
	n, e := fdWrite(fd, ones)
	ok("write ones at 0 with APPEND", e)
	pos, _ := fdTell(fd)
	eq("offset after append", pos, 200)
	fdSeek(fd, 100, WHENCE_SET)
	n, _ = fdRead(fd, buf)
	must(n == 100 && bytes.Equal(buf, ones), "ones were not appended")
	say("ones landed at the end")
	ok("fd_fdstat_set_flags(0)", errno(fd_fdstat_set_flags(fd, 0)))
	fdSeek(fd, 0, WHENCE_SET)
	fdWrite(fd, twos)
	fdSeek(fd, 0, WHENCE_SET)
	n, _ = fdRead(fd, buf)
	must(n == 100 && bytes.Equal(buf, twos), "twos did not overwrite the start")
	say("twos overwrote the start")
	closeFD(fd)
	fs, _ := pathFilestatGet(tmp, 0, "file")
	eq("size", fs.size, 200)
	ok("unlink", unlinkFile(tmp, "file"))
	closeFD(tmp)
	ok("remove tmp dir", removeDirectory(c.dir, "fd_flags_set.cleanup"))
}

// pwrite_append: pwrite on an APPEND descriptor succeeds and does not
// move the offset (the C suite's pwrite-with-append).
func scenarioPwriteAppend(c *ctx) {
	tmp := c.tmpdir("pwrite_append.cleanup")
	fd := openFile(tmp, 0, "file", O_CREAT|O_TRUNC, FD_READ|FD_WRITE|FD_SEEK|FD_TELL|FD_FILESTAT_GET, 0, FDFLAGS_APPEND)
	fdWrite(fd, []byte("ab"))
	pos, _ := fdSeek(fd, 0, WHENCE_SET)
	eq("seek 0", pos, 0)
	fdWrite(fd, []byte("cd"))
	pos, _ = fdSeek(fd, 0, WHENCE_CUR)
	eq("offset after append", pos, 4)
	n, e := fdPwrite(fd, 0, []byte("XYZ"))
	ok("fd_pwrite(0) on APPEND", e)
	eq("nwritten", n, 3)
	pos, _ = fdTell(fd)
	eq("offset after pwrite", pos, 4)
	end, _ := fdSeek(fd, 0, WHENCE_END)
	must(end == 4 || end == 7, "size after pwrite %d, want 4 or 7", end)
	say("size after pwrite = %d", end)
	closeFD(fd)
	ok("unlink", unlinkFile(tmp, "file"))
	closeFD(tmp)
	ok("remove tmp dir", removeDirectory(c.dir, "pwrite_append.cleanup"))
}

func scenarioPreadPwrite(c *ctx) {
	tmp := c.tmpdir("file_pread_pwrite.cleanup")
	fd := openFile(tmp, 0, "file", O_CREAT, FD_READ|FD_SEEK|FD_TELL|FD_WRITE, 0, 0)
	n, e := fdPwrite(fd, 0, []byte{0, 1, 2, 3})
	ok("pwrite 4 at 0", e)
	eq("nwritten", n, 4)
	buf := make([]byte, 4)
	n, e = fdPread(fd, 0, buf)
	ok("pread 4 at 0", e)
	eq("pread", string(buf[:n]), "\x00\x01\x02\x03")
	pos, _ := fdTell(fd)
	eq("offset unchanged", pos, 0)
	// Two iovecs each way, until pread reports EOF with 0.
	for off := uint64(4); off < 4+64; off += 4 {
		n, e := fdPwrite(fd, off, []byte{byte(off), byte(off + 1)}, []byte{byte(off + 2), byte(off + 3)})
		if e != 0 || n != 4 {
			fail("pwrite 2 iovecs at %d: %d, %s", off, n, e)
		}
	}
	var total int
	for off := uint64(0); ; off += 4 {
		a, b := make([]byte, 2), make([]byte, 2)
		n, e := fdPread(fd, off, a, b)
		ok2(e, "pread 2 iovecs")
		if n == 0 {
			break
		}
		must(n == 4 && a[0] == byte(off) && b[1] == byte(off+3), "pread at %d: %d %v %v", off, n, a, b)
		total += n
	}
	eq("bytes read with 2 iovecs until pread returned 0", total, 68)
	n, e = fdPread(fd, 2, buf)
	ok("pread 4 at 2", e)
	eq("pread", string(buf[:n]), "\x02\x03\x04\x05")
	n, e = fdPread(fd, 1000, buf)
	ok("pread past EOF", e)
	eq("nread", n, 0)
	n, e = fdPwrite(fd, 2, []byte{1, 0})
	ok("pwrite 2 at 2", e)
	fdPread(fd, 0, buf)
	eq("pread", string(buf), "\x00\x01\x01\x00")
	_, e = fdPread(fd, 1<<63, buf)
	expect("pread at a negative offset", e, EINVAL)
	_, e = fdPwrite(fd, 1<<63, buf)
	expect("pwrite at a negative offset", e, EINVAL)
	pos, _ = fdTell(fd)
	eq("offset still", pos, 0)
	closeFD(fd)
	ok("unlink", unlinkFile(tmp, "file"))
	closeFD(tmp)
	ok("remove tmp dir", removeDirectory(c.dir, "file_pread_pwrite.cleanup"))
}

func scenarioSeekTell(c *ctx) {
	tmp := c.tmpdir("file_seek_tell.cleanup")
	fd := openFile(tmp, 0, "file", O_CREAT, FD_READ|FD_WRITE|FD_SEEK|FD_TELL, 0, 0)
	pos, e := fdTell(fd)
	ok("fd_tell", e)
	eq("offset", pos, 0)
	fdWrite(fd, make([]byte, 100))
	pos, _ = fdTell(fd)
	eq("offset after writing 100", pos, 100)
	pos, e = fdSeek(fd, -50, WHENCE_CUR)
	ok("seek -50 CUR", e)
	eq("offset", pos, 50)
	pos, _ = fdSeek(fd, 0, WHENCE_SET)
	eq("seek 0 SET", pos, 0)
	pos, e = fdSeek(fd, 1000, WHENCE_CUR)
	ok("seek past EOF", e)
	eq("offset", pos, 1000)
	_, e = fdSeek(fd, -2000, WHENCE_CUR)
	expect("seek to a negative offset", e, EINVAL)
	pos, _ = fdTell(fd)
	eq("offset unchanged", pos, 1000)
	_, e = fdSeek(fd, -1, WHENCE_SET)
	expect("seek -1 SET", e, EINVAL)
	_, e = fdSeek(fd, 0, 3)
	expect("seek with whence 3", e, EINVAL)
	pos, e = fdSeek(fd, -10, WHENCE_END)
	ok("seek -10 END", e)
	eq("offset", pos, 90)
	pos, _ = fdSeek(fd, 0, WHENCE_SET)
	n, _ := fdRead(fd, make([]byte, 100))
	eq("read", n, 100)
	pos, _ = fdTell(fd)
	eq("offset after reading 100", pos, 100)
	closeFD(fd)
	ok("unlink", unlinkFile(tmp, "file"))
	closeFD(tmp)
	ok("remove tmp dir", removeDirectory(c.dir, "file_seek_tell.cleanup"))
}

func scenarioFileTruncation(c *ctx) {
	tmp := c.tmpdir("file_truncation.cleanup")
	fd := openFile(tmp, 0, "file", O_CREAT, FD_WRITE, 0, 0)
	n, _ := fdWrite(fd, []byte("This is some data for the file."))
	eq("nwritten", n, 31)
	closeFD(fd)
	fd = openFile(tmp, 0, "file", O_CREAT|O_TRUNC, FD_READ|FD_WRITE, 0, 0)
	n, e := fdRead(fd, make([]byte, 64))
	ok("read", e)
	eq("nread after O_TRUNC", n, 0)
	closeFD(fd)
	ok("unlink", unlinkFile(tmp, "file"))
	closeFD(tmp)
	ok("remove tmp dir", removeDirectory(c.dir, "file_truncation.cleanup"))
}

func scenarioUnbufferedWrite(c *ctx) {
	tmp := c.tmpdir("file_unbuffered_write.cleanup")
	r := openFile(tmp, 0, "file", O_CREAT, FD_READ, 0, 0)
	w := openFile(tmp, 0, "file", 0, FD_WRITE, 0, 0)
	n, e := fdWrite(w, []byte{42})
	ok("write 1 byte", e)
	eq("nwritten", n, 1)
	buf := make([]byte, 4)
	n, e = fdRead(r, buf)
	ok("read through the other fd", e)
	eq("read", string(buf[:n]), "*")
	closeFD(r)
	closeFD(w)
	ok("unlink", unlinkFile(tmp, "file"))
	closeFD(tmp)
	ok("remove tmp dir", removeDirectory(c.dir, "file_unbuffered_write.cleanup"))
}

func scenarioFdAdvise(c *ctx) {
	tmp := c.tmpdir("fd_advise.cleanup")
	fd := openFile(tmp, 0, "file", O_CREAT, FD_READ|FD_WRITE|FD_ADVISE|FD_FILESTAT_GET|FD_FILESTAT_SET_SIZE|FD_ALLOCATE, 0, 0)
	fs, _ := filestatGet(fd)
	eq("size", fs.size, 0)
	ok("fd_filestat_set_size(100)", errno(fd_filestat_set_size(fd, 100)))
	fs, _ = filestatGet(fd)
	eq("size", fs.size, 100)
	ok("fd_advise(10, 50, NORMAL)", errno(fd_advise(fd, 10, 50, 0)))
	for adv := uint32(1); adv <= 5; adv++ {
		ok("fd_advise(advice "+strconv.Itoa(int(adv))+")", errno(fd_advise(fd, 0, 0, adv)))
	}
	expect("fd_advise(advice 6)", errno(fd_advise(fd, 0, 0, 6)), EINVAL)
	fs, _ = filestatGet(fd)
	eq("size unchanged", fs.size, 100)
	e := errno(fd_allocate(fd, 100, 100))
	expect("fd_allocate(100, 100)", e, ESUCCESS, ENOTSUP)
	if e == 0 {
		fs, _ = filestatGet(fd)
		eq("size", fs.size, 200)
	}
	closeFD(fd)
	ok("unlink", unlinkFile(tmp, "file"))
	closeFD(tmp)
	ok("remove tmp dir", removeDirectory(c.dir, "fd_advise.cleanup"))
}

func scenarioFileAllocate(c *ctx) {
	tmp := c.tmpdir("file_allocate.cleanup")
	fd := openFile(tmp, 0, "file", O_CREAT, FD_READ|FD_WRITE|FD_ALLOCATE|FD_FILESTAT_GET, 0, 0)
	e := errno(fd_allocate(fd, 0, 100))
	expect("fd_allocate(0, 100)", e, ESUCCESS, ENOTSUP)
	if e == 0 {
		fs, _ := filestatGet(fd)
		eq("size", fs.size, 100)
		ok("fd_allocate(10, 10)", errno(fd_allocate(fd, 10, 10)))
		fs, _ = filestatGet(fd)
		eq("size never shrinks", fs.size, 100)
		ok("fd_allocate(90, 20)", errno(fd_allocate(fd, 90, 20)))
		fs, _ = filestatGet(fd)
		eq("size", fs.size, 110)
	}
	closeFD(fd)
	ok("unlink", unlinkFile(tmp, "file"))
	closeFD(tmp)
	ok("remove tmp dir", removeDirectory(c.dir, "file_allocate.cleanup"))
}

func scenarioFdFilestatSet(c *ctx) {
	tmp := c.tmpdir("fd_filestat_set.cleanup")
	fd := openFile(tmp, 0, "file", O_CREAT, FD_READ|FD_WRITE|FD_FILESTAT_GET|FD_FILESTAT_SET_SIZE|FD_FILESTAT_SET_TIMES, 0, 0)
	fs, _ := filestatGet(fd)
	eq("size", fs.size, 0)
	ok("fd_filestat_set_size(100)", errno(fd_filestat_set_size(fd, 100)))
	fs, _ = filestatGet(fd)
	eq("size", fs.size, 100)
	ok("fd_filestat_set_size(7)", errno(fd_filestat_set_size(fd, 7)))
	fs, _ = filestatGet(fd)
	eq("size", fs.size, 7)
	newT := fs.mtim - 100
	if fs.mtim%1000 == 0 {
		newT = fs.mtim - 123_456_789 // make the nanoseconds visible
	}
	ok("fd_filestat_set_times(MTIM)", errno(fd_filestat_set_times(fd, newT, newT, MTIM)))
	fs2, _ := filestatGet(fd)
	must(fs2.mtim == newT, "mtim %d, want exactly %d", fs2.mtim, newT)
	say("mtim set to the nanosecond")
	must(fs2.atim == fs.atim, "atim changed from %d to %d", fs.atim, fs2.atim)
	say("atim unchanged")
	eq("size", fs2.size, 7)
	atim := uint64(1_000_000_000_123_456_789)
	ok("fd_filestat_set_times(ATIM)", errno(fd_filestat_set_times(fd, atim, 0, ATIM)))
	fs3, _ := filestatGet(fd)
	must(fs3.atim == atim, "atim %d, want %d", fs3.atim, atim)
	must(fs3.mtim == newT, "mtim changed to %d", fs3.mtim)
	say("atim set, mtim unchanged")
	now, _ := clockTime(CLOCK_REALTIME, 0)
	ok("fd_filestat_set_times(ATIM_NOW|MTIM_NOW)", errno(fd_filestat_set_times(fd, 0, 0, ATIM_NOW|MTIM_NOW)))
	fs4, _ := filestatGet(fd)
	must(fs4.mtim+5e9 > now && fs4.mtim < now+5e9, "MTIM_NOW gave %d, now is %d", fs4.mtim, now)
	must(fs4.atim+5e9 > now && fs4.atim < now+5e9, "ATIM_NOW gave %d, now is %d", fs4.atim, now)
	say("ATIM_NOW and MTIM_NOW are now")
	ok("fd_filestat_set_times(0 flags)", errno(fd_filestat_set_times(fd, 1, 1, 0)))
	fs5, _ := filestatGet(fd)
	must(fs5.mtim == fs4.mtim && fs5.atim == fs4.atim, "no flags changed the times")
	closeFD(fd)
	fd = openFile(tmp, 0, "file", 0, FD_READ, 0, 0)
	expect("fd_filestat_set_size without the right", errno(fd_filestat_set_size(fd, 0)), EBADF, ENOTCAPABLE)
	expect("fd_filestat_set_times without the right", errno(fd_filestat_set_times(fd, 0, 0, MTIM_NOW)), EBADF, ENOTCAPABLE)
	closeFD(fd)
	ok("unlink", unlinkFile(tmp, "file"))
	closeFD(tmp)
	ok("remove tmp dir", removeDirectory(c.dir, "fd_filestat_set.cleanup"))
}

func scenarioFstflagsValidate(c *ctx) {
	tmp := c.tmpdir("fstflags_validate.cleanup")
	fd := openFile(tmp, 0, "file", O_CREAT, FD_READ|FD_FILESTAT_SET_TIMES|FD_FILESTAT_GET, 0, 0)
	before, _ := filestatGet(fd)
	expect("fd_filestat_set_times(MTIM|MTIM_NOW)", errno(fd_filestat_set_times(fd, 100, 200, MTIM|MTIM_NOW)), EINVAL)
	expect("fd_filestat_set_times(ATIM|ATIM_NOW)", errno(fd_filestat_set_times(fd, 100, 200, ATIM|ATIM_NOW)), EINVAL)
	expect("fd_filestat_set_times(unknown flag)", errno(fd_filestat_set_times(fd, 100, 200, 16)), EINVAL)
	after, _ := filestatGet(fd)
	must(before.atim == after.atim && before.mtim == after.mtim, "failed calls changed the times")
	say("times unchanged")
	closeFD(fd)
	ok("unlink", unlinkFile(tmp, "file"))
	closeFD(tmp)
	ok("remove tmp dir", removeDirectory(c.dir, "fstflags_validate.cleanup"))
}

// filestat: real dev, ino, nlink, size and nanosecond times, the same
// through every descriptor and path that names the file.
func scenarioFilestat(c *ctx) {
	tmp := c.tmpdir("filestat.cleanup")
	dirst, e := filestatGet(tmp)
	ok("fd_filestat_get(dir)", e)
	eq("dir filetype", ftName(dirst.filetype), ftName(FILETYPE_DIRECTORY))
	a := openFile(tmp, 0, "file", O_CREAT, FD_READ|FD_WRITE|FD_FILESTAT_GET, 0, 0)
	fdWrite(a, []byte("hello"))
	b := openFile(tmp, 0, "file", 0, FD_READ|FD_FILESTAT_GET, 0, 0)
	sa, _ := filestatGet(a)
	sb, _ := filestatGet(b)
	must(sa == sb, "two fds of one file disagree: %+v vs %+v", sa, sb)
	sp, e := pathFilestatGet(tmp, 0, "file")
	ok("path_filestat_get(file)", e)
	must(sp == sa, "path_filestat_get %+v, fd_filestat_get %+v", sp, sa)
	say("fds and path agree")
	eq("filetype", ftName(sa.filetype), ftName(FILETYPE_REGULAR_FILE))
	eq("size", sa.size, 5)
	eq("nlink", sa.nlink, 1)
	must(sa.dev == dirst.dev, "file dev %d, dir dev %d", sa.dev, dirst.dev)
	must(sa.ino != 0 && sa.ino != dirst.ino, "file ino %d, dir ino %d", sa.ino, dirst.ino)
	now, _ := clockTime(CLOCK_REALTIME, 0)
	for _, t := range []uint64{sa.atim, sa.mtim, sa.ctim} {
		must(t+60e9 > now && t < now+60e9, "time %d is not in nanoseconds near now %d", t, now)
	}
	say("times are nanoseconds near now")
	createFile(tmp, "other")
	so, _ := pathFilestatGet(tmp, 0, "other")
	must(so.ino != sa.ino && so.dev == sa.dev, "other: dev %d ino %d, file dev %d ino %d", so.dev, so.ino, sa.dev, sa.ino)
	say("different files, different inos, same dev")
	e = link(tmp, 0, "file", tmp, "hardlink")
	expect("path_link(file, hardlink)", e, ESUCCESS, ENOTSUP)
	if e == 0 {
		sl, _ := pathFilestatGet(tmp, 0, "hardlink")
		sa, _ = filestatGet(a)
		eq("nlink after link", sa.nlink, 2)
		must(sl == sa, "hard link stat %+v, file %+v", sl, sa)
		ok("unlink hardlink", unlinkFile(tmp, "hardlink"))
		sa, _ = filestatGet(a)
		eq("nlink after unlink", sa.nlink, 1)
	}
	_, e = pathFilestatGet(tmp, 0, "missing")
	expect("path_filestat_get(missing)", e, ENOENT)
	_, e = pathFilestatGet(tmp, 0, "file/")
	expect("path_filestat_get(file/)", e, ENOTDIR, ENOENT)
	closeFD(a)
	closeFD(b)
	ok("unlink", unlinkFile(tmp, "file"))
	ok("unlink other", unlinkFile(tmp, "other"))
	closeFD(tmp)
	ok("remove tmp dir", removeDirectory(c.dir, "filestat.cleanup"))
}

// dir_fd_op_failures: file operations on a directory descriptor fail.
func scenarioDirFdOpFailures(c *ctx) {
	fs, e := filestatGet(c.dir)
	ok("fd_filestat_get(dir)", e)
	eq("filetype", ftName(fs.filetype), ftName(FILETYPE_DIRECTORY))
	buf := make([]byte, 10)
	bad := []errno{EISDIR, EBADF, ENOTCAPABLE}
	for _, fd := range []uint32{c.pre, c.dir} {
		_, e = fdRead(fd, buf)
		expect("fd_read(dir)", e, bad...)
		_, e = fdPread(fd, 0, buf)
		expect("fd_pread(dir)", e, bad...)
		_, e = fdWrite(fd, buf)
		expect("fd_write(dir)", e, bad...)
		_, e = fdPwrite(fd, 0, buf)
		expect("fd_pwrite(dir)", e, bad...)
		_, e = fdSeek(fd, 0, WHENCE_CUR)
		expect("fd_seek(dir, 0, CUR)", e, bad...)
		_, e = fdSeek(fd, 0, WHENCE_SET)
		expect("fd_seek(dir, 0, SET)", e, bad...)
		_, e = fdSeek(fd, 0, WHENCE_END)
		expect("fd_seek(dir, 0, END)", e, bad...)
		_, e = fdTell(fd)
		expect("fd_tell(dir)", e, bad...)
		expect("fd_allocate(dir)", errno(fd_allocate(fd, 0, 1)), bad...)
		expect("fd_filestat_set_size(dir)", errno(fd_filestat_set_size(fd, 0)), EISDIR, EINVAL, EBADF, ENOTCAPABLE)
	}
	// And directory operations on a file descriptor.
	fd := openFile(c.dir, 0, "dir_fd_op_failures.cleanup", O_CREAT, FD_READ|FD_READDIR, 0, 0)
	_, e = fdReaddir(fd, make([]byte, 256), 0)
	expect("fd_readdir(file)", e, ENOTDIR, EBADF, ENOTCAPABLE)
	_, e = pathOpen(fd, 0, "foo", O_CREAT, 0, 0, 0)
	expect("path_open(file as dirfd)", e, ENOTDIR, ENOTCAPABLE)
	expect("path_create_directory(file as dirfd)", createDirectory(fd, "foo"), ENOTDIR, ENOTCAPABLE)
	closeFD(fd)
	ok("unlink", unlinkFile(c.dir, "dir_fd_op_failures.cleanup"))
}

func scenarioDirectorySeek(c *ctx) {
	ok("mkdir", createDirectory(c.dir, "directory_seek.cleanup"))
	fd, e := pathOpen(c.dir, 0, "directory_seek.cleanup", O_DIRECTORY, FD_SEEK, 0, 0)
	ok("open dir with FD_SEEK", e)
	_, e = fdSeek(fd, 0, WHENCE_CUR)
	expect("fd_seek(dir)", e, EISDIR, ENOTCAPABLE, EBADF)
	st, _ := fdstatGet(fd)
	eq("filetype", ftName(st.filetype), ftName(FILETYPE_DIRECTORY))
	must(st.base&FD_SEEK == 0, "FD_SEEK was kept on a directory")
	say("FD_SEEK dropped")
	closeFD(fd)
	ok("rmdir", removeDirectory(c.dir, "directory_seek.cleanup"))
}

// dirent is one decoded directory entry.
type dirent struct {
	next   uint64
	ino    uint64
	namlen uint32
	typ    uint8
	name   string
}

// readdirAll reads entries from cookie with a buffer of bufLen bytes,
// stopping at a truncated entry; done reports bufused < bufLen.
func readdirOnce(fd uint32, bufLen int, cookie uint64) (ents []dirent, done bool) {
	buf := make([]byte, bufLen)
	used, e := fdReaddir(fd, buf, cookie)
	if e != 0 {
		fail("fd_readdir(cookie %d) = %s", cookie, e)
	}
	must(used <= bufLen, "bufused %d > buf_len %d", used, bufLen)
	b := buf[:used]
	for len(b) >= 24 {
		d := dirent{next: u64(b, 0), ino: u64(b, 8), namlen: u32(b, 16), typ: b[20]}
		if len(b) < 24+int(d.namlen) {
			break
		}
		d.name = string(b[24 : 24+d.namlen])
		ents = append(ents, d)
		b = b[24+d.namlen:]
	}
	return ents, used < bufLen
}

func scenarioReaddir(c *ctx) {
	tmp := c.tmpdir("fd_readdir.cleanup")
	self, _ := filestatGet(tmp)
	parent, _ := filestatGet(c.dir)
	ents, done := readdirOnce(tmp, 256, 0)
	must(done, "empty directory: not at the end")
	eq("entries in an empty directory", len(ents), 2)
	sortDirents(ents)
	eq("entry 0", ents[0].name, ".")
	eq("entry 0 type", ftName(ents[0].typ), ftName(FILETYPE_DIRECTORY))
	eq("entry 0 namlen", ents[0].namlen, 1)
	must(ents[0].ino == self.ino, ". has ino %d, the directory %d", ents[0].ino, self.ino)
	say(". has the directory's ino")
	eq("entry 1", ents[1].name, "..")
	eq("entry 1 type", ftName(ents[1].typ), ftName(FILETYPE_DIRECTORY))
	must(ents[1].ino == parent.ino, ".. has ino %d, the parent %d", ents[1].ino, parent.ino)
	say(".. has the parent's ino")

	fd := openFile(tmp, 0, "file", O_CREAT, FD_READ|FD_WRITE|FD_READDIR|FD_FILESTAT_GET, 0, 0)
	fst, _ := filestatGet(fd)
	closeFD(fd)
	ents, done = readdirOnce(tmp, 256, 0)
	must(done, "not at the end")
	eq("entries", len(ents), 3)
	resume, third := ents[1].next, ents[2].name
	sorted := append([]dirent(nil), ents...)
	sortDirents(sorted)
	eq("entry 2", sorted[2].name, "file")
	eq("entry 2 type", ftName(sorted[2].typ), ftName(FILETYPE_REGULAR_FILE))
	must(sorted[2].ino == fst.ino, "file has d_ino %d, stat ino %d", sorted[2].ino, fst.ino)
	say("file has its real ino")
	ents, done = readdirOnce(tmp, 256, resume)
	must(done, "not at the end")
	eq("entries from the second d_next", len(ents), 1)
	eq("resumed entry", ents[0].name, third)

	// Every d_next resumes right after its entry.
	ok("mkdir subdir", createDirectory(tmp, "subdir"))
	e := symlink("file", tmp, "symlink")
	expect("symlink", e, ESUCCESS, ENOTSUP)
	all, _ := readdirOnce(tmp, 4096, 0)
	for i, d := range all {
		rest, _ := readdirOnce(tmp, 4096, d.next)
		must(len(rest) == len(all)-i-1, "after %q (d_next %d): %d entries, want %d", d.name, d.next, len(rest), len(all)-i-1)
		if len(rest) > 0 {
			must(rest[0].name == all[i+1].name, "after %q comes %q, want %q", d.name, rest[0].name, all[i+1].name)
		}
		if d.name == "." || d.name == ".." {
			continue
		}
		st, e := pathFilestatGet(tmp, 0, d.name)
		ok2(e, "lstat "+d.name)
		must(st.ino == d.ino, "%s: d_ino %d, lstat ino %d", d.name, d.ino, st.ino)
		must(st.filetype == d.typ, "%s: d_type %s, lstat %s", d.name, ftName(d.typ), ftName(st.filetype))
	}
	sortDirents(all)
	for _, d := range all {
		say("entry %s %s", d.name, ftName(d.typ))
	}
	say("d_next, d_ino and d_type agree with lstat")
	again, _ := readdirOnce(tmp, 4096, 0)
	sortDirents(again)
	must(len(again) == len(all), "second listing differs")
	ents, done = readdirOnce(tmp, 4096, all[len(all)-1].next+100)
	must(done && len(ents) == 0, "a cookie past the end gives entries")
	say("cookie past the end: nothing")
	// A buffer too small for one header is filled to the byte.
	buf := make([]byte, 10)
	used, e := fdReaddir(tmp, buf, 0)
	ok("fd_readdir(10-byte buffer)", e)
	eq("bufused", used, 10)
	used, e = fdReaddir(tmp, buf[:0], 0)
	ok("fd_readdir(0-byte buffer)", e)
	eq("bufused", used, 0)

	ok("unlink file", unlinkFile(tmp, "file"))
	unlinkFile(tmp, "symlink")
	ok("rmdir subdir", removeDirectory(tmp, "subdir"))
	closeFD(tmp)
	ok("remove tmp dir", removeDirectory(c.dir, "fd_readdir.cleanup"))
}

// fd_readdir_big: 1000 files paged through a 256-byte buffer, which must
// be filled to the byte while entries remain.
func scenarioReaddirBig(c *ctx) {
	tmp := c.tmpdir("fd_readdir_big.cleanup")
	for i := 0; i < 1000; i++ {
		fd, e := pathOpen(tmp, 0, "file."+strconv.Itoa(i), O_CREAT, FD_READ, 0, 0)
		if e != 0 {
			fail("create file.%d: %s", i, e)
		}
		fd_close(fd)
	}
	say("created 1000 files")
	var cookie uint64
	total, calls := 0, 0
	seen := map[string]bool{}
	for {
		ents, done := readdirOnce(tmp, 256, cookie)
		calls++
		for _, d := range ents {
			must(!seen[d.name], "%s listed twice", d.name)
			seen[d.name] = true
		}
		total += len(ents)
		if done {
			break
		}
		must(len(ents) > 0, "a full buffer without a complete entry")
		cookie = ents[len(ents)-1].next
	}
	eq("entries", total, 1002)
	must(calls > 100, "only %d calls", calls)
	for i := 0; i < 1000; i++ {
		if e := unlinkFile(tmp, "file."+strconv.Itoa(i)); e != 0 {
			fail("unlink file.%d: %s", i, e)
		}
	}
	say("unlinked 1000 files")
	closeFD(tmp)
	ok("remove tmp dir", removeDirectory(c.dir, "fd_readdir_big.cleanup"))
}

func sortDirents(d []dirent) {
	for i := 1; i < len(d); i++ {
		for j := i; j > 0 && d[j].name < d[j-1].name; j-- {
			d[j], d[j-1] = d[j-1], d[j]
		}
	}
}
