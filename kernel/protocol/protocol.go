// Package protocol is the one definition of what the page, the kernel worker
// and the host say to each other: requests with a sequence number, responses
// naming their request, and events, as in the Debug Adapter Protocol.
// web/src/protocol.gen.ts is generated from these types (go generate), and a
// test fails when it is stale, so the two ends cannot disagree silently.
package protocol

//go:generate go run ./gen -o ../../web/src/protocol.gen.ts

import (
	"encoding/json"

	"github.com/wasmrun/wasmrun/kernel"
	knet "github.com/wasmrun/wasmrun/kernel/net"
)

// Request asks the kernel (or the host) to do something.
type Request struct {
	Seq       int             `json:"seq"`
	Command   string          `json:"command"`
	Arguments json.RawMessage `json:"arguments,omitempty"`
}

// Response answers the request numbered RequestSeq.
type Response struct {
	RequestSeq int    `json:"request_seq"`
	Command    string `json:"command"`
	Success    bool   `json:"success"`
	Message    string `json:"message,omitempty"` // the error, when not Success
	Body       any    `json:"body,omitempty"`
}

// Event is something that happened, sent unasked.
type Event struct {
	Event string `json:"event"`
	Body  any    `json:"body,omitempty"`
}

// Empty is the arguments or body of a command that has none.
type Empty struct{}

// PathArgs name a file in the VM.
type PathArgs struct {
	Path string `json:"path"`
}

// RunArgs start the project's entry again (Run / Restart).
type RunArgs struct {
	Args []string `json:"args,omitempty"` // the program's arguments; default: those given at boot
}

// RunBody is the process Run started.
type RunBody struct {
	PID int `json:"pid"`
}

// StopArgs end the running process.
type StopArgs struct {
	Reason string `json:"reason,omitempty"`
}

// DirEntry is one entry of fs.list.
type DirEntry struct {
	Name  string `json:"name"`
	Type  string `json:"type"` // "file", "dir", "symlink", "device", "other"
	Size  int64  `json:"size"`
	Mtime int64  `json:"mtime"` // Unix milliseconds
}

// ListBody is the content of a directory.
type ListBody struct {
	Path    string     `json:"path"`
	Entries []DirEntry `json:"entries"`
}

// ReadBody is a file's content (base64 in JSON).
type ReadBody struct {
	Path string `json:"path"`
	Data []byte `json:"data"`
	Size int64  `json:"size"`
}

// WriteArgs replace a file's content, creating it if needed.
type WriteArgs struct {
	Path string `json:"path"`
	Data []byte `json:"data"`
}

// ArchiveBody is a zip of the VM's files.
type ArchiveBody struct {
	Data  []byte `json:"data"`
	Files int    `json:"files"`
}

// Mount describes one mount of the VFS.
type Mount struct {
	Path     string `json:"path"`
	Source   string `json:"source"`
	ReadOnly bool   `json:"readOnly"`
}

// Usage is how much the in-memory files hold.
type Usage struct {
	Bytes    int64 `json:"bytes"`
	Inodes   int   `json:"inodes"`
	MaxBytes int64 `json:"maxBytes"`
}

// Runtime is the language runtime the project runs on.
type Runtime struct {
	Language string `json:"language"`
	Name     string `json:"name"`
	Version  string `json:"version"`
	SHA256   string `json:"sha256"`
	Size     int64  `json:"size"`
	License  string `json:"license"`
}

// WASIFunction is one row of the kernel's support table.
type WASIFunction struct {
	Name      string `json:"name"`
	Signature string `json:"signature"`
	Support   string `json:"support"`
	Note      string `json:"note"`
}

// Timings are the boot's milestones, in milliseconds since the worker
// started.
type Timings struct {
	KernelFetched  float64 `json:"kernelFetched"`
	KernelReady    float64 `json:"kernelReady"`
	RuntimeFetched float64 `json:"runtimeFetched"`
	ProjectLoaded  float64 `json:"projectLoaded"`
	FirstOutput    float64 `json:"firstOutput"`
}

