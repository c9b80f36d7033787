package wasi

import (
	"os"
	"testing"
)

func TestCompatibilityDocIsCurrent(t *testing.T) {
	got, err := os.ReadFile("../docs/wasi.md")
	if err != nil {
		t.Fatalf("%v: run go generate ./wasi", err)
	}
	if string(got) != Markdown() {
		t.Fatal("docs/wasi.md is stale: run go generate ./wasi")
	}
}

func TestEveryFunctionIsInTheTable(t *testing.T) {
	if len(Functions) != 46 {
		t.Fatalf("the table has %d functions, want the 46 of preview1", len(Functions))
	}
	seen := map[string]bool{}
	for _, f := range Functions {
		if seen[f.Name] {
			t.Errorf("%s is listed twice", f.Name)
		}
		seen[f.Name] = true
		if f.Handler == nil || f.Support == "" {
			t.Errorf("%s has no handler or support level", f.Name)
		}
	}
}
