"""Small shared helpers."""

from __future__ import annotations

import contextlib
import gc
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path


PROCESS_ENDS_WITH_COMMAND = False
"""True in the console script (govcheck.cli.entry_point), whose process ends when its one
command is done: what the command made may then be kept to the end (``gc_paused(keep=…)``).
False where govcheck is a library or commands run in a longer process (tests)."""


@contextlib.contextmanager
def gc_paused(keep: bool = False) -> Iterator[None]:
    """The cyclic garbage collector off for the block, then as it was.

    govcheck's imports and runs make many objects and almost no garbage cycles; the
    collector's passes over them cost more than the work itself (bench/RESULTS.md).

    ``keep=True`` is for a block whose objects live as long as the process (the imports,
    or the run of a command whose process then ends): on leaving it, every object is moved
    to the collector's permanent generation (``gc.freeze``), which no later pass walks.
    Without it, the first collection after the block walks every object the block made:
    15 ms after the imports of a lint, 4 ms after its run."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if keep:
            gc.freeze()
        if enabled:
            gc.enable()


def write_atomic(path: Path, text: str, mode: int | None = None) -> None:
    """Write ``text`` to ``path`` so that a reader sees the old file or the new, never half.

    The file gets ``mode`` (an existing file's, to keep it), else what the umask allows."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    if mode is None:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask  # mkstemp makes 0600; a report is for sharing
    try:
        os.chmod(tmp, mode)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
