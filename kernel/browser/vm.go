//go:build js

package browser

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path"
	"runtime/debug"
	"time"
	"unsafe"

	"github.com/wasmrun/wasmrun/host/project"
	"github.com/wasmrun/wasmrun/kernel"
	"github.com/wasmrun/wasmrun/kernel/boot"
	knet "github.com/wasmrun/wasmrun/kernel/net"
	"github.com/wasmrun/wasmrun/kernel/protocol"
	"github.com/wasmrun/wasmrun/kernel/vfs"
	"github.com/wasmrun/wasmrun/kernel/vfs/memfs"
	"github.com/wasmrun/wasmrun/wasi"
	"github.com/wasmrun/wasmrun/wasi/abi"
)

// vm is the kernel of this worker: one VFS, one process at a time.
type vm struct {
	k       *kernel.Kernel
	session protocol.Session
	plan    boot.Plan
	root    *memfs.FS
	app     *memfs.FS
	support *memfs.FS    // the language's support files, at /opt/wasmrun
	quota   *memfs.Quota // --max-fs, shared by root and /app
	clock   pageClock

	proc     *kernel.Process
	deadline int64 // monotonic ns at which the running process times out; 0: none

	runPending bool     // a run was asked for while a process ran
	runArgs    []string // its arguments; nil: the session's
	runSeq     int      // the run request to answer when it starts

	lastState    int64           // when a process event was last posted
	statePending *kernel.Process // a state change not posted yet

	timings     protocol.Timings
	changed     map[string]bool
	lastFlush   int64
	firstOutput bool

	pinned map[uintptr][]byte // buffers handed to the worker

	net   *knet.Network // the kernel's network (net.go)
	relay *knet.Relay   // its connections to the page and the host
}

var the = &vm{pinned: map[uintptr][]byte{}, changed: map[string]bool{}}

// Main is kernel.wasm's main: it announces itself and leaves the rest to
// the worker's calls.
func Main() {
	debug.SetTraceback("none")
	postEvent("loaded", nil, nil)
	select {}
}

// sysCall runs WASI function i for the current process. A panic in the
// kernel ends the process as trapped with the kernel's error, never the
// kernel itself.
func sysCall(i int, a []uint64) (errno uint32) {
	p := the.proc
	if p == nil {
		return uint32(abi.ErrnoNosys)
	}
	defer func() {
		if r := recover(); r != nil {
			msg := fmt.Sprintf("kernel error in %s: %v", wasi.Functions[i].Name, r)
			the.k.Log.Log(kernel.LevelError, kernel.SourceKernel, p.PID, nil, "%s", msg)
			p.Exit(kernel.StateTrapped, 134, msg)
			errno = uint32(wasi.Terminate)
		}
	}()
	return uint32(wasi.Invoke(i, p, guestMemory{}, a))
}

//go:wasmexport kernel_alloc
func kernelAlloc(n uint32) uint32 {
	b := make([]byte, n+1)
	p := uintptr(unsafe.Pointer(&b[0]))
	the.pinned[p] = b
	return uint32(p)
}

//go:wasmexport kernel_free
func kernelFree(p uint32) { delete(the.pinned, uintptr(p)) }

// pinnedBytes returns n bytes of a buffer from kernel_alloc.
func pinnedBytes(p, n uint32) []byte {
	b := the.pinned[uintptr(p)]
	if uint32(len(b)) < n {
		return nil
	}
	return b[:n]
}

// Timing milestones the worker reports.
const (
	timingKernelFetched = iota
	timingKernelReady
	timingRuntimeFetched
)

//go:wasmexport kernel_timing
func kernelTiming(which uint32, ms float64) {
	switch which {
	case timingKernelFetched:
		the.timings.KernelFetched = ms
	case timingKernelReady:
		the.timings.KernelReady = ms
	case timingRuntimeFetched:
		the.timings.RuntimeFetched = ms
	}
}

// kernel_boot builds the VM from the session (JSON), the project and the
// language's support files (tar streams), all in buffers from kernel_alloc.
// resNs is the page's clock resolution. It returns 0, or -1 after posting an
// "error" event.
//
//go:wasmexport kernel_boot
func kernelBoot(sessPtr, sessLen, tarPtr, tarLen, supPtr, supLen uint32, resNs uint32) int32 {
	if err := the.boot(pinnedBytes(sessPtr, sessLen), pinnedBytes(tarPtr, tarLen), pinnedBytes(supPtr, supLen), int64(resNs)); err != nil {
		postEvent("error", protocol.ErrorEvent{Message: "boot: " + err.Error()}, nil)
		return -1
	}
	return 0
}

