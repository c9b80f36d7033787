// Package hostfs mounts a host directory in the wasmrun VFS, confined to it.
//
// Confinement is the point: a guest must never reach a host path outside
// the mounted directory, whether through "..", absolute or relative
// symlinks, or a race that swaps a directory for a symlink between a check
// and its use. hostfs rejects non-io/fs paths (so no ".." or leading "/"),
// and does every access through an os.Root, which resolves each path one
// component at a time with openat(2) and O_NOFOLLOW, from the root's file
// descriptor, following only symlinks that stay inside. The VFS above
// resolves symlinks itself and hands hostfs symlink-free paths; os.Root is
// the safety net against what changes on disk meanwhile.
//
// A path that would leave the root fails with EXDEV (os.Root's "path
// escapes from parent", mapped to the errno memfs uses for the same case).
// os.Root follows at most 8 symlinks in one lookup (ELOOP after that).
//
// All errors are *fs.PathError or *hackpadfs.LinkError naming the path
// inside the mount (never the host path), wrapping a syscall.Errno.
//
// Inode numbers, link counts and nanosecond times (FileInfo.Sys() as
// *vfs.Inode) are provided on Linux and macOS; POSIX rename, Lchtimes and
// Chtimes on an open file on Linux only (elsewhere rename follows
// os.Rename, refusing to replace a directory with EEXIST, and the other two
// fail with ENOTSUP).
// hostfs compiles for GOOS=js, but there os.Root cannot rule out races and
// the tests do not run: it is meant for native builds.
package hostfs
