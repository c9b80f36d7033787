//go:build wasip1

// Command conformance checks the kernel's WASI preview1 behaviour from
// inside a guest, one named scenario per run:
//
//	conformance SCENARIO [PREOPEN]
//
// PREOPEN is the name of the preopened scratch directory (as the
// conformance suite's argv[1]); scenarios that need no directory ignore it.
// A scenario prints a deterministic transcript, one line per check, and
// ends with "ok"; a failed check prints "FAIL: ..." on stderr and exits 1.
// "conformance list" prints every scenario's name.
//
// It uses raw //go:wasmimport calls (raw.go), never the os package, so that
// exact errnos, rights, flags and byte layouts are visible.
package main

import (
	"fmt"
	"sort"
	"strings"
)

type errno uint32

const (
	ESUCCESS     errno = 0
	EACCES       errno = 2
	EAGAIN       errno = 6
	EBADF        errno = 8
	EBUSY        errno = 10
	EEXIST       errno = 20
	EFAULT       errno = 21
	EILSEQ       errno = 25
	EINVAL       errno = 28
	EISDIR       errno = 31
	ELOOP        errno = 32
	ENAMETOOLONG errno = 37
	ENOENT       errno = 44
	ENOTDIR      errno = 54
	ENOTEMPTY    errno = 55
	ENOTSOCK     errno = 57
	ENOTSUP      errno = 58
	EPERM        errno = 63
	ESPIPE       errno = 70
	EXDEV        errno = 75
	ENOTCAPABLE  errno = 76
)

var errnoNames = [...]string{
	"ESUCCESS", "E2BIG", "EACCES", "EADDRINUSE", "EADDRNOTAVAIL", "EAFNOSUPPORT",
	"EAGAIN", "EALREADY", "EBADF", "EBADMSG", "EBUSY", "ECANCELED", "ECHILD",
	"ECONNABORTED", "ECONNREFUSED", "ECONNRESET", "EDEADLK", "EDESTADDRREQ",
	"EDOM", "EDQUOT", "EEXIST", "EFAULT", "EFBIG", "EHOSTUNREACH", "EIDRM",
	"EILSEQ", "EINPROGRESS", "EINTR", "EINVAL", "EIO", "EISCONN", "EISDIR",
	"ELOOP", "EMFILE", "EMLINK", "EMSGSIZE", "EMULTIHOP", "ENAMETOOLONG",
	"ENETDOWN", "ENETRESET", "ENETUNREACH", "ENFILE", "ENOBUFS", "ENODEV",
	"ENOENT", "ENOEXEC", "ENOLCK", "ENOLINK", "ENOMEM", "ENOMSG",
	"ENOPROTOOPT", "ENOSPC", "ENOSYS", "ENOTCONN", "ENOTDIR", "ENOTEMPTY",
	"ENOTRECOVERABLE", "ENOTSOCK", "ENOTSUP", "ENOTTY", "ENXIO", "EOVERFLOW",
	"EOWNERDEAD", "EPERM", "EPIPE", "EPROTO", "EPROTONOSUPPORT", "EPROTOTYPE",
	"ERANGE", "EROFS", "ESPIPE", "ESRCH", "ESTALE", "ETIMEDOUT", "ETXTBSY",
	"EXDEV", "ENOTCAPABLE",
}

func (e errno) String() string {
	if int(e) < len(errnoNames) {
		return errnoNames[e]
	}
	return fmt.Sprintf("errno(%d)", uint32(e))
}

// Rights, as the specification numbers them.
const (
	FD_DATASYNC uint64 = 1 << iota
	FD_READ
	FD_SEEK
	FD_FDSTAT_SET_FLAGS
	FD_SYNC
	FD_TELL
	FD_WRITE
	FD_ADVISE
	FD_ALLOCATE
	PATH_CREATE_DIRECTORY
	PATH_CREATE_FILE
	PATH_LINK_SOURCE
	PATH_LINK_TARGET
	PATH_OPEN
	FD_READDIR
	PATH_READLINK
	PATH_RENAME_SOURCE
	PATH_RENAME_TARGET
	PATH_FILESTAT_GET
	PATH_FILESTAT_SET_SIZE
	PATH_FILESTAT_SET_TIMES
	FD_FILESTAT_GET
	FD_FILESTAT_SET_SIZE
	FD_FILESTAT_SET_TIMES
	PATH_SYMLINK
	PATH_REMOVE_DIRECTORY
	PATH_UNLINK_FILE
	POLL_FD_READWRITE
	SOCK_SHUTDOWN
	SOCK_ACCEPT
)

