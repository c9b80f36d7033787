# wasmrun: `make run` builds and runs an example; `make test` runs every check.
# Everything a fresh machine needs is installed by the targets below.

GO      ?= go
BIN     := bin/wasmrun
GOJSEXEC := $(shell $(GO) env GOROOT)/lib/wasm/go_js_wasm_exec
# Packages that must also work compiled to GOOS=js (the browser kernel).
PORTABLE := ./wasi/... ./kernel ./kernel/vfs ./kernel/vfs/memfs ./kernel/boot

.PHONY: all build run test vet fmt-check test-go test-js bench clean

all: build

build:
	$(GO) build -o $(BIN) ./host/cmd/wasmrun

run: build
	$(BIN) run examples/python-hello -- from make run

vet:
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet $(PORTABLE)

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

test-go:
	$(GO) test ./...

test-js:
	GOOS=js GOARCH=wasm $(GO) test -exec="$(GOJSEXEC)" $(PORTABLE)

test: fmt-check vet test-go test-js

bench: build
	$(GO) test -run '^$$' -bench . -benchtime 5x ./bench/...

clean:
	rm -rf bin
