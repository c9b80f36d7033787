package kernel

import (
	"github.com/hack-pad/hackpadfs"

	"github.com/wasmrun/wasmrun/kernel/vfs"
	"github.com/wasmrun/wasmrun/wasi/abi"
)

// SetStdio installs descriptors 0, 1 and 2.
func (p *Process) SetStdio(stdin, stdout, stderr Stream) {
	for fd, s := range []Stream{stdin, stdout, stderr} {
		p.FDs.Set(uint32(fd), &FD{File: s, Rights: abi.RightsStream})
	}
}

// Preopen opens the directory at guestPath and installs it at the next free
// descriptor, announced to the guest under name (what fd_prestat_dir_name
// returns). Runtimes expect preopens right after stdio, from descriptor 3.
func (p *Process) Preopen(name, guestPath string) (uint32, error) {
	v := p.k.VFS
	loc, err := v.Resolve(vfs.Lookup{Base: "/", Follow: true}, guestPath)
	if err != nil {
		return 0, err
	}
	f, err := v.OpenFile(loc, hackpadfs.FlagReadOnly, 0)
	if err != nil {
		return 0, err
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return 0, err
	}
	if !info.IsDir() {
		f.Close()
		return 0, &notDirError{guestPath}
	}
	return p.FDs.Insert(&FD{
		File:       NewOpenFile(v, f, loc, info, false),
		Rights:     abi.RightsDirectory,
		Inheriting: abi.RightsDirectoryInheriting,
		Preopen:    name,
	})
}

type notDirError struct{ path string }

func (e *notDirError) Error() string { return "preopen " + e.path + ": not a directory" }
