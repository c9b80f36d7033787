package protocol

import (
	"os"
	"testing"
)

func TestTypeScriptTwinIsCurrent(t *testing.T) {
	got, err := os.ReadFile("../../web/src/protocol.gen.ts")
	if err != nil {
		t.Fatalf("%v: run go generate ./kernel/protocol", err)
	}
	if string(got) != TypeScript() {
		t.Fatal("web/src/protocol.gen.ts is stale: run go generate ./kernel/protocol")
	}
}
