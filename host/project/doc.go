// Package project decides what of a project directory goes into the VM, and
// delivers it: into a hackpadfs.FS for 'wasmrun run' (CopyTo), or as one tar
// stream for the kernel in the browser for 'wasmrun os' (WriteTar on the
// host, ReadTar in the kernel).
//
// # Selection
//
// Scan walks the project in sorted order, so that the same tree always gives
// the same Manifest, and decides each entry by these rules, later ones
// winning:
//
//  1. .git, a directory or a submodule's file, is never included, at any
//     depth.
//  2. .gitignore files, the root one and nested ones, with git's semantics:
//     a pattern is relative to the directory of its .gitignore, a deeper
//     file overrides a shallower one, "!" re-includes, and nothing inside an
//     ignored directory is looked at (so it cannot be re-included, as in
//     git).
//  3. Exceptions to .gitignore, because programs need them at run time
//     although they are never committed: node_modules directories (at any
//     depth, with everything in them: .gitignore rules do not apply inside,
//     or a "dist/" rule would strip the packages that ship one) and .env
//     files (.env and .env.*, files only, since a directory named .env is
//     usually a Python virtualenv).
//  4. .wasmrunignore at the root, same syntax, then Options.Ignore: they
//     win over everything above, so they can exclude node_modules or .env,
//     and re-include what .gitignore excludes ("!dist/").
//
// Ignored entries are left out silently. Entries the user would expect but
// do not get are listed in Manifest.Skipped with the reason and the flag to
// change it: a file over Options.MaxFileSize; everything after the walk
// reaches Options.MaxFiles or Options.MaxBytes (the selection is the walk up
// to that point, and a skipped directory is listed once, not walked); special
// files (devices, sockets, FIFOs); files that cannot be read; and symlinks
// that leave the project.
//
// # Symlinks
//
// Symlinks are copied as symlinks, their target text unchanged, and never
// followed on the host, so a loop cannot hang the walk. A symlink whose
// target is absolute or climbs above the project root (judged on the text,
// from the link's directory) is skipped: inside the VM it would name a host
// path. All reading on the host goes through an os.Root, so no file outside
// the project is ever read, even if the tree changes during the walk.
//
// # Delivery
//
// A file may change between Scan and delivery. CopyTo and WriteTar take a
// file's size when they open it, re-check it against the limits Scan used,
// and read exactly that many bytes, never more than the limit: a file that
// has grown past a limit is skipped (moved to Skipped) rather than
// truncated, and bytes appended while it is read are not delivered. Both
// update the Manifest to what was delivered.
//
// ReadTar is the kernel's side, and builds for GOOS=js: it trusts the host
// no more than it must. It writes only through names it can check (io/fs
// paths, no "..", no absolute names, never through a symlink, never over an
// existing name), refuses symlinks that leave the tree, and enforces the
// same limits, failing on the first entry that breaks a rule.
//
// Times: CopyTo keeps nanoseconds; the tar stream carries whole seconds
// (sub-second times would cost a PAX header, 1 KiB, per entry).
package project
