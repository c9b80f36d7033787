#!/usr/bin/env python3
# wasmrun adapter for old versions of the WASI test suite's runner, which
# run the adapter as a script (the "legacy" interface):
#
#   wasmrun-legacy.py --version
#   wasmrun-legacy.py --test-file T.wasm [--arg A]... [--dir D]... [--env K=V]...
#
# The runner starts it in the test's directory, so a --dir D is a path
# relative to it, preopened under the name D exactly. The adapter's exit
# status is the guest's, and its stdout and stderr are the guest's.
#
# The wasmrun command is $WASMRUN (split like a shell would), else
# "wasmrun" from PATH.

import argparse
import os
import shlex
import subprocess
import sys


def main():
    command = shlex.split(os.environ.get("WASMRUN", "wasmrun"))
    parser = argparse.ArgumentParser(description="run a WASI test with wasmrun")
    parser.add_argument("--version", action="store_true")
    parser.add_argument("--test-file")
    parser.add_argument("--arg", action="append", default=[])
    parser.add_argument("--env", action="append", default=[])
    parser.add_argument("--dir", action="append", default=[])
    opts = parser.parse_args()

    if opts.version:
        out = subprocess.run(command + ["--version"], capture_output=True,
                             text=True, check=True).stdout.strip()
        words = out.splitlines()[0].split() if out else []
        print("wasmrun " + (words[-1] if words else "unknown"))
        return 0
    if not opts.test_file:
        parser.error("--test-file is required")

    argv = command + ["exec"]
    for d in opts.dir:
        argv += ["--dir", os.path.abspath(d) + ":" + d]
    for e in opts.env:
        argv += ["--env", e]
    argv += [os.path.abspath(opts.test_file), "--"] + opts.arg
    sys.stdout.flush()
    code = subprocess.run(argv).returncode
    return 128 - code if code < 0 else code  # killed by a signal


if __name__ == "__main__":
    sys.exit(main())