// StatusBody is the Kernel panel: everything the kernel knows of itself.
type StatusBody struct {
	UptimeMs  int64          `json:"uptimeMs"`
	Processes []kernel.Info  `json:"processes"`
	Mounts    []Mount        `json:"mounts"`
	Usage     Usage          `json:"usage"`
	Runtime   Runtime        `json:"runtime"`
	Entry     string         `json:"entry"`
	WASI      []WASIFunction `json:"wasi"`
	Timings   Timings        `json:"timings"`
	// Network is the Network panel: the policy, forwards, listeners,
	// connections and decision counts; absent when the kernel has no
	// network.
	Network *knet.Snapshot `json:"network,omitempty"`
}

// LogsBody are the retained log entries.
type LogsBody struct {
	Entries []kernel.Entry `json:"entries"`
}

// OutputEvent carries a guest's output. In a worker message the bytes travel
// beside the JSON body, as a Uint8Array in the message's "data" field.
type OutputEvent struct {
	PID    int    `json:"pid"`
	Stream string `json:"stream"` // "stdout" or "stderr"
}

// ChangedEvent lists VM paths that changed (written, created, removed).
type ChangedEvent struct {
	Paths []string `json:"paths"`
}

// ProgressEvent reports a download.
type ProgressEvent struct {
	What   string `json:"what"` // "kernel", "runtime", "project"
	Loaded int64  `json:"loaded"`
	Total  int64  `json:"total"` // 0 when unknown
}

// ErrorEvent reports a failure the page must show (boot failed, kernel
// error).
type ErrorEvent struct {
	Message string `json:"message"`
}

// HostFileEvent is sent by the host when --watch sees a project file change:
// the new content, or Removed.
type HostFileEvent struct {
	Path    string `json:"path"` // relative to the project
	Data    []byte `json:"data,omitempty"`
	Removed bool   `json:"removed,omitempty"`
}

// Commands lists every request with its argument and body types.
var Commands = []Command{
	{"run", RunArgs{}, RunBody{}, "start the entry again on the current VFS"},
	{"stop", StopArgs{}, Empty{}, "kill the running process"},
	{"stdin.close", Empty{}, Empty{}, "end the running process's input (Ctrl-D)"},
	{"fs.list", PathArgs{}, ListBody{}, "list a directory"},
	{"fs.read", PathArgs{}, ReadBody{}, "read a file"},
	{"fs.write", WriteArgs{}, Empty{}, "write a file"},
	{"fs.remove", PathArgs{}, Empty{}, "remove a file or an empty directory"},
	{"fs.mkdir", PathArgs{}, Empty{}, "create a directory"},
	{"fs.archive", PathArgs{}, ArchiveBody{}, "zip a directory tree"},
	{"status", Empty{}, StatusBody{}, "the kernel's status"},
	{"logs", Empty{}, LogsBody{}, "the retained log entries"},
	{"net.open", NetOpenArgs{}, Empty{}, "open a stream to a guest's listening port (the Preview panel, a forwarded host port)"},
	{"net.send", NetDataArgs{}, Empty{}, "bytes for the guest on a stream"},
	{"net.end", NetStreamArgs{}, Empty{}, "the outside stopped writing on a stream"},
	{"net.close", NetCloseArgs{}, Empty{}, "the outside ended a stream"},
	{"net.ack", NetAckArgs{}, Empty{}, "the outside took bytes the guest sent"},
	{"net.resolved", NetResolvedArgs{}, Empty{}, "the host's answer to net.resolve"},
	{"net.dialed", NetDialedArgs{}, Empty{}, "the host's answer to net.dial"},
}

