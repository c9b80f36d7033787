// Package boot prepares a VM to run a project's entry: the VFS layout
// (project at /app, the kernel's /dev, the runtimes' support files), and the
// argv and environment each language's runtime needs. It is portable: the
// browser kernel boots a project exactly as `wasmrun run` does.
package boot

import (
	"io/fs"
	"path"
	"strings"

	"github.com/wasmrun/wasmrun/kernel"
	"github.com/wasmrun/wasmrun/kernel/vfs"
)

// Where things live in the guest.
const (
	ProjectDir = "/app"
	SupportDir = "/opt/wasmrun"
	DevDir     = "/dev"
	TmpDir     = "/tmp"
)

// Layout mounts what every VM has besides the project: /dev, the
// language's support files (Support, or the browser kernel's copy of
// SupportTar) read-only, and /tmp (a directory of the writable root).
func Layout(v *vfs.VFS, k *kernel.Kernel, support fs.FS) error {
	if err := v.Mount(DevDir, kernel.NewDevFS(k), vfs.MountOptions{Source: "devices"}); err != nil {
		return err
	}
	if err := v.Mount(SupportDir, support, vfs.MountOptions{ReadOnly: true, Source: "wasmrun support files"}); err != nil {
		return err
	}
	loc, err := v.Resolve(vfs.Lookup{Base: "/"}, TmpDir)
	if err != nil {
		return err
	}
	if _, err := v.Stat(loc); err != nil {
		return v.Mkdir(loc, 0o777)
	}
	return nil
}

// Plan is what to run.
type Plan struct {
	Language string   // "javascript" or "python"
	Command  []string // the runtime's argv template, "{entry}" marking the entry
	Entry    string   // the entry file, relative to the project
	Args     []string // the program's arguments
	Env      []string // K=V the user asked for
}

// EntryPlaceholder marks where the entry goes in a Command template.
const EntryPlaceholder = "{entry}"

// Spec turns a plan into the process to spawn: argv with the entry as an
// absolute guest path, the environment, and the project as working
// directory. support is what Layout mounts at SupportDir.
func Spec(pl Plan, support fs.FS) kernel.Spec {
	entry := path.Join(ProjectDir, pl.Entry)
	var argv []string
	for _, a := range pl.Command {
		if a == EntryPlaceholder {
			argv = append(argv, prelude(pl.Language, support)...)
			argv = append(argv, entry)
			continue
		}
		argv = append(argv, a)
	}
	argv = append(argv, pl.Args...)
	env := []string{"PWD=" + ProjectDir, "HOME=" + ProjectDir, "TMPDIR=" + TmpDir}
	userPythonPath := ""
	for _, kv := range pl.Env {
		if v, ok := strings.CutPrefix(kv, "PYTHONPATH="); ok && pl.Language == "python" {
			userPythonPath = v
			continue
		}
		env = setEnv(env, kv)
	}
	if pl.Language == "python" {
		pp := SupportDir + "/python"
		if userPythonPath != "" {
			pp += ":" + userPythonPath
		}
		env = setEnv(env, "PYTHONPATH="+pp)
	}
	return kernel.Spec{Argv: argv, Env: env, Cwd: ProjectDir}
}

// prelude is what a language's runtime runs before the entry.
func prelude(language string, support fs.FS) []string {
	if language == "javascript" {
		return []string{nodeLayer(support)}
	}
	return nil
}

// The Node layer (kernel/boot/node) is built into support/node by `make
// node-layer`: qjs runs node.js with the entry as its first argument, and
// node.js loads the layer's bytecode (node.qbc). A binary built without it
// runs node-unbuilt.js instead, which says so in one line and exits 1.
// Paths are in the support files.
const (
	nodeLayerEntry   = "node/node.js"
	nodeLayerCode    = "node/node.qbc"
	nodeLayerUnbuilt = "node-unbuilt.js"
)

// nodeLayer is the file qjs runs before a JavaScript project's entry.
func nodeLayer(support fs.FS) string {
	for _, f := range []string{nodeLayerEntry, nodeLayerCode} {
		if _, err := fs.Stat(support, f); err != nil {
			return path.Join(SupportDir, nodeLayerUnbuilt)
		}
	}
	return path.Join(SupportDir, nodeLayerEntry)
}

// setEnv sets K=V in env, replacing an earlier K.
func setEnv(env []string, kv string) []string {
	k, _, _ := strings.Cut(kv, "=")
	for i, e := range env {
		if ek, _, _ := strings.Cut(e, "="); ek == k {
			env[i] = kv
			return env
		}
	}
	return append(env, kv)
}