func (m *vm) boot(sess, tar, support []byte, res int64) error {
	if err := json.Unmarshal(sess, &m.session); err != nil {
		return fmt.Errorf("session: %w", err)
	}
	m.clock = pageClock{origin: time.Now().UnixNano() - int64(nowMs()*1e6), res: res}
	m.quota = memfs.NewQuota(m.session.Limits.MaxFS)
	m.root = memfs.New(memfs.Options{Quota: m.quota})
	v := vfs.New(m.root, vfs.MountOptions{Source: "memory"})
	m.k = kernel.New(kernel.Config{
		VFS: v, Clock: m.clock, Events: attention{m.clock}, SyscallNames: wasi.Names(),
		Log: kernel.NewLogBus(2048, kernel.LevelInfo), Attend: m.attend, OnState: m.onState, Random: pageRandom{},
	})
	m.k.Log.Subscribe(func(e kernel.Entry) { postEvent("log", e, nil) })
	v.OnChange(func(p string) { m.changed[p] = true })
	m.support = memfs.New(memfs.Options{})
	if _, err := project.ReadTar(bytes.NewReader(support), m.support, project.Options{}); err != nil {
		return fmt.Errorf("support files: %w", err)
	}
	if err := boot.Layout(v, m.k, m.support); err != nil {
		return err
	}
	if err := m.startNet(); err != nil {
		return fmt.Errorf("network: %w", err)
	}
	m.app = memfs.New(memfs.Options{Quota: m.quota})
	got, err := project.ReadTar(bytes.NewReader(tar), m.app, project.Options{MaxBytes: m.session.Limits.MaxFS})
	if err != nil {
		return fmt.Errorf("project: %w", err)
	}
	if err := v.Mount(boot.ProjectDir, m.app, vfs.MountOptions{Source: "project " + m.session.Project.Name}); err != nil {
		return err
	}
	m.plan = boot.Plan{
		Language: m.session.Project.Language, Command: m.session.Command,
		Entry: m.session.Project.Entry, Args: m.session.Args, Env: m.session.Env,
	}
	m.timings.ProjectLoaded = nowMs()
	m.k.Log.Log(kernel.LevelInfo, kernel.SourceKernel, 0, nil, "booted: %d project files at %s, %s %s", len(got.Files), boot.ProjectDir, m.session.Runtime.Name, m.session.Runtime.Version)
	postEvent("ready", m.timings, nil)
	return nil
}

// kernel_imports checks the guest's imports (a JSON list of
// {module, name, kind}); it returns 0, or -1 after posting an "error" event
// that names the first import the kernel does not provide.
//
//go:wasmexport kernel_imports
func kernelImports(ptr, n uint32) int32 {
	var imports []struct{ Module, Name, Kind string }
	if err := json.Unmarshal(pinnedBytes(ptr, n), &imports); err != nil {
		postEvent("error", protocol.ErrorEvent{Message: "imports: " + err.Error()}, nil)
		return -1
	}
	known := map[string]bool{}
	for _, f := range wasi.Functions {
		known[f.Name] = true
	}
	for _, im := range imports {
		ok := im.Kind == "function" && (im.Module == wasi.Module && known[im.Name] || im.Module == "wasmrun" && im.Name == "check")
		if !ok {
			msg := fmt.Sprintf("the guest imports %s %s.%s, which wasmrun does not provide: a guest may import only %s functions", im.Kind, im.Module, im.Name, wasi.Module)
			the.k.Log.Log(kernel.LevelError, kernel.SourceKernel, 0, nil, "%s", msg)
			postEvent("error", protocol.ErrorEvent{Message: msg}, nil)
			return -1
		}
	}
	return 0
}

// kernel_spawn creates the process for the next run and returns its pid.
// The worker then instantiates the guest and calls its _start.
//
//go:wasmexport kernel_spawn
func kernelSpawn() int32 {
	m := the
	pl := m.plan
	if m.runArgs != nil {
		pl.Args = m.runArgs
	}
	m.runPending, m.runArgs = false, nil
	p := m.k.Spawn(boot.Spec(pl, m.support))
	out := func(stream string) *kernel.Output {
		o := kernel.NewOutput(stream, true, func(b []byte) error {
			if !m.firstOutput {
				m.firstOutput = true
				m.timings.FirstOutput = nowMs()
			}
			postEvent("output", protocol.OutputEvent{PID: p.PID, Stream: stream}, b)
			return nil
		})
		if max := m.session.Limits.MaxOutput; max > 0 {
			o.Limit(max, &kernel.LimitError{What: "output", Limit: fmt.Sprintf("%d bytes", max), Flag: "--max-output"})
		}
		return o
	}
	p.SetStdio(stdin{}, out("stdout"), out("stderr"))
	if _, err := p.Preopen("/", "/"); err != nil {
		p.Exit(kernel.StateTrapped, 134, "preopen /: "+err.Error())
		return -1
	}
	if err := m.net.Pass(p, m.session.Network.GuestPorts()); err != nil {
		p.Exit(kernel.StateTrapped, 134, "listening sockets: "+err.Error())
		return -1
	}
	p.SetMemory(func() uint64 { return uint64(guestSize()) })
	m.deadline = 0
	if t := m.session.Limits.TimeoutMs; t > 0 {
		m.deadline = m.clock.Monotonic() + t*1e6
	}
	m.proc = p
	p.Start()
	if m.runSeq != 0 {
		respond(m.runSeq, "run", protocol.RunBody{PID: p.PID}, nil)
		m.runSeq = 0
	}
	return int32(p.PID)
}

