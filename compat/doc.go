// Package compat is the Node.js compatibility suite of wasmrun's Node layer:
// small deterministic programs, each run under the machine's real `node` and
// under `wasmrun run`, whose stdout, stderr and exit code must agree once a
// few documented rules have normalised what legitimately differs (paths,
// stack frames, durations, process ids).
//
// The programs live in scripts/<area>/ (one area per global or core
// module), fixtures/<project>/ (module resolution, each a small project
// with its own node_modules) and packages/scripts/ (one per npm package of
// packages/package.json). expected.json lists the programs that fail today,
// each with a reason; docs/node-compat.md is the table generated from a run.
//
// This file's package holds what the suite is made of (discovery, the
// directives a program declares, normalisation, the diff, the expected list
// and the report) so that it is unit-tested by `go test ./...`; the suite
// itself needs node, npm and bin/wasmrun and runs with the compat build tag:
//
//	make test-compat
//	go test -tags compat ./compat [-run TestCompat/scripts/fs] [-runner node] [-update-doc] [-update-expected]
//
// README.md in this directory says how to add a program and why each
// normalisation rule is sound.
package compat
