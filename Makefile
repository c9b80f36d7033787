# wasmrun: `make run` builds everything and runs `wasmrun os` on an example;
# `make test` builds everything and runs every check. What a fresh machine
# needs beyond Go and Node is installed by build/install-test-deps.sh
# (.ci/run calls it).

GO       ?= go
NPM      ?= npm
BIN      := bin/wasmrun
GOJSEXEC := $(shell $(GO) env GOROOT)/lib/wasm/go_js_wasm_exec
UI       := host/server/ui
# Packages that must also work compiled to GOOS=js (the browser kernel).
PORTABLE := ./wasi/... ./kernel ./kernel/net ./kernel/vfs ./kernel/vfs/memfs ./kernel/boot ./kernel/protocol ./kernel/instrument ./host/project
EXAMPLE  ?= examples/python-hello

.PHONY: all deps node-layer build run run-headless test vet fmt-check typecheck test-web test-go test-js test-e2e test-compat bench clean kernel web generate-check

all: build

# The UI (Vite) and kernel.wasm are embedded in the binary: build them first.
web/node_modules/.package-lock.json: web/package.json web/package-lock.json
	cd web && $(NPM) ci --no-audit --no-fund
	@touch $@

web: web/node_modules/.package-lock.json
	cd web && $(NPM) run build
	rm -rf $(UI)/dist && cp -r web/dist $(UI)/dist

# The Node layer (kernel/boot/node): bundled and compiled to QuickJS bytecode
# into kernel/boot/support/node, which kernel/boot embeds.
kernel/boot/node/node_modules/.package-lock.json: kernel/boot/node/package.json kernel/boot/node/package-lock.json
	cd kernel/boot/node && $(NPM) ci --no-audit --no-fund
	@touch $@

node-layer: kernel/boot/node/node_modules/.package-lock.json
	cd kernel/boot/node && GO=$(GO) node build.mjs

kernel: node-layer
	@mkdir -p $(UI)/kernel
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags="-s -w" -o $(UI)/kernel/kernel.wasm ./kernel/browser/cmd/kernel
	cp "$$($(GO) env GOROOT)/lib/wasm/wasm_exec.js" $(UI)/kernel/wasm_exec.js

build: node-layer kernel web
	$(GO) build -o $(BIN) ./host/cmd/wasmrun

# The main job: the browser UI on an example project.
run: build
	$(BIN) os $(EXAMPLE)

# The same example headless, in the terminal.
run-headless: build
	$(BIN) run $(EXAMPLE)

vet:
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet $(PORTABLE) ./kernel/browser/...

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

# Generated files must match their sources.
generate-check:
	cd kernel/browser && $(GO) run ./gen && cd ../.. && git diff --exit-code kernel/browser/exports_gen.go

typecheck: web/node_modules/.package-lock.json
	cd web && $(NPM) run typecheck

test-web: web/node_modules/.package-lock.json
	cd web && $(NPM) test

test-go: build
	$(GO) test ./...

test-js: node-layer
	GOOS=js GOARCH=wasm $(GO) test -exec="$(GOJSEXEC)" $(PORTABLE)

# The browser end-to-end tests (web/e2e/): `wasmrun os` on real ports, driven
# in Debian's chromium with playwright-core, one browser and server per file.
test-e2e: build
	node --test web/e2e/

# The Node.js compatibility suite (compat/README.md): every program under the
# real node and under bin/wasmrun; compat/expected.json lists what fails today.
test-compat: build
	$(GO) vet -tags compat ./compat
	$(GO) test -tags compat -count=1 ./compat

# What the tests need beyond Go and Node: clang + wasi-libc for the C guests,
# chromium for the browser tests (idempotent; needs root, as apt does).
deps:
	./build/install-test-deps.sh

test: deps fmt-check vet generate-check typecheck test-web test-go test-js test-e2e test-compat

# The native kernel against wazero's WASI, the browser kernel against
# browser_wasi_shim in Chromium (bench/browser/README.md), and the Node layer
# on QuickJS against the machine's node (bench/node-layer/run.mjs; its require
# programs use the compat suite's npm packages), and the Express app of
# testdata/express-app served by node and by wasmrun run --listen
# (bench/express/run.mjs: 10,000 requests, 50 at a time).
bench: build compat/packages/node_modules/.package-lock.json
	BENCH_ROUNDS=15 $(GO) test -run '^$$' -bench . -benchtime 1x ./bench/...
	GO=$(GO) node bench/browser/run.mjs
	node bench/node-layer/run.mjs --runs 7
	node bench/express/run.mjs

compat/packages/node_modules/.package-lock.json: compat/packages/package-lock.json
	cd compat/packages && $(NPM) ci --no-audit --no-fund

clean:
	rm -rf bin web/dist $(UI)/dist $(UI)/kernel