var rightNames = []string{
	"FD_DATASYNC", "FD_READ", "FD_SEEK", "FD_FDSTAT_SET_FLAGS", "FD_SYNC", "FD_TELL", "FD_WRITE",
	"FD_ADVISE", "FD_ALLOCATE", "PATH_CREATE_DIRECTORY", "PATH_CREATE_FILE", "PATH_LINK_SOURCE",
	"PATH_LINK_TARGET", "PATH_OPEN", "FD_READDIR", "PATH_READLINK", "PATH_RENAME_SOURCE",
	"PATH_RENAME_TARGET", "PATH_FILESTAT_GET", "PATH_FILESTAT_SET_SIZE", "PATH_FILESTAT_SET_TIMES",
	"FD_FILESTAT_GET", "FD_FILESTAT_SET_SIZE", "FD_FILESTAT_SET_TIMES", "PATH_SYMLINK",
	"PATH_REMOVE_DIRECTORY", "PATH_UNLINK_FILE", "POLL_FD_READWRITE", "SOCK_SHUTDOWN", "SOCK_ACCEPT",
}

func rightsString(r uint64) string {
	var parts []string
	for i, n := range rightNames {
		if r&(1<<i) != 0 {
			parts = append(parts, n)
		}
	}
	if rest := r &^ (1<<len(rightNames) - 1); rest != 0 {
		parts = append(parts, fmt.Sprintf("%#x", rest))
	}
	if len(parts) == 0 {
		return "0"
	}
	return strings.Join(parts, "|")
}

// File types, flags and other constants.
const (
	FILETYPE_UNKNOWN          uint8 = 0
	FILETYPE_CHARACTER_DEVICE uint8 = 2
	FILETYPE_DIRECTORY        uint8 = 3
	FILETYPE_REGULAR_FILE     uint8 = 4
	FILETYPE_SYMBOLIC_LINK    uint8 = 7

	FDFLAGS_APPEND   uint32 = 1
	FDFLAGS_DSYNC    uint32 = 2
	FDFLAGS_NONBLOCK uint32 = 4
	FDFLAGS_RSYNC    uint32 = 8
	FDFLAGS_SYNC     uint32 = 16

	O_CREAT     uint32 = 1
	O_DIRECTORY uint32 = 2
	O_EXCL      uint32 = 4
	O_TRUNC     uint32 = 8

	FOLLOW uint32 = 1 // LOOKUPFLAGS_SYMLINK_FOLLOW

	ATIM     uint32 = 1
	ATIM_NOW uint32 = 2
	MTIM     uint32 = 4
	MTIM_NOW uint32 = 8

	WHENCE_SET uint32 = 0
	WHENCE_CUR uint32 = 1
	WHENCE_END uint32 = 2

	CLOCK_REALTIME  uint32 = 0
	CLOCK_MONOTONIC uint32 = 1
	CLOCK_PROCESS   uint32 = 2
	CLOCK_THREAD    uint32 = 3

	evClock   uint8 = 0
	evFdRead  uint8 = 1
	evFdWrite uint8 = 2

	ABSTIME uint16 = 1
	HANGUP  uint16 = 1
)

var filetypeNames = []string{"unknown", "block_device", "character_device", "directory", "regular_file", "socket_dgram", "socket_stream", "symbolic_link"}

func ftName(t uint8) string {
	if int(t) < len(filetypeNames) {
		return filetypeNames[t]
	}
	return fmt.Sprintf("filetype(%d)", t)
}

// --- output ---

// outFD and errFD are where the transcript and failures go; scenarios that
// renumber stdio move them.
var outFD, errFD uint32 = 1, 2

var scenarioName string

func writeAll(fd uint32, s string) {
	b := []byte(s)
	for len(b) > 0 {
		n, e := fdWrite(fd, b)
		if e == EAGAIN {
			continue
		}
		if e != 0 || n == 0 {
			return
		}
		b = b[n:]
	}
}

// say adds a line to the transcript.
func say(format string, args ...any) {
	writeAll(outFD, fmt.Sprintf(format, args...)+"\n")
}

// fail ends the scenario with a message and exit code 1.
func fail(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	writeAll(outFD, "FAIL: "+msg+"\n")
	writeAll(errFD, "FAIL: "+scenarioName+": "+msg+"\n")
	proc_exit(1)
}

// expect checks an errno against the accepted ones and records it.
func expect(what string, got errno, want ...errno) {
	for _, w := range want {
		if got == w {
			say("%s = %s", what, got)
			return
		}
	}
	names := make([]string, len(want))
	for i, w := range want {
		names[i] = w.String()
	}
	fail("%s = %s, want %s", what, got, strings.Join(names, " or "))
}

// ok checks that a call succeeded.
func ok(what string, got errno) { expect(what, got, ESUCCESS) }

// must fails the scenario unless cond holds.
func must(cond bool, format string, args ...any) {
	if !cond {
		fail(format, args...)
	}
}

// eq checks a value and records it.
func eq[T comparable](what string, got, want T) {
	if got != want {
		fail("%s = %v, want %v", what, got, want)
	}
	say("%s = %v", what, got)
}

// --- scenarios ---

type scenario struct {
	name string
	// dir: the scenario needs the scratch preopen given as argv[2].
	dir bool
	run func(c *ctx)
}

var scenarios = map[string]scenario{}

func register(name string, dir bool, run func(c *ctx)) {
	if _, dup := scenarios[name]; dup {
		panic("duplicate scenario " + name)
	}
	scenarios[name] = scenario{name, dir, run}
}

