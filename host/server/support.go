package server

import (
	"bytes"
	"fmt"

	"github.com/wasmrun/wasmrun/kernel/boot"
)

// prepareSupport makes the session's language's support files as the page
// gets them (the Node layer, Python's sitecustomize): a tar made by
// kernel/boot.SupportTar, served as "<sha256>.tar". The kernel mounts them
// at /opt/wasmrun; kernel.wasm does not carry them.
func prepareSupport(language string) (hashedAsset, error) {
	var buf bytes.Buffer
	if err := boot.SupportTar(language, &buf); err != nil {
		return hashedAsset{}, fmt.Errorf("server: the %s support files: %w", language, err)
	}
	return newHashedAsset(buf.Bytes(), "application/x-tar", ".tar"), nil
}
