# wasmrun adapter for the WASI test suite's runner (module-style adapters).
#
# The runner imports this file and calls the functions below; it never runs
# it as a script, except once to tell it from a legacy script adapter, and
# then it must print nothing. So nothing here runs at import beyond
# definitions.
#
# Every generation of the module interface is accepted:
#   compute_argv(test, args, env, dirs, wasi_version)                    (B)
#   compute_argv(test, (args, env, dirs), proposals, wasi_version)       (C)
#   compute_argv(test, (args, env, dirs), proposals, world, version)     (D)
#   compute_argv(test, (args, env, root), proposals, world, version)     (E)
# where dirs is a list of (host path, guest name) pairs and root a single
# host directory mounted as the guest's "/".
#
# The wasmrun command is $WASMRUN (split like a shell would), else
# "wasmrun" from PATH.

import os
import shlex
import subprocess


def _command():
    return shlex.split(os.environ.get("WASMRUN", "wasmrun"))


def get_name():
    return "wasmrun"


def get_version():
    # "wasmrun version X" (cobra's --version) or "wasmrun X": the version
    # is the last word of the first line.
    out = subprocess.run(_command() + ["--version"], capture_output=True,
                         text=True, check=True).stdout
    words = out.strip().splitlines()[0].split() if out.strip() else []
    return words[-1] if words else "unknown"


def get_wasi_versions():
    return ["wasm32-wasip1"]


def get_wasi_worlds():
    return ["wasi:cli/command"]


def get_timeout_seconds():
    # Honoured by runners that ask; the upstream runner allows 5 s.
    return 30


def _is_args_env_dirs(value):
    return isinstance(value, tuple) and len(value) == 3 and \
        isinstance(value[1], dict)


def _dir_flags(dirs):
    """--dir flags for a list of (host, guest) pairs or a root directory."""
    if dirs is None or dirs == "" or dirs == []:
        return []
    if isinstance(dirs, (str, os.PathLike)):
        return ["--dir", os.path.abspath(os.fspath(dirs)) + ":/"]
    flags = []
    for entry in dirs:
        if isinstance(entry, (str, os.PathLike)):
            # A bare name: the host directory and the guest name are the same.
            host, guest = entry, os.fspath(entry)
        else:
            host, guest = entry
        flags += ["--dir", os.path.abspath(os.fspath(host)) + ":" + str(guest)]
    return flags


def compute_argv(test_path, *rest, **kwargs):
    if rest and _is_args_env_dirs(rest[0]):
        args, env, dirs = rest[0]
    elif len(rest) >= 3:
        args, env, dirs = rest[0], rest[1], rest[2]
    else:
        args = kwargs.get("args", [])
        env = kwargs.get("env", {})
        dirs = kwargs.get("dirs", kwargs.get("root"))
    argv = _command() + ["exec"]
    argv += _dir_flags(dirs)
    for key, value in (env or {}).items():
        argv += ["--env", f"{key}={value}"]
    argv += [os.path.abspath(os.fspath(test_path)), "--"]
    argv += [str(a) for a in (args or [])]
    return argv
