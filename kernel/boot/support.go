//go:build !js

package boot

import (
	"archive/tar"
	"embed"
	"io"
	"io/fs"
	"time"
)

// The support files of each language's runtime, embedded in the host's
// binary. The browser's kernel does not embed them: the host serves the
// session's language's files as a tar (SupportTar), which the page fetches
// beside kernel.wasm, so that kernel.wasm stays small and a Python project
// never downloads the Node layer.
var (
	//go:embed support/node support/node-unbuilt.js
	nodeSupport embed.FS
	//go:embed support/python
	pythonSupport embed.FS
)

// Support returns the support files of a language's runtime, as Layout
// mounts them at SupportDir: empty for a language that has none.
func Support(language string) fs.FS {
	var files embed.FS
	switch language {
	case "javascript":
		files = nodeSupport
	case "python":
		files = pythonSupport
	default:
		return embed.FS{} // an empty tree
	}
	sub, err := fs.Sub(files, "support")
	if err != nil {
		panic(err) // "support" is a valid name
	}
	return sub
}

// SupportTar writes Support(language) to w as a tar stream for
// host/project.ReadTar: each directory before what it holds, in lexical
// order, with fixed modes and times, so that the same files make the same
// bytes (the host names the tar by its hash).
func SupportTar(language string, w io.Writer) error {
	files := Support(language)
	tw := tar.NewWriter(w)
	err := fs.WalkDir(files, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || name == "." {
			return err
		}
		h := &tar.Header{Name: name, ModTime: time.Unix(0, 0), Format: tar.FormatPAX}
		if d.IsDir() {
			h.Typeflag, h.Name, h.Mode = tar.TypeDir, name+"/", 0o755
			return tw.WriteHeader(h)
		}
		b, err := fs.ReadFile(files, name)
		if err != nil {
			return err
		}
		h.Typeflag, h.Mode, h.Size = tar.TypeReg, 0o644, int64(len(b))
		if err := tw.WriteHeader(h); err != nil {
			return err
		}
		_, err = tw.Write(b)
		return err
	})
	if err != nil {
		return err
	}
	return tw.Close()
}
