// Package memfs is an in-memory, inode-based file system with POSIX
// semantics, mounted in the wasmrun VFS.
//
// hackpadfs/mem is a flat store keyed by path; WASI programs need more than
// that: inodes with stable numbers and real link counts, symbolic and hard
// links, handles that keep working after unlink or rename (and never bring an
// unlinked name back), POSIX rename rules, and nanosecond timestamps. memfs is
// a tree of inodes that provides exactly those.
//
// # Semantics worth knowing
//
//   - Permission bits are stored and reported but never enforced: the guest
//     is the owner of everything, as WASI preview1 has no permission model.
//   - atime follows Linux "relatime": reading file data or listing a
//     directory updates atime only if it is not newer than mtime or ctime, or
//     is a day old. Stat never updates it.
//   - A directory's Size is its number of entries; a symlink's is the length
//     of its target. A directory's Nlink is 2 plus its subdirectories.
//   - Symlinks are followed, up to 40 in one lookup (then ELOOP), only when
//     relative and inside the FS; a link that would leave it fails with
//     EXDEV. The VFS above resolves links itself, so this is a safety net.
//   - Limits (Options) make a write or create fail whole with ENOSPC or EFBIG;
//     a write is never cut short. An unlinked file's bytes stay counted until
//     its last handle is closed, as on a disk. Growing files keep spare
//     capacity, so memory held may reach twice the bytes counted.
//   - Sync is a no-op: memory is as durable as memfs gets.
//
// All methods are safe for concurrent use. memfs starts no goroutines and
// compiles for GOOS=js.
package memfs
