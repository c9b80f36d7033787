// The fake kernel's WASI support table: the preview1 functions with made-up
// but plausible support levels. The real table comes from the kernel.
import type { WASIFunction } from "../../protocol.gen";

const TABLE: [string, string, string?, string?][] = [
  ["args_get", "argv:i32 argv_buf:i32"],
  ["args_sizes_get", "argc:i32 argv_buf_size:i32"],
  ["environ_get", "environ:i32 environ_buf:i32", "supported", "only the variables the session gives the process"],
  ["environ_sizes_get", "environc:i32 environ_buf_size:i32"],
  ["clock_res_get", "id:i32 resolution:i32", "supported", "performance.now() granularity in the browser"],
  ["clock_time_get", "id:i32 precision:i64 time:i32"],
  ["fd_advise", "fd:i32 offset:i64 len:i64 advice:i32", "supported", "accepted and ignored by memory files"],
  ["fd_allocate", "fd:i32 offset:i64 len:i64"],
  ["fd_close", "fd:i32"],
  ["fd_datasync", "fd:i32"],
  ["fd_fdstat_get", "fd:i32 stat:i32"],
  ["fd_fdstat_set_flags", "fd:i32 flags:i32"],
  ["fd_fdstat_set_rights", "fd:i32 fs_rights_base:i64 fs_rights_inheriting:i64"],
  ["fd_filestat_get", "fd:i32 buf:i32"],
  ["fd_filestat_set_size", "fd:i32 size:i64"],
  ["fd_filestat_set_times", "fd:i32 atim:i64 mtim:i64 fst_flags:i32"],
  ["fd_pread", "fd:i32 iovs:i32 iovs_len:i32 offset:i64 nread:i32"],
  ["fd_prestat_get", "fd:i32 buf:i32"],
  ["fd_prestat_dir_name", "fd:i32 path:i32 path_len:i32"],
  ["fd_pwrite", "fd:i32 iovs:i32 iovs_len:i32 offset:i64 nwritten:i32"],
  ["fd_read", "fd:i32 iovs:i32 iovs_len:i32 nread:i32", "supported", "stdin blocks until the Console sends a line"],
  ["fd_readdir", "fd:i32 buf:i32 buf_len:i32 cookie:i64 bufused:i32"],
  ["fd_renumber", "fd:i32 to:i32"],
  ["fd_seek", "fd:i32 offset:i64 whence:i32 newoffset:i32"],
  ["fd_sync", "fd:i32"],
  ["fd_tell", "fd:i32 offset:i32"],
  ["fd_write", "fd:i32 iovs:i32 iovs_len:i32 nwritten:i32", "supported", "stdout and stderr reach the Console as written"],
  ["path_create_directory", "fd:i32 path:i32 path_len:i32"],
  ["path_filestat_get", "fd:i32 flags:i32 path:i32 path_len:i32 buf:i32"],
  ["path_filestat_set_times", "fd:i32 flags:i32 path:i32 path_len:i32 atim:i64 mtim:i64 fst_flags:i32"],
  ["path_link", "old_fd:i32 old_flags:i32 old_path:i32 old_path_len:i32 new_fd:i32 new_path:i32 new_path_len:i32", "partial", "within one mount only"],
  ["path_open", "fd:i32 dirflags:i32 path:i32 path_len:i32 oflags:i32 fs_rights_base:i64 fs_rights_inheriting:i64 fdflags:i32 fd_out:i32"],
  ["path_readlink", "fd:i32 path:i32 path_len:i32 buf:i32 buf_len:i32 bufused:i32"],
  ["path_remove_directory", "fd:i32 path:i32 path_len:i32"],
  ["path_rename", "fd:i32 old_path:i32 old_path_len:i32 new_fd:i32 new_path:i32 new_path_len:i32"],
  ["path_symlink", "old_path:i32 old_path_len:i32 fd:i32 new_path:i32 new_path_len:i32", "partial", "relative targets only"],
  ["path_unlink_file", "fd:i32 path:i32 path_len:i32"],
  ["poll_oneoff", "in:i32 out:i32 nsubscriptions:i32 nevents:i32"],
  ["proc_exit", "rval:i32"],
  ["proc_raise", "sig:i32", "partial", "terminating signals end the process; others are ignored"],
  ["sched_yield", ""],
  ["random_get", "buf:i32 buf_len:i32", "supported", "crypto.getRandomValues"],
  ["sock_accept", "fd:i32 flags:i32 fd_out:i32", "unsupported", "ENOTSOCK: no sockets yet"],
  ["sock_recv", "fd:i32 ri_data:i32 ri_data_len:i32 ri_flags:i32 ro_datalen:i32 ro_flags:i32", "unsupported", "ENOTSOCK: no sockets yet"],
  ["sock_send", "fd:i32 si_data:i32 si_data_len:i32 si_flags:i32 so_datalen:i32", "unsupported", "ENOTSOCK: no sockets yet"],
  ["sock_shutdown", "fd:i32 how:i32", "unsupported", "ENOTSOCK: no sockets yet"],
];

export const WASI_FUNCTIONS: WASIFunction[] = TABLE.map(([name, params, support = "supported", note = ""]) => {
  const ps = params
    .split(" ")
    .filter(Boolean)
    .map((p) => p.replace(":", ": "));
  return { name, signature: `${name}(${ps.join(", ")})${name === "proc_exit" ? "" : " -> errno"}`, support, note };
});
