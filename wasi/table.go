package wasi

import (
	"fmt"
	"strings"

	"github.com/wasmrun/wasmrun/kernel"
	"github.com/wasmrun/wasmrun/wasi/abi"
)

// Handler implements one function. args holds the wasm arguments as the
// engine passes them (i32 zero-extended, i64 as is), in order.
type Handler func(p *kernel.Process, m Memory, args []uint64) abi.Errno

// Terminate is what a handler returns instead of an errno when the process
// must unwind now: it called proc_exit, raised a fatal signal, hit a limit,
// or was killed while it waited. The binding ends the guest (natively by
// closing the module; in the browser by throwing from a JS trampoline) and
// reads the outcome from the process.
const Terminate abi.Errno = 0xffff

// Support is how fully a function is implemented.
type Support string

const (
	// Supported: the function does everything the specification asks.
	Supported Support = "supported"
	// Partial: it works, with a limit the note names.
	Partial Support = "partial"
	// Unsupported: it returns an honest errno, named in the note.
	Unsupported Support = "unsupported"
)

// ValType is a wasm value type in a signature.
type ValType byte

const (
	I32 ValType = 0x7f
	I64 ValType = 0x7e
)

// Function is one entry of the preview1 table.
type Function struct {
	Name    string
	Params  []Param
	Result  bool // false only for proc_exit, which returns nothing
	Handler Handler
	Support Support
	Note    string
}

// Param is a named parameter of a function.
type Param struct {
	Name string
	Type ValType
}

// Signature renders the function like the specification does, for docs.
func (f Function) Signature() string {
	var ps []string
	for _, p := range f.Params {
		t := "i32"
		if p.Type == I64 {
			t = "i64"
		}
		ps = append(ps, p.Name+": "+t)
	}
	res := " -> errno"
	if !f.Result {
		res = ""
	}
	return fmt.Sprintf("%s(%s)%s", f.Name, strings.Join(ps, ", "), res)
}

// params builds a parameter list from "name:i32 name:i64 ..." .
func params(spec string) []Param {
	var out []Param
	for _, f := range strings.Fields(spec) {
		name, typ, _ := strings.Cut(f, ":")
		t := I32
		if typ == "i64" {
			t = I64
		}
		out = append(out, Param{Name: name, Type: t})
	}
	return out
}