// Events lists every event with its body type.
var Events = []EventType{
	{"output", OutputEvent{}, "guest output (bytes in the message's data field)"},
	{"process", kernel.Info{}, "a process started, blocked, resumed or ended"},
	{"log", kernel.Entry{}, "a kernel log entry"},
	{"changed", ChangedEvent{}, "VM files changed"},
	{"progress", ProgressEvent{}, "a download's progress"},
	{"ready", Timings{}, "the kernel booted"},
	{"error", ErrorEvent{}, "a failure to show"},
	{"host.file", HostFileEvent{}, "a project file changed on disk (--watch)"},
	{"loaded", Empty{}, "kernel.wasm is running"},
	{"session", Session{}, "the session the worker fetched from the host"},
	{"net.data", NetDataArgs{}, "bytes a guest sent on a stream (in the message's data field; base64 on the WebSocket)"},
	{"net.end", NetStreamArgs{}, "the guest (or, from the host, the remote end) stopped writing on a stream"},
	{"net.close", NetCloseArgs{}, "a stream ended"},
	{"net.ack", NetAckArgs{}, "bytes sent on a stream were taken: as many more may be sent"},
	{"net.resolve", NetResolveArgs{}, "the kernel asks the host for a name's addresses"},
	{"net.resolved", NetResolvedArgs{}, "the host's addresses for a name (WebSocket)"},
	{"net.dial", NetDialArgs{}, "the kernel asks the host to connect a stream"},
	{"net.dialed", NetDialedArgs{}, "the host connected a stream, or could not (WebSocket)"},
	{"net.accept", NetOpenArgs{}, "a connection arrived on a forwarded host port (WebSocket, host to page)"},
	{"net.accepted", NetCloseArgs{}, "the kernel took a forwarded connection, or refused it (WebSocket, page to host)"},
}

// Command is one request type.
type Command struct {
	Name string
	Args any
	Body any
	Doc  string
}

// EventType is one event type.
type EventType struct {
	Name string
	Body any
	Doc  string
}

// Session is what the host tells the page about what to run
// (GET /api/session).
type Session struct {
	Version string  `json:"version"`
	Project Project `json:"project"`
	Runtime Runtime `json:"runtime"`
	// RuntimeURL serves the runtime module, instrumented for interruption,
	// by content hash; it never changes, so it is cached for good.
	RuntimeURL string `json:"runtimeUrl"`
	// SupportURL serves the language's support files (the Node layer,
	// Python's sitecustomize) as a tar for /opt/wasmrun, by content hash,
	// cached for good like the runtime.
	SupportURL string `json:"supportUrl"`
	// PreviewPort is the port of the origin the Preview panel shows
	// guests' apps in: the UI's host name with this port, another origin
	// than the UI's. Set by the server.
	PreviewPort int      `json:"previewPort"`
	Command     []string `json:"command"` // the runtime's argv template, "{entry}" marking the entry
	Args        []string `json:"args"`
	Env         []string `json:"env"`
	Limits      Limits   `json:"limits"`
	Watch       bool     `json:"watch"`
	// Network is the kernel's network policy and forwarded ports.
	Network NetworkSession `json:"network"`
}

// Project is the project being run.
type Project struct {
	Root     string `json:"root"`
	Name     string `json:"name"`
	Language string `json:"language"`
	Entry    string `json:"entry"`
	Reason   string `json:"reason"`
	Files    int    `json:"files"`
	Bytes    int64  `json:"bytes"`
	Skipped  []Skip `json:"skipped"`
}

// Skip is a project file left out of the VM, and why.
type Skip struct {
	Path   string `json:"path"`
	Reason string `json:"reason"`
}

// Limits bound the guest in the browser.
type Limits struct {
	MaxMemory int64 `json:"maxMemory"` // bytes of linear memory
	MaxOutput int64 `json:"maxOutput"` // bytes of stdout+stderr per run; 0: none
	MaxFS     int64 `json:"maxFs"`     // bytes of in-memory files
	TimeoutMs int64 `json:"timeoutMs"` // wall time per run; 0: none
}
