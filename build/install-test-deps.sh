#!/usr/bin/env bash
# Installs what the tests need beyond Go and Node: clang 19 with wasm-ld and
# Debian's wasi-libc, to build the C guests in wasi/testdata/c/, and Debian's
# chromium, which the browser tests drive with playwright-core.
# Idempotent: does nothing when every package is already installed. Needs
# root (apt-get); the tests skip the C guests when these are missing.
set -euo pipefail

pkgs=(clang-19 lld-19 wasi-libc libclang-rt-19-dev-wasm32 chromium)

missing=()
for p in "${pkgs[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing+=("$p")
	fi
done

if [ ${#missing[@]} -eq 0 ]; then
	echo "install-test-deps: already installed: ${pkgs[*]}"
	exit 0
fi

echo "install-test-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
sudo=""
if [ "$(id -u)" -ne 0 ]; then
	sudo="sudo"
fi
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