// Functions is every function of wasi_snapshot_preview1, in the
// specification's order. The index of a function here is its syscall number
// for the process table's counters.
var Functions = []Function{
	{"args_get", params("argv:i32 argv_buf:i32"), true, argsGet, Supported, "argv as the process was spawned with"},
	{"args_sizes_get", params("argc:i32 argv_buf_size:i32"), true, argsSizesGet, Supported, ""},
	{"environ_get", params("environ:i32 environ_buf:i32"), true, environGet, Supported, "only the variables given to the process; never the host's"},
	{"environ_sizes_get", params("environc:i32 environ_buf_size:i32"), true, environSizesGet, Supported, ""},
	{"clock_res_get", params("id:i32 resolution:i32"), true, clockResGet, Supported, "the true resolution of the host clock (1 ns natively, the page's performance.now() granularity in a browser)"},
	{"clock_time_get", params("id:i32 precision:i64 time:i32"), true, clockTimeGet, Supported, "realtime, monotonic; process and thread CPU time are the guest's running time (wall time minus time blocked in the kernel)"},
	{"fd_advise", params("fd:i32 offset:i64 len:i64 advice:i32"), true, fdAdvise, Supported, "validated; advice is a hint the in-memory file systems have no use for"},
	{"fd_allocate", params("fd:i32 offset:i64 len:i64"), true, fdAllocate, Supported, "extends the file to offset+len with zeros"},
	{"fd_close", params("fd:i32"), true, fdClose, Supported, "preopens can be closed too"},
	{"fd_datasync", params("fd:i32"), true, fdDatasync, Supported, "flushes host-backed files; memory files are always in sync"},
	{"fd_fdstat_get", params("fd:i32 stat:i32"), true, fdFdstatGet, Supported, ""},
	{"fd_fdstat_set_flags", params("fd:i32 flags:i32"), true, fdFdstatSetFlags, Supported, "APPEND, NONBLOCK (honoured by fd_read/fd_write on streams), DSYNC/RSYNC/SYNC"},
	{"fd_fdstat_set_rights", params("fd:i32 fs_rights_base:i64 fs_rights_inheriting:i64"), true, fdFdstatSetRights, Supported, "rights can only be dropped"},
	{"fd_filestat_get", params("fd:i32 buf:i32"), true, fdFilestatGet, Supported, ""},
	{"fd_filestat_set_size", params("fd:i32 size:i64"), true, fdFilestatSetSize, Supported, ""},
	{"fd_filestat_set_times", params("fd:i32 atim:i64 mtim:i64 fst_flags:i32"), true, fdFilestatSetTimes, Supported, "nanosecond times"},
	{"fd_pread", params("fd:i32 iovs:i32 iovs_len:i32 offset:i64 nread:i32"), true, fdPread, Supported, ""},
	{"fd_prestat_get", params("fd:i32 buf:i32"), true, fdPrestatGet, Supported, ""},
	{"fd_prestat_dir_name", params("fd:i32 path:i32 path_len:i32"), true, fdPrestatDirName, Supported, ""},
	{"fd_pwrite", params("fd:i32 iovs:i32 iovs_len:i32 offset:i64 nwritten:i32"), true, fdPwrite, Supported, ""},
	{"fd_read", params("fd:i32 iovs:i32 iovs_len:i32 nread:i32"), true, fdRead, Supported, "blocks on stdin until input arrives (or EAGAIN with NONBLOCK)"},
	{"fd_readdir", params("fd:i32 buf:i32 buf_len:i32 cookie:i64 bufused:i32"), true, fdReaddir, Supported, "includes . and ..; cookies index a snapshot taken at cookie 0"},
	{"fd_renumber", params("fd:i32 to:i32"), true, fdRenumber, Supported, "over any open descriptor, preopens and stdio included"},
	{"fd_seek", params("fd:i32 offset:i64 whence:i32 newoffset:i32"), true, fdSeek, Supported, ""},
	{"fd_sync", params("fd:i32"), true, fdSync, Supported, "flushes host-backed files; memory files are always in sync"},
	{"fd_tell", params("fd:i32 offset:i32"), true, fdTell, Supported, ""},
	{"fd_write", params("fd:i32 iovs:i32 iovs_len:i32 nwritten:i32"), true, fdWrite, Supported, "stdout/stderr stream to the host as written"},
	{"path_create_directory", params("fd:i32 path:i32 path_len:i32"), true, pathCreateDirectory, Supported, ""},
	{"path_filestat_get", params("fd:i32 flags:i32 path:i32 path_len:i32 buf:i32"), true, pathFilestatGet, Supported, ""},
	{"path_filestat_set_times", params("fd:i32 flags:i32 path:i32 path_len:i32 atim:i64 mtim:i64 fst_flags:i32"), true, pathFilestatSetTimes, Supported, "without SYMLINK_FOLLOW sets a symlink's own times (ENOTSUP where the mounted file system cannot)"},
	{"path_link", params("old_fd:i32 old_flags:i32 old_path:i32 old_path_len:i32 new_fd:i32 new_path:i32 new_path_len:i32"), true, pathLink, Supported, "hard links within one mount; EXDEV across mounts"},
	{"path_open", params("fd:i32 dirflags:i32 path:i32 path_len:i32 oflags:i32 fs_rights_base:i64 fs_rights_inheriting:i64 fdflags:i32 fd_out:i32"), true, pathOpen, Supported, "confined beneath the directory descriptor; rights are masked by the parent's inheriting rights; FD_WRITE, FD_DATASYNC, FD_ALLOCATE or FD_FILESTAT_SET_SIZE open the file for writing"},
	{"path_readlink", params("fd:i32 path:i32 path_len:i32 buf:i32 buf_len:i32 bufused:i32"), true, pathReadlink, Supported, "truncates to the buffer, as readlink(2) does"},
	{"path_remove_directory", params("fd:i32 path:i32 path_len:i32"), true, pathRemoveDirectory, Supported, "a trailing slash never follows a final symlink (ENOTDIR)"},
	{"path_rename", params("fd:i32 old_path:i32 old_path_len:i32 new_fd:i32 new_path:i32 new_path_len:i32"), true, pathRename, Supported, "POSIX rename within one mount; EXDEV across mounts"},
	{"path_symlink", params("old_path:i32 old_path_len:i32 fd:i32 new_path:i32 new_path_len:i32"), true, pathSymlink, Supported, "relative targets only (EPERM for absolute ones, as wasmtime); links never lead out of the directory a lookup is confined to"},
	{"path_unlink_file", params("fd:i32 path:i32 path_len:i32"), true, pathUnlinkFile, Supported, "a trailing slash never follows a final symlink (ENOTDIR)"},
	{"poll_oneoff", params("in:i32 out:i32 nsubscriptions:i32 nevents:i32"), true, pollOneoff, Supported, "any number of clock (relative or absolute) and fd subscriptions; blocks until one is ready"},
	{"proc_exit", params("rval:i32"), false, procExit, Supported, "becomes the exit code"},
	{"proc_raise", params("sig:i32"), true, procRaise, Partial, "signals whose default action terminates end the process as killed by that signal; ignored-by-default signals do nothing, as POSIX says; stop signals return ENOTSUP"},
	{"sched_yield", params(""), true, schedYield, Supported, "yields the host thread"},
	{"random_get", params("buf:i32 buf_len:i32"), true, randomGet, Supported, "from the host CSPRNG (crypto/rand; crypto.getRandomValues in a browser)"},
	{"sock_accept", params("fd:i32 flags:i32 fd_out:i32"), true, sockAccept, Supported, "on listening sockets the host passes (--listen, --forward; LISTEN_FDS) or a guest opens at /dev/tcp-listen/PORT; waits for a connection unless the listener is NONBLOCK (EAGAIN); flags may set NONBLOCK on the new socket"},
	{"sock_recv", params("fd:i32 ri_data:i32 ri_data_len:i32 ri_flags:i32 ro_datalen:i32 ro_flags:i32"), true, sockRecv, Supported, "RECV_PEEK and RECV_WAITALL; ro_flags is always 0 (a stream is never truncated); ENOTCONN on a listening socket"},
	{"sock_send", params("fd:i32 si_data:i32 si_data_len:i32 si_flags:i32 so_datalen:i32"), true, sockSend, Supported, "si_flags is ignored (none are defined); EPIPE once this end shut down writing or the peer closed"},
	{"sock_shutdown", params("fd:i32 how:i32"), true, sockShutdown, Supported, "RD, WR or both; on a listening socket RD stops listening and WR does nothing, as on Linux"},
}

