//go:build js

package browser

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/hack-pad/hackpadfs"

	"github.com/wasmrun/wasmrun/kernel"
	knet "github.com/wasmrun/wasmrun/kernel/net"
	"github.com/wasmrun/wasmrun/kernel/protocol"
	"github.com/wasmrun/wasmrun/kernel/vfs"
	"github.com/wasmrun/wasmrun/wasi"
)

// serve runs one request from the page and posts its response.
func (m *vm) serve(req protocol.Request) {
	body, err := m.handle(req)
	if req.Command == "run" && err == nil && body == nil {
		return // answered when the process starts
	}
	respond(req.Seq, req.Command, body, err)
}

func (m *vm) handle(req protocol.Request) (any, error) {
	args := func(v any) error {
		if len(req.Arguments) == 0 {
			return nil
		}
		return json.Unmarshal(req.Arguments, v)
	}
	switch req.Command {
	case "run":
		var a protocol.RunArgs
		if err := args(&a); err != nil {
			return nil, err
		}
		m.runPending, m.runArgs, m.runSeq = true, a.Args, req.Seq
		if p := m.proc; p != nil {
			p.Kill("restarted")
		}
		return nil, nil
	case "stop":
		var a protocol.StopArgs
		if err := args(&a); err != nil {
			return nil, err
		}
		p := m.proc
		if p == nil {
			return nil, errors.New("no process is running")
		}
		reason := a.Reason
		if reason == "" {
			reason = "stopped from the console"
		}
		p.Kill(reason)
		return protocol.Empty{}, nil
	case "status":
		return m.status(), nil
	case "logs":
		return protocol.LogsBody{Entries: m.k.Log.Entries()}, nil
	}
	if strings.HasPrefix(req.Command, "net.") {
		return m.serveNet(req.Command, req.Arguments)
	}
	var a protocol.PathArgs
	switch req.Command {
	case "fs.list", "fs.read", "fs.remove", "fs.mkdir", "fs.archive":
		if err := args(&a); err != nil {
			return nil, err
		}
	case "fs.write":
		var w protocol.WriteArgs
		if err := args(&w); err != nil {
			return nil, err
		}
		return protocol.Empty{}, m.write(w.Path, w.Data)
	default:
		return nil, fmt.Errorf("unknown command %q", req.Command)
	}
	v := m.k.VFS
	loc, err := v.Resolve(vfs.Lookup{Base: "/", Follow: true}, clean(a.Path))
	if err != nil {
		return nil, pathError(a.Path, err)
	}
	switch req.Command {
	case "fs.list":
		return m.list(loc)
	case "fs.read":
		return m.read(loc)
	case "fs.remove":
		info, err := v.Stat(loc)
		if err != nil {
			return nil, pathError(a.Path, err)
		}
		if info.IsDir() {
			err = v.Rmdir(loc)
		} else {
			err = v.Unlink(loc)
		}
		return protocol.Empty{}, pathError(a.Path, err)
	case "fs.mkdir":
		return protocol.Empty{}, pathError(a.Path, v.Mkdir(loc, 0o755))
	default: // fs.archive
		return m.archive(loc)
	}
}

// pathError makes a VFS error readable: "/app/x: ENOENT".
func pathError(p string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s: %s", p, wasi.ErrnoOf(err).Name())
}

func (m *vm) list(loc vfs.Loc) (any, error) {
	entries, err := m.k.VFS.ReadDir(loc)
	if err != nil {
		return nil, pathError(loc.Path, err)
	}
	out := protocol.ListBody{Path: loc.Path, Entries: []protocol.DirEntry{}}
	for _, e := range entries {
		d := protocol.DirEntry{Name: e.Name(), Type: "other"}
		if info, err := e.Info(); err == nil {
			d.Size, d.Mtime = info.Size(), info.ModTime().UnixMilli()
			switch mode := info.Mode(); {
			case mode.IsDir():
				d.Type = "dir"
			case mode.IsRegular():
				d.Type = "file"
			case mode&fs.ModeSymlink != 0:
				d.Type = "symlink"
			case mode&fs.ModeDevice != 0:
				d.Type = "device"
			}
		}
		out.Entries = append(out.Entries, d)
	}
	sort.Slice(out.Entries, func(i, j int) bool { return out.Entries[i].Name < out.Entries[j].Name })
	return out, nil
}

// maxRead bounds a file the Files panel opens or downloads at once.
const maxRead = 32 << 20