// How _start ended, as the worker reports it.
const (
	endReturned = iota // _start returned
	endUnwound         // the kernel asked for it (exit, kill, limit)
	endTrapped         // any other exception: the message says which
)

// kernel_end records how the process ended and returns 1 when the worker
// must start another run at once (Restart), 0 otherwise.
//
//go:wasmexport kernel_end
func kernelEnd(how uint32, msgPtr, msgLen uint32) int32 {
	m := the
	p := m.proc
	if p != nil {
		switch how {
		case endReturned:
			p.Exit(kernel.StateExited, 0, "")
		case endUnwound:
			p.Exit(kernel.StateExited, 0, "") // proc_exit and kills recorded their own end
		default:
			p.Exit(kernel.StateTrapped, 134, "trap: "+string(pinnedBytes(msgPtr, msgLen)))
		}
		m.flushChanged(true)
		m.flushState()
		m.proc = nil
	}
	if m.runPending {
		return 1
	}
	return 0
}

// kernel_check is the guest's interruption point (wasmrun.check, reached
// every few thousand loop iterations): it serves the mailbox and returns 1
// when the guest must unwind.
//
//go:wasmexport kernel_check
func kernelCheck() int32 {
	the.attend()
	if p := the.proc; p != nil && p.Killed() {
		return 1
	}
	return 0
}

// kernel_attend serves the mailbox while no guest runs; it returns 1 when a
// run must start.
//
//go:wasmexport kernel_attend
func kernelAttend() int32 {
	the.attend()
	if the.proc == nil && the.runPending {
		return 1
	}
	return 0
}

// attend serves pending requests, enforces the time limit and reports file
// changes. It runs at every wake-up of a waiting guest, at every
// interruption check, and when the worker is idle.
func (m *vm) attend() {
	if m.k == nil {
		return
	}
	for {
		req, ok := takeRequest()
		if !ok {
			break
		}
		m.serve(req)
	}
	m.relay.Pump()
	if p := m.proc; p != nil && m.deadline != 0 && m.clock.Monotonic() >= m.deadline {
		p.KillCode(124, (&kernel.LimitError{What: "time", Limit: (time.Duration(m.session.Limits.TimeoutMs) * time.Millisecond).String(), Flag: "--timeout"}).Error())
	}
	m.flushChanged(false)
	m.flushState()
}

// onState tells the page of a process's state change. Starts and ends go
// at once; a process that blocks and resumes often (an event loop's
// poll_oneoff) is reported at most every 50 ms, its latest state last.
func (m *vm) onState(p *kernel.Process) {
	state, _, _ := p.Result()
	now := m.clock.Monotonic()
	if state == kernel.StateBlocked || state == kernel.StateRunning {
		if m.statePending == nil && now-m.lastState < 50e6 || m.statePending != nil {
			m.statePending = p
			return
		}
	}
	m.statePending = nil
	m.lastState = now
	postEvent("process", p.Info(), nil)
}

// flushState posts a state change onState held back.
func (m *vm) flushState() {
	if p := m.statePending; p != nil {
		m.statePending = nil
		m.lastState = m.clock.Monotonic()
		postEvent("process", p.Info(), nil)
	}
}

// flushChanged posts the paths changed since the last flush, at most every
// 100 ms unless forced.
func (m *vm) flushChanged(force bool) {
	if len(m.changed) == 0 {
		return
	}
	now := m.clock.Monotonic()
	if !force && now-m.lastFlush < 100e6 {
		return
	}
	m.lastFlush = now
	paths := make([]string, 0, len(m.changed))
	for p := range m.changed {
		paths = append(paths, p)
		delete(m.changed, p)
	}
	postEvent("changed", protocol.ChangedEvent{Paths: paths}, nil)
}

var requestBuf = make([]byte, 64<<10)

// takeRequest reads the next request from the mailbox.
func takeRequest() (protocol.Request, bool) {
	n := mailboxTake(unsafe.Pointer(&requestBuf[0]), uint32(len(requestBuf)))
	if n < 0 {
		requestBuf = make([]byte, -n)
		n = mailboxTake(unsafe.Pointer(&requestBuf[0]), uint32(len(requestBuf)))
	}
	if n <= 0 {
		return protocol.Request{}, false
	}
	var req protocol.Request
	if err := json.Unmarshal(requestBuf[:n], &req); err != nil {
		respond(0, "", nil, fmt.Errorf("bad request: %w", err))
		return protocol.Request{}, false
	}
	return req, true
}

func clean(p string) string { return path.Clean("/" + p) }