// Names lists the function names in table order, for the kernel's syscall
// counters.
func Names() []string {
	out := make([]string, len(Functions))
	for i, f := range Functions {
		out[i] = f.Name
	}
	return out
}

// Invoke runs function i for process p: it counts the call, runs the
// handler, and traces it when debug logging is on. Bindings call this, not
// the handlers.
func Invoke(i int, p *kernel.Process, m Memory, args []uint64) abi.Errno {
	p.CountSyscall(i)
	// Engines may leave garbage above the low 32 bits of an i32 argument.
	for j, prm := range Functions[i].Params {
		if prm.Type == I32 {
			args[j] &= 0xffffffff
		}
	}
	errno := Functions[i].Handler(p, m, args)
	if log := p.Kernel().Log; log.Enabled(kernel.LevelDebug) {
		log.Log(kernel.LevelDebug, kernel.SourceWASI, p.PID, nil, "%s = %s", Functions[i].call(m, args), resultName(errno))
	}
	return errno
}

// call renders a call for the trace: arguments by name, paths as strings.
func (f Function) call(m Memory, args []uint64) string {
	var b strings.Builder
	b.WriteString(f.Name)
	b.WriteByte('(')
	for j, prm := range f.Params {
		if j > 0 {
			b.WriteString(", ")
		}
		if strings.HasSuffix(prm.Name, "path") && j+1 < len(f.Params) && f.Params[j+1].Name == prm.Name+"_len" {
			if s, ok := readString(m, uint32(args[j]), uint32(args[j+1])); ok {
				fmt.Fprintf(&b, "%s=%q", prm.Name, s)
				continue
			}
		}
		fmt.Fprintf(&b, "%s=%d", prm.Name, args[j])
	}
	b.WriteByte(')')
	return b.String()
}

func resultName(e abi.Errno) string {
	if e == Terminate {
		return "terminate"
	}
	return e.Name()
}

// Module is the import module name guests use.
const Module = "wasi_snapshot_preview1"