func (m *vm) read(loc vfs.Loc) (any, error) {
	f, err := m.k.VFS.OpenFile(loc, hackpadfs.FlagReadOnly, 0)
	if err != nil {
		return nil, pathError(loc.Path, err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, pathError(loc.Path, err)
	}
	if info.IsDir() {
		return nil, fmt.Errorf("%s is a directory", loc.Path)
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", loc.Path)
	}
	if info.Size() > maxRead {
		return nil, fmt.Errorf("%s is %d bytes, more than the %d the panel reads", loc.Path, info.Size(), maxRead)
	}
	data, err := io.ReadAll(f)
	if err != nil {
		return nil, pathError(loc.Path, err)
	}
	return protocol.ReadBody{Path: loc.Path, Data: data, Size: info.Size()}, nil
}

// write replaces a file's content, creating it and its missing parent
// directories (an edit on disk may add a new directory to the project).
func (m *vm) write(p string, data []byte) error {
	v := m.k.VFS
	if err := m.mkdirAll(path.Dir(clean(p))); err != nil {
		return err
	}
	loc, err := v.Resolve(vfs.Lookup{Base: "/", Follow: true}, clean(p))
	if err != nil {
		return pathError(p, err)
	}
	f, err := v.OpenFile(loc, hackpadfs.FlagWriteOnly|hackpadfs.FlagCreate|hackpadfs.FlagTruncate, 0o644)
	if err != nil {
		return pathError(p, err)
	}
	w, ok := f.(io.Writer)
	if !ok {
		f.Close()
		return fmt.Errorf("%s: not writable", p)
	}
	if _, err := w.Write(data); err != nil {
		f.Close()
		return pathError(p, err)
	}
	v.Changed(loc.Path)
	return pathError(p, f.Close())
}

// mkdirAll creates dir and its missing parents.
func (m *vm) mkdirAll(dir string) error {
	if dir == "/" {
		return nil
	}
	v := m.k.VFS
	if loc, err := v.Resolve(vfs.Lookup{Base: "/", Follow: true}, dir); err == nil {
		if info, err := v.Stat(loc); err == nil {
			if !info.IsDir() {
				return fmt.Errorf("%s is not a directory", dir)
			}
			return nil
		}
	}
	if err := m.mkdirAll(path.Dir(dir)); err != nil {
		return err
	}
	loc, err := v.Resolve(vfs.Lookup{Base: "/", Follow: true}, dir)
	if err != nil {
		return pathError(dir, err)
	}
	return pathError(dir, v.Mkdir(loc, 0o755))
}

// archive zips the tree under loc (regular files and directories; devices
// and links are left out).
func (m *vm) archive(loc vfs.Loc) (any, error) {
	v := m.k.VFS
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	files := 0
	var walk func(l vfs.Loc, rel string) error
	walk = func(l vfs.Loc, rel string) error {
		entries, err := v.ReadDir(l)
		if err != nil {
			return err
		}
		for _, e := range entries {
			child, err := v.Resolve(vfs.Lookup{Base: "/"}, path.Join(l.Path, e.Name()))
			if err != nil {
				return err
			}
			info, err := v.Stat(child)
			if err != nil {
				return err
			}
			name := path.Join(rel, e.Name())
			switch {
			case info.IsDir():
				if _, err := zw.Create(name + "/"); err != nil {
					return err
				}
				if err := walk(child, name); err != nil {
					return err
				}
			case info.Mode().IsRegular():
				f, err := v.OpenFile(child, hackpadfs.FlagReadOnly, 0)
				if err != nil {
					return err
				}
				h := &zip.FileHeader{Name: name, Method: zip.Deflate, Modified: info.ModTime()}
				h.SetMode(info.Mode())
				w, err := zw.CreateHeader(h)
				if err == nil {
					_, err = io.Copy(w, f)
				}
				f.Close()
				if err != nil {
					return err
				}
				files++
			}
		}
		return nil
	}
	if err := walk(loc, ""); err != nil {
		return nil, pathError(loc.Path, err)
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return protocol.ArchiveBody{Data: buf.Bytes(), Files: files}, nil
}

func (m *vm) status() protocol.StatusBody {
	st := protocol.StatusBody{
		UptimeMs:  m.k.Uptime().Milliseconds(),
		Processes: m.k.Processes(),
		Runtime:   m.session.Runtime,
		Entry:     m.session.Project.Entry,
		Timings:   m.timings,
		Network:   knet.SnapshotOf(m.k.Net),
	}
	for _, mt := range m.k.VFS.Mounts() {
		st.Mounts = append(st.Mounts, protocol.Mount{Path: mt.Path, Source: mt.Source, ReadOnly: mt.ReadOnly})
	}
	_, ri := m.root.Usage()
	_, ai := m.app.Usage()
	st.Usage = protocol.Usage{Bytes: m.quota.Used(), Inodes: ri + ai, MaxBytes: m.session.Limits.MaxFS}
	for _, f := range wasi.Functions {
		st.WASI = append(st.WASI, protocol.WASIFunction{Name: f.Name, Signature: f.Signature(), Support: string(f.Support), Note: f.Note})
	}
	return st
}

var _ = kernel.LevelInfo
