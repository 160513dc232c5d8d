"""Read a plan folder in a second process while this one imports the rest of govcheck.

A lint of one plan spends most of its time importing: pydantic's model machinery, networkx,
the plan model and the rules (bench/RESULTS.md). Reading the plan's YAML needs none of
that, so the command line starts the reading first, in a forked child on the other core,
and imports the rest meanwhile. The child runs exactly ``read_folder`` and sends back its
result (the files' located data and the located errors) pickled through a pipe; the
parent takes it where it would have read the folder itself (``govcheck.api.load_plan``).
The result is the same value either way; only the time differs.

Whenever reading ahead could be unsafe or pointless it is skipped and the folder is read
in-process as before: no ``os.fork`` (Windows) or macOS (where forking a process that may
have touched system frameworks is unsafe), more than one thread, a tracer or profiler
(coverage, debuggers: the child would escape them), ``GOVCHECK_READ_AHEAD=0``, nothing
left to import (``worthwhile``: the stages are loaded already, as in a test runner), or a
plan of more than ``MAX_BYTES`` of YAML, whose transfer would cost more than it saves. If the
child fails in any way (it crashes, is killed, sends something unreadable), ``take``
returns None and the caller reads the folder itself, so errors are always reported by
the same code. The child never writes to the terminal and never runs the parent's
clean-up: it ends with ``os._exit``.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from pathlib import Path
from typing import Any

ENV = "GOVCHECK_READ_AHEAD"
"""Set to ``0`` to read every plan in-process."""

MAX_BYTES = 4 * 1024 * 1024
"""Plans with more YAML than this are read in-process. Sending the child's result back
costs about a twentieth of reading it (8 ms of the real plan's 131 KiB), and only the part
of the reading that overlaps the parent's imports (0.4 s) is saved: from about 6 MB of
typical YAML on, the read-ahead would cost more than it gives. (Unusually dense YAML costs
more to send: 1.5 MB of ``[],``, 500 000 nodes, took 8.0 s through the child and 6.8 s
in-process.)"""

_pending: dict[str, tuple[int, int]] = {}  # absolute folder -> (child pid, read end)


def _key(root: Path) -> str:
    return os.path.abspath(root)


def enabled() -> bool:
    """Whether reading ahead is possible and safe in this process now."""
    return (hasattr(os, "fork") and sys.platform != "darwin"
            and os.environ.get(ENV, "1") != "0"
            and threading.active_count() == 1
            and sys.gettrace() is None and sys.getprofile() is None)


def worthwhile() -> bool:
    """Whether there is importing left to overlap the read with. Once the heavy stages
    are loaded (a second run in one process, a test runner) there is none, and forking a
    large process costs more than it saves: every page either process then writes to is
    copied."""
    return "govcheck.pipeline" not in sys.modules


def _plan_bytes(root: Path) -> int:
    """The size of the plan's YAML files (those ``read_folder`` reads), 0 if none."""
    from govcheck.load.folder import plan_files

    total = 0
    for path, _ in plan_files(root, []):
        try:
            total += path.stat().st_size
        except OSError:
            pass  # read_folder reports it
    return total


def start(root: Path) -> bool:
    """Start reading the plan folder ``root`` in a child process; True if it was started.

    Call it before importing the heavy stages; ``take(root)`` collects the result, and
    ``discard(root)`` drops it if it is not wanted after all. A read of the same folder
    that nobody took is dropped first: its data may be out of date."""
    discard(root)
    if not (enabled() and worthwhile()) or _plan_bytes(root) > MAX_BYTES:
        return False
    key = _key(root)
    read_end, write_end = os.pipe()
    for stream in (sys.stdout, sys.stderr):  # nothing buffered may be written twice
        try:
            stream.flush()
        except (OSError, ValueError, AttributeError):
            pass
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return False
    if pid == 0:  # pragma: no cover - the child; it reports only through the pipe
        _child(root, read_end, write_end)
    os.close(write_end)
    _pending[key] = (pid, read_end)
    return True


def _child(root: Path, read_end: int, write_end: int) -> None:  # pragma: no cover
    code = 1
    try:
        os.close(read_end)
        import gc
        import pickle

        gc.disable()  # a short life that ends in _exit: the collector would only cost time

        from govcheck.load.folder import read_folder

        data = pickle.dumps(read_folder(root), protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(data)
        code = 0
    except BaseException:  # noqa: BLE001, S110 - any failure: the parent reads it itself
        pass
    finally:
        import posix  # os._exit, which no test double or wrapper of os can intercept

        posix._exit(code)


def take(root: Path) -> Any | None:
    """The result of ``read_folder(root)`` read ahead by ``start``, or None when there is
    none (not started, or the child failed): then the caller reads the folder itself."""
    entry = _pending.pop(_key(root), None)
    if entry is None:
        return None
    pid, read_end = entry
    try:
        with os.fdopen(read_end, "rb") as pipe:
            data = pipe.read()
    except OSError:
        data = b""
    try:
        _, status = os.waitpid(pid, 0)
    except ChildProcessError:
        status = 1
    if status != 0 or not data:
        return None
    import pickle

    try:
        return pickle.loads(data)
    except Exception:  # noqa: BLE001 - damaged: read it in-process
        return None


def discard(root: Path) -> None:
    """Drop the read of ``root`` started by ``start`` and not taken: stop the child."""
    entry = _pending.pop(_key(root), None)
    if entry is None:
        return
    pid, read_end = entry
    os.close(read_end)
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:  # pragma: no cover - it had ended already
        pass
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:  # pragma: no cover - reaped elsewhere
        pass


def discard_all() -> None:
    """Drop every read started and not taken (an interrupted run): no child outlives it."""
    for key in list(_pending):
        discard(Path(key))
