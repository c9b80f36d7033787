# wasmrun: imported by CPython's site module at startup (this directory is on
# PYTHONPATH). Kept small: it runs before every program.
import os
import sys

# A WASI libc starts in "/"; the kernel passes the project directory in PWD,
# as a shell would, so relative paths mean what the user expects.
_pwd = os.environ.get("PWD")
if _pwd:
    try:
        os.chdir(_pwd)
    except OSError:
        pass
del _pwd


# asyncio's event loop wants a self-pipe made with socket.socketpair(),
# which the WASI libc refuses. The kernel provides /dev/pipe, a pipe whose
# one descriptor is both ends: asyncio gets its wake-up channel from there.
# The patch is applied when asyncio.selector_events is first imported, so
# programs that never use asyncio pay nothing for it. See docs/asyncio.md.
class _SelfPipeEnd:
    """The two socket methods asyncio's self-pipe uses, over a kernel pipe."""

    def __init__(self, fd, owner):
        self._fd = fd
        self._owner = owner

    def fileno(self):
        return self._fd

    def setblocking(self, flag):
        os.set_blocking(self._fd, flag)

    def recv(self, n):
        return os.read(self._fd, n)

    def send(self, data):
        return os.write(self._fd, data)

    def close(self):
        if self._owner and self._fd >= 0:
            os.close(self._fd)
        self._fd = -1


def _make_self_pipe(self):
    fd = os.open("/dev/pipe", os.O_RDWR)
    self._ssock = _SelfPipeEnd(fd, True)
    self._csock = _SelfPipeEnd(fd, False)
    self._ssock.setblocking(False)
    self._internal_fds += 1
    self._add_reader(self._ssock.fileno(), self._read_from_self)


class _PatchSelectorEvents:
    """Meta-path hook that patches asyncio.selector_events once loaded."""

    def find_spec(self, name, path, target=None):
        if name != "asyncio.selector_events":
            return None
        sys.meta_path.remove(self)
        import importlib.util

        spec = importlib.util.find_spec(name)
        load = spec.loader.exec_module

        def exec_module(module):
            load(module)
            module.BaseSelectorEventLoop._make_self_pipe = _make_self_pipe

        spec.loader.exec_module = exec_module
        return spec


def _explain_no_threads(start):
    """Wraps _thread.start_new_thread: CPython's own "can't start new
    thread" reads like running out of resources, not like a platform that
    has none."""

    def start_new_thread(*args, **kwargs):
        try:
            return start(*args, **kwargs)
        except RuntimeError as e:
            raise RuntimeError(
                f"{e}: Python on WASI has no threads; use asyncio for concurrency"
            ) from None

    return start_new_thread


if sys.platform == "wasi":
    sys.meta_path.insert(0, _PatchSelectorEvents())
    import _thread  # built in, and loaded already: costs nothing

    _thread.start_new_thread = _explain_no_threads(_thread.start_new_thread)
