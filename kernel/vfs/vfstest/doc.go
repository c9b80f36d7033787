// Package vfstest specifies, as tests, the behaviour wasmrun's file systems
// share: the POSIX semantics WASI guests rely on that hackpadfs's fstest
// suite does not cover (unlinked open files, rename rules, symlinks, hard
// links, timestamps, escape attempts) and a benchmark of the kernel's hot
// path. memfs and hostfs run it from their tests with a constructor.
//
// It uses no os package, so memfs's tests run under GOOS=js too.
package vfstest
