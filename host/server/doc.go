// Package server is the host of `wasmrun os`: a small HTTP server, on
// julienschmidt/httprouter, that gives the page everything it needs to run
// the project in the browser's kernel and takes the program's output back to
// the terminal. It runs nothing itself: the kernel, the runtime and the
// program run in the page's Web Worker.
//
// # Endpoints
//
// Every GET route answers HEAD too. The table is the README's.
//
//	| Method    | Path                    | Answer                                                                                   | Content-Type                   | Cache-Control                       |
//	|-----------|-------------------------|------------------------------------------------------------------------------------------|--------------------------------|-------------------------------------|
//	| GET, HEAD | /                       | the UI's index.html (also at /index.html)                                                | text/html; charset=utf-8       | no-cache                            |
//	| GET, HEAD | /assets/*               | the UI's bundles, named by content hash                                                  | by extension                   | public, max-age=31536000, immutable |
//	| GET, HEAD | /FILE                   | another file at the root of the UI's build (favicon.svg)                                 | by extension                   | no-cache                            |
//	| GET, HEAD | /kernel.wasm            | the kernel, GOOS=js                                                                      | application/wasm               | no-cache                            |
//	| GET, HEAD | /wasm_exec.js           | Go's loader for the kernel                                                               | text/javascript; charset=utf-8 | no-cache                            |
//	| GET, HEAD | /runtimes/SHA256.wasm   | the session's runtime, instrumented, by the sha256 of what is served; other names: 404  | application/wasm               | public, max-age=31536000, immutable |
//	| GET, HEAD | /support/SHA256.tar     | the language's support files for /opt/wasmrun (kernel/boot.SupportTar), by sha256; others: 404 | application/x-tar | public, max-age=31536000, immutable |
//	| GET, HEAD | /api/session            | protocol.Session: project (fresh scan, with skipped files), runtime, runtimeUrl, supportUrl, command, args, env, limits, watch, version | application/json | no-store |
//	| GET, HEAD | /api/project.tar        | the project's selection (host/project Scan + WriteTar), streamed                         | application/x-tar              | no-store                            |
//	| GET       | /api/ws                 | the WebSocket back-channel: output and logs in, host.file out, network streams (below)  |                                |                                     |
//
// The Preview panel's origin is another port of the same address (the
// session's previewPort; preview.go), which serves only:
//
//	| method    | path                    | what                                                                                   |
//	|-----------|-------------------------|----------------------------------------------------------------------------------------|
//	| GET, HEAD | /preview/sw.js          | the Preview's Service Worker (web/public/preview-sw.js), scope /preview/               |
//	| GET, HEAD | /preview/bridge.html    | the page the UI frames hidden: registers the worker, passes its requests to the UI     |
//	| GET, HEAD | /preview/bridge.js      | its script                                                                             |
//	| any       | /preview/*              | the Service Worker's, from the kernel in the UI's page; reaching the host: 503, open the UI |
//	| any       | anything else           | 404, saying the UI is elsewhere: not the UI, not the API, not the WebSocket            |
//
// At the UI's origin, anything else is 404 (405 for a method other than GET and HEAD). A file
// the build did not produce answers 500 with what to do ("the UI was not
// built: run make build"). The static files and the runtime carry a strong
// ETag and X-Content-Length (their decoded size, for the page's progress
// bars), and answer If-None-Match (304) and Range requests.
//
// # Security
//
//   - The server binds 127.0.0.1 unless told otherwise (--host, with a
//     warning).
//   - A request whose Host header is not the server's own address
//     (127.0.0.1:PORT, localhost:PORT, [::1]:PORT, or the address bound) is
//     refused with 403 and one line: a page on another name that resolves
//     here (DNS rebinding) reads nothing. The same names with the
//     Preview's port are the Preview's origin, and get the Preview's
//     routes only, whichever port the request came in on.
//   - A request other than GET or HEAD from another origin (by Origin or
//     Sec-Fetch-Site, net/http's CrossOriginProtection) is refused with 403;
//     there is no such endpoint anyway. The WebSocket, a GET, is refused
//     with 403 when its Origin is not http:// and the Host it was sent to.
//     No response carries Access-Control-Allow-Origin.
//   - Only the embedded files, the session's runtime and support files and
//     the project's selection are ever served; paths with "..", ".", empty elements,
//     backslashes or NUL, however encoded, are 404.
//   - Every response carries Cross-Origin-Opener-Policy: same-origin and
//     Cross-Origin-Embedder-Policy: require-corp (the kernel needs
//     SharedArrayBuffer), Cross-Origin-Resource-Policy: same-origin,
//     X-Content-Type-Options: nosniff, Referrer-Policy: no-referrer, and
//     this Content-Security-Policy (a worker takes its script's):
//     default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src
//     'self' blob:; connect-src 'self' ws://HOST; style-src 'self'
//     'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:;
//     object-src 'none'; base-uri 'none'; form-action 'none';
//     frame-src http://HOST:PREVIEWPORT; frame-ancestors 'none'. The UI may
//     therefore have no inline script. The Preview's origin's responses
//     carry Cross-Origin-Resource-Policy: cross-origin instead (the UI
//     frames them) and default-src 'self'; object-src 'none'; base-uri
//     'none'; form-action 'none'; frame-ancestors (the UI's origins).
//
// # The runtime
//
// The runtime is instrumented (kernel/instrument) when the server starts,
// once: the result is kept in the cache directory under the input's sha256
// and the instrumentation's Version, so the next start only reads it
// (python.wasm: 0.05-0.3 s to instrument, 26.3 MB to 26.4 MB). Its URL
// names the sha256 of the instrumented bytes, so it can be cached for good
// and changes whenever they do. A runtime the instrumenter does not support
// is served as is, with a warning that Stop can then end it only at a
// system call.
//
// # Compression
//
// kernel.wasm, wasm_exec.js and the UI's files of 1 KiB or more are also
// served brotli (quality 5, window 24) or gzip (level 6), by
// Accept-Encoding; so is the runtime with Config.Compress (wasmrun os sets it
// when bound to a non-loopback address), with Vary: Accept-Encoding and an ETag per
// encoding. The variants are computed in the background after the start and
// served as they become ready; until then the identity is. The runtime's
// are computed once and kept in the cache directory beside it.
//
// Measured on the 2-core development machines (other work running):
//
//	| file                 | size     | brotli q5            | gzip -6             | brotli q11           |
//	|----------------------|----------|----------------------|---------------------|----------------------|
//	| kernel.wasm (GOOS=js)| 4.98 MB  | 1.17 MB, 0.27-0.5 s  | 1.37 MB, 0.18 s     | 1.00 MB, 13 s        |
//	| python.wasm          | 26.3 MB  | 9.64 MB, 1.5-2.3 s   | 12.0 MB, 0.76 s     | 8.39 MB, 119 s       |
//
// In Chromium on the same machine, over loopback, fetching and compiling
// (WebAssembly.compileStreaming) is faster without compression: python.wasm
// is fetched in 80-130 ms and compiled in 100-140 ms uncompressed, against
// 190-460 ms and 230-700 ms from brotli (gzip: 280-350 ms and 310-1030 ms);
// kernel.wasm in 40-70 ms and 45-120 ms, against 55-150 ms and 60-160 ms.
// Decompressing costs more than the bytes save when they do not cross a
// network, so on loopback the runtime is not compressed; the kernel and the
// UI are, as they are small (about 25 ms more per boot on loopback).
//
// # The WebSocket
//
// Messages are protocol.Event as JSON text. From the page:
//
//   - "output": body {pid, stream: "stdout" | "stderr", data: base64}; the
//     bytes are written to the terminal's stdout or stderr, as they are.
//   - "log": body kernel.Entry; with -v, entries of level info and above are
//     printed to stderr as "wasmrun [source] pid N: message".
//   - "process": body kernel.Info; a killed or trapped process is said on
//     stderr as 'wasmrun run' says it ("wasmrun: python: reason"), an exit
//     with -v.
//
// Network streams, both ways (netrelay.go; docs/network.md "In the
// browser"): net.accept (to the page: a connection to a --forward port),
// net.accepted, net.data (base64), net.ack, net.end, net.close,
// net.resolve/net.resolved and net.dial/net.dialed (the kernel's outbound
// connections, which the host checks against the session's policy again,
// resolves and dials). With no page connected, a --forward port answers
// 503 saying to open the UI.
//
// Anything else, or anything unreadable, is ignored. To the page, with
// --watch: "host.file", body protocol.HostFileEvent: a project file that
// changed on disk with its new content (data, base64), or removed: true.
// The watcher watches every directory of the selection (fsnotify); on
// changes it waits for 100 ms of quiet (1 s at most), rescans with the same
// rules and sends the difference: new and changed regular files, then
// removed entries deepest first (files, then their directories). Ignored
// files never reach the page; a file that becomes ignored is removed. New
// directories are not sent by themselves: the page creates a file's parents.
// A page that cannot keep up with 256 events is disconnected.
//
// # Embedded files
//
// The binary embeds host/server/ui/ (ui.go), which `make build` fills:
//
//	host/server/ui/dist/               the UI (web/dist, from npm run build)
//	host/server/ui/kernel/kernel.wasm  GOOS=js GOARCH=wasm go build of the kernel
//	host/server/ui/kernel/wasm_exec.js $(go env GOROOT)/lib/wasm/wasm_exec.js
//
// They are ignored by git; ui/README.md is committed, so the package builds,
// vets and tests without them, and the server then says what is missing.
package server
