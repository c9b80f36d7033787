package compat

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strings"
)

// Expected is expected.json: the programs that fail under wasmrun today,
// each with a one-line reason. A failure not listed is a regression; a
// listed program that passes must be taken off the list, so that the list,
// and the report made from it, say the truth.
type Expected map[string]string

// ReadExpected reads the list; a missing file is an empty list.
func ReadExpected(path string) (Expected, error) {
	b, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return Expected{}, nil
	}
	if err != nil {
		return nil, err
	}
	var e Expected
	if err := json.Unmarshal(b, &e); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	for name, reason := range e {
		if strings.TrimSpace(reason) == "" || strings.Contains(reason, "\n") {
			return nil, fmt.Errorf("%s: %s: the reason must be one non-empty line", path, name)
		}
	}
	return e, nil
}

// Write writes the list sorted by name, one entry a line.
func (e Expected) Write(path string) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(map[string]string(e)); err != nil {
		return err
	}
	return os.WriteFile(path, b.Bytes(), 0o644)
}