// ctx is what a scenario starts with.
type ctx struct {
	args []string // argv after the scenario name (and preopen name)
	// pre is the preopen named by argv[2]; dir is "." opened beneath it
	// with the preopen's own rights, as the suite's open_scratch_directory.
	pre, dir uint32
	preName  string
}

// Rights the suite's create_tmp_dir asks for.
const (
	tmpBase = FD_FILESTAT_GET | FD_READDIR | PATH_CREATE_FILE | PATH_CREATE_DIRECTORY |
		PATH_REMOVE_DIRECTORY | PATH_OPEN | PATH_UNLINK_FILE | PATH_LINK_SOURCE | PATH_LINK_TARGET |
		PATH_READLINK | PATH_RENAME_SOURCE | PATH_RENAME_TARGET | PATH_FILESTAT_GET |
		PATH_FILESTAT_SET_SIZE | PATH_FILESTAT_SET_TIMES | PATH_SYMLINK
	tmpInh = FD_READ | FD_WRITE | FD_READDIR | FD_FILESTAT_GET | FD_SEEK | PATH_LINK_SOURCE |
		PATH_LINK_TARGET | PATH_OPEN | PATH_UNLINK_FILE | PATH_FILESTAT_GET | FD_FDSTAT_SET_FLAGS |
		FD_SYNC | FD_TELL | FD_ADVISE | FD_ALLOCATE | FD_FILESTAT_SET_SIZE | FD_FILESTAT_SET_TIMES
)

// tmpdir creates name beneath the scratch directory and opens it as the
// suite's create_tmp_dir does.
func (c *ctx) tmpdir(name string) uint32 {
	ok("create_tmp_dir "+name, createDirectory(c.dir, name))
	fd, e := pathOpen(c.dir, 0, name, O_DIRECTORY, tmpBase, tmpInh, 0)
	if e != 0 {
		fail("open tmp dir %s: %s", name, e)
	}
	return fd
}

// createFile creates an empty file as the suite's create_file does.
func createFile(dir uint32, name string) {
	fd, e := pathOpen(dir, 0, name, O_CREAT, 0, 0, 0)
	if e != 0 {
		fail("create_file %s: %s", name, e)
	}
	must(fd > 2, "create_file %s: fd %d <= 2", name, fd)
	if e := errno(fd_close(fd)); e != 0 {
		fail("close %s: %s", name, e)
	}
}

// openFile opens name with rights and fails the scenario if it cannot.
func openFile(dir uint32, lookup uint32, name string, oflags uint32, base, inh uint64, fdflags uint32) uint32 {
	fd, e := pathOpen(dir, lookup, name, oflags, base, inh, fdflags)
	if e != 0 {
		fail("path_open %s: %s", name, e)
	}
	must(fd > 2, "path_open %s: fd %d <= 2", name, fd)
	return fd
}

func closeFD(fd uint32) {
	if e := errno(fd_close(fd)); e != 0 {
		fail("fd_close(%d) = %s", fd, e)
	}
}

// findPreopen returns the descriptor of the preopen called name.
func findPreopen(name string) uint32 {
	for fd := uint32(3); fd < 64; fd++ {
		tag, n, e := prestatGet(fd)
		if e == EBADF {
			break
		}
		if e != 0 || tag != 0 {
			continue
		}
		got, e := prestatDirName(fd, n)
		if e == 0 && got == name {
			return fd
		}
	}
	fail("no preopen named %q", name)
	return 0
}

func main() {
	argv := rawArgs()
	if len(argv) < 2 {
		writeAll(2, "usage: conformance SCENARIO [PREOPEN] [ARGS...]\n")
		proc_exit(2)
	}
	scenarioName = argv[1]
	if scenarioName == "list" {
		var names []string
		for n, s := range scenarios {
			if s.dir {
				n += " dir"
			}
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			say("%s", n)
		}
		return
	}
	s, found := scenarios[scenarioName]
	if !found {
		writeAll(2, "conformance: unknown scenario "+scenarioName+"\n")
		proc_exit(2)
	}
	c := &ctx{args: argv[2:]}
	if s.dir {
		if len(argv) < 3 {
			fail("scenario %s needs the preopen's name", scenarioName)
		}
		c.preName = argv[2]
		c.args = argv[3:]
		c.pre = findPreopen(c.preName)
		st, e := fdstatGet(c.pre)
		if e != 0 {
			fail("fd_fdstat_get(preopen) = %s", e)
		}
		c.dir = openFile(c.pre, 0, ".", O_DIRECTORY, st.base, st.inh, 0)
	}
	s.run(c)
	say("ok")
}

// rawArgs reads argv with args_sizes_get and args_get.
func rawArgs() []string {
	var argc, size uint32
	if e := errno(args_sizes_get(ptr(&argc), ptr(&size))); e != 0 {
		writeAll(2, "args_sizes_get: "+e.String()+"\n")
		proc_exit(2)
	}
	return getStrings(argc, size, false)
}
